import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `Flux.DataLoader` (MLUtils) and one-hot encoding (OneHotArrays): batches along the
/// last dimension, reshuffled every epoch from the session's generator.
package enum DataLoading {
    package static func install(_ interp: Interpreter, flux: ModuleValue) {
        let mlutils = ModuleValue(name: "MLUtils", parent: interp.base)
        mlutils.usings = [interp.base]
        interp.modules["MLUtils"] = mlutils
        let loaderType = DataLoaderObject.type
        flux.define("DataLoader", .type(loaderType))
        mlutils.define("DataLoader", .type(loaderType))
        TypeBuiltins.setConstructor(loaderType) { interp, a in
            try a.expect("DataLoader", 1...1)
            let batchsize = try a.keywordInt("batchsize") ?? 1
            // -1 means "all at once" (MLUtils); 0 or below would loop forever or divide by zero.
            if batchsize == 0 || batchsize < -1 { throw Exceptions.argument("Need positive batchsize, got batchsize = \(batchsize)") }
            let loader = DataLoaderObject(data: a[0], batchsize: batchsize, shuffle: try a.keywordBool("shuffle") ?? false,
                                          partial: try a.keywordBool("partial") ?? true)
            loader.rng = RandomBuiltins.rngKeyword(a)
            if let c = a.keyword("collate") { if case .nothing = c {} else { loader.collate = c } }
            loader.count = try observationCount(a[0], interp)
            return .native(loader)
        }
        DataUtilities.install(interp, flux: flux, mlutils: mlutils)
        DataStacking.install(interp, mlutils: mlutils)
        DataSequences.install(interp, mlutils: mlutils)
        // Flux does `using MLUtils`, so `Flux.chunk`, `Flux.unsqueeze`, ... name MLUtils' own.
        flux.usings.append(mlutils)
        let onehot = flux.native("onehot") { interp, a in
            try a.expect("onehot", 2...3)
            let labels = try interp.collect(a[1])
            guard let i = try labels.firstIndex(where: { try OperatorBuiltins.isEqual($0, a[0], interp) }) ?? (a.count == 3 ? labels.firstIndex(where: { OperatorBuiltins.egal($0, a[2]) }) : nil) else {
                throw Exceptions.error("Value \(try Display.printString(a[0], interp)) is not in labels")
            }
            return try OneHotArrayTypes.vector(length: labels.count, hot: i, interp)
        }
        _ = onehot
        flux.native("onehotbatch") { interp, a in
            try a.expect("onehotbatch", 2...3)
            let items = try interp.collect(a[0]), labels = try interp.collect(a[1])
            var hots: [Int] = []
            for v in items {
                var i = try labels.firstIndex { try OperatorBuiltins.isEqual($0, v, interp) }
                if i == nil, a.count == 3 { i = try labels.firstIndex { try OperatorBuiltins.isEqual($0, a[2], interp) } }
                guard let row = i else {
                    if a.count == 3 { throw Exceptions.error("Default value \(try Display.printString(a[2], interp)) is not in labels") }
                    throw Exceptions.error("Value \(try Display.printString(v, interp)) not found in labels")
                }
                hots.append(row)
            }
            // An array of labels gives one column per label: (length(labels), size(data)...).
            if case .array(let data) = a[0], data.rank >= 2 {
                return try OneHotArrayTypes.array(rows: labels.count, dims: data.dims, hots: hots, interp)
            }
            return try OneHotArrayTypes.matrix(rows: labels.count, hots: hots, interp)
        }
        flux.native("onecold") { interp, a in
            try a.expect("onecold", 1...2)
            guard case .array(let arr) = a[0] else { throw Exceptions.method(.str("onecold"), a.values) }
            let rows = arr.dims.first ?? 0
            let labels: [Value] = a.count == 2 ? try interp.collect(a[1]) : (1...max(rows, 1)).prefix(rows).map { .int(Int64($0)) }
            func pick(_ column: Int) throws -> Value {
                var best = 0
                var bestValue = -Double.infinity
                for r in 0..<rows {
                    let v = asDouble(OperatorBuiltins.plain(arr.element(column * rows + r)))
                    if v.isNaN { if arr.rank == 1 { throw Exceptions.argument("maximum value found by onecold is NaN") }; return labels[r] }
                    if v > bestValue { bestValue = v; best = r }
                }
                guard best < labels.count else { throw Exceptions.bounds(.tuple(labels), .tuple([.int(Int64(best + 1))])) }
                return labels[best]
            }
            if arr.rank == 1 { return try pick(0) }
            let cols = arr.count / max(rows, 1)
            return .array(try interp.makeVector(try (0..<cols).map(pick)))
        }
        for n in ["onehot", "onehotbatch", "onecold"] { flux.exports.insert(n) }
        // OneHotArrays itself (`using OneHotArrays`): the same functions, and its types.
        let onehotArrays = ModuleValue(name: "OneHotArrays", parent: interp.base)
        onehotArrays.usings = [interp.base]
        interp.modules["OneHotArrays"] = onehotArrays
        for n in ["onehot", "onehotbatch", "onecold"] { onehotArrays.reexport(n, from: flux) }
        onehotArrays.define("OneHotVector", .type(OneHotArrayTypes.vector))
        onehotArrays.define("OneHotArray", .type(OneHotArrayTypes.array))
        onehotArrays.define("OneHotMatrix", .type(OneHotArrayTypes.matrix))
        OneHotArrayTypes.installConstructors()
        flux.define("OneHotVector", .type(OneHotArrayTypes.vector), export: false)
        flux.define("OneHotMatrix", .type(OneHotArrayTypes.matrix), export: false)
    }

    /// Number of observations: the size of the last dimension (shared by a tuple's parts).
    package static func observationCount(_ v: Value, _ interp: Interpreter) throws -> Int {
        switch v {
        case .array(let a): return a.dims.last ?? 0
        case .tuple(let t):
            let counts = try t.items.map { try observationCount($0, interp) }
            guard let n = counts.first, counts.allSatisfy({ $0 == n }) else { throw Exceptions.dimensionMismatch("All data containers must have the same number of observations.") }
            return n
        case .namedTuple(let nt): return try observationCount(.tuple(nt.values), interp)
        case .native(let d as DatasetObject): return try observationCount(.tuple([d.features, d.targets]), interp)
        case .native(let d as DistributedDataContainer): return d.indices.count
        default: return try interp.collect(v).count
        }
    }

    /// The observations at `indices` (0-based) along the last dimension.
    package static func batch(_ v: Value, _ indices: [Int], _ interp: Interpreter) throws -> Value {
        switch v {
        case .array(let a):
            var idx = [Value](repeating: .native(ColonObject.shared), count: max(a.rank - 1, 0))
            idx.append(.array(try interp.makeVector(indices.map { .int(Int64($0 + 1)) }, elementType: BuiltinTypes.int64)))
            return try interp.getIndex(v, idx)
        case .tuple(let t): return .tuple(try t.items.map { try batch($0, indices, interp) })
        case .namedTuple(let nt): return .namedTuple(NamedTupleValue(names: nt.names, values: try nt.values.map { try batch($0, indices, interp) }))
        case .native(let d as DatasetObject): return try batch(.tuple([d.features, d.targets]), indices, interp)
        case .native(let d as DistributedDataContainer): return try d.batch(indices, interp)
        default:
            let items = try interp.collect(v)
            return .array(try interp.makeVector(indices.map { items[$0] }))
        }
    }
}

