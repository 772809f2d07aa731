import FlxSyntax
import FlxEngine

/// Mutation under differentiation, recorded rather than refused: a plain numeric array
/// given a number being differentiated (`push!(v, x^2)`, `v[i] = x`, `y[:, j] = f(x)`)
/// holds its elements as values for the rest of the differentiation, so the tracked ones
/// keep their place on the tape and what is computed from the array later (`sum(v)`) has
/// the right gradient.
///
/// An array that is itself on the tape (an argument being differentiated, the result of a
/// recorded operation) is written copy-on-write: before the write it trades its tensor for
/// one tracked number per element, each a recorded read of that tensor. Recorded operations
/// keep reading the old elements, the write lands in the new ones, and the gradient reaches
/// the old tensor through the reads: `v = copy(x); push!(v, y)`, `h = W * x; h[1] = 0` and
/// `x[1] = 2x[2]` differentiate as the code reads (where Zygote raises its mutation error).
extension Interpreter {
    /// Beyond this many elements, an array on the tape is not split into tracked numbers
    /// (a record per element); writing into it stays Zygote's mutation error.
    static let largestArraySplitForWriting = 100_000

    /// Lets `a` hold numbers being differentiated (until the differentiation ends).
    package func holdTracked(_ a: ArrayValue, function: @autoclosure () -> String = "setindex!") throws {
        guard let tape = activeTape else { return }
        if a.subArray != nil {
            // A view's elements live in its parent, which cannot hold them as values while
            // the view reads its memory: Zygote's mutation error, as Julia raises.
            throw Exceptions.error(EngineAdapter.zygoteMutationMessage(function: function(), arrayType: TypeNames.show(a.type)))
        }
        guard case .numeric(let t) = a.storage else { return }
        if tape.isTracked(t) {
            guard t.count <= Self.largestArraySplitForWriting else {
                throw Exceptions.error(EngineAdapter.zygoteMutationMessage(function: function(), arrayType: TypeNames.show(a.type)))
            }
            let elements = try (0..<t.count).map { i -> Value in
                wrap(try engine { tape in try Indexing.getindex(t, [.scalar(i + 1)], tape: tape) })
            }
            a.storage = .boxed(ArrayValue.BoxedValues(elements, t.shape))
            if tensorsBeforeWrite[ObjectIdentifier(a)] == nil { tensorsBeforeWrite[ObjectIdentifier(a)] = t }
        } else {
            a.storage = .boxed(ArrayValue.BoxedValues((0..<t.count).map { a.element($0) }, t.shape))
        }
        a.reserve = nil
        arraysHoldingTracked.append(a)
    }

    /// A numeric array holding tracked numbers (`holdTracked`), when a native asks for its
    /// tensor (`std`, `norm`, `dot` of a vector filled by `push!`): its elements packed into
    /// one tensor on the tape, which becomes the array's storage, so the array keeps its
    /// identity and the gradient reaches each element. A later write splits it again.
    /// Nil for any other array without a tensor.
    package func packHeldTracked(_ a: ArrayValue) throws -> Tensor? {
        guard activeTape != nil, case .boxed(let b) = a.storage, ArrayValue.dtype(of: a.elementType) != nil,
              b.values.contains(where: { if case .tracked = $0 { return true }; return false }) else { return nil }
        let packed = try makeArray(b.values, shape: b.shape, elementType: a.elementType)
        guard let t = packed.tensor else { return nil }
        a.storage = .numeric(t)
        return t
    }

    /// The tensor `a` held when it was first split to be written under the differentiation
    /// just run, if it was: where an argument's gradient is.
    package func tensorBeforeWrite(_ a: ArrayValue) -> Tensor? { tensorsBeforeWrite[ObjectIdentifier(a)] }

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
