import FlxSyntax
import FlxEngine

/// Mutation under differentiation, recorded rather than refused: a plain numeric array
/// given a number being differentiated (`push!(v, x^2)`, `v[i] = x`, `y[:, j] = f(x)`)
/// holds its elements as values for the rest of the differentiation, so the tracked ones
/// keep their place on the tape and what is computed from the array later (`sum(v)`) has
/// the right gradient. Writing into an array that is itself on the tape stays Zygote's
/// mutation error: a recorded op may still read the old elements, and the gradient would
/// be wrong.
extension Interpreter {
    /// Lets `a` hold numbers being differentiated (until the differentiation ends).
    package func holdTracked(_ a: ArrayValue) throws {
        guard activeTape != nil, case .numeric(let t) = a.storage else { return }
        if let tape = activeTape, tape.isTracked(t) {
            throw Exceptions.error(EngineAdapter.zygoteMutationMessage(function: "setindex!", arrayType: TypeNames.show(a.type)))
        }
        a.storage = .boxed(ArrayValue.BoxedValues((0..<t.count).map { a.element($0) }, t.shape))
        a.reserve = nil
        arraysHoldingTracked.append(a)
    }

    /// When a differentiation ends: the arrays that held tracked numbers since `count` go
    /// back to plain numeric storage with their values.
    func releaseTracked(downTo count: Int) {
        while arraysHoldingTracked.count > count {
            let a = arraysHoldingTracked.removeLast()
            guard case .boxed(let b) = a.storage, let dtype = ArrayValue.dtype(of: a.elementType),
                  let t = try? Tensor.zeros(dtype, b.shape) else { continue }
            for (i, v) in b.values.enumerated() {
                let plain: Value
                if case .tracked(let s) = v { plain = s.plain } else { plain = v }
                t.setFromValue(plain, at: i)
            }
            a.storage = .numeric(t)
        }
    }
}
