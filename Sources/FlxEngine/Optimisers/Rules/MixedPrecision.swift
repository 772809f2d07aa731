extension Rules {
    /// `MixedPrecision(T, rule)` (T defaults to Float32): the member rule works on a copy of
    /// the parameter held in precision T. State: `(xT, state of rule for xT)`, where xT starts
    /// as `T.(x)` (always a fresh array, even when T is x's own element type).
    /// `apply!` steps the member rule on xT (its Δ subtracted from xT, or nothing done when it
    /// returns `nothing`), writes xT back into x rounded to x's element type, and returns no Δ,
    /// so the caller's `x .-= Δ` is skipped: Optimisers.jl does the same for a writable array.
    /// T is a type parameter in Julia, not a field (`r.rule` is its only field); it must wrap a
    /// whole `OptimiserChain`, never stand inside one.
    ///
    /// The gradient reaches the member rule converted to T, as every rule here sees its gradient
    /// in its parameter's element type (Julia broadcasts the lower-precision gradient into the
    /// T arithmetic instead; the two differ only where a rule squares g before mixing it).
    struct MixedPrecision: TypedRule {
        struct State {
            /// xT, the parameter in precision T.
            let copy: Tensor
            var inner: OptState
        }

        var precision = DType.float32
        /// Required: the constructor always sets it (the empty chain stands in until then).
        var rule = Rule.chain([])

        static let style = RuleStyle.dispatched
        static let display = RuleDisplay.positional(typeParameters: 2)
        static let fields: [TypedRuleField<MixedPrecision>] = [.precision("T", \.precision), .member("rule", \.rule)]
        static let wrapsWholeChain = true

        static func shown(_ state: State) -> OptState { .tuple([.tensor(state.copy), state.inner]) }
        static func state(_ shown: OptState) -> State? {
            let s = shown.items
            guard s.count == 2, let copy = s[0].tensor else { return nil }
            return State(copy: copy, inner: s[1])
        }

        func initState(for x: Tensor) throws -> State {
            let copy = try x.converted(to: precision)
            return State(copy: copy, inner: try Rule.initState(rule, for: copy))
        }

        func apply<F: FloatElement>(_ state: inout State, _ xt: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws -> Tensor? {
            guard state.copy.dtype == precision, state.copy.shape == xt.shape else { throw Self.stateMismatch }
            // `Rule.update` converts g to T when needed and never writes into the caller's g.
            try Rule.update(rule, state: &state.inner, x: state.copy, g: g)
            if precision == .float32 { writeBack(state.copy, xt, Float.self, F.self) } else { writeBack(state.copy, xt, Double.self, F.self) }
            return nil
        }

        /// x ← T₀.(xT), rounded to x's element type T₀.
        private func writeBack<T: FloatElement, F: FloatElement>(_ copy: Tensor, _ xt: Tensor, _: T.Type, _: F.Type) {
            let x = xt.ptr(F.self), high = copy.ptr(T.self)
            for i in 0..<xt.count { x[i] = F(high[i]) }
        }
    }
}

extension RuleKind { public static let mixedPrecision = RuleKind(Rules.MixedPrecision.self) }
