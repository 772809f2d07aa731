import FlxSyntax
import FlxEngine

/// User-defined derivative rules: `ChainRulesCore.rrule(::typeof(f), x...)` returning
/// `(y, pullback)`. While a gradient is taken, a call of `f` runs the rule on plain values
/// (nothing it computes is recorded), and the engine records one operation from the
/// arguments being differentiated to `y` whose backward pass calls `pullback(ȳ)`; the
/// tangents it returns after the function's own (`NoTangent()` first) are the arguments'.
/// Where no rule matches the arguments (the fallback `rrule` returns `nothing`), `f` runs
/// and is differentiated as usual.
extension Interpreter {
    func callWithCustomRule(_ m: Method, base: Int, count: Int, keywords: [(name: String, value: Value)], span: Span?) throws -> Value {
        let args = (0..<count).map { stack[base + $0] }
        guard let tape = activeTape, let f = m.owner, case .function = ruleFunction,
              args.contains(where: { carriesGradient($0, tape, depth: 0) }) else {
            return try runWithoutRule(m, base: base, count: count, keywords: keywords, span: span)
        }
        let plainArgs = args.map { v -> Value in if case .tracked(let s) = v { return s.plain } else { return v } }
        let ruled = try recording(on: nil) { try call(ruleFunction, [.function(f)] + plainArgs, keywords: keywords) }
        if case .nothing = ruled { return try runWithoutRule(m, base: base, count: count, keywords: keywords, span: span) }
        guard case .tuple(let pair) = ruled, pair.items.count == 2 else {
            throw Exceptions.error("rrule for \(f.name) must return a tuple (y, pullback), got \(try Display.repr(ruled, self))")
        }
        let y = pair.items[0], pullback = pair.items[1]
        // A fresh tensor for the output: the rule may return one of its arguments, whose
        // tensor must keep its own place on the tape.
        guard let yTensor = try tensor(of: y), yTensor.dtype.isFloat else {
            return y  // an integer or non-numeric result has no gradient to carry
        }
        let output = try engine { try yTensor.converted(to: yTensor.dtype) }
        var inputs: [Tensor] = [], positions: [Int] = []
        for (i, v) in args.enumerated() {
            guard let t = try differentiatedTensor(v, tape) else { continue }
            inputs.append(t)
            positions.append(i)
        }
        guard !inputs.isEmpty else {
            throw Exceptions.error("Can't differentiate \(f.name) through its rrule: flx passes gradients to a rule's numbers and arrays, not to the structs or tuples it was given")
        }
        let name = f.name
        let rule = CustomRule { [unowned self] g in
            let upstream = self.wrap(g, keepArray: y.isArrayValue)
            let tangents = try self.recording(on: nil) { try self.call(pullback, [upstream]) }
            guard case .tuple(let items) = tangents, items.items.count == count + 1 else {
                throw Exceptions.error("the pullback of rrule for \(name) must return \(count + 1) tangents (the function's first), got \(try Display.repr(tangents, self))")
            }
            return try positions.map { try self.tangentTensor(items.items[$0 + 1]) }
        }
        CustomRuleOp.record(output, inputs: inputs, rule: rule, tape: tape)
        return y.isArrayValue ? .array(ArrayValue(tensor: output)) : wrap(output)
    }

    private func runWithoutRule(_ m: Method, base: Int, count: Int, keywords: [(name: String, value: Value)], span: Span?) throws -> Value {
        switch m.body {
        case .native(let fn):
            return try callNativeChecked(fn, Args(base: stack + base, count: count, keywords: keywords, span: span), name: m.functionName)
        case .compiled(let code):
            return try invokeCompiled(code, captures: [], base: base, count: count, keywords: keywords, span: span, method: m)
        }
    }

    /// The tensor on `tape` behind an argument being differentiated (a number or an array).
    private func differentiatedTensor(_ v: Value, _ tape: Tape) throws -> Tensor? {
        switch v {
        case .tracked(let s): return try engine { try s.tensor }
        case .array(let a):
            guard let t = try a.tensor ?? packHeldTracked(a), tape.isTracked(t) else { return nil }
            return t
        default: return nil
        }
    }

    /// A tangent from a pullback as a tensor; nil for `nothing`, `NoTangent()`, `ZeroTangent()`.
    private func tangentTensor(_ v: Value) throws -> Tensor? {
        switch v {
        case .int, .float64, .float32, .bool, .array, .range, .tracked: return try tensor(of: v)
        default: return nil
        }
    }
}

private extension Value {
    var isArrayValue: Bool { if case .array = self { return true }; return false }
}
