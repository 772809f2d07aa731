import FlxEngine

/// The session's default generator (Julia's `TaskLocalRNG`): Xoshiro256++ with Julia 1.10's
/// seeding and sampling (`FlxEngine/Random/`), so a seeded script prints Julia's numbers.
/// A session starts from system entropy, as Julia does.
public typealias RandomState = Xoshiro
