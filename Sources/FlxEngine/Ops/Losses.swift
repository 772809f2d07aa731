#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum LossKind: Sendable, Hashable {
    case mse, crossentropy, logitcrossentropy
}

/// Flux's common losses, each one tape record with a hand-written backward
/// (mean over all elements for mse; mean over columns (samples) for the
/// cross-entropies, classes along dims=1), computed in Flux's order of operations.
public enum Losses {
    /// `Flux.mse(ŷ, y)` = mean(abs2.(ŷ .- y)).
    public static func mse(_ yhat: Tensor, _ y: Tensor, tape: Tape?) throws -> Tensor {
        let d = try Arithmetic.binary(.sub, yhat, y, tape: nil)
        let n = Double(Swift.max(d.count, 1))
        let s = try Reductions.sumAbs2(d, tape: nil)
        let out = try Tensor.filled(value: s.doubleAt(0) / n, dtype: d.dtype.floatResult, shape: .scalar)
        if let tape, Tape.anyTracked(tape, yhat, y) { tape.record(.loss(.mse), output: out, yhat, y, extra: [d]) }
        return out
    }

    /// Number of samples the cross-entropies average over: columns (size(ŷ, 1) are classes).
    static func batchCount(_ x: Tensor) -> Double {
        Double(Swift.max(x.count / Swift.max(x.shape[0], 1), 1))
    }

    /// `Flux.crossentropy(ŷ, y)` = mean(.-sum(xlogy.(y, ŷ .+ eps); dims=1)) with
    /// eps = eps(eltype(ŷ)), evaluated in the same order as Flux.
    public static func crossentropy(_ yhat: Tensor, _ y: Tensor, tape: Tape?) throws -> Tensor {
        guard yhat.shape == y.shape else { throw BroadcastShape.mismatch(yhat.shape, y.shape) }
        let t = DType.promote(yhat.dtype, y.dtype).floatResult
        let p = try yhat.promoted(to: t), q = try y.promoted(to: t)
        let terms = try Tensor(uninitialized: t, yhat.shape)
        func fill<T: FloatElement>(_: T.Type) {
            let eps = T(yhat.dtype.floatResult == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne)
            let pp = p.ptr(T.self), pq = q.ptr(T.self), pt = terms.ptr(T.self)
            for i in 0..<terms.count {
                let v = pq[i]
                pt[i] = v == 0 ? 0 : v * T.m_log(pp[i] + eps)  // xlogy
            }
        }
        if t == .float32 { fill(Float.self) } else { fill(Double.self) }
        let perSample = try Unary.apply(.neg, Reductions.sum(terms, dims: DimSet(mask: 1), tape: nil), tape: nil)
        let out = try Reductions.mean(perSample, tape: nil)
        if let tape, Tape.anyTracked(tape, yhat, y) { tape.record(.loss(.crossentropy), output: out, yhat, y) }
        return out
    }

    /// `Flux.logitcrossentropy(ŷ, y)` = mean(.-sum(y .* logsoftmax(ŷ; dims=1); dims=1)).
    public static func logitcrossentropy(_ yhat: Tensor, _ y: Tensor, tape: Tape?) throws -> Tensor {
        guard yhat.shape == y.shape else { throw BroadcastShape.mismatch(yhat.shape, y.shape) }
        let ls = try Reductions.logsoftmax(yhat, tape: nil)
        let prod = try Arithmetic.binary(.mul, y, ls, tape: nil)
        let perSample = try Unary.apply(.neg, Reductions.sum(prod, dims: DimSet(mask: 1), tape: nil), tape: nil)
        let out = try Reductions.mean(perSample, tape: nil)
        if let tape, Tape.anyTracked(tape, yhat, y) { tape.record(.loss(.logitcrossentropy), output: out, yhat, y, extra: [ls]) }
        return out
    }

    static func backward(_ kind: LossKind, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let yhat = rec.a, let y = rec.b else { return }
        let gs = g.doubleAt(0)
        switch kind {
        case .mse:
            guard let d = rec.extra.first else { return }
            let scale = try Tensor.filled(value: 2 * gs / Double(Swift.max(d.count, 1)), dtype: d.dtype.floatResult, shape: .scalar)
            let gd = try Arithmetic.binary(.mul, d, scale, tape: nil)
            try tape.accumulate(yhat, gd)
            if tape.isTracked(y) { try tape.accumulate(y, Unary.apply(.neg, gd, tape: nil)) }
        case .crossentropy:
            let t = rec.output.dtype
            let eps = try Tensor.filled(value: yhat.dtype.floatResult == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne,
                                        dtype: t, shape: .scalar)
            let shifted = try Arithmetic.binary(.add, yhat.promoted(to: t), eps, tape: nil)
            let scale = try Tensor.filled(value: -gs / batchCount(yhat), dtype: t, shape: .scalar)
            if tape.isTracked(yhat) {
                try tape.accumulate(yhat, Arithmetic.binary(.mul, Arithmetic.binary(.div, y, shifted, tape: nil), scale, tape: nil))
            }
            if tape.isTracked(y) {
                try tape.accumulate(y, Arithmetic.binary(.mul, Unary.apply(.log, shifted, tape: nil), scale, tape: nil))
            }
        case .logitcrossentropy:
            guard let ls = rec.extra.first else { return }
            let scale = try Tensor.filled(value: gs / batchCount(yhat), dtype: ls.dtype, shape: .scalar)
            if tape.isTracked(yhat) {
                // d/dŷ = (softmax(ŷ) .* sum(y; dims=1) .- y) / batch
                let p = try Unary.apply(.exp, ls, tape: nil)
                let sy = try Reductions.sum(y, dims: DimSet(mask: 1), tape: nil)
                let d = try Arithmetic.binary(.sub, Arithmetic.binary(.mul, p, sy, tape: nil), y, tape: nil)
                try tape.accumulate(yhat, Arithmetic.binary(.mul, d, scale, tape: nil))
            }
            if tape.isTracked(y) {
                try tape.accumulate(y, Arithmetic.binary(.mul, Unary.apply(.neg, ls, tape: nil), scale, tape: nil))
            }
        }
    }
}
