import Testing
@testable import FlxEngine

/// `DistributedOptimizer(backend, rule)`: the gradient is replaced by its average over the
/// processes (here a stand-in averager that knows the other process's gradient), then `rule`
/// steps; state and result are the inner rule's on the averaged gradient.
@Suite("Distributed optimiser")
struct OptimiserDistributedTests {
    /// Averages with a fixed "other rank" gradient, the way MPI's sum / 2 would.
    final class TwoRankAverager: GradientAverager {
        let other: [Float]
        var calls = 0
        init(other: [Float]) { self.other = other }
        func average(_ gradients: [Tensor]) throws {
            calls += 1
            for g in gradients {
                try g.withUnsafeMutableBufferPointer(as: Float.self) { p in
                    for i in 0..<p.count { p[i] = (p[i] + other[i]) / 2 }
                }
            }
        }
    }

    func floats(_ t: Tensor) -> [Float] { (0..<t.count).map { t.floatValue($0) } }

    @Test func averagesThenAppliesTheInnerRule() throws {
        let inner = try Rule.make(.adam, positional: [.f64(0.01)])
        let averager = TwoRankAverager(other: [0.5, -1.5, 2.0])
        let rule = Rule.distributed(inner, averager: averager)
        let x = try Tensor([1, 2, 3] as [Float]), xr = try Tensor([1, 2, 3] as [Float])
        var s = try Rule.initState(rule, for: x), sr = try Rule.initState(inner, for: xr)
        for step in 1...5 {
            let g: [Float] = [0.1 * Float(step), -0.2, 0.3]
            let gt = try Tensor(g)
            try Rule.update(rule, state: &s, x: x, g: gt)
            // Flux's allreduce! overwrites the gradient with the average.
            #expect(floats(gt) == zip(g, averager.other).map { ($0 + $1) / 2 })
            try Rule.update(inner, state: &sr, x: xr, g: try Tensor(zip(g, averager.other).map { ($0 + $1) / 2 }))
            #expect(floats(x) == floats(xr))
        }
        #expect(averager.calls == 5)
        #expect(rule.distributedParts?.opt.kind == .adam)
        #expect(inner.distributedParts == nil)
    }

    @Test func stateIsTheInnerRulesState() throws {
        let inner = try Rule.make(.momentum)
        let rule = Rule.distributed(inner, averager: TwoRankAverager(other: [0, 0]))
        let x = try Tensor([1, 2] as [Float])
        guard case .tensor(let v) = try Rule.initState(rule, for: x) else { Issue.record("Momentum keeps a velocity"); return }
        #expect(v.shape == x.shape && v.dtype == .float32)
    }
}
