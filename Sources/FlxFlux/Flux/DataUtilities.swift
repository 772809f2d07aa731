import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// MLUtils' observation helpers (`numobs`, `getobs`, `shuffleobs`, `splitobs`,
/// `eachobs`) and `Flux.normalise`; observations are along the last dimension.
package enum DataUtilities {
    package static func install(_ interp: Interpreter, flux: ModuleValue, mlutils: ModuleValue) {
        func both(_ name: String, _ fn: @escaping NativeFunction) {
            mlutils.native(name, fn)
            flux.native(name, export: false, fn)
        }
        both("numobs") { interp, a in
            try a.expect("numobs", 1...1)
            return .int(Int64(try DataLoading.observationCount(a[0], interp)))
        }
        both("getobs") { interp, a in
            try a.expect("getobs", 1...2)
            if a.count == 1 { return a[0] }
            let n = try DataLoading.observationCount(a[0], interp)
            if case .int(let i) = a[1] {
                guard i >= 1, i <= n else { throw Exceptions.bounds(a[0], .tuple([a[1]])) }
                return try DataLoading.dropLastDim(try DataLoading.batch(a[0], [Int(i - 1)], interp), interp)
            }
            let idx = try interp.collect(a[1]).map { v -> Int in
                let i = Int(asInt(v))
                guard i >= 1, i <= n else { throw Exceptions.bounds(a[0], .tuple([v])) }
                return i - 1
            }
            return try DataLoading.batch(a[0], idx, interp)
        }
        both("shuffleobs") { interp, a in
            let (rng, rest) = RandomBuiltins.splitRNG(a)
            guard rest.count == 1 else { throw Exceptions.method(.str("shuffleobs"), a.values) }
            var order = Array(0..<(try DataLoading.observationCount(rest[0], interp)))
            RandomBuiltins.shuffle(&order, rng, interp)
            return try DataLoading.batch(rest[0], order, interp)
        }
        both("splitobs") { interp, a in
            let (rngArg, rest) = RandomBuiltins.splitRNG(a)
            guard rest.count == 1 else { throw Exceptions.method(.str("splitobs"), a.values) }
            let data = rest[0]
            let n = try DataLoading.observationCount(data, interp)
            let atValue = a.keyword("at") ?? .float64(0.7)
            // MLUtils' `at`: a fraction, a tuple of fractions, or counts of observations.
            var fractions: [Double] = []
            var atItems = [atValue]
            if case .tuple(let t) = atValue { atItems = t.items }
            for v in atItems {
                if case .int(let k) = v { fractions.append(Double(k) / Double(max(n, 1))) } else { fractions.append(asDouble(v)) }
            }
            guard fractions.allSatisfy({ $0 >= 0 && $0 <= 1 }), fractions.reduce(0, +) <= 1 + 1e-12 else {
                throw Exceptions.argument("the parameter \"at\" must be in interval (0, 1)")
            }
            var order = Array(0..<n)
            let rng = RandomBuiltins.rngKeyword(a) ?? rngArg
            if try a.keywordBool("shuffle") ?? false { RandomBuiltins.shuffle(&order, rng, interp) }
            // Each part takes round(at[k] * n) of what is left, as MLUtils' recursive split does.
            var parts: [Value] = []
            var start = 0
            for f in fractions {
                let remaining = n - start
                let share = remaining > 0 ? f * Double(n) / Double(remaining) : 0
                let size = min(remaining, max(0, Int((share * Double(remaining)).rounded(.toNearestOrEven))))
                parts.append(try DataLoading.batch(data, Array(order[start..<(start + size)]), interp))
                start += size
            }
            parts.append(try DataLoading.batch(data, Array(order[start..<n]), interp))
            return .tuple(parts)
        }
        both("eachobs") { interp, a in
            try a.expect("eachobs", 1...1)
            let batchsize = try a.keywordInt("batchsize") ?? -1
            // eachobs is a DataLoader: the same check (a batch size of 0 would never advance).
            if batchsize == 0 || batchsize < -1 { throw Exceptions.argument("Need positive batchsize, got batchsize = \(batchsize)") }
            let loader = DataLoaderObject(data: a[0], batchsize: batchsize, shuffle: try a.keywordBool("shuffle") ?? false,
                                          partial: try a.keywordBool("partial") ?? true)
            loader.rng = RandomBuiltins.rngKeyword(a)
            loader.count = try DataLoading.observationCount(a[0], interp)
            return .native(loader)
        }
        let normalise: NativeFunction = { interp, a in
            try a.expect("normalise", 1...1)
            let t0 = try interp.requireTensor(a[0], "normalise")
            let t = t0.dtype.isFloat ? t0 : try interp.engine { try t0.converted(to: .float64) }
            let dims = try a.keyword("dims").map { try ArrayBuiltins.dimSet($0, interp) } ?? (try interp.engine { try DimSet.julia(max(t.rank, 1)) })
            let eps = (a.keyword("eps") ?? a.keyword("ϵ")).map { asDouble($0) } ?? 1e-5
            return LayerKit.wrapArray(try interp.engine { tape in
                let mean = try Reductions.reduce(.mean, t, dims: dims, tape: tape)
                let d = try Arithmetic.binary(.sub, t, mean, tape: tape)
                let v = try Reductions.reduce(.mean, try Arithmetic.binary(.mul, d, d, tape: tape), dims: dims, tape: tape)
                let s = try Unary.apply(.sqrt, v, tape: tape)
                let e = try Tensor.scalar(eps, dtype: t.dtype.floatResult)
                return try Arithmetic.binary(.div, d, try Arithmetic.binary(.add, s, e, tape: tape), tape: tape)
            })
        }
        flux.native("normalise", export: false, normalise)
        mlutils.native("normalise", normalise)
        mlutils.reexport("flatten", from: flux)
        for n in ["onehot", "onehotbatch", "onecold"] { mlutils.reexport(n, from: flux) }
        mlutils.exports.insert("DataLoader")
    }
}

