import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `Zygote.jacobian(f, args...)` and `withjacobian`: one forward pass on a tape, then one
/// backward pass per element of the output (reverse mode, row by row). For an argument
/// array `x` the block is a `length(y) × length(x)` matrix; for a number argument a vector
/// of length `length(y)`; a number output makes a row matrix / a number, as in Zygote.
package enum ZygoteJacobian {
    package static var table: [Builtin] {
        [
            Builtin("jacobian", { interp, a in try jacobian(a, interp).jacobian },
                help: BuiltinHelp("jacobian(f, args...)", "For each argument, the matrix of partial derivatives of every element of `f(args...)` (rows) with respect to every element of that argument (columns); `nothing` for an argument the output does not depend on.", "jacobian(x -> x .^ 2, [1.0, 2.0])  # ([2.0 0.0; 0.0 4.0],)")),
            Builtin("withjacobian", { interp, a in
                let r = try jacobian(a, interp)
                return .namedTuple(NamedTupleValue(names: ["val", "grad"], values: [r.value, r.jacobian]))
            }, help: BuiltinHelp("withjacobian(f, args...)", "`(val = f(args...), grad = jacobian(f, args...))`, from one forward pass.", "withjacobian(x -> 2x, [1.0, 2.0])")),
        ]
    }

    static func jacobian(_ a: Args, _ interp: Interpreter) throws -> (value: Value, jacobian: Value) {
        guard a.count >= 1 else { throw Exceptions.method(.str("jacobian"), a.values) }
        return try jacobian(a[0], Array(a.values.dropFirst()), interp)
    }

    static func jacobian(_ f: Value, _ args: [Value], _ interp: Interpreter) throws -> (value: Value, jacobian: Value) {
        try interp.refuseNestedDifferentiation(function: "jacobian")
        let tape = Tape()
        defer { tape.reset() }
        var watched: [Value] = []
        let out: Value = try interp.recording(on: tape) {
            for v in args { watched.append(try AutodiffBuiltins.watch(v, tape, interp)) }
            return try interp.call(f, watched)
        }
        let y: Tensor
        let scalarOutput: Bool
        switch out {
        case .tracked(let s): y = try interp.engine { try s.tensor }; scalarOutput = true
        case .array(let arr) where arr.tensor != nil && arr.tensor!.dtype.isFloat: y = arr.tensor!; scalarOutput = false
        case .float64, .float32, .int, .bool, .array:
            // Nothing recorded: the output does not depend on the arguments.
            let value = try AutodiffBuiltins.plainTree(out)
            return (value, .tuple(args.map { _ in .nothing }))
        default:
            throw Exceptions.argument("jacobian expects a function returning a number or an array of numbers, got \(try Display.repr(out, interp))")
        }
        let value: Value = scalarOutput ? interp.wrap(try interp.engine { try y.converted(to: y.dtype) })
                                        : .array(ArrayValue(tensor: try interp.engine { try y.converted(to: y.dtype) }))
        let value0 = try AutodiffBuiltins.plainTree(value)
        let m = y.count
        // Per argument: the rows gathered so far (nil where nothing flows).
        var rows: [[Tensor?]] = Array(repeating: [], count: args.count)
        for i in 0..<m {
            let picked: Tensor = try interp.recording(on: tape) {
                try interp.engine { tape in
                    scalarOutput ? y : try Indexing.getindex(try Shaping.reshape(y, [m], tape: tape), [.scalar(i + 1)], tape: tape)
                }
            }
            try interp.engine { try tape.backward(from: picked) }
            for (k, w) in watched.enumerated() { rows[k].append(try gradientTensor(of: w, tape, interp)) }
        }
        let blocks = try zip(args, rows).map { arg, r -> Value in
            guard r.contains(where: { $0 != nil }) else { return .nothing }
            return try block(arg, r, m: m, scalarOutput: scalarOutput, interp)
        }
        return (value0, .tuple(blocks))
    }

    /// The gradient of a watched argument (a number or a float array), nil when none flowed.
    private static func gradientTensor(of watched: Value, _ tape: Tape, _ interp: Interpreter) throws -> Tensor? {
        switch watched {
        case .tracked(let s): return tape.gradient(of: try interp.engine { try s.tensor })
        case .array(let arr): return (interp.tensorBeforeWrite(arr) ?? arr.tensor).flatMap { tape.gradient(of: $0) }
        default: return nil
        }
    }

    /// One argument's block: rows of the output's elements, columns of the argument's.
    private static func block(_ arg: Value, _ rows: [Tensor?], m: Int, scalarOutput: Bool, _ interp: Interpreter) throws -> Value {
        let n: Int
        let dtype: DType
        switch arg {
        case .array(let arr):
            guard let t = arr.tensor else { throw Exceptions.argument("jacobian differentiates arrays of numbers, not \(TypeNames.show(arr.type))") }
            n = t.count
            dtype = t.dtype.isFloat ? t.dtype : .float64
        case .float32: n = 1; dtype = .float32
        default: n = 1; dtype = .float64
        }
        let isNumber = { if case .array = arg { return false }; return true }()
        if isNumber && scalarOutput {
            return interp.wrap(try rows[0].map { try $0.converted(to: dtype) } ?? Tensor.zeros(dtype, .scalar))
        }
        let shape = isNumber ? try Shape([m]) : try Shape([m, n])
        let j = try Tensor.zeros(dtype, shape)
        for (i, row) in rows.enumerated() {
            guard let row else { continue }
            for c in 0..<n { j.setNumeric(row.numericValue(c), i + c * m) }
        }
        return .array(ArrayValue(tensor: j))
    }
}
