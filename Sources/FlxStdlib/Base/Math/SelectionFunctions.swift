import FlxSyntax
import FlxCore
import FlxEngine

/// Functions that return one of their arguments: `min`, `max`, `minmax`, `clamp`,
/// `ifelse` and `identity`. `min` and `max` fuse into broadcasts.
extension MathBuiltins {
    package static var selectionFunctions: [Builtin] {
        [
            Builtin("identity", { _, a in try a.expect("identity", 1...1); return a[0] },
                help: BuiltinHelp("identity(x)", "Returns its argument; the default activation of Dense.", "identity(3)  # 3")),
            // Its help is written with Flux's layer docs (HelpDocsLayers.swift), not here.
            Builtin("ifelse", chooseByCondition),
            Builtin("min", fusedKernel: .binary(.min), { interp, a in try extremum(a, interp, max: false) },
                help: BuiltinHelp("min(xs...)", "The smallest of the arguments.", "min(3, 1, 2)  # 1")),
            Builtin("max", fusedKernel: .binary(.max), { interp, a in try extremum(a, interp, max: true) },
                help: BuiltinHelp("max(xs...)", "The largest of the arguments.", "max(0, -2.0)  # 0.0")),
            Builtin("minmax", orderedPair,
                help: BuiltinHelp("minmax(a, b)", "The tuple `(min(a, b), max(a, b))`.", "minmax(5, 2)  # (2, 5)")),
            Builtin("clamp", clampToInterval,
                help: BuiltinHelp("clamp(x, lo, hi)", "`x` limited to the interval [lo, hi].", "clamp.([-2, 0, 5], -1, 1)  # [-1, 0, 1]")),
        ]
    }

    static func chooseByCondition(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("ifelse", 3...3)
        // Both branches are already evaluated (unlike `?:`); arrays go through broadcasting.
        guard case .bool(let c) = a[0] else {
            if case .array = a[0] {
                return try Broadcast.evaluate(.call(interp.base.binding("ifelse").value, [.leaf(0), .leaf(1), .leaf(2)]), a.values, interp)
            }
            throw Exceptions.typeError("ifelse", expected: "Bool", got: a[0])
        }
        return c ? a[1] : a[2]
    }

    static func orderedPair(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("minmax", 2...2)
        let less = try OperatorBuiltins.binaryValues(.lt, a[1], a[0], interp)
        if case .bool(true) = less { return .tuple([a[1], a[0]]) }
        return .tuple([a[0], a[1]])
    }

    static func clampToInterval(_ interp: Interpreter, _ a: Args) throws -> Value {
        try a.expect("clamp", 3...3)
        if case .array(let arr) = a[0] {
            return try Broadcast.evaluate(.call(interp.base.binding("clamp").value, [.leaf(0), .constant(a[1]), .constant(a[2])]), [.array(arr)], interp)
        }
        let lo = try extremumValues(a[0], a[1], interp, max: true)
        return try extremumValues(lo, a[2], interp, max: false)
    }

    package static func extremumValues(_ p: Value, _ q: Value, _ interp: Interpreter, max: Bool) throws -> Value {
        if let rp = scalarRank(p), let rq = scalarRank(q) {
            if rp <= .int && rq <= .int {
                // Integers compare as integers: through Float64, 2^60 and 2^60 + 5 are equal.
                let ip = asInt(p), iq = asInt(q)
                let pickFirst = max ? ip > iq : ip < iq
                return try promote(pickFirst ? p : q, pickFirst ? q : p)
            }
            let dp = asDouble(p), dq = asDouble(q)
            if dp.isNaN { return try promote(p, q) }
            if dq.isNaN { return try promote(q, p) }
            let pickFirst = max ? dp > dq : dp < dq
            // Julia promotes the result to the common type: max(1, 2.0) == 2.0.
            return try promote(pickFirst ? p : q, pickFirst ? q : p)
        }
        if case .tracked = p, let op = max ? BinaryOp.max as BinaryOp? : BinaryOp.min {
            let lt = try interp.requireTensor(p, "max", args: [p, q]), rt = try interp.requireTensor(q, "max", args: [p, q])
            return interp.wrap(try interp.engine { tape in try Arithmetic.binary(op, lt, rt, tape: tape) })
        }
        if case .tracked = q {
            let lt = try interp.requireTensor(p, "max", args: [p, q]), rt = try interp.requireTensor(q, "max", args: [p, q])
            return interp.wrap(try interp.engine { tape in try Arithmetic.binary(max ? .max : .min, lt, rt, tape: tape) })
        }
        let less = try OperatorBuiltins.binaryValues(.lt, p, q, interp)
        guard case .bool(let l) = less else { return p }
        return max ? (l ? q : p) : (l ? p : q)
    }

    /// `v` converted to the type that it and `other` promote to.
    package static func promote(_ v: Value, _ other: Value) throws -> Value {
        guard let r1 = scalarRank(v), let r2 = scalarRank(other), r2.rawValue > r1.rawValue else { return v }
        switch r2 {
        case .int: return .int(asInt(v))
        case .float16: return .float16(Float16(asDouble(v)))
        case .float32: return .float32(Float(asDouble(v)))
        case .float64: return .float64(asDouble(v))
        case .bool: return v
        }
    }

    package static func extremum(_ a: Args, _ interp: Interpreter, max: Bool) throws -> Value {
        let name = max ? "max" : "min"
        guard a.count >= 2 else {
            throw Exceptions.method(.str(name), a.values)
        }
        var acc = a[0]
        for i in 1..<a.count { acc = try extremumValues(acc, a[i], interp, max: max) }
        return acc
    }
}