package final class DataLoaderObject: NativeObject, NativeIterable, NativeShowable, NativeFields {
    package let data: Value
    package let batchsize: Int
    package let shuffle: Bool
    package let partial: Bool
    package var count = 0
    /// The `rng` keyword (nil: the session's generator).
    package var rng: RNGObject?
    /// The `collate` keyword: `true` stacks a vector of observations, a function is
    /// called on the vector of observations.
    package var collate: Value?

    package init(data: Value, batchsize: Int, shuffle: Bool, partial: Bool) {
        self.data = data
        self.batchsize = batchsize
        self.shuffle = shuffle
        self.partial = partial
    }

    package static let type = FlxType(name: "DataLoader", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { DataLoaderObject.type }

    package var iterationLength: Int? {
        if batchsize < 0 { return count }
        let b = max(batchsize, 1)
        return partial ? IntDivision.cld(count, b) : count / b
    }

    package func makeIterator(_ interp: Interpreter) throws -> ValueIterator {
        var order = Array(0..<count)
        if shuffle { RandomBuiltins.shuffle(&order, rng, interp) }
        return BatchIterator(loader: self, order: order, interp: interp)
    }

    package final class BatchIterator: ValueIterator {
        package let loader: DataLoaderObject
        package let order: [Int]
        package unowned let interp: Interpreter
        package var position = 0
        package init(loader: DataLoaderObject, order: [Int], interp: Interpreter) {
            self.loader = loader
            self.order = order
            self.interp = interp
        }
        package override func next() throws -> Value? {
            guard position < order.count else { return nil }
            if loader.batchsize < 0 {
                defer { position += 1 }
                let b = try DataLoading.batch(loader.data, [order[position]], interp)
                return try DataLoading.dropLastDim(b, interp)
            }
            // MLUtils lowers a batch size above the number of observations to that number.
            let end = position + min(loader.batchsize, order.count - position)
            if end - position < loader.batchsize && !loader.partial { return nil }
            defer { position = end }
            let indices = Array(order[position..<end])
            if let c = loader.collate {
                let items = try indices.map { try DataLoading.dropLastDim(try DataLoading.batch(loader.data, [$0], interp), interp) }
                if case .bool(true) = c { return try DataLoading.collate(items, interp) }
                if case .bool(false) = c { return .array(try interp.makeVector(items)) }
                return try interp.call(c, [.array(try interp.makeVector(items))])
            }
            return try DataLoading.batch(loader.data, indices, interp)
        }
    }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        var opts = ""
        if shuffle { opts += ", shuffle=true" }
        if batchsize != 1 { opts += ", batchsize=\(batchsize)" }
        if !partial { opts += ", partial=false" }
        if let c = collate { opts += ", collate=" + (try Display.printString(c, interp)) }
        return "DataLoader(data::" + TypeNames.show(interp.preciseType(of: data)) + opts + ")"
    }

    package func display(_ interp: Interpreter) throws -> String? {
        var s = "\(iterationLength ?? 0)-element " + (try show(interp, compact: false))
        if let first = try makeIterator(interp).next() {
            s += "\n  with first element:\n  " + summary(first, interp)
        }
        return s
    }

    package func summary(_ v: Value, _ interp: Interpreter) -> String {
        switch v {
        case .array(let a): return ArrayDisplay.summary(a)
        case .tuple(let t): return "(" + t.items.map { summary($0, interp) }.joined(separator: ", ") + ",)"
        case .namedTuple(let nt): return "(; " + zip(nt.names, nt.values).map { "\($0) = " + summary($1, interp) }.joined(separator: ", ") + ")"
        default: return TypeNames.show(interp.typeOf(v))
        }
    }

    package func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "data": return data
        case "batchsize": return .int(Int64(batchsize))
        case "shuffle": return .bool(shuffle)
        case "partial": return .bool(partial)
        default: return nil
        }
    }

    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
}

extension DataLoading {
    /// `batchsize = -1` yields single observations without the batch dimension.
    package static func dropLastDim(_ v: Value, _ interp: Interpreter) throws -> Value {
        switch v {
        case .array(let a):
            if a.rank == 1 { return a.element(0) }
            return try interp.call(interp.base.binding("reshape").value, [v, .tuple(a.dims.dropLast().map { .int(Int64($0)) })])
        case .tuple(let t): return .tuple(try t.items.map { try dropLastDim($0, interp) })
        case .namedTuple(let nt): return .namedTuple(NamedTupleValue(names: nt.names, values: try nt.values.map { try dropLastDim($0, interp) }))
        default: return v
        }
    }
}
