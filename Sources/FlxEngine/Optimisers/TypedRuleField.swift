/// A field's value in any role, as the language gives it to `Rule(kind, values:)` and reads it
/// back from `Rule.fieldValues`.
public enum RuleFieldValue {
    case hyper(HyperValue)
    case precision(DType)
    case member(Rule)
    case members([Rule])
}

/// One of Julia's fields of a typed rule: its spec (name, role, default, conversion) and the key
/// path of the property holding it, so a rule's fields are declared once and read and written
/// by name (`getfield`, `adjust`, the constructors, `show`) without a switch per rule. A field's
/// default is the property's initial value in the rule's `init()`.
// Unchecked: immutable, and its closures capture only a key path.
// R is unconstrained on purpose: a constraint would make the first use of each rule's
// `[TypedRuleField<Rule>]` look up `Rule: TypedRule` in the process's conformance tables,
// about 180k instructions per rule kind at every start (24 kinds: 12 % of `flx -e 1`).
// Only the factories below need `R()`.
struct TypedRuleField<R>: @unchecked Sendable {
    let spec: RuleFieldSpec
    let read: (R) -> RuleFieldValue
    let write: (inout R, RuleFieldValue) -> Bool
}

extension TypedRuleField where R: TypedRule {

    /// A number kept with the type given (`eta`, `rho`, ...); `.float` applies Julia's `float`.
    static func number(_ name: String, _ path: WritableKeyPath<R, RuleNumber>, _ conversion: RuleConversion = .float,
                       required: Bool = false) -> TypedRuleField {
        field(name, path, .hyper, conversion, required: required)
    }

    /// A pair of numbers (`beta`, `ell`, `gamma`).
    static func pair(_ name: String, _ path: WritableKeyPath<R, RulePair>, _ conversion: RuleConversion = .floatPair) -> TypedRuleField {
        field(name, path, .hyper, conversion, required: false)
    }

    /// A `::Bool` field (`centred`, `couple`, `throw`).
    static func flag(_ name: String, _ path: WritableKeyPath<R, Bool>) -> TypedRuleField {
        field(name, path, .hyper, .bool, required: false)
    }

    /// An integer (`AccumGrad`'s `n`, `ExpDecay`'s `step` and `start`).
    static func integer(_ name: String, _ path: WritableKeyPath<R, Int>, _ conversion: RuleConversion = .integer,
                        required: Bool = false) -> TypedRuleField {
        field(name, path, .hyper, conversion, required: required)
    }

    /// A value kept exactly as given, whatever it is: a field whose Julia type is an unconstrained
    /// parameter (AdamW's `beta`, the legacy rules' untyped `thresh`, `wd`, `decay`).
    static func asGiven(_ name: String, _ path: WritableKeyPath<R, HyperValue>, required: Bool = false) -> TypedRuleField {
        field(name, path, .hyper, .keep, required: required)
    }

    /// The element type a rule keeps its copies in (MixedPrecision's `T`).
    static func precision(_ name: String, _ path: WritableKeyPath<R, DType>) -> TypedRuleField {
        field(name, path, .precision(default: R()[keyPath: path]), .keep, required: false)
    }

    /// One member rule (MixedPrecision's `rule`).
    static func member(_ name: String, _ path: WritableKeyPath<R, Rule>) -> TypedRuleField {
        field(name, path, .member, .keep, required: true)
    }

    /// A list of member rules (a chain's).
    static func members(_ name: String, _ path: WritableKeyPath<R, [Rule]>) -> TypedRuleField {
        field(name, path, .members, .keep, required: true)
    }

    private static func field<V: RuleFieldStorable>(_ name: String, _ path: WritableKeyPath<R, V>, _ role: RuleFieldRole,
                                                    _ conversion: RuleConversion, required: Bool) -> TypedRuleField {
        var initial: HyperValue?
        if !required, case .hyper(let h) = R()[keyPath: path].fieldValue { initial = h }
        return TypedRuleField(spec: RuleFieldSpec(name: name, role: role, initial: initial, conversion: conversion),
                              read: { $0[keyPath: path].fieldValue },
                              write: { rule, value in
                                  guard let v = V(fieldValue: value) else { return false }
                                  rule[keyPath: path] = v
                                  return true
                              })
    }
}
