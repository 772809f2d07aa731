import FlxSyntax
import FlxCore
import FlxEngine

/// Functions that only pick and rearrange elements (`reverse`, `diag`, `median`'s middle)
/// differentiate as an indexing: the result is `x[indices]`, recorded on the tape, so the
/// gradient scatters back to the picked positions. One engine gather instead of a tape
/// record per element.
package enum TrackedGather {
    /// `x[linear]` (0-based linear positions) as a vector on the tape.
    package static func take(_ x: Tensor, _ linear: [Int], _ interp: Interpreter) throws -> Tensor {
        try interp.engine { tape in
            let flat = x.rank == 1 ? x : try Shaping.reshape(x, [x.count], tape: tape)
            return try Indexing.getindex(flat, [.list(linear.map { $0 + 1 })], tape: tape)
        }
    }

    /// The tensor of `v` when it is an array being differentiated, else nil (the caller
    /// takes its plain path).
    package static func trackedTensor(_ v: Value, _ interp: Interpreter) -> Tensor? {
        guard case .array(let a) = v else { return nil }
        // A vector filled with tracked numbers (`push!`) is packed onto the tape first.
        if a.tensor == nil { _ = try? interp.packHeldTracked(a) }
        guard interp.isTracked(v), let t = a.tensor, t.dtype.isFloat else { return nil }
        return t
    }
}
