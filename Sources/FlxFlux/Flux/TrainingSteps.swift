import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `Flux.trainstep!(loss, model, batch, opt_state)` and `trainstep_withgradient!`: one
/// optimisation step, what `train!` does for each batch. The loss is differentiated with
/// `withgradient(m -> loss(m, batch...), model)` (a tuple batch is spliced, anything else
/// passed whole), and unless the loss came out non-finite, `update!(opt_state, model, grad)`
/// changes the model in place. They return the loss, or (loss, gradient).
package enum TrainingSteps {
    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        guard case .module(let train)? = flux.member("Train")?.value else { return }
        for (name, withGradient) in [("trainstep!", false), ("trainstep_withgradient!", true)] {
            let g = train.native(name) { interp, a in
                guard a.count == 4 else { throw Exceptions.method(.str(name), a.values) }
                let (value, grad) = try step(loss: a[0], model: a[1], batch: a[2], state: a[3], flux, interp)
                return withGradient ? .tuple([value, grad]) : value
            }
            train.exports.remove(name)
            flux.define(name, .function(g), export: false)
        }
    }

    static func step(loss: Value, model: Value, batch: Value, state: Value, _ flux: ModuleValue, _ interp: Interpreter) throws -> (Value, Value) {
        let rest: [Value]
        if case .tuple(let t) = batch { rest = t.items } else { rest = [batch] }
        let closure = NativeClosure(name: "#trainstep_loss", differentiation: .forwarded) { interp, b in
            try interp.call(loss, [b[0]] + rest)
        }
        guard let withgradient = flux.member("withgradient")?.value, let update = flux.member("update!")?.value else {
            throw Exceptions.undefVar("withgradient")
        }
        guard case .namedTuple(let result) = try interp.call(withgradient, [.function(closure), model]),
              let vi = result.names.firstIndex(of: "val"), let gi = result.names.firstIndex(of: "grad"),
              case .tuple(let grads) = result.values[gi], let grad = grads.items.first else {
            throw Exceptions.error("withgradient did not return (val, grad)")
        }
        let value = result.values[vi]
        // A loss with auxiliary outputs, (loss, aux...), is judged by its first element.
        var scalar = value
        if case .tuple(let t) = value, let first = t.items.first { scalar = first }
        if case .namedTuple(let nt) = value, let first = nt.values.first { scalar = first }
        let l = asDouble(OperatorBuiltins.plain(scalar))
        if l.isFinite { _ = try interp.call(update, [state, model, grad]) }
        return (value, grad)
    }
}
