import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `Zygote.hessian`, `hessian_reverse`, `hessian_dual` and `diaghessian`: second derivatives
/// as the derivative of `gradient`, which nests on one tape (`differentiateNested`). Zygote
/// computes `hessian` forward-over-reverse (ForwardDiff over `gradient`); flx differentiates
/// the recorded gradient in reverse, which gives the same matrix (and, unlike Zygote's
/// `hessian_reverse`, goes through indexing).
package enum ZygoteHessian {
    package static func install(_ interp: Interpreter, _ zygote: ModuleValue) {
        zygote.register([
            Builtin("hessian", differentiation: .forwarded, { interp, a in try hessian(a, interp, name: "hessian") },
                help: BuiltinHelp("hessian(f, x)", "The matrix of second derivatives of the number `f(x)` with respect to the elements of `x` (`length(x) × length(x)`, whatever the shape of `x`); for a number `x`, the second derivative.", "hessian(x -> sum(x .^ 3), [1.0, 2.0])  # [6.0 0.0; 0.0 12.0]")),
            Builtin("hessian_reverse", differentiation: .forwarded, { interp, a in try hessian(a, interp, name: "hessian_reverse") },
                help: BuiltinHelp("Zygote.hessian_reverse(f, x)", "`hessian` computed as `jacobian(x -> gradient(f, x)[1], x)[1]` (reverse over reverse).", "Zygote.hessian_reverse(x -> x[1] * x[2], [1.0, 2.0])")),
            Builtin("hessian_dual", differentiation: .forwarded, { interp, a in try hessian(a, interp, name: "hessian_dual") },
                help: BuiltinHelp("Zygote.hessian_dual(f, x)", "`hessian` (Zygote computes it forward over reverse; flx in reverse, with the same result).", "Zygote.hessian_dual(sin, pi / 2)  # -1.0")),
            Builtin("diaghessian", differentiation: .forwarded, { interp, a in try diaghessian(a, interp) },
                help: BuiltinHelp("diaghessian(f, args...)", "For each argument, the diagonal of the hessian of the number `f(args...)` with respect to it, shaped like the argument (a number for a number).", "diaghessian(x -> sum(x .^ 3), [1.0, 2.0])  # ([6.0, 12.0],)")),
        ], helpInto: interp.builtinHelp)
        zygote.exports.remove("hessian_reverse")
        zygote.exports.remove("hessian_dual")
    }

    /// `x -> gradient(f, x)[position]`, with the other arguments held fixed.
    private static func gradientFunction(_ f: Value, _ args: [Value], position: Int) -> Value {
        .function(NativeClosure(name: "∇f", differentiation: .forwarded) { interp, b in
            try b.expect("∇f", 1...1)
            var all = args
            all[position] = b[0]
            let (_, grads) = try AutodiffBuiltins.differentiate(f, all, keywords: [], interp, name: "gradient")
            guard case .tuple(let t) = grads, position < t.items.count else { return .nothing }
            return t.items[position]
        })
    }

    static func hessian(_ a: Args, _ interp: Interpreter, name: String) throws -> Value {
        guard a.count == 2 else { throw Exceptions.method(.str(name), a.values) }
        let f = a[0], x = a[1]
        let inner = gradientFunction(f, [x], position: 0)
        switch x {
        case .array:
            let (_, j) = try ZygoteJacobian.jacobian(inner, [x], interp)
            guard case .tuple(let t) = j, let block = t.items.first else { return .nothing }
            if block.isNothing { return try zeroHessian(x, interp) }
            return block
        default:
            if case .tracked = x {} else if scalarRank(x) == nil { throw Exceptions.method(.str(name), a.values) }
            let (_, g) = try AutodiffBuiltins.differentiate(inner, [x], keywords: [], interp, name: "gradient")
            guard case .tuple(let t) = g, let d = t.items.first else { return .nothing }
            // A gradient that does not depend on x (f linear in x): its derivative is zero.
            if d.isNothing { return .float64(0) }
            return d
        }
    }

    /// The hessian of a function whose gradient does not move with `x`: zeros, n × n.
    private static func zeroHessian(_ x: Value, _ interp: Interpreter) throws -> Value {
        guard case .array(let arr) = x, let t = arr.tensor else { return .nothing }
        let dtype: DType = t.dtype == .float32 ? .float32 : .float64
        return .array(ArrayValue(tensor: try interp.engine { _ in try Tensor.zeros(dtype, try Shape(t.count, t.count)) }))
    }

    /// Zygote's `diaghessian`: ∂²f/∂xᵢ² for each element of each argument, shaped like it.
    static func diaghessian(_ a: Args, _ interp: Interpreter) throws -> Value {
        guard a.count >= 2 else { throw Exceptions.method(.str("diaghessian"), a.values) }
        let f = a[0]
        let args = Array(a.values.dropFirst())
        var result: [Value] = []
        for k in 0..<args.count {
            let inner = gradientFunction(f, args, position: k)
            switch args[k] {
            case .array(let arr):
                guard let t = arr.tensor else { throw Exceptions.argument("diaghessian differentiates arrays of numbers, not \(TypeNames.show(arr.type))") }
                let (_, j) = try ZygoteJacobian.jacobian(inner, [args[k]], interp)
                guard case .tuple(let blocks) = j, case .array(let block)? = blocks.items.first, let h = block.tensor else {
                    result.append(.array(ArrayValue(tensor: try Tensor.zeros(t.dtype.isFloat ? t.dtype : .float64, t.shape))))
                    continue
                }
                let diagonal = try Tensor.zeros(h.dtype, t.shape)
                for i in 0..<t.count { diagonal.setNumeric(h.numericValue(i + i * t.count), i) }
                result.append(.array(ArrayValue(tensor: diagonal)))
            default:
                let (_, g) = try AutodiffBuiltins.differentiate(inner, [args[k]], keywords: [], interp, name: "gradient")
                guard case .tuple(let t) = g, let d = t.items.first, !d.isNothing else { result.append(.float64(0)); continue }
                result.append(d)
            }
        }
        return .tuple(result)
    }
}
