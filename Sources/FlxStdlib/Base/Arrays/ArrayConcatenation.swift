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
                if a.keyword("inner") != nil || a.keyword("outer") != nil { return try repeatedWithKeywords(a, interp) }
                guard a.count >= 2 else { throw Exceptions.method(.str("repeat"), a.values) }
                if case .string(let s) = a[0] { return .str(try MemoryGuard.repeated(s.value, try a.int(1, "repeat"))) }
                if case .char(let c) = a[0], a.count == 2 { return .str(try MemoryGuard.repeated(String(Character(Unicode.Scalar(c) ?? " ")), try a.int(1, "repeat"))) }
                if case .array(let arr) = a[0], let t = arr.tensor {
                    let counts = try (1..<a.count).map { try a.int($0, "repeat") }
                    return .array(ArrayValue(tensor: try interp.engine { tape in try Shaping.repeat(t, counts: counts, tape: tape) }))
                }
                // Other arrays and ranges: `repeat(A, counts...)` is `repeat(A; outer = counts)`.
                guard isArrayLike(a[0]) else { throw Exceptions.method(.str("repeat"), a.values) }
                return try repeated(a[0], inner: [], outer: try (1..<a.count).map { try a.int($0, "repeat") }, interp)
            }, help: BuiltinHelp("repeat(A, counts...)  /  repeat(A; inner, outer)  /  repeat(s, n)",
                "Tiles an array `counts` (or `outer`) times along each dimension, after repeating each element `inner` times along each dimension; or repeats a string n times.",
                "repeat(1:3, inner = 2)  # [1, 1, 2, 2, 3, 3]")),
        ]
    }
}

extension ArrayBuiltins {
    static func isArrayLike(_ v: Value) -> Bool {
        switch v {
        case .array, .range: return true
        default: return false
        }
    }

    /// `repeat(A; inner, outer)`: an Int applies to the first dimension, a tuple to each.
    static func repeatedWithKeywords(_ a: Args, _ interp: Interpreter) throws -> Value {
        guard a.count == 1, isArrayLike(a[0]) else { throw Exceptions.method(.str("repeat"), a.values) }
        func counts(_ name: String) throws -> [Int] {
            guard let v = a.keyword(name) else { return [] }
            switch v {
            case .int(let n): return [Int(n)]
            case .tuple(let t):
                return try t.items.map { item in
                    guard case .int(let n) = item else { throw Exceptions.typeError("repeat", expected: "Integer", got: item) }
                    return Int(n)
                }
            default: throw Exceptions.typeError("repeat", expected: "Union{Integer, Tuple}", got: v)
            }
        }
        return try repeated(a[0], inner: try counts("inner"), outer: try counts("outer"), interp)
    }

    /// Julia's `repeat`: along dimension d the result has size(A, d) × inner[d] × outer[d]
    /// entries, entry i taking A's ((i - 1) mod (size × inner)) ÷ inner + 1.
    static func repeated(_ x: Value, inner: [Int], outer: [Int], _ interp: Interpreter) throws -> Value {
        let dims: [Int], elementType: FlxType
        switch x {
        case .array(let arr): (dims, elementType) = (arr.dims, arr.elementType)
        default:
            let items = try interp.collect(x)
            (dims, elementType) = ([items.count], try interp.makeVector(items).elementType)
        }
        let values = try interp.collect(x)
        for n in inner + outer where n < 0 {
            throw Exceptions.argument("no tuple elements may be negative, got \(n)")
        }
        // `inner` and `outer` may be longer than A has dimensions: the extra ones are new.
        let rank = max(dims.count, inner.count, outer.count)
        func at(_ list: [Int], _ d: Int) -> Int { d < list.count ? list[d] : 1 }
        let inDims = (0..<rank).map { d in d < dims.count ? dims[d] : 1 }
        var outDims: [Int] = []
        var total = 1
        for d in 0..<rank {
            let (m1, o1) = inDims[d].multipliedReportingOverflow(by: at(inner, d))
            let (m2, o2) = m1.multipliedReportingOverflow(by: at(outer, d))
            let (t, o3) = total.multipliedReportingOverflow(by: m2)
            guard !o1, !o2, !o3 else { throw Exceptions.outOfMemory() }
            outDims.append(m2)
            total = t
        }
        try MemoryGuard.reserve(count: total, bytesEach: MemoryLayout<Value>.stride)
        var out: [Value] = []
        var index = inDims.map { _ in 0 }
        for _ in 0..<total {
            // The source of this (column-major) entry.
            var source = 0, stride = 1
            for d in 0..<rank {
                let block = inDims[d] * at(inner, d)
                let i = block == 0 ? 0 : (index[d] % block) / max(at(inner, d), 1)
                source += i * stride
                stride *= inDims[d]
            }
            out.append(values[source])
            for d in 0..<rank {
                index[d] += 1
                if index[d] < outDims[d] { break }
                index[d] = 0
            }
        }
        return .array(try interp.makeArray(out, shape: try Shape(outDims), elementType: elementType))
    }
}
