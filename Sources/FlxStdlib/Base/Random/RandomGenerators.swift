import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif
import FlxEngine

/// The generators themselves: making one (`Xoshiro`, `MersenneTwister`), the default one,
/// and seeding it.
extension RandomBuiltins {
    package static var randomGenerators: [Builtin] {
        [
            Builtin("Xoshiro", { _, a in .native(RNGObject(seed: a.count > 0 ? UInt64(bitPattern: asInt(a[0])) : 0)) },
                help: BuiltinHelp("Xoshiro(seed)", "A random number generator that can be seeded and passed as the first argument of `rand`, `randn`, `shuffle`.", "rng = Xoshiro(1); rand(rng, 2)")),
            Builtin("MersenneTwister", { _, a in .native(RNGObject(seed: a.count > 0 ? UInt64(bitPattern: asInt(a[0])) : 0)) },
                help: BuiltinHelp("MersenneTwister(seed)", "A seeded random number generator (in flx it gives flx's stream, not Julia's).", "rng = MersenneTwister(0); randn(rng)")),
            Builtin("default_rng", { _, _ in .native(RNGObject(seed: 0, isDefault: true)) },
                help: BuiltinHelp("Random.default_rng()", "The global random number generator used when no `rng` is passed.", "rand(Random.default_rng(), 2)")),
            Builtin("seed!", { interp, a in
                let (rng, rest) = splitRNG(a)
                let seed = rest.first.map { UInt64(bitPattern: asInt($0)) } ?? 0
                if let rng, !rng.isDefault { rng.state.reseed(seed) } else {
                    interp.random.reseed(seed)
                    RandomSeedMemory.of(interp).state = interp.random
                }
                return .nothing
            }, help: BuiltinHelp("Random.seed!(n)", "Seeds the default random generator so that later `rand`, `randn`, `shuffle` and Flux initialisers repeat. flx's stream differs from Julia's.", "Random.seed!(42); rand()")),
        ]
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
