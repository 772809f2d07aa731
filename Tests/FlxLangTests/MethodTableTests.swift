import Testing
import FlxCore

/// Adding a method is O(1) amortised, with Julia's replacement of a method of the
/// same signature kept (issue 25: 40 000 methods took seconds, each add scanning all).
struct MethodTableTests {
    func method(_ types: [FlxType], vararg: FlxType? = nil, _ tag: Int) -> Method {
        Method(signature: types, vararg: vararg, body: .native { _, _ in .int(Int64(tag)) })
    }

    @Test func manyMethodsAreAddedQuickly() {
        let g = GenericFunction(name: "h", module: "Main")
        let types = (0..<40_000).map { FlxType(name: "T\($0)", supertype: BuiltinTypes.any) }
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for (i, t) in types.enumerated() { g.add(method([t], i)) }
        }
        #expect(g.methods.count == 40_000)
        // A linear scan per add took minutes in a debug build; the table takes milliseconds.
        #expect(elapsed < .seconds(5), "40 000 adds took \(elapsed)")
    }

    @Test func theSameSignatureReplacesTheMethod() {
        let g = GenericFunction(name: "h", module: "Main")
        let a = FlxType(name: "A", supertype: BuiltinTypes.any)
        let b = FlxType(name: "B", supertype: BuiltinTypes.any)
        g.add(method([a], 1))
        g.add(method([b], 2))
        let replacement = method([a], 3)
        g.add(replacement)
        #expect(g.methods.count == 2)
        #expect(g.methods.contains { $0 === replacement })
        // A vararg makes a different signature; the same vararg type replaces again.
        g.add(method([a], vararg: b, 4))
        #expect(g.methods.count == 3)
        g.add(method([a], vararg: b, 5))
        #expect(g.methods.count == 3)
    }
}
