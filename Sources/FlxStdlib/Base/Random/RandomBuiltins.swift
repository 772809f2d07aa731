import FlxSyntax
import FlxCore
import FlxEngine

/// An explicit generator object (`Xoshiro(1)`, `MersenneTwister(1)`, `copy(rng)`), or the
/// handle `default_rng()` returns (`isDefault`), which stands for the session's own generator.
package final class RNGObject: NativeObject, NativeShowable {
    package var state: Xoshiro
    package let isDefault: Bool
    /// Set for `MersenneTwister(seed)`: flx has no dSFMT, so it runs a Xoshiro stream under that name.
    package let mersenneSeed: UInt64?
    package init(state: Xoshiro, isDefault: Bool = false, mersenneSeed: UInt64? = nil) {
        self.state = state
        self.isDefault = isDefault
        self.mersenneSeed = mersenneSeed
    }
    package static let abstractType = FlxType(name: "AbstractRNG", kind: .abstract, supertype: BuiltinTypes.any)
    package static let type = FlxType(name: "Xoshiro", supertype: abstractType)
    package static let taskLocalType = FlxType(name: "TaskLocalRNG", supertype: abstractType)
    package static let mersenneType = FlxType(name: "MersenneTwister", supertype: abstractType)
    package override var flxType: FlxType { isDefault ? RNGObject.taskLocalType : mersenneSeed != nil ? RNGObject.mersenneType : RNGObject.type }
    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        if isDefault { return "Random.TaskLocalRNG()" }
        if let seed = mersenneSeed { return "MersenneTwister(\(seed))" }
        // Julia 1.10 shows a Xoshiro by its four state words, as 16-digit hex.
        let words = [state.s0, state.s1, state.s2, state.s3].map { "0x" + String(("0000000000000000" + String($0, radix: 16)).suffix(16)) }
        return "Xoshiro(" + words.joined(separator: ", ") + ")"
    }
    package func display(_ interp: Interpreter) throws -> String? { nil }
}

package enum RandomBuiltins {
    package static var tables: [[Builtin]] {
        [randomSampling, randomArrays, randomGenerators, [randomSubsequence]]
    }

    package static func install(_ interp: Interpreter) {
        let b = interp.base
        for table in tables { b.register(table, helpInto: interp.builtinHelp) }
        _ = RandomSeedMemory.of(interp)
    }

    /// The generator argument, if the call begins with one, and the other arguments.
    package static func splitRNG(_ a: Args) -> (RNGObject?, [Value]) {
        if a.count >= 1, case .native(let r as RNGObject) = a[0] { return (r, Array(a.values.dropFirst())) }
        return (nil, a.values)
    }

    /// Runs `body` on the generator `rng` names: its own state, or the session's for the
    /// default generator (or none given).
    package static func withGenerator<T>(_ rng: RNGObject?, _ interp: Interpreter, _ body: (inout Xoshiro) throws -> T) rethrows -> T {
        if let rng, !rng.isDefault { return try body(&rng.state) }
        return try body(&interp.random)
    }

    /// Julia's `shuffle!` order (misc.jl): element i (from 2 up) trades places with a
    /// random element at or before it.
    package static func shuffle<T>(_ items: inout [T], _ rng: RNGObject?, _ interp: Interpreter) {
        withGenerator(rng, interp) { g in
            g.shuffleSwaps(count: items.count) { i, j in items.swapAt(i - 1, j - 1) }
        }
    }

    /// `Random.seed!(n)` on the session's generator, remembered as the state each `@testset`
    /// starts from (Julia's `GLOBAL_SEED`).
    package static func seedDefault(_ interp: Interpreter, _ state: Xoshiro) {
        interp.random = state
        RandomSeedMemory.of(interp).state = state
    }
}

/// `a == b` for generators compares their states, as Julia's `==(::Xoshiro, ::Xoshiro)`
/// (and `Xoshiro == TaskLocalRNG`, which reads the session's state).
extension RNGObject: NativeEquality {
    package func isEqual(to other: NativeObject, _ interp: Interpreter) throws -> Bool {
        guard let other = other as? RNGObject else { return false }
        let mine = RandomBuiltins.withGenerator(self, interp) { $0 }
        return mine == RandomBuiltins.withGenerator(other, interp) { $0 }
    }
}
