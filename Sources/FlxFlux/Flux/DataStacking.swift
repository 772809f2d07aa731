import FlxSyntax
import FlxCore
import FlxStdlib

/// MLUtils' reshaping of batches: `unsqueeze(x; dims)` (a new singleton dimension),
/// `stack(xs; dims)` / `unstack(x; dims)` (arrays joined along a new dimension, and
/// split back into a vector of slices), `batch(xs)` / `unbatch(x)` (the same along the
/// last dimension, the observations'). Each is made of the session's `reshape`, `cat`,
/// `selectdim` and `copy`, so the differentiable ones stay differentiable.
enum DataStacking {
    static func install(_ interp: Interpreter, mlutils: ModuleValue) {
        mlutils.native("unsqueeze", differentiation: .forwarded) { interp, a in
            try a.expect("unsqueeze", 1...1)
            return try unsqueeze(a[0], dims: try dims(a, "unsqueeze"), interp)
        }
        mlutils.native("stack", differentiation: .forwarded) { interp, a in
            try a.expect("stack", 1...1)
            let d = try dims(a, "stack")
            let parts = try interp.collect(a[0]).map { try unsqueeze($0, dims: d, interp) }
            guard !parts.isEmpty else { throw Exceptions.argument("cannot stack an empty collection") }
            return try interp.call(base("cat", interp), parts, keywords: [("dims", .int(Int64(d)))])
        }
        mlutils.native("unstack", differentiation: .forwarded) { interp, a in
            try a.expect("unstack", 1...1)
            return try slices(a[0], dims: try dims(a, "unstack"), interp)
        }
        mlutils.native("batch") { interp, a in
            try a.expect("batch", 1...1)
            return try DataLoading.collate(try interp.collect(a[0]), interp)
        }
        mlutils.native("unbatch", differentiation: .forwarded) { interp, a in
            try a.expect("unbatch", 1...1)
            let rank = try sizeOf(a[0], interp).count
            if rank <= 1 { return .array(try interp.makeVector(try interp.collect(a[0]))) }
            return try slices(a[0], dims: rank, interp)
        }
    }

    /// The required `dims` keyword, an Int.
    static func dims(_ a: Args, _ name: String) throws -> Int {
        guard let d = a.keyword("dims") else { throw Exceptions.undefKeyword("dims") }
        guard case .int(let n) = d else { throw Exceptions.typeError(name, expected: "Int", got: d) }
        return Int(n)
    }

    static func base(_ name: String, _ interp: Interpreter) -> Value { interp.base.binding(name).value }

    static func sizeOf(_ x: Value, _ interp: Interpreter) throws -> [Int] {
        guard case .tuple(let t) = try interp.call(base("size", interp), [x]) else { return [] }
        return t.items.map { Int(asInt($0)) }
    }

    /// `reshape(x, size with a 1 inserted at dims)`.
    static func unsqueeze(_ x: Value, dims: Int, _ interp: Interpreter) throws -> Value {
        var size = try sizeOf(x, interp)
        // MLUtils' `(size(x)[1:dims-1]..., 1, size(x)[dims:end]...)` fails on the range
        // that leaves the tuple.
        let sizeTuple = Value.tuple(size.map { .int(Int64($0)) })
        guard dims >= 1 else { throw Exceptions.bounds(sizeTuple, try interp.call(base(":", interp), [.int(Int64(dims)), .int(Int64(size.count))])) }
        guard dims <= size.count + 1 else { throw Exceptions.bounds(sizeTuple, try interp.call(base(":", interp), [.int(1), .int(Int64(dims - 1))])) }
        size.insert(1, at: dims - 1)
        return try interp.call(base("reshape", interp), [x, .tuple(size.map { .int(Int64($0)) })])
    }

    /// `[copy(selectdim(x, dims, i)) for i in 1:size(x, dims)]`.
    static func slices(_ x: Value, dims: Int, _ interp: Interpreter) throws -> Value {
        let count = Int(asInt(try interp.call(base("size", interp), [x, .int(Int64(dims))])))
        var parts: [Value] = []
        for i in stride(from: 1, through: count, by: 1) {
            let view = try interp.call(base("selectdim", interp), [x, .int(Int64(dims)), .int(Int64(i))])
            parts.append(try interp.call(base("copy", interp), [view]))
        }
        return .array(try interp.makeVector(parts))
    }
}
