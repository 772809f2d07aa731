import FlxSyntax
import FlxCore
import FlxEngine

/// The generators themselves: making one (`Xoshiro`, `MersenneTwister`), the default one,
/// copying and seeding them.
extension RandomBuiltins {
    package static var randomGenerators: [Builtin] {
        [
            Builtin("Xoshiro", { interp, a in
                try a.expect("Xoshiro", 0...4)
                if a.count == 4 {
                    let w = try a.values.map { v -> UInt64 in
                        guard let f = v.fixedInt, !f.isNegative, f.bits <= UInt128(UInt64.max) else { throw Exceptions.method(.str("Xoshiro"), a.values) }
                        return UInt64(truncatingIfNeeded: f.bits)
                    }
                    return .native(RNGObject(state: Xoshiro(s0: w[0], s1: w[1], s2: w[2], s3: w[3])))
                }
                return .native(RNGObject(state: try seededState(a.values.first, "Xoshiro")))
            }, help: BuiltinHelp("Xoshiro(seed)", "Julia's default generator (Xoshiro256++), seeded as Julia 1.10 seeds it, so a seed gives Julia's numbers. Pass it as the first argument of `rand`, `randn`, `shuffle`; `Xoshiro()` seeds from system entropy.", "rng = Xoshiro(1234); rand(rng, 2)")),
            Builtin("MersenneTwister", { interp, a in
                try a.expect("MersenneTwister", 0...1)
                let state = try seededState(a.values.first, "MersenneTwister")
                let seed = a.values.first?.fixedInt.map { UInt64(truncatingIfNeeded: $0.bits) }
                return .native(RNGObject(state: state, mersenneSeed: seed ?? 0))
            }, help: BuiltinHelp("MersenneTwister(seed)", "A seeded random number generator. flx has no dSFMT: it draws a Xoshiro stream from the same seed, so its numbers differ from Julia's MersenneTwister.", "rng = MersenneTwister(0); randn(rng)")),
            Builtin("default_rng", { _, a in
                try a.expect("default_rng", 0...1)
                return .native(RNGObject(state: Xoshiro(s0: 0, s1: 0, s2: 0, s3: 0), isDefault: true))
            }, help: BuiltinHelp("Random.default_rng()", "The session's random number generator (Julia's `TaskLocalRNG`), used when no `rng` is passed.", "rand(Random.default_rng(), 2)")),
            Builtin("TaskLocalRNG", { _, a in
                try a.expect("TaskLocalRNG", 0...0)
                return .native(RNGObject(state: Xoshiro(s0: 0, s1: 0, s2: 0, s3: 0), isDefault: true))
            }, help: BuiltinHelp("Random.TaskLocalRNG()", "The session's random number generator, as `Random.default_rng()` returns it.", "rand(Random.TaskLocalRNG())")),
            Builtin("seed!", { interp, a in
                let (rng, rest) = splitRNG(a)
                guard rest.count <= 1 else { throw Exceptions.method(.str("seed!"), a.values) }
                let state = try seededState(rest.first, "seed!")
                if let rng, !rng.isDefault {
                    rng.state = state
                    return .native(rng)
                }
                seedDefault(interp, state)
                return .native(RNGObject(state: state, isDefault: true))
            }, help: BuiltinHelp("Random.seed!([rng], seed)", "Seeds the default generator (or `rng`) as Julia 1.10 does, so that later `rand`, `randn`, `shuffle` and Flux's initialisers give Julia's numbers; without a seed, from system entropy.", "Random.seed!(42); rand()")),
            Builtin("copy!", { interp, a in
                try a.expect("copy!", 2...2)
                guard case .native(let dst as RNGObject) = a[0], case .native(let src as RNGObject) = a[1] else { throw Exceptions.method(.str("copy!"), a.values) }
                let state = withGenerator(src, interp) { $0 }
                withGenerator(dst, interp) { $0 = state }
                return a[0]
            }, help: BuiltinHelp("copy!(dst::AbstractRNG, src::AbstractRNG)", "Sets generator `dst` to `src`'s state (`copy!(Random.default_rng(), saved)` restores a saved state).", "saved = copy(Random.default_rng()); rand(); copy!(Random.default_rng(), saved)")),
        ]
    }

    /// The state a seed gives, as Julia 1.10's `seed!` derives it: nothing (or no seed) →
    /// system entropy; a non-negative integer → the SHA-256 of its 32-bit words; a vector of
    /// UInt32 or UInt64 → the SHA-256 of its bytes. A negative integer is Julia's DomainError.
    package static func seededState(_ seed: Value?, _ name: String) throws -> Xoshiro {
        guard let seed, !seed.isNothing else { return Xoshiro.fromEntropy() }
        if let f = seed.fixedInt {
            if f.isNegative { throw Exceptions.domain(seed, "`n` must be non-negative.") }
            return Xoshiro(seed128: f.bits)
        }
        if case .array(let arr) = seed, arr.rank == 1 {
            let kinds = arr.boxedValues.compactMap { $0.fixedInt?.kind }
            if kinds.count == arr.count, let kind = kinds.first, kinds.allSatisfy({ $0 == kind }) {
                let bits = arr.boxedValues.compactMap { $0.fixedInt?.bits }
                if kind == .uint32 { return Xoshiro(seedWords32: bits.map { UInt32(truncatingIfNeeded: $0) }) }
                if kind == .uint64 { return Xoshiro(seedWords: bits.map { UInt64(truncatingIfNeeded: $0) }) }
            }
        }
        throw Exceptions.method(.str(name), [seed])
    }

    /// `copy(rng)`: a new Xoshiro in the same state (for the default generator, its current state).
    package static func copyGenerator(_ rng: RNGObject, _ interp: Interpreter) -> RNGObject {
        RNGObject(state: withGenerator(rng, interp) { $0 }, mersenneSeed: rng.mersenneSeed)
    }
}

/// The default generator's state as the last `Random.seed!` left it (at first, as the
/// session began): Julia's task-local seed, which each `@testset` starts from.
package final class RandomSeedMemory {
    package var state: RandomState
    private init(_ state: RandomState) { self.state = state }

    /// The session's memory (`RandomBuiltins.install` makes it from the initial state).
    package static func of(_ interp: Interpreter) -> RandomSeedMemory {
        if let m = interp.extensions[key] as? RandomSeedMemory { return m }
        let m = RandomSeedMemory(interp.random)
        interp.extensions[key] = m
        return m
    }

    private static let key = "Random.seed"
}
