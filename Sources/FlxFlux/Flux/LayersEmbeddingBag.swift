import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `EmbeddingBag(in => out, reduction = mean; init = randn32)`: an embedding table whose
/// input is a "bag" of indices, reduced to one vector (`mean` by default). It acts on
/// an Int vector (one bag), an Int array (bags along the first dimension), a vector or
/// array of bags, a `(data, at)` pair of vectors (data split where `at` says), and
/// one-hot matrices. It is written with `Embedding`, the reduction and `hcat`, so it
/// is differentiable through them.
package enum LayersEmbeddingBag {
    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        LayerKit.define(interp, flux, "EmbeddingBag", fields: ["weight", "reduction"], show: { o, _ in
            guard case .array(let w) = o.fields[0], w.rank == 2 else { return "EmbeddingBag(?)" }
            return "EmbeddingBag(\(w.dims[1]) => \(w.dims[0]))"
        }, make: { interp, a in
            let mean = interp.modules["Statistics"]?.member("mean")?.value ?? interp.base.binding("mean").value
            if a.count >= 1, a.count <= 2, case .pair(let p) = a[0], case .int(let nIn) = p.first, case .int(let nOut) = p.second {
                if a.count == 2, !isFunction(a[1]) { throw Exceptions.method(.str("EmbeddingBag"), a.values) }
                let initFn = a.keyword("init") ?? (flux.member("randn32")?.value ?? .nothing)
                return [try interp.call(initFn, [.int(nOut), .int(nIn)]), a.count == 2 ? a[1] : mean]
            }
            // EmbeddingBag(weight) or the struct's own EmbeddingBag(weight, reduction).
            if a.count <= 2, case .array(let w) = a[0], w.rank == 2, a.count == 1 || isFunction(a[1]) { return [a[0], a.count == 2 ? a[1] : mean] }
            throw Exceptions.method(.str("EmbeddingBag"), a.values)
        }, forward: { interp, o, a in
            if a.count == 3 { return try bags(o, try split(a[1], at: a[2], interp), interp) }
            return try apply(o, a[1], interp)
        })
        installSplitAt(interp, flux)
    }

    /// `Flux._splitat(data, at)`, which Flux's own tests call.
    package static func installSplitAt(_ interp: Interpreter, _ flux: ModuleValue) {
        flux.hidden("_splitat") { interp, a in
            try a.expect("_splitat", 2...2)
            return .array(try interp.makeVector(try split(a[0], at: a[1], interp)))
        }
    }

    static func isFunction(_ v: Value) -> Bool {
        if case .function = v { return true }
        return false
    }

    /// One input: a bag, an array of bags along dimension 1, or a collection of bags.
    static func apply(_ o: StructInstance, _ x: Value, _ interp: Interpreter) throws -> Value {
        switch x {
        case .int: throw Exceptions.error("EmbeddingBag expects an array of indices, not just one")
        case .range: return try reduce(o, x, interp)
        case .array(let arr):
            if arr.tensor == nil { return try bags(o, (0..<arr.count).map { arr.element($0) }, interp, shape: arr.shape.dims) }
            if arr.elementType === BuiltinTypes.bool, arr.rank == 1 { throw Exceptions.error("EmbeddingBag not defined for a one-hot vector") }
            return try reduce(o, x, interp)
        default: throw Exceptions.method(.object(o), [x])
        }
    }

    /// `dropdims(reduction(Embedding(weight)(x); dims = 2); dims = 2)`.
    static func reduce(_ o: StructInstance, _ x: Value, _ interp: Interpreter) throws -> Value {
        guard let embedding = interp.modules["Flux"]?.member("Embedding")?.value else { throw Exceptions.undefVar("Embedding") }
        let y = try interp.call(try interp.call(embedding, [o.fields[0]]), [x])
        let r = try interp.call(o.fields[1], [y], keywords: [("dims", .int(2))])
        guard let t = try interp.tensor(of: r), t.rank >= 2 else {
            throw Exceptions.argument("EmbeddingBag: reduction(x; dims = 2) must return an array, got \(try LayerKit.text(r, interp))")
        }
        return LayerKit.wrapArray(try interp.engine { tape in try Shaping.dropdims(t, dims: [2], tape: tape) })
    }

    /// Each bag's vector as a column, shaped (out, size(bags)...).
    static func bags(_ o: StructInstance, _ items: [Value], _ interp: Interpreter, shape: [Int]? = nil) throws -> Value {
        let columns = try items.map { try apply(o, $0, interp) }
        let joined = try interp.call(interp.base.binding("hcat").value, columns)
        guard let shape, shape.count > 1 else { return joined }
        return try interp.call(interp.base.binding("reshape").value, [joined, .native(ColonObject.shared)] + shape.map { .int(Int64($0)) })
    }

    /// Flux's `_splitat(data, at)`: the bags starting at each index of `at`, as views of
    /// `data` (`view(data, at[n]:at[n+1]-1)`), so any vector can be split.
    static func split(_ data: Value, at: Value, _ interp: Interpreter) throws -> [Value] {
        let isVector: (Value) -> Bool = { v in
            if case .array(let a) = v { return a.rank == 1 }
            if case .range = v { return true }
            return false
        }
        guard isVector(data), isVector(at), let count = interp.knownLength(data) else {
            throw Exceptions.method(.str("_splitat"), [data, at])
        }
        let starts = try interp.collect(at).map { v -> Int in
            guard case .int(let i) = v else { throw Exceptions.method(.str("_splitat"), [data, at]) }
            return Int(i)
        }
        guard starts.first == 1 else { throw Exceptions.argument("The first element in `at` must be 1.") }
        guard let last = starts.last, last <= count else { throw Exceptions.argument("The last element in `at` must be at most the length of `data`.") }
        guard zip(starts, starts.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw Exceptions.argument("`at` must be monotonically increasing with no duplicates.")
        }
        let ends = Array(starts.dropFirst()) + [count + 1]
        let view = interp.base.binding("view").value
        return try zip(starts, ends).map { s, e in
            try interp.call(view, [data, .range(RangeValue(.int(start: Int64(s), step: 1, stop: Int64(e - 1), unit: true)))])
        }
    }
}
