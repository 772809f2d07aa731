/// Derivatives of elementwise expressions as expressions: what a derivative of a derivative
/// needs. The first-order backward pass evaluates partials as numbers (`UnaryOp.derivative`,
/// `BinaryOp.partials`); when that pass is itself differentiated (`Tape.backwardRecorded`),
/// the partials must be computed by recorded operations instead, and writing each one as a
/// `FusedExpr` lets one fused evaluation on the tape compute `g · ∂f/∂xₖ` for any order.
/// The formulas are the same as the numeric partials', so both orders agree.
enum SymbolicDerivative {
    /// ∂e/∂(input k): an expression over the same inputs.
    static func partial(of e: FusedExpr, wrt k: Int) -> FusedExpr {
        switch e {
        case .input(let j): return .constant(j == k ? 1 : 0)
        case .constant: return .constant(0)
        case .unary(let op, let x):
            let dx = partial(of: x, wrt: k)
            if case .constant(0) = dx { return dx }
            return times(derivative(op, at: x), dx)
        case .binary(let op, let x, let y):
            let dx = partial(of: x, wrt: k), dy = partial(of: y, wrt: k)
            let (px, py) = partials(op, x, y)
            return plus(times(px, dx), times(py, dy))
        }
    }

    /// op′(x) for an elementwise function, as NNlib and ChainRules define it (the same
    /// formulas as `UnaryOp.derivative`).
    static func derivative(_ op: UnaryOp, at x: FusedExpr) -> FusedExpr {
        switch op {
        case .neg: return .constant(-1)
        case .exp: return .unary(.exp, x)
        case .log: return divide(.constant(1), x)
        case .log1p: return divide(.constant(1), plus(.constant(1), x))
        case .sqrt: return divide(.constant(1), times(.constant(2), .unary(.sqrt, x)))
        case .abs: return .unary(.sign, x)
        case .abs2: return times(.constant(2), x)
        case .sin: return .unary(.cos, x)
        case .cos: return .unary(.neg, .unary(.sin, x))
        case .tan: return plus(.constant(1), .unary(.abs2, .unary(.tan, x)))
        case .tanh, .tanhFast: return minus(.constant(1), .unary(.abs2, .unary(op, x)))
        case .sigmoid, .sigmoidFast:
            let s = FusedExpr.unary(op, x)
            return times(s, minus(.constant(1), s))
        case .relu: return .binary(.gt, x, .constant(0))
        case .leakyrelu(let a):
            return plus(.constant(a), times(.constant(1 - a), .binary(.gt, x, .constant(0))))
        case .elu(let a):
            // α·eˣ below zero; min(x, 0) keeps eˣ finite where the other branch is taken.
            let positive = FusedExpr.binary(.ge, x, .constant(0))
            let below = times(.constant(a), .unary(.exp, .binary(.min, x, .constant(0))))
            return plus(positive, times(minus(.constant(1), positive), below))
        case .gelu:
            // NNlib's deriv_gelu_tanh: (1 + Ω)/2 + x·λ·(1 + 0.134145x²)·(1 − Ω²)/2,
            // Ω = tanh(λ·x·(1 + 0.044715x²)).
            let lambda = 0.7978845608028654
            let x2 = FusedExpr.unary(.abs2, x)
            let omega = FusedExpr.unary(.tanhFast, times(.constant(lambda), times(x, plus(.constant(1), times(.constant(0.044715), x2)))))
            let inner = times(.constant(lambda), plus(.constant(1), times(.constant(0.134145), x2)))
            let sech2 = minus(.constant(1), .unary(.abs2, omega))
            return plus(times(.constant(0.5), plus(.constant(1), omega)), times(.constant(0.5), times(x, times(inner, sech2))))
        case .softplus: return .unary(.sigmoid, x)
        case .swish:
            let s = FusedExpr.unary(.sigmoid, x)
            return plus(s, times(x, times(s, minus(.constant(1), s))))
        case .sign, .floor, .ceil, .round: return .constant(0)
        case .identity: return .constant(1)
        }
    }

    /// (∂/∂x, ∂/∂y) of `x op y` (as `BinaryOp.partials`: a zero exponent or base gives a zero
    /// partial; ties in max/min go to the second argument for max and the first for min).
    static func partials(_ op: BinaryOp, _ x: FusedExpr, _ y: FusedExpr) -> (FusedExpr, FusedExpr) {
        switch op {
        case .add: return (.constant(1), .constant(1))
        case .sub: return (.constant(1), .constant(-1))
        case .mul: return (y, x)
        case .div: return (divide(.constant(1), y), .unary(.neg, divide(x, .unary(.abs2, y))))
        case .pow:
            // y·x^(y−1) and x^y·log(x), each zero where `partials` makes it zero (y = 0, x = 0).
            let dx = times(.binary(.ne, y, .constant(0)), times(y, .binary(.pow, x, minus(y, .constant(1)))))
            let dy = times(.binary(.ne, x, .constant(0)), times(.binary(.pow, x, y), .unary(.log, .unary(.abs, x))))
            return (dx, dy)
        case .max:
            let first = FusedExpr.binary(.gt, x, y)
            return (first, minus(.constant(1), first))
        case .min:
            let second = FusedExpr.binary(.gt, x, y)
            return (minus(.constant(1), second), second)
        default: return (.constant(0), .constant(0))
        }
    }

    // MARK: building with the obvious simplifications (keeps nested derivatives small)

    static func plus(_ a: FusedExpr, _ b: FusedExpr) -> FusedExpr {
        if case .constant(0) = a { return b }
        if case .constant(0) = b { return a }
        if case .constant(let p) = a, case .constant(let q) = b { return .constant(p + q) }
        return .binary(.add, a, b)
    }

    static func minus(_ a: FusedExpr, _ b: FusedExpr) -> FusedExpr {
        if case .constant(0) = b { return a }
        if case .constant(let p) = a, case .constant(let q) = b { return .constant(p - q) }
        return .binary(.sub, a, b)
    }

    static func times(_ a: FusedExpr, _ b: FusedExpr) -> FusedExpr {
        if case .constant(0) = a { return a }
        if case .constant(0) = b { return b }
        if case .constant(1) = a { return b }
        if case .constant(1) = b { return a }
        if case .constant(let p) = a, case .constant(let q) = b { return .constant(p * q) }
        return .binary(.mul, a, b)
    }

    static func divide(_ a: FusedExpr, _ b: FusedExpr) -> FusedExpr {
        if case .constant(1) = b { return a }
        return .binary(.div, a, b)
    }
}

extension FusedProgram {
    /// The expression this program was compiled from (each register's tree).
    var expression: FusedExpr {
        var trees: [FusedExpr] = []
        for instruction in code {
            switch instruction {
            case .load(let k): trees.append(.input(k))
            case .constant(let c): trees.append(.constant(c))
            case .unary(let op, let r): trees.append(.unary(op, trees[r]))
            case .binary(let op, let l, let r): trees.append(.binary(op, trees[l], trees[r]))
            }
        }
        return trees.last ?? .constant(0)
    }
}
