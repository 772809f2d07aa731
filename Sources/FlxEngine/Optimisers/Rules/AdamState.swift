/// The state the Adam family keeps for one array, `(m, v, βt)`: the two moment arrays shaped
/// like x and βt = (β₁ᵗ, β₂ᵗ), the powers the bias corrections divide by. βt is held in the
/// parameter's element type, except by Flux 0.13's AdamW, which keeps it in Float64.
struct AdamState {
    let m: Tensor, v: Tensor
    /// β₁ᵗ and β₂ᵗ, exact images of the values of the type they are shown in.
    var βt: (Double, Double)
    /// Whether βt is shown as Float32s.
    let βtInFloat32: Bool

    /// The initial state `(m = 0, v = 0, βt = T.(β))`.
    init(zerosLike x: Tensor, beta: (Double, Double), keepingβtInFloat64: Bool = false) throws {
        m = try Rule.zeros(like: x)
        v = try Rule.zeros(like: x)
        βtInFloat32 = !keepingβtInFloat64 && x.dtype == .float32
        βt = βtInFloat32 ? (Double(Float(beta.0)), Double(Float(beta.1))) : beta
    }

    /// The state read from Julia's value `(m, v, (β₁ᵗ, β₂ᵗ))`, given as its three members.
    init?(_ items: ArraySlice<OptState>, keepingβtInFloat64: Bool = false) {
        guard items.count == 3, case .tensor(let m) = items[items.startIndex], case .tensor(let v) = items[items.startIndex + 1],
              case .tuple(let p) = items[items.startIndex + 2], p.count == 2,
              case .real(let a, _) = p[0], case .real(let b, _) = p[1] else { return nil }
        self.m = m
        self.v = v
        βt = (a, b)
        βtInFloat32 = !keepingβtInFloat64 && m.dtype == .float32
    }

    /// The state and the fourth member of `(m, v, βt, extra)`, Julia's value for the members
    /// that keep one more thing (RAdam's step count, OAdam's previous term).
    static func withExtra(_ shown: OptState) -> (AdamState, OptState)? {
        let s = shown.items
        guard s.count == 4, let moments = AdamState(s[0..<3]) else { return nil }
        return (moments, s[3])
    }

    /// Julia's value's three members.
    var items: [OptState] { [.tensor(m), .tensor(v), powers] }

    private var powers: OptState { .tuple([.real(βt.0, float32: βtInFloat32), .real(βt.1, float32: βtInFloat32)]) }

    /// Writes this state into `shown`, which it was read from: the βt tuple is rewritten in place
    /// (dropping the other references to the tuples first, so that when the caller holds the only
    /// copy of the state, as a Leaf does, nothing is allocated).
    func store(into shown: inout OptState) {
        guard case .tuple(var items) = shown, items.count == 3, case .tuple(var p) = items[2], p.count == 2 else {
            shown = .tuple(self.items)
            return
        }
        shown = .nothing
        items[2] = .nothing
        p[0] = .real(βt.0, float32: βtInFloat32)
        p[1] = .real(βt.1, float32: βtInFloat32)
        items[0] = .tensor(m)
        items[1] = .tensor(v)
        items[2] = .tuple(p)
        shown = .tuple(items)
    }
}

/// Rules whose state is exactly `(m, v, βt)` (Adam, AdamW, NAdam, AdaMax, AdaBelief).
extension TypedRule where State == AdamState {
    static func shown(_ state: AdamState) -> OptState { .tuple(state.items) }
    static func state(_ shown: OptState) -> AdamState? { AdamState(shown.items[...]) }
    static func store(_ state: AdamState, into shown: inout OptState) { state.store(into: &shown) }
}
