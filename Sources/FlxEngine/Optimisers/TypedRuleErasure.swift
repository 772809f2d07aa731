/// The type-erased side of `TypedRule`, which `Rule` and `RuleKind` call: the spec and field
/// values the language reads, building and rewriting a rule from field values, and `init` /
/// `apply!` / the in-place update with the state as Julia's value (`OptState`), converted to
/// the rule's typed `State` at this boundary only.
extension TypedRule {
    static var spec: RuleSpec {
        RuleSpec(name: name, style: style, display: display, fields: fields.map(\.spec), isLegacy: isLegacy,
                 wrapsWholeChain: wrapsWholeChain)
    }

    /// A rule of this type with `values` for its fields, in order, from the defaults.
    static func built(from values: [RuleFieldValue]) throws -> any TypedRule {
        guard values.count == fields.count else { throw RuleError.fieldsMismatch(rule: name) }
        var rule = Self()
        try rule.write(Array(zip(values.indices, values)))
        return rule
    }

    /// A copy with the fields at the given positions replaced. Fields a rule shares between its
    /// copies (legacy `ExpDecay`'s decaying rate) change for every copy, as Flux 0.13's
    /// mutable structs do.
    func rewritten(_ values: [(index: Int, value: RuleFieldValue)]) throws -> any TypedRule {
        var rule = self
        try rule.write(values)
        return rule
    }

    private mutating func write(_ values: [(index: Int, value: RuleFieldValue)]) throws {
        let fields = Self.fields
        for (i, v) in values {
            guard fields.indices.contains(i), fields[i].write(&self, v) else { throw RuleError.fieldsMismatch(rule: Self.name) }
        }
    }

    var fieldValues: [RuleFieldValue] { Self.fields.map { $0.read(self) } }

    func initShown(for x: Tensor) throws -> OptState { Self.shown(try initState(for: x)) }

    func applyShown(_ shown: OptState, _ x: Tensor, _ g: Tensor, owned: Bool) throws -> (OptState, Tensor?) {
        guard var s = Self.state(shown) else { throw Self.stateMismatch }
        let d = x.dtype == .float32 ? try apply(&s, x, g, owned: owned, Float.self) : try apply(&s, x, g, owned: owned, Double.self)
        var out = shown
        Self.store(s, into: &out)
        return (out, d)
    }

    func updateShown(_ shown: inout OptState, _ x: Tensor, _ g: Tensor, owned: Bool) throws {
        guard var s = Self.state(shown) else { throw Self.stateMismatch }
        if x.dtype == .float32 { try update(&s, x, g, owned: owned, Float.self) } else { try update(&s, x, g, owned: owned, Double.self) }
        Self.store(s, into: &shown)
    }

    /// The fused loop where the rule has one, else `apply!` and `x .-= Δ`.
    @inline(__always)
    private func update<F: FloatElement & SIMDScalar>(_ s: inout State, _ x: Tensor, _ g: Tensor, owned: Bool, _: F.Type) throws {
        if try fusedUpdate(&s, x, g, F.self) { return }
        guard let d = try apply(&s, x, g, owned: owned, F.self) else { return }
        Rule.subtract(x, d, F.self)
    }
}
