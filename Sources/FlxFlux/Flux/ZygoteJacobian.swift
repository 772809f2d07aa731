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
        // Inside another differentiation (a hessian inside a gradient): on its tape, each row's
        // backward pass recorded (`Tape.backwardRecorded`), as `gradient` nests.
        let outer = interp.enclosingTape
        let tape = outer ?? Tape()
        let mark = outer?.beginNested()
        defer { if outer != nil { tape.endNested() } else { tape.reset() } }
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
            return (mark == nil ? try AutodiffBuiltins.plainTree(out) : out, .tuple(args.map { _ in .nothing }))
        default:
            throw Exceptions.argument("jacobian expects a function returning a number or an array of numbers, got \(try Display.repr(out, interp))")
        }
        let value: Value
        if mark != nil {
            value = out
        } else {
            let copy = try interp.engine { try y.converted(to: y.dtype) }
            value = try AutodiffBuiltins.plainTree(scalarOutput ? interp.wrap(copy) : .array(ArrayValue(tensor: copy)))
        }
        let m = y.count
        // Per argument: the rows gathered so far (nil where nothing flows).
        var rows: [[Tensor?]] = Array(repeating: [], count: args.count)
        for i in 0..<m {
            let picked: Tensor = try interp.recording(on: tape) {
                try interp.engine { tape in
                    scalarOutput ? y : try Indexing.getindex(try Shaping.reshape(y, [m], tape: tape), [.scalar(i + 1)], tape: tape)
                }
            }
            if let mark {
                try interp.engine { _ in try tape.backwardRecorded(from: picked, since: mark) }
            } else {
                try interp.engine { try tape.backward(from: picked) }
            }
            for (k, w) in watched.enumerated() { rows[k].append(try gradientTensor(of: w, tape, interp)) }
        }
        let blocks = try zip(args, rows).map { arg, r -> Value in
            guard r.contains(where: { $0 != nil }) else { return .nothing }
            return mark == nil ? try block(arg, r, m: m, scalarOutput: scalarOutput, interp)
                               : try recordedBlock(arg, r, m: m, scalarOutput: scalarOutput, tape, interp)
        }
        return (value, .tuple(blocks))
    }

    /// `block` for a nested jacobian: the rows stacked by recorded operations, so the
    /// enclosing differentiation sees through the matrix.
    private static func recordedBlock(_ arg: Value, _ rows: [Tensor?], m: Int, scalarOutput: Bool, _ tape: Tape,
                                      _ interp: Interpreter) throws -> Value {
        let (n, dtype, isNumber) = try layout(of: arg)
        return try interp.engine { _ in
            func row(_ r: Tensor?, _ shape: Shape) throws -> Tensor {
                guard var r else { return try Tensor.zeros(dtype, shape) }
                if r.dtype != dtype { r = try Conversion.convert(r, to: dtype, tape: tape) }
                return try Shaping.reshape(r, shape, tape: tape)
            }
            if isNumber && scalarOutput { return interp.wrap(try row(rows[0], .scalar)) }
            let stacked = try Shaping.cat(try rows.map { try row($0, isNumber ? try Shape([1]) : try Shape([1, n])) }, dim: 1, tape: tape)
            return .array(ArrayValue(tensor: stacked))
        }
    }

    /// An argument's columns in the jacobian: its element count and float type, and whether
    /// it is a number (a vector block) rather than an array (a matrix block).
    private static func layout(of arg: Value) throws -> (n: Int, dtype: DType, isNumber: Bool) {
        switch arg {
        case .array(let arr):
            guard let t = arr.tensor else { throw Exceptions.argument("jacobian differentiates arrays of numbers, not \(TypeNames.show(arr.type))") }
            return (t.count, t.dtype.isFloat ? t.dtype : .float64, false)
        case .float32: return (1, .float32, true)
        case .tracked(let s): return (1, s.isFloat32 ? .float32 : .float64, true)
        default: return (1, .float64, true)
        }
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
        let (n, dtype, isNumber) = try layout(of: arg)
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
