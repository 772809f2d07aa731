extension Rules {
    /// `MixedPrecision(T, rule)` (T defaults to Float32): the member rule works on a copy of
    /// the parameter held in precision T. State: `(xT, state of rule for xT)`, where xT starts
    /// as `T.(x)` (always a fresh array, even when T is x's own element type).
    /// `apply!` steps the member rule on xT (its Δ subtracted from xT, or nothing done when it
    /// returns `nothing`), writes xT back into x rounded to x's element type, and returns no Δ,
    /// so the caller's `x .-= Δ` is skipped: Optimisers.jl does the same for a writable array.
    /// T is the kind's type parameter, as it is the struct's in Julia: one kind per precision.
    ///
    /// The gradient reaches the member rule converted to T, as every rule here sees its gradient
    /// in its parameter's element type (Julia broadcasts the lower-precision gradient into the
    /// T arithmetic instead; the two differ only where a rule squares g before mixing it).
    enum MixedPrecision<T: FloatElement>: RuleDefinition, PrecisionWrapping {
        static var spec: RuleSpec {
            RuleSpec(name: "MixedPrecision", style: .chain, display: .wrapper(precision: T.dtype), fields: [])
        }

        static func initState(_ rule: Rule, for x: Tensor) throws -> OptState {
            let copy = try x.converted(to: T.dtype)
            return .tuple([.tensor(copy), try Rule.initState(try member(rule), for: copy)])
        }

        static func apply<F: FloatElement>(_ rule: Rule, _ state: OptState, _ xt: Tensor, _ g: Tensor, owned: Bool,
                                           _: F.Type) throws -> (OptState, Tensor?) {
            let inner = try member(rule)
            guard case .tuple(let s) = state, s.count == 2, case .tensor(let copy) = s[0],
                  copy.dtype == T.dtype, copy.shape == xt.shape else { throw Rule.stateError(rule) }
            var innerState = s[1]
            // `Rule.update` converts g to T when needed and never writes into the caller's g.
            try Rule.update(inner, state: &innerState, x: copy, g: g)
            let x = xt.ptr(F.self), high = copy.ptr(T.self)
            for i in 0..<xt.count { x[i] = F(high[i]) }
            return (.tuple([s[0], innerState]), nil)
        }

        static func member(_ rule: Rule) throws -> Rule {
            guard rule.children.count == 1 else { throw Rule.stateError(rule) }
            return rule.children[0]
        }
    }
}

/// Marks the MixedPrecision kinds (one per precision), so a chain can refuse them as members.
protocol PrecisionWrapping {}

extension RuleKind {
    /// The `MixedPrecision` kind keeping its copies in `precision`; nil for a type that is not
    /// a floating-point element type of the engine.
    public static func mixedPrecision(_ precision: DType) -> RuleKind? {
        switch precision {
        case .float32: return RuleKind(Rules.MixedPrecision<Float>.self)
        case .float64: return RuleKind(Rules.MixedPrecision<Double>.self)
        case .int64, .bool: return nil
        }
    }

    /// Whether this is a `MixedPrecision` kind (of any precision).
    public var isMixedPrecision: Bool { definition is PrecisionWrapping.Type }
}

extension Rule {
    /// `MixedPrecision(precision, rule)`; nil when `precision` is not Float32 or Float64.
    public static func mixedPrecision(_ precision: DType, wrapping member: Rule) -> Rule? {
        guard let kind = RuleKind.mixedPrecision(precision) else { return nil }
        return Rule(kind: kind, name: kind.spec.name, fields: [], children: [member])
    }
}
