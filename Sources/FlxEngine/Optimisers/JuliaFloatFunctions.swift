/// Julia's scalar functions on floats, as the rules' formulas use them (NaN and signed zeros
/// as Julia treats them, which Swift's `max`, `min` and `sign` do not).

/// Julia `sign`: ±1, and 0 / -0 / NaN returned as they are.
@inline(__always) func jsign<F: FloatElement>(_ x: F) -> F { x < 0 ? -1 : x > 0 ? 1 : x }
/// Julia `max` on floats: NaN wins; +0 beats -0.
@inline(__always) func jmax<F: FloatElement>(_ a: F, _ b: F) -> F {
    if a.isNaN || b.isNaN { return a + b }
    if a > b { return a }
    if b > a { return b }
    return a.sign == .minus ? b : a
}
/// Julia `min` on floats: NaN wins; -0 beats +0.
@inline(__always) func jmin<F: FloatElement>(_ a: F, _ b: F) -> F {
    if a.isNaN || b.isNaN { return a + b }
    if a < b { return a }
    if b < a { return b }
    return a.sign == .minus ? a : b
}
/// Julia `clamp(x, lo, hi)`.
@inline(__always) func jclamp<F: FloatElement>(_ x: F, _ lo: F, _ hi: F) -> F { x > hi ? hi : x < lo ? lo : x }
