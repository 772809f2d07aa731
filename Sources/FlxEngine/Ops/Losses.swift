#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum LossKind: Sendable, Hashable {
    case mse, crossentropy, logitcrossentropy
}

/// Flux's common losses with fused forward and backward (mean over all elements
/// for mse; mean over columns (samples) for the cross-entropies, dims=1 classes).
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

    /// `Flux.crossentropy(ŷ, y)` = -sum(y .* log.(ŷ .+ eps)) / size(y, 2)... using Flux's
    /// `xlogy` form: -sum(xlogy.(y, ŷ)) / batch, with ŷ probabilities along dims=1.
    public static func crossentropy(_ yhat: Tensor, _ y: Tensor, tape: Tape?) throws -> Tensor {
        guard yhat.shape == y.shape else { throw BroadcastShape.mismatch(yhat.shape, y.shape) }
        let t = DType.promote(yhat.dtype, y.dtype).floatResult
        let p = try yhat.promoted(to: .float64), q = try y.promoted(to: .float64)
        let pp = p.ptr(Double.self), pq = q.ptr(Double.self)
        var s = 0.0
        for i in 0..<p.count where pq[i] != 0 { s += pq[i] * log(pp[i]) }
        let batch = Double(Swift.max(yhat.count / Swift.max(yhat.shape[0], 1), 1))
        let out = try Tensor.filled(value: -s / batch, dtype: t, shape: .scalar)
        if let tape, Tape.anyTracked(tape, yhat, y) { tape.record(.loss(.crossentropy), output: out, yhat, y) }
        return out
    }

    /// `Flux.logitcrossentropy(ŷ, y)` = -sum(y .* logsoftmax(ŷ; dims=1)) / batch.
    public static func logitcrossentropy(_ yhat: Tensor, _ y: Tensor, tape: Tape?) throws -> Tensor {
        guard yhat.shape == y.shape else { throw BroadcastShape.mismatch(yhat.shape, y.shape) }
        let ls = try Reductions.logsoftmax(yhat, tape: nil)
        let prod = try Arithmetic.binary(.mul, y, ls, tape: nil)
        let s = try Reductions.sum(prod, tape: nil).doubleAt(0)
        let batch = Double(Swift.max(yhat.count / Swift.max(yhat.shape[0], 1), 1))
        let out = try Tensor.filled(value: -s / batch, dtype: prod.dtype.floatResult, shape: .scalar)
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
            let batch = Double(Swift.max(yhat.count / Swift.max(yhat.shape[0], 1), 1))
            let scale = try Tensor.filled(value: -gs / batch, dtype: .float64, shape: .scalar)
            if tape.isTracked(yhat) {
                try tape.accumulate(yhat, Arithmetic.binary(.mul, Arithmetic.binary(.div, y, yhat, tape: nil), scale, tape: nil))
            }
            if tape.isTracked(y) {
                try tape.accumulate(y, Arithmetic.binary(.mul, Unary.apply(.log, yhat, tape: nil), scale, tape: nil))
            }
        case .logitcrossentropy:
            guard let ls = rec.extra.first else { return }
            let batch = Double(Swift.max(yhat.count / Swift.max(yhat.shape[0], 1), 1))
            let scale = try Tensor.filled(value: gs / batch, dtype: ls.dtype, shape: .scalar)
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
