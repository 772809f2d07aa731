import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `using MLDatasets`: `Iris()` and `Digits()` from data shipped inside flx
/// (`DatasetFile`), with MLDatasets.jl's field layout (`as_df = false`):
/// `features` has one column per observation, `targets` one entry per observation.
package enum Datasets {
    package static func install(_ interp: Interpreter) {
        let m = ModuleValue(name: "MLDatasets", parent: interp.base)
        m.usings = [interp.base]
        interp.modules["MLDatasets"] = m
        define(m, "Iris") { interp, a in
            try a.expect("Iris", 0...0)
            // MLDatasets' `as_df = false` asks for the matrices flx gives; DataFrames (the
            // `true` MLDatasets defaults to) are not available here.
            if let asDataFrame = a.keyword("as_df") {
                guard case .bool(let b) = asDataFrame else { throw Exceptions.typeError("typeassert", expected: "Bool", got: asDataFrame) }
                if b { throw Exceptions.argument("Iris(as_df = true) needs DataFrames, which flx does not have; Iris(as_df = false) gives the features and targets as matrices") }
            }
            let (features, labels) = try iris
            let f = try interp.makeArray(features.map { .float64($0) }, shape: try Shape([4, 150]), elementType: BuiltinTypes.float64)
            let t = try interp.makeArray(labels.map { .str($0) }, shape: try Shape([1, 150]), elementType: BuiltinTypes.string)
            let meta = DictObject(identity: false)
            try meta.set(.str("n_observations"), .int(150), interp)
            try meta.set(.str("feature_names"), .array(try interp.makeVector(["sepallength", "sepalwidth", "petallength", "petalwidth"].map { .str($0) })), interp)
            try meta.set(.str("target_names"), .array(try interp.makeVector([.str("class")])), interp)
            return .native(DatasetObject(name: "Iris", metadata: .native(meta), features: .array(f), targets: .array(t), count: 150, extra: [("dataframe", .nothing)]))
        }
        define(m, "Digits") { interp, a in
            try a.expect("Digits", 0...0)
            var et = BuiltinTypes.float64
            if let tx = a.keyword("Tx") {
                guard case .type(let t) = tx, t === BuiltinTypes.float64 || t === BuiltinTypes.float32 else {
                    throw Exceptions.argument("Digits: Tx must be Float32 or Float64")
                }
                et = t
            }
            let (pixels, labels) = try digits
            let n = labels.count
            let f = try interp.makeArray(pixels.map { et === BuiltinTypes.float32 ? .float32(Float($0)) : .float64(Double($0)) }, shape: try Shape([64, n]), elementType: et)
            let t = try interp.makeVector(labels.map { .int(Int64($0)) }, elementType: BuiltinTypes.int64)
            let meta = DictObject(identity: false)
            try meta.set(.str("n_observations"), .int(Int64(n)), interp)
            try meta.set(.str("features_size"), .tuple([.int(8), .int(8)]), interp)
            try meta.set(.str("class_names"), .array(try interp.makeVector((0...9).map { .int(Int64($0)) })), interp)
            return .native(DatasetObject(name: "Digits", metadata: .native(meta), features: .array(f), targets: .array(t), count: n, extra: []))
        }
    }

    package static func define(_ m: ModuleValue, _ name: String, _ fn: @escaping NativeFunction) {
        m.native(name, fn)
    }

    /// Iris from scikit-learn's copy: 4×150 measurements (column-major) and labels.
    package static var iris: ([Double], [String]) {
        get throws {
            let names = ["Iris-setosa", "Iris-versicolor", "Iris-virginica"]
            let file = try embeddedFile()
            return (file.irisFeatures, file.irisLabels.map { names[Int($0)] })
        }
    }

    /// The 8×8 digits: 64 pixel counts per image (row by row) and the labels 0–9.
    package static var digits: ([UInt8], [UInt8]) {
        get throws { let file = try embeddedFile(); return (file.digitPixels, file.digitLabels) }
    }

    /// The embedded data file, or an error naming the broken build (never a crash).
    private static func embeddedFile() throws -> DatasetFile {
        guard let file = DatasetFile.embedded else { throw Exceptions.error("flx was built with a malformed flx-datasets.bin; rerun scripts/gen-datasets and rebuild") }
        return file
    }
}

/// An MLDatasets dataset: `d.features`, `d.targets`, `d.metadata`; `d[:]` is
/// `(features, targets)`, `d[i]` one observation, `length(d)` the number of them.
package final class DatasetObject: NativeObject, NativeFields, NativeIndexable, NativeIterable, NativeShowable {
    package let name: String
    package let metadata: Value
    package let features: Value
    package let targets: Value
    package let count: Int
    package let extra: [(String, Value)]

    package init(name: String, metadata: Value, features: Value, targets: Value, count: Int, extra: [(String, Value)]) {
        self.name = name
        self.metadata = metadata
        self.features = features
        self.targets = targets
        self.count = count
        self.extra = extra
    }

    package static let types: [String: FlxType] = [
        "Iris": FlxType(name: "Iris", supertype: BuiltinTypes.any),
        "Digits": FlxType(name: "Digits", supertype: BuiltinTypes.any),
    ]
    package override var flxType: FlxType { DatasetObject.types[name] ?? BuiltinTypes.any }

    package func field(_ field: String, _ interp: Interpreter) throws -> Value? {
        switch field {
        case "metadata": return metadata
        case "features": return features
        case "targets": return targets
        default: return extra.first { $0.0 == field }?.1
        }
    }

    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }

    package func getIndex(_ indices: [Value], _ interp: Interpreter) throws -> Value {
        guard indices.count == 1 else { throw Exceptions.method(.str("getindex"), [.native(self)] + indices) }
        if case .native(let c) = indices[0], c is ColonObject { return .tuple([features, targets]) }
        let data = Value.tuple([features, targets])
        if case .int(let i) = indices[0] {
            guard i >= 1, i <= count else { throw Exceptions.bounds(.native(self), .tuple(indices)) }
            return try DataLoading.dropLastDim(try DataLoading.batch(data, [Int(i - 1)], interp), interp)
        }
        let idx = try interp.collect(indices[0]).map { v -> Int in
            let i = Int(asInt(v))
            guard i >= 1, i <= count else { throw Exceptions.bounds(.native(self), .tuple(indices)) }
            return i - 1
        }
        return try DataLoading.batch(data, idx, interp)
    }

    package func setIndex(_ indices: [Value], _ value: Value, _ interp: Interpreter) throws {
        throw Exceptions.method(.str("setindex!"), [.native(self), value] + indices)
    }

    package var iterationLength: Int? { count }

    package func makeIterator(_ interp: Interpreter) throws -> ValueIterator {
        let loader = DataLoaderObject(data: .tuple([features, targets]), batchsize: -1, shuffle: false, partial: true)
        loader.count = count
        return try loader.makeIterator(interp)
    }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String { "\(name)()" }

    package func display(_ interp: Interpreter) throws -> String? {
        var s = "dataset \(name):"
        let fields: [(String, Value)] = [("metadata", metadata), ("features", features), ("targets", targets)] + extra
        for (f, v) in fields {
            let summary: String
            switch v {
            case .array(let a): summary = ArrayDisplay.summary(a)
            case .native(let d as DictObject): summary = "Dict{String, Any} with \(d.count) entries"
            default: summary = try Display.printString(v, interp)
            }
            s += "\n  " + f.padding(10) + "  =>    " + summary
        }
        return s
    }
}

private extension String {
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
