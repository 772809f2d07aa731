/// The tape's records of scalar operations, as a struct of arrays: a long scalar loop
/// under `gradient` records millions of these, so each is a flag byte plus one edge
/// (input node, local partial: 12 bytes) per tracked input, with no object, closure or
/// tensor per op. A record's index is the node of the number it produced.
///
/// A record's edges are the last ones appended when it was recorded, so the reverse
/// sweep finds them by walking the edge arrays backwards by each record's edge count;
/// no record stores where its edges start.
struct ScalarRecords {
    /// Per record: `ScalarFlag` bits and, in the low two bits, its edge count (0...2).
    var flags: [UInt8] = []
    /// Per edge: the input's node (or, for a `fromTensor` record, its index in `bridged`).
    var inputs: [Int32] = []
    /// Per edge: ∂output/∂input, already rounded to the output's element type.
    var partials: [Double] = []
    /// Tensors whose single element became a scalar node (`fromTensor` records).
    var bridged: [Tensor] = []

    var count: Int { flags.count }

    /// Bytes held per recorded op, in the arrays' current use (for tests and diagnostics).
    var bytesInUse: Int {
        flags.count * MemoryLayout<UInt8>.stride + inputs.count * MemoryLayout<Int32>.stride
            + partials.count * MemoryLayout<Double>.stride + bridged.count * MemoryLayout<Tensor>.stride
    }

    /// Appends a record with up to two edges; returns its node. Throws when the node
    /// numbers (Int32, to keep edges small) run out.
    @inline(__always)
    mutating func append(_ flag: UInt8, _ e1: (Int32, Double)?, _ e2: (Int32, Double)? = nil) throws -> Int32 {
        guard flags.count < Int(Int32.max) else { throw EngineError.outOfMemory }
        var n: UInt8 = 0
        if let e1 { inputs.append(e1.0); partials.append(e1.1); n &+= 1 }
        if let e2 { inputs.append(e2.0); partials.append(e2.1); n &+= 1 }
        flags.append(flag | n)
        return Int32(truncatingIfNeeded: flags.count &- 1)
    }

    /// Forgets every record. Small arrays keep their capacity for the next step; the
    /// buffers of a long loop are given back.
    mutating func removeAll() {
        let keep = flags.count <= ScalarRecords.keptCapacity
        flags.removeAll(keepingCapacity: keep)
        inputs.removeAll(keepingCapacity: keep)
        partials.removeAll(keepingCapacity: keep)
        bridged.removeAll(keepingCapacity: keep)
    }

    /// Records up to this many are kept allocated between differentiations.
    static let keptCapacity = 1 << 14
}

/// Bits of a scalar record's flag byte (the low two bits are its edge count).
enum ScalarFlag {
    static let edgeCountMask: UInt8 = 0b11
    /// The output is Float32: contributions are rounded as Float32 arithmetic rounds them.
    static let float32: UInt8 = 1 << 2
    /// The partials are Julia Bools (relu's `Ω > 0`, max/min's `(gt, !gt)`): a false one
    /// passes back a zero with the upstream gradient's sign (see `SignedZero`).
    static let boolPartials: UInt8 = 1 << 3
    /// The record stands for a tracked one-element tensor: its one edge's input indexes
    /// `ScalarRecords.bridged`, and the gradient goes to that tensor.
    static let fromTensor: UInt8 = 1 << 4
}
