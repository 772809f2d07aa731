/// An operation whose derivative the caller supplies as a closure: given the gradient of
/// the output, the gradient of each input (nil where none flows). The language uses it for
/// user-defined rules (`ChainRulesCore.rrule`); the engine only calls the closure back.
public final class CustomRule {
    let pullback: (Tensor) throws -> [Tensor?]
    /// The pullback run with its operations recorded on the tape, for a derivative that is
    /// differentiated again (`Tape.backwardRecorded`); nil where the caller cannot give one.
    let recordedPullback: ((Tensor) throws -> [Tensor?])?
    public init(_ pullback: @escaping (Tensor) throws -> [Tensor?], recorded: ((Tensor) throws -> [Tensor?])? = nil) {
        self.pullback = pullback
        self.recordedPullback = recorded
    }
}

public enum CustomRuleOp {
    /// Records `output` as computed from `inputs` by `rule` (when any input is tracked).
    public static func record(_ output: Tensor, inputs: [Tensor], rule: CustomRule, tape: Tape?) {
        guard let tape, inputs.contains(where: { tape.isTracked($0) }) else { return }
        tape.record(.custom(rule), output: output, nil, extra: inputs)
    }

    static func backward(_ rule: CustomRule, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        let grads = try rule.pullback(g)
        for (i, input) in rec.extra.enumerated() where i < grads.count {
            guard let gi = grads[i], tape.isTracked(input) else { continue }
            guard gi.count == input.count else {
                throw EngineError.dimensionMismatch("a rule's gradient has \(gi.count) elements for an input of size \(dims: input.shape.dims)")
            }
            try tape.accumulate(input, gi.shape == input.shape ? gi : try Shaping.reshape(gi, input.shape, tape: nil))
        }
    }

    /// The recorded counterpart of `backward`, for `RecordedBackward`.
    static func backwardRecorded(_ rule: CustomRule, _ rec: TapeRecord, _ g: Tensor, _ tape: Tape) throws {
        guard let recorded = rule.recordedPullback else {
            throw EngineError.argument("Can't differentiate the derivative of a user-defined rrule: flx has only its first derivative (nested differentiation, hessian)")
        }
        let grads = try recorded(g)
        for (i, input) in rec.extra.enumerated() where i < grads.count {
            guard let gi = grads[i], tape.wantsRecorded(input) else { continue }
            guard gi.count == input.count else {
                throw EngineError.dimensionMismatch("a rule's gradient has \(gi.count) elements for an input of size \(dims: input.shape.dims)")
            }
            try tape.accumulateRecorded(input, gi)
        }
    }
}
