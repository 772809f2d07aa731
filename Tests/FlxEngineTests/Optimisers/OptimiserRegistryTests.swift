import Testing
@testable import FlxEngine

/// The rule registry: every `RuleKind` has a definition (one file in `Optimisers/Rules/`),
/// registered under its own kind.
@Suite("Optimiser rule registry")
struct OptimiserRegistryTests {
    @Test func everyRuleKindHasARegisteredDefinition() throws {
        var names = Set<String>()
        for kind in RuleKind.allCases {
            let def = kind.definition
            #expect(def.kind == kind, "\(kind) is registered with the definition of \(def.kind)")
            #expect(!def.spec.name.isEmpty, "\(kind) has no Julia name")
            names.insert("\(def)")
            // A rule built from its defaults carries the definition's name and field order.
            if def.spec.style != .chain, def.spec.fields.allSatisfy({ $0.initial != nil }) {
                let r = try Rule.make(kind)
                #expect(r.kind == kind)
                #expect(r.name == def.spec.name)
                #expect(r.fields.map(\.name) == def.spec.fields.map(\.name))
            }
        }
        // No definition type is registered for two kinds.
        #expect(names.count == RuleKind.allCases.count)
    }
}
