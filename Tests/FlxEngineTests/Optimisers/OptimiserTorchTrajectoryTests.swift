import Testing
@testable import FlxEngine
#if canImport(Glibc)
import Glibc
#endif

/// The rules that flux-api.md §2.4 says equal a `torch.optim` one, run for 100 steps on
/// the harness's gradient sequence and compared with PyTorch's trajectories, recorded
/// once by `scripts/make-optimiser-fixtures` (so these tests need no Python).
@Suite("Optimisers agree with torch.optim trajectories")
struct OptimiserTorchTrajectoryTests {
    typealias H = OptimiserHarness

    static let fixture: [(rule: String, step: Int, x: [Double])] = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // This file is Tests/FlxEngineTests/Optimisers/…; the fixture is Tests/Fixtures/….
        parts.removeLast(3)
        let path = parts.joined(separator: "/") + "/Fixtures/torch_trajectories.txt"
        guard let f = fopen(path, "r") else { return [] }
        defer { fclose(f) }
        var rows: [(String, Int, [Double])] = []
        var buffer = [CChar](repeating: 0, count: 4096)
        while fgets(&buffer, Int32(buffer.count), f) != nil {
            let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if line.hasPrefix("#") { continue }
            let cols = line.split(separator: "|").map { $0.trimmingCharacters() }
            guard cols.count == 3, let step = Int(cols[1]) else { continue }
            rows.append((cols[0], step, cols[2].split(separator: " ").compactMap { Double($0) }))
        }
        return rows
    }()

    func rule(_ name: String) throws -> Rule {
        switch name {
        case "descent eta=0.1": return try Rule.make(.descent, positional: [.f64(0.1)])
        case "momentum eta=0.05 rho=0.8": return try Rule.make(.momentum, positional: [.f64(0.05), .f64(0.8)])
        case "nesterov eta=0.01 rho=0.9": return try Rule.make(.nesterov, positional: [.f64(0.01), .f64(0.9)])
        case "rmsprop eta=0.01 rho=0.9 epsilon=1e-8": return try Rule.make(.rmsprop, positional: [.f64(0.01), .f64(0.9), .f64(1e-8)])
        case "rmsprop-centred eta=0.01 rho=0.9 epsilon=1e-8":
            return try Rule.make(.rmsprop, positional: [.f64(0.01), .f64(0.9), .f64(1e-8)], keywords: [("centred", .bool(true))])
        case "adam eta=0.01": return try Rule.make(.adam, positional: [.f64(0.01)])
        case "adamw eta=0.01 lambda=0.1": return try Rule.make(.adamw, positional: [.f64(0.01), .pair(.f64(0.9), .f64(0.999)), .f64(0.1)])
        case "adadelta rho=0.9 epsilon=1e-6": return try Rule.make(.adadelta, positional: [.f64(0.9), .f64(1e-6)])
        case "rprop eta=0.01": return try Rule.make(.rprop, positional: [.f64(0.01)])
        case "weightdecay-descent lambda=0.01 eta=0.1":
            return Rule.chain([try Rule.make(.weightDecay, positional: [.f64(0.01)]), try Rule.make(.descent, positional: [.f64(0.1)])])
        default: throw EngineError.argument("unknown fixture rule \(name)")
        }
    }

    static var ruleNames: [String] { Array(Set(fixture.map { $0.rule })).sorted() }

    @Test func fixtureIsPresent() {
        #expect(OptimiserTorchTrajectoryTests.fixture.count == 50)
    }

    @Test("Float64 trajectory matches PyTorch to 1e-10", arguments: ruleNames)
    func float64MatchesTorch(_ name: String) throws {
        let r = try rule(name)
        for row in OptimiserTorchTrajectoryTests.fixture where row.rule == name {
            let x = try H.runUpdate(r, steps: row.step)
            #expect(H.close(x, row.x, rel: 1e-10), "\(name) step \(row.step): \(x) vs torch \(row.x)")
        }
    }

    @Test("Float32 trajectory stays within 1e-5 of PyTorch's Float64 one", arguments: ruleNames)
    func float32StaysClose(_ name: String) throws {
        let r = try rule(name)
        for row in OptimiserTorchTrajectoryTests.fixture where row.rule == name {
            let x = try H.runUpdate(r, steps: row.step, dtype: .float32)
            #expect(H.close(x, row.x, rel: 1e-5), "\(name) step \(row.step) in Float32: \(x) vs torch \(row.x)")
        }
    }
}

private extension Substring {
    func trimmingCharacters() -> String {
        String(self.drop { $0 == " " || $0 == "\n" }.reversed().drop { $0 == " " || $0 == "\n" }.reversed())
    }
}