extension RandomBuiltins {
    /// The `rng` keyword, when it names a generator.
    package static func rngKeyword(_ a: Args) -> RNGObject? {
        if case .native(let r as RNGObject)? = a.keyword("rng") { return r }
        return nil
    }
}

extension DataLoading {
    /// `collate = true`: a vector of observations becomes one array with a new last
    /// dimension (MLUtils' `batch`); tuples of observations collate field by field.
    package static func collate(_ items: [Value], _ interp: Interpreter) throws -> Value {
        guard let first = items.first else { return .array(try interp.makeVector([])) }
        switch first {
        case .array(let a0):
            var values: [Value] = []
            for item in items {
                guard case .array(let a) = item, a.dims == a0.dims else {
                    throw Exceptions.dimensionMismatch("collate: all observations must have the same size")
                }
                for i in 0..<a.count { values.append(a.element(i)) }
            }
            return .array(try interp.makeArray(values, shape: try Shape(a0.dims + [items.count]), elementType: a0.elementType))
        case .tuple(let t0):
            return .tuple(try (0..<t0.items.count).map { k in
                try collate(items.map { v -> Value in
                    guard case .tuple(let t) = v, t.items.count > k else { throw Exceptions.argument("collate: observations differ in structure") }
                    return t.items[k]
                }, interp)
            })
        case .namedTuple(let nt0):
            return .namedTuple(NamedTupleValue(names: nt0.names, values: try (0..<nt0.values.count).map { k in
                try collate(items.map { v -> Value in
                    guard case .namedTuple(let nt) = v, nt.values.count > k else { throw Exceptions.argument("collate: observations differ in structure") }
                    return nt.values[k]
                }, interp)
            }))
        default:
            return .array(try interp.makeVector(items))
        }
    }
}
