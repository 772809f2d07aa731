import FlxSyntax
import FlxCore
import FlxEngine

/// Joining arrays along a dimension (`vcat`, `hcat`, `cat`) and tiling them (`repeat`).
extension ArrayBuiltins {
    package static var arrayConcatenation: [Builtin] {
        [
            Builtin("vcat", { interp, a in try Concatenation.concatenate(a.values, dim: 1, interp) },
                help: BuiltinHelp("vcat(As...)", "Concatenates vertically (along dimension 1), like `[a; b]`.", "vcat([1, 2], [3])  # [1, 2, 3]")),
            Builtin("hcat", { interp, a in try Concatenation.concatenate(a.values, dim: 2, interp) },
                help: BuiltinHelp("hcat(As...)", "Concatenates horizontally (along dimension 2), like `[a b]`.", "hcat([1, 2], [3, 4])  # [1 3; 2 4]")),
            Builtin("cat", { interp, a in
                guard let d = a.keyword("dims"), case .int(let dim) = d else { throw Exceptions.undefKeyword("dims") }
                guard dim > 0 else { throw Exceptions.argument("All cat dimensions must be positive integers, but got \(dim)") }
                // Julia's `dims2cat` first builds an ntuple of `dims` Bools (a Vector of
                // them past 10), so a huge `dims` fails there, before any array is made.
                try MemoryGuard.reserveArray(count: Int(dim), juliaBytes: 1, bytesEach: MemoryLayout<Int>.stride)
                return try Concatenation.concatenate(a.values, dim: Int(dim), interp)
            }, help: BuiltinHelp("cat(As...; dims)", "Concatenates arrays along dimension `dims`.", "cat([1, 2], [3, 4]; dims = 2)  # 2×2 Matrix")),
            Builtin("repeat", { interp, a in
                guard a.count >= 2 else { throw Exceptions.method(.str("repeat"), a.values) }
                if case .string(let s) = a[0] { return .str(try MemoryGuard.repeated(s.value, try a.int(1, "repeat"))) }
                guard case .array(let arr) = a[0] else { throw Exceptions.method(.str("repeat"), a.values) }
                let counts = try (1..<a.count).map { try a.int($0, "repeat") }
                if let t = arr.tensor { return .array(ArrayValue(tensor: try interp.engine { tape in try Shaping.repeat(t, counts: counts, tape: tape) })) }
                throw Exceptions.method(.str("repeat"), a.values)
            }, help: BuiltinHelp("repeat(A, counts...)  /  repeat(s, n)", "Tiles an array `counts` times along each dimension, or repeats a string n times.", "repeat([1, 2], 2)  # [1, 2, 1, 2]")),
        ]
    }
}
