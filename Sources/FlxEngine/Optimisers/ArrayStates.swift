/// The states that are one or two arrays shaped like the parameter, updated in place:
/// Julia's value is the array itself (Momentum's velocity `v`) or the tuple of the two
/// (AdaDelta's `(acc, Δacc)`).
struct ArrayState: InPlaceState { let array: Tensor }

struct ArrayPairState: InPlaceState { let first: Tensor, second: Tensor }

extension TypedRule where State == ArrayState {
    static func shown(_ state: ArrayState) -> OptState { .tensor(state.array) }
    static func state(_ shown: OptState) -> ArrayState? { shown.tensor.map(ArrayState.init) }
}

extension TypedRule where State == ArrayPairState {
    static func shown(_ state: ArrayPairState) -> OptState { .tuple([.tensor(state.first), .tensor(state.second)]) }
    static func state(_ shown: OptState) -> ArrayPairState? {
        let s = shown.items
        guard s.count == 2, let first = s[0].tensor, let second = s[1].tensor else { return nil }
        return ArrayPairState(first: first, second: second)
    }
}
