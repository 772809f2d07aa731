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
        guard let tape = activeTape, let f = m.owner, case .function = ruleFunction, !rulesRunning.contains(ObjectIdentifier(f)) else {
            return try runWithoutRule(m, base: base, count: count, keywords: keywords, span: span)
        }
        // Each number or array being differentiated, with where it sits in the arguments: an
        // argument itself (empty path) or a field of a struct, NamedTuple or tuple argument,
        // whose gradient the pullback gives as `Tangent{T}(field = ...)` or a NamedTuple.
        var inputs: [Tensor] = [], positions: [(argument: Int, path: [String])] = []
        for (i, v) in args.enumerated() {
            try collectDifferentiated(v, tape, path: []) { t, path in
                inputs.append(t)
                positions.append((i, path))
            }
        }
        guard !inputs.isEmpty else { return try runWithoutRule(m, base: base, count: count, keywords: keywords, span: span) }
        // Inside a differentiation nested in another (`hessian`, `gradient` of `gradient`) the
        // rule runs on the arguments being differentiated, recorded, so that what its pullback
        // captures depends on them on the tape and the pullback's result can be differentiated
        // again; otherwise it runs on plain values and records nothing.
        let nested = tape.nesting > 0
        let plainArgs = args.map { v -> Value in if case .tracked(let s) = v { return s.plain } else { return v } }
        // While its rule runs recorded, `f` called by the rule itself (`rrule(::typeof(f), x) =
        // (f(x), ...)`) is differentiated as written rather than by the rule again.
        if nested { rulesRunning.insert(ObjectIdentifier(f)) }
        let ruled: Value
        do {
            defer { if nested { rulesRunning.remove(ObjectIdentifier(f)) } }
            ruled = try recording(on: nested ? tape : nil) {
                try call(ruleFunction, [.function(f)] + (nested ? args : plainArgs), keywords: keywords)
            }
        }
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
        let name = f.name
        let keepArray = y.isArrayValue
        let pullbackOn = { [unowned self] (g: Tensor, recordedOn: Tape?) throws -> [Tensor?] in
            let upstream = self.wrap(g, keepArray: keepArray)
            let tangents = try self.recording(on: recordedOn) { try self.call(pullback, [upstream]) }
            guard case .tuple(let items) = tangents, items.items.count == count + 1 else {
                throw Exceptions.error("the pullback of rrule for \(name) must return \(count + 1) tangents (the function's first), got \(try Display.repr(tangents, self))")
            }
            return try positions.map { try self.tangentTensor(self.component(of: items.items[$0.argument + 1], at: $0.path)) }
        }
        let rule = CustomRule({ g in try pullbackOn(g, nil) }, recorded: nested ? { [unowned tape] g in try pullbackOn(g, tape) } : nil)
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

    /// The tensors on `tape` behind the numbers and arrays being differentiated in `v` (itself,
    /// or its fields, to a few levels), each with its path of field names (tuple positions as
    /// "1", "2", ...).
    private func collectDifferentiated(_ v: Value, _ tape: Tape, path: [String], depth: Int = 0,
                                       _ found: (Tensor, [String]) -> Void) throws {
        guard depth < 8 else { return }
        switch v {
        case .tracked(let s): found(try engine { try s.tensor }, path)
        case .array(let a):
            if let t = try a.tensor ?? packHeldTracked(a), tape.isTracked(t) { found(t, path) }
        case .object(let o):
            for (name, field) in zip(o.type.fieldNames, o.fields) {
                try collectDifferentiated(field, tape, path: path + [name], depth: depth + 1, found)
            }
        case .namedTuple(let nt):
            for (name, field) in zip(nt.names, nt.values) {
                try collectDifferentiated(field, tape, path: path + [name], depth: depth + 1, found)
            }
        case .tuple(let t):
            for (k, item) in t.items.enumerated() {
                try collectDifferentiated(item, tape, path: path + [String(k + 1)], depth: depth + 1, found)
            }
        default: return
        }
    }

    /// The part of a tangent at `path`: a field of a `Tangent{T}` (or any object with fields
    /// visible to flx), of a NamedTuple or of a tuple; `nothing` where it has none.
    private func component(of tangent: Value, at path: [String]) throws -> Value {
        var v = tangent
        for name in path {
            switch v {
            case .namedTuple(let nt): v = nt.names.firstIndex(of: name).map { nt.values[$0] } ?? .nothing
            case .tuple(let t): v = Int(name).flatMap { $0 >= 1 && $0 <= t.items.count ? t.items[$0 - 1] : nil } ?? .nothing
            case .native(let n as NativeFields): v = try n.field(name, self) ?? .nothing
            default: return .nothing
            }
        }
        return v
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
