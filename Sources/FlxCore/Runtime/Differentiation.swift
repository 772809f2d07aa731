import FlxSyntax
import FlxEngine

/// How a native function takes part in differentiation. Every native method has one; the
/// default is `.checked`, so a function nobody has thought about can never drop a gradient
/// in silence.
public enum Differentiation: Sendable {
    /// It records on the tape whatever it computes from values being differentiated. While
    /// `gradient` runs, each call is checked: a floating-point result (a number, a float
    /// array, or one inside a tuple) made from an argument that carries a gradient, yet not
    /// itself on the tape, means the function has no rule for that case, and the call
    /// raises an error naming it instead of handing back a value whose gradient is lost.
    case checked
    /// Its result is a constant for differentiation, by design: a zero or absent derivative
    /// (`floor`, `zero`, `similar`, `eps`), or a function whose point is to stop gradients
    /// (`Zygote.ignore`, `dropgrad`). Zygote's `@non_differentiable`.
    case constant
    /// It only passes its arguments on to another function (a broadcast's keyword wrapper,
    /// `Base.Fix1`), whose own call is checked; checking it too would blame the wrapper.
    case forwarded
    /// A `!` function that writes into its first array argument (`push!`, `sort!`, `fill!`,
    /// `mul!`): checked like `.checked`; when that array is itself on the tape, where
    /// recorded operations still read the elements it would overwrite, it is first split
    /// into tracked elements (`holdTracked`), so the write cannot change what they read.
    /// Natives registered under a name ending in `!` get it unless they say otherwise.
    case mutating
    /// A function with a user-defined `ChainRulesCore.rrule`: while a gradient is taken, a
    /// call runs the rule on plain values and records its pullback as the derivative.
    case customRule
}

extension Interpreter {
    /// `callNative` for a `.checked` native while a gradient is being taken.
    @inline(never)
    /// `name` is built only for an error or a keyword MethodError (a layer's type name costs
    /// a string per call otherwise).
    package func callNativeChecked(_ fn: NativeFunction, _ args: Args, name: @autoclosure () -> String) throws -> Value {
        let result = try callNative(fn, args, function: name())
        guard let tape = activeTape, dropsGradient(result, tape, depth: 0) else { return result }
        let inputs = args.values
        guard inputs.contains(where: { carriesGradient($0, tape, depth: 0) }) else { return result }
        // A function that picks one of its arguments (`ifelse`, `max(x, 2.0)`, `clamp` at a
        // bound) may rightly return a constant one: no gradient flows to the others.
        if inputs.contains(where: { isSelection(result, of: $0, tape) }) { return result }
        let signature = inputs.map { "::" + TypeNames.show(typeOf($0)) }.joined(separator: ", ")
        throw Exceptions.error("Can't differentiate \(name())(\(signature)): flx has no derivative rule for this call, "
            + "so its result would carry no gradient. Compute it outside the differentiated function, or wrap it in "
            + "`Zygote.ignore` / `@ignore_derivatives` if it is meant to be a constant.")
    }

    /// Before a `.mutating` native runs: the first array among the arguments is the one it
    /// writes; if that array is on the tape, it is split into tracked elements first.
    /// Returns that argument's position (or `args.count` when there is none).
    @discardableResult
    package func detachWrittenArray(_ args: Args, name: @autoclosure () -> String) throws -> Int {
        guard let tape = activeTape else { return args.count }
        for i in 0..<args.count {
            guard case .array(let a) = args[i] else { continue }
            if let t = a.tensor, tape.isTracked(t) { try holdTracked(a, function: name()) }
            return i
        }
        return args.count
    }

    /// Before a checked native runs: arrays among its arguments (from position `from`) that
    /// hold tracked numbers (filled by `push!`, `v[i] = x`) are packed onto the tape, so the
    /// native sees an array being differentiated, as it would any other, instead of a list
    /// of values its array code reads as plain numbers.
    @inline(__always)
    func packHeldArguments(base: Int, count: Int, from: Int) throws {
        guard from < count else { return }
        for i in from..<count {
            guard case .array(let a) = stack[base + i], a.tensor == nil else { continue }
            if try packHeldTracked(a) == nil, let packed = try packedNumbers(a) { stack[base + i] = .array(packed) }
        }
    }

