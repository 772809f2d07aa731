import Testing
@testable import FlxEngine

/// `MixedPrecision(T, rule)`: the member rule steps a copy in precision T, and the parameter
/// is that copy rounded to its own element type.
@Suite("MixedPrecision")
struct OptimiserMixedPrecisionTests {
    typealias H = OptimiserHarness
    let steps = 6

    func float32Gradient(_ t: Int) throws -> Tensor { try Tensor.from(H.grads(t, H.x0.count), dtype: .float32) }

    /// `MixedPrecision(precision, member)`.
    func mixed(_ precision: DType, _ member: Rule) throws -> Rule {
        try Rule(.mixedPrecision, values: [("T", .precision(precision)), ("rule", .member(member))])
    }

    /// Several steps of MixedPrecision(Float64, Adam(0.1)) on Float32 weights equal a naive Float64
    /// Adam (gradient widened to Float64, apply!'s expression order) on a copy, then rounded.
    @Test func float64AdamOnFloat32WeightsEqualsNaiveFloat64Adam() throws {
        let adam = try Rule.make(.adam, positional: [.f64(0.1)])
        let rule = try mixed(.float64, adam)
        let x = try Tensor.from(H.x0, dtype: .float32)
        var state = try Rule.initState(rule, for: x)

        let n = H.x0.count, η = 0.1, β1 = 0.9, β2 = 0.999, ϵ = 1e-8
        var copy = H.x0.map { Double(Float($0)) }, m = [Double](repeating: 0, count: n), v = m
        var p1 = β1, p2 = β2
        for t in 1...steps {
            let g = try float32Gradient(t)
            try Rule.update(rule, state: &state, x: x, g: g)
            for i in 0..<n {
                let gi = Double(g.floatValue(i))
                m[i] = β1 * m[i] + (1 - β1) * gi
                v[i] = β2 * v[i] + (1 - β2) * (gi * gi)
                copy[i] -= m[i] / (1 - p1) / ((v[i] / (1 - p2)).squareRoot() + ϵ) * η
            }
            p1 *= β1; p2 *= β2
        }
        guard case .tuple(let parts) = state, parts.count == 2, let kept = parts[0].tensor else {
            Issue.record("MixedPrecision state layout \(state)"); return
        }
        #expect(kept.dtype == .float64)
        #expect(kept.toDoubles() == copy)
        #expect((0..<n).map { x.floatValue($0) } == copy.map { Float($0) })
        #expect(parts[1].items.first?.tensor?.dtype == .float64)  // Adam's moments in T too
    }

    /// The same run equals the engine's own Adam on a Float64 copy of the weights, rounded.
    @Test func equalsAdamOnAFloat64CopyRounded() throws {
        let adam = try Rule.make(.adam, positional: [.f64(0.1)])
        let rule = try mixed(.float64, adam)
        let x = try Tensor.from(H.x0, dtype: .float32), reference = try x.converted(to: .float64)
        var state = try Rule.initState(rule, for: x), referenceState = try Rule.initState(adam, for: reference)
        for t in 1...steps {
            let g = try float32Gradient(t)
            try Rule.update(rule, state: &state, x: x, g: g)
            try Rule.update(adam, state: &referenceState, x: reference, g: try g.converted(to: .float64))
        }
        #expect((0..<x.count).map { x.floatValue($0) } == reference.toDoubles().map { Float($0) })
    }

    /// `apply!` writes x itself and returns no Δ; a member that returns `nothing` (AccumGrad
    /// still accumulating) leaves the copy, hence x, as it was.
    @Test func applyWritesInPlaceAndReturnsNoStep() throws {
        let rule = try mixed(.float64, Rule.chain([try Rule.make(.accumGrad, positional: [.int(2)]),
                                                   try Rule.make(.descent, positional: [.f64(0.5)])]))
        let x = try Tensor([1, 2] as [Float]), g = try Tensor([1, 1] as [Float])
        let s0 = try Rule.initState(rule, for: x)
        let (s1, d1) = try Rule.apply(rule, state: s0, x: x, g: g)
        #expect(d1 == nil)
        #expect((0..<2).map { x.floatValue($0) } == [1, 2])
        let (_, d2) = try Rule.apply(rule, state: s1, x: x, g: g)
        #expect(d2 == nil)
        #expect((0..<2).map { x.floatValue($0) } == [0.5, 1.5])
        #expect(g.floatValue(0) == 1)  // the caller's gradient is not overwritten
    }

    /// T is a precision field (a type parameter, not a Julia field) and the rule a member field;
    /// the kind declares that it wraps a whole chain.
    @Test func fieldsAreAPrecisionAndAMember() throws {
        let mixed = try self.mixed(.float64, try Rule.make(.adam))
        let wrapper = try #require(mixed.typed as? Rules.MixedPrecision)
        #expect(wrapper.precision == .float64 && wrapper.rule.kind == .adam)
        #expect(mixed.children.map(\.kind) == [.adam] && mixed.fields.isEmpty)
        let spec = RuleKind.mixedPrecision.spec
        #expect(spec.fields.map(\.role) == [.precision(default: .float32), .member])
        #expect(spec.wrapsWholeChain && spec.hasMembers && !spec.fields[0].role.isJuliaField)
    }

    @Test func initKeepsAFreshCopyEvenInTheSamePrecision() throws {
        let rule = try mixed(.float32, try Rule.make(.descent))
        let x = try Tensor([1, 2] as [Float])
        let state = try Rule.initState(rule, for: x)
        let copy = try #require(state.items.first?.tensor)
        #expect(copy !== x && copy.dtype == .float32)
        // A precision must be a floating-point type.
        #expect(throws: RuleError.fieldsMismatch(rule: "MixedPrecision")) { try mixed(.int64, try Rule.make(.descent)) }
        #expect(rule.kind.spec.wrapsWholeChain && !RuleKind.descent.spec.wrapsWholeChain)
    }
}
