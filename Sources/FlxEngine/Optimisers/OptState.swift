/// Per-array optimiser state, shaped exactly like the value Optimisers.jl's
/// `init` / `apply!` keep, so the language can print it as Julia does:
/// Adam is `(m, v, (β₁ᵗ, β₂ᵗ))`, Momentum is `v`, Descent is `nothing`, a chain
/// is the tuple of its members' states.
///
/// Not `indirect`: recursion goes through the array, so `.tensor` and `.real`
/// need no heap box (the update loop builds these values on every call).
public enum OptState {
    case nothing
    case tensor(Tensor)
    /// A scalar held in the parameter's element type (`βt`, Float32 for Float32 params).
    case real(Double, float32: Bool)
    case int(Int)
    /// RMSProp's uncentred second slot is the literal `false`.
    case bool(Bool)
    case tuple([OptState])

    /// The tensor payload, if any.
    @inlinable public var tensor: Tensor? {
        if case .tensor(let t) = self { return t }
        return nil
    }

    /// The members of a tuple state (empty for other states).
    @inlinable public var items: [OptState] {
        if case .tuple(let xs) = self { return xs }
        return []
    }
}
