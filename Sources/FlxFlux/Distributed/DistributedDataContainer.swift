import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `DistributedUtils.DistributedDataContainer(backend, data)`: this rank's share of `data`'s
/// observations, as Flux splits them: `Iterators.partition(1:n, ceil(n / workers))`, the
/// rank's part (so the last rank may hold fewer). `length`, `x[i]`, `numobs`, `getobs` and
/// `DataLoader` see only that part (`DataLoading.observationCount` and `batch`).
package final class DistributedDataContainer: NativeObject, NativeShowable, NativeFields, NativeIndexable, NativeIterable {
    package let data: Value
    /// 1-based indices of this rank's observations.
    package let indices: [Int]

    package init(data: Value, indices: [Int]) {
        self.data = data
        self.indices = indices
    }

    package static let type = FlxType(name: "DistributedDataContainer", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { DistributedDataContainer.type }

    package static func install(_ interp: Interpreter, _ du: ModuleValue) {
        type.installShared { $0.fieldNames = ["data", "idxs"] }
        du.define("DistributedDataContainer", .type(type))
        TypeBuiltins.setConstructor(type) { interp, a in
            try a.expect("DistributedDataContainer", 2...2)
            if case .native(let b) = a[0], b is MPIBackendObject {
                _ = try DistributedUtils.backend(a[0], "DistributedDataContainer", a)
                return .native(try partitioned(a[1], interp))
            }
            // The inner constructor: DistributedDataContainer(data, idxs).
            let idxs = try interp.collect(a[1]).map { v -> Int in
                guard case .int(let i) = v else { throw Exceptions.method(.str("DistributedDataContainer"), a.values) }
                return Int(i)
            }
            return .native(DistributedDataContainer(data: a[0], indices: idxs))
        }
    }

    private static func partitioned(_ data: Value, _ interp: Interpreter) throws -> DistributedDataContainer {
        let total = try DataLoading.observationCount(data, interp)
        let (rank, workers) = try MPIModule.run(interp) { (try OpenMPI.rank(), try OpenMPI.size()) }
        let perWorker = IntDivision.cld(total, workers)
        let parts = perWorker == 0 ? 0 : IntDivision.cld(total, perWorker)
        guard rank < parts else {
            // Flux indexes the list of partitions with rank + 1: fewer observations than ranks
            // leave the last ranks without one.
            let list = try interp.makeVector((0..<parts).map { p in .range(RangeValue(.int(start: Int64(p * perWorker + 1), step: 1, stop: Int64(min(total, (p + 1) * perWorker)), unit: true))) })
            throw Exceptions.bounds(.array(list), .tuple([.int(Int64(rank + 1))]))
        }
        let start = rank * perWorker
        return DistributedDataContainer(data: data, indices: Array((start + 1)...min(total, start + perWorker)))
    }

    /// The observations at `positions` (0-based, into this rank's part) of the data.
    package func batch(_ positions: [Int], _ interp: Interpreter) throws -> Value {
        try DataLoading.batch(data, positions.map { indices[$0] - 1 }, interp)
    }

    package var iterationLength: Int? { indices.count }

    package func makeIterator(_ interp: Interpreter) throws -> ValueIterator {
        ContainerIterator(self, interp)
    }

    private final class ContainerIterator: ValueIterator {
        let container: DistributedDataContainer
        let interp: Interpreter
        var position = 0
        init(_ container: DistributedDataContainer, _ interp: Interpreter) {
            self.container = container
            self.interp = interp
        }
        override func next() throws -> Value? {
            guard position < container.indices.count else { return nil }
            position += 1
            return try container.getIndex([.int(Int64(position))], interp)
        }
    }

    /// `getindex(ddc, i) = getindex(ddc.data, ddc.idxs[i])`.
    package func getIndex(_ indices: [Value], _ interp: Interpreter) throws -> Value {
        guard indices.count == 1 else { throw Exceptions.method(.str("getindex"), [.native(self)] + indices) }
        let idxs = Value.array(try interp.makeVector(self.indices.map { .int(Int64($0)) }, elementType: BuiltinTypes.int64))
        return try interp.getIndex(data, [try interp.getIndex(idxs, indices)])
    }

    package func setIndex(_ indices: [Value], _ value: Value, _ interp: Interpreter) throws {
        throw Exceptions.method(.str("setindex!"), [.native(self), value] + indices)
    }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        let idxs = Value.array(try interp.makeVector(indices.map { .int(Int64($0)) }, elementType: BuiltinTypes.int64))
        return "Flux.DistributedUtils.DistributedDataContainer(" + (try Display.repr(data, interp)) + ", " + (try Display.repr(idxs, interp)) + ")"
    }

    package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }

    package func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "data": return data
        case "idxs": return .array(try interp.makeVector(indices.map { .int(Int64($0)) }, elementType: BuiltinTypes.int64))
        default: return nil
        }
    }

    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
}
