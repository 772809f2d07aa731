/// Which rule a `Rule` is: a handle on its typed struct (one file under `Rules/`, which also
/// declares the handle, e.g. `RuleKind.adam`). The language's optimiser registry lists the
/// kinds it offers; the engine keeps no list of its own.
// Unchecked: it holds only a metatype.
public struct RuleKind: Hashable, @unchecked Sendable, CustomStringConvertible {
    let type: any TypedRule.Type

    init(_ type: any TypedRule.Type) { self.type = type }

    public static func == (a: RuleKind, b: RuleKind) -> Bool { ObjectIdentifier(a.type) == ObjectIdentifier(b.type) }
    public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(type)) }

    public var isLegacy: Bool { type.isLegacy }
    /// The struct's Swift name (`Adam`, `LegacyAdamW`), for messages and test output.
    public var description: String { "\(type)" }
}

/// An optimisation rule as the language holds it: one typed rule (a struct from `Rules/`)
/// behind a type-erased box, read and built through its fields' declarations.
public struct Rule {
    let typed: any TypedRule

    init(_ typed: any TypedRule) { self.typed = typed }

    public var kind: RuleKind { RuleKind(type(of: typed)) }
    /// Julia's type name ("Adam", "OptimiserChain", legacy "Optimiser").
    public var name: String { type(of: typed).name }

    /// Every field in Julia's order with its spec (precision fields included).
    public var fieldValues: [(spec: RuleFieldSpec, value: RuleFieldValue)] {
        Array(zip(kind.spec.fields, typed.fieldValues))
    }

    /// The hyper-parameters (number, pair and Bool fields) in Julia's order with Julia's names
    /// (`ExpDecay`'s eta is its current, decayed value).
    public var fields: [(name: String, value: HyperValue)] {
        fieldValues.compactMap { f in if case .hyper(let h) = f.value { return (f.spec.name, h) } else { return nil } }
    }

    /// The member rules, in field order (a chain's rules, a wrapper's rule).
    public var children: [Rule] {
        typed.fieldValues.flatMap { v -> [Rule] in
            switch v {
            case .member(let r): return [r]
            case .members(let rs): return rs
            case .hyper, .precision: return []
            }
        }
    }

    /// `getfield(rule, name)` of a hyper-parameter; nil for a name the rule has no such field of.
    public func field(_ name: String) -> HyperValue? { fields.first { $0.name == name }?.value }
}

// MARK: - Construction

extension Rule {
    /// A rule of `kind` with its fields in Julia's order, already converted as the Julia
    /// constructor converts them (the language does that: see FlxLang's OptimiserConstruction).
    public init(_ kind: RuleKind, values: [(name: String, value: RuleFieldValue)]) throws {
        let spec = kind.spec
        guard values.map(\.name) == spec.fields.map(\.name) else { throw RuleError.fieldsMismatch(rule: spec.name) }
        self.init(try kind.type.built(from: values.map(\.value)))
    }

    /// A rule of a kind whose fields are all hyper-parameters.
    public init(_ kind: RuleKind, fields: [(name: String, value: HyperValue)]) throws {
        try self.init(kind, values: fields.map { ($0.name, .hyper($0.value)) })
    }

    /// The same rule with its member rules replaced by `transform` of each (`adjust` recursing
    /// into a chain or a wrapper).
    public func mappingMembers(_ transform: (Rule) throws -> Rule) throws -> Rule {
        var changes: [(index: Int, value: RuleFieldValue)] = []
        for (i, v) in typed.fieldValues.enumerated() {
            switch v {
            case .member(let r): changes.append((i, .member(try transform(r))))
            case .members(let rs): changes.append((i, .members(try rs.map(transform))))
            case .hyper, .precision: break
            }
        }
        return Rule(try typed.rewritten(changes))
    }

    /// The changes given to `Optimisers.adjust` after the rule's own aliases, or a
    /// `RuleError.notAdjustable` for a field that must not change (RMSProp's `centred`).
    public func adjustableChanges(_ changes: [(String, HyperValue)]) throws -> [(String, HyperValue)] {
        try type(of: typed).adjustChanges(changes)
    }

    /// The same rule with new hyper-parameter values, as Flux 0.13's mutable legacy structs are
    /// changed in place: a legacy rule with a shared decaying rate (`ExpDecay`) sets that rate
    /// for every copy.
    public func replacingFields(_ values: [(name: String, value: HyperValue)]) throws -> Rule {
        let names = kind.spec.fields.map(\.name)
        let changes = try values.map { v -> (index: Int, value: RuleFieldValue) in
            guard let i = names.firstIndex(of: v.name) else { throw RuleError.fieldsMismatch(rule: name) }
            return (i, .hyper(v.value))
        }
        return Rule(try typed.rewritten(changes))
    }
}