    /// A `Vector{Any}` of numbers, some being differentiated (`ls = []; push!(ls, loss)`,
    /// `Any[x, 2x]`), as a float array on the tape for a native that reads numbers (`std`,
    /// `median`): a copy, since the array itself must stay a `Vector{Any}`. Nil when an
    /// element is not a number or none is tracked.
    private func packedNumbers(_ a: ArrayValue) throws -> ArrayValue? {
        guard case .boxed(let b) = a.storage, a.elementType === BuiltinTypes.any, !b.values.isEmpty else { return nil }
        var anyTracked = false, allFloat32 = true
        for v in b.values {
            switch v {
            case .tracked(let s): anyTracked = true; if !s.isFloat32 { allFloat32 = false }
            case .float32: break
            case .float64, .int, .bool: allFloat32 = false
            default: return nil
            }
        }
        guard anyTracked else { return nil }
        return try makeArray(b.values, shape: b.shape, elementType: allFloat32 ? BuiltinTypes.float32 : BuiltinTypes.float64)
    }

    /// Argument `position` (1-based) of `function`, read as a setting the function has no
    /// derivative rule for (`norm`'s `p`, `softshrink`'s `λ`). While a gradient is taken and
    /// it carries one, the call is refused: the result would move with it, yet no gradient
    /// would reach it.
    package func settingArgument(_ args: Args, _ position: Int, of function: String) throws -> Value {
        let v = args[position - 1]
        guard let tape = activeTape, carriesGradient(v, tape, depth: 0) else { return v }
        let signature = args.values.map { "::" + TypeNames.show(typeOf($0)) }.joined(separator: ", ")
        throw Exceptions.error("Can't differentiate \(function)(\(signature)) with respect to argument \(position): flx has no "
            + "derivative rule for it. Pass it as a constant (compute it outside the differentiated function, or "
            + "wrap it in `Zygote.dropgrad`).")
    }

    /// `v` with every value being differentiated replaced by a plain copy: what a function
    /// declared a constant (`@non_differentiable`, `Zygote.ignore`) hands back.
    package func constantValue(_ v: Value) throws -> Value {
        switch v {
        case .tracked(let s): return s.plain
        case .array(let a) where isTracked(v):
            guard let t = a.tensor else { return v }
            return .array(ArrayValue(tensor: try engine { try t.converted(to: t.dtype) }))
        case .tuple(let t): return .tuple(try t.items.map(constantValue))
        case .namedTuple(let nt): return .namedTuple(NamedTupleValue(names: nt.names, values: try nt.values.map(constantValue)))
        default: return v
        }
    }

    /// Whether a value holds something on `tape`: a tracked number or array, directly or
    /// inside a tuple, named tuple, pair, struct or array of values (a model's layers).
    package func carriesGradient(_ v: Value, _ tape: Tape, depth: Int) -> Bool {
        guard depth < 8 else { return false }
        switch v {
        case .tracked: return true
        case .array(let a):
            if let t = a.tensor { return tape.isTracked(t) }
            // Arrays of values (layers, parameter lists): look at a bounded number of them.
            for i in 0..<min(a.count, 64) where carriesGradient(a.element(i), tape, depth: depth + 1) { return true }
            return false
        case .tuple(let t): return t.items.contains { carriesGradient($0, tape, depth: depth + 1) }
        case .namedTuple(let nt): return nt.values.contains { carriesGradient($0, tape, depth: depth + 1) }
        case .pair(let p): return carriesGradient(p.first, tape, depth: depth + 1) || carriesGradient(p.second, tape, depth: depth + 1)
        case .object(let o):
            // A struct's number fields are a layer's settings (Dropout's p, BatchNorm's ϵ), which
            // Flux does not train; its parameters are arrays.
            return o.fields.contains { if case .tracked = $0 { return false }; return carriesGradient($0, tape, depth: depth + 1) }
        default: return false
        }
    }

    /// Whether `result` is the untracked argument `arg` itself (an array) or its value (a number).
    private func isSelection(_ result: Value, of arg: Value, _ tape: Tape) -> Bool {
        switch (result, arg) {
        case (.array(let r), .array(let a)): return r === a
        case (.float64, _), (.float32, _), (.float16, _):
            guard scalarRank(arg) != nil, !carriesGradient(arg, tape, depth: 0) else { return false }
            return asDouble(result) == asDouble(arg) || (asDouble(result).isNaN && asDouble(arg).isNaN)
        default: return false
        }
    }

    /// Whether a result is floating-point data that is not on `tape` (its gradient would be lost).
    private func dropsGradient(_ v: Value, _ tape: Tape, depth: Int) -> Bool {
        switch v {
        case .float64, .float32, .float16: return true
        case .array(let a):
            guard let t = a.tensor else { return false }
            return t.dtype.isFloat && t.count > 0 && !tape.isTracked(t)
        case .tuple(let t) where depth == 0: return t.items.contains { dropsGradient($0, tape, depth: 1) }
        default: return false
        }
    }
}
