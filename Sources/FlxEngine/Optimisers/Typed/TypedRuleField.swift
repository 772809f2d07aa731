/// A numeric hyper-parameter with the Julia type it was given: `Adam(1f-3).eta` is a Float32,
/// `Descent(1)` keeps an Int (and `Descent(true)` a Bool).
public enum RuleNumber: Equatable, Sendable {
    case float32(Float), float64(Double), int(Int), bool(Bool)

    init?(_ h: HyperValue) {
        switch h {
        case .real(let d, let f32): self = f32 ? .float32(Float(d)) : .float64(d)
        case .int(let i): self = .int(i)
        case .bool(let b): self = .bool(b)
        case .pair: return nil
        }
    }

    var hyper: HyperValue {
        switch self {
        case .float32(let f): return .f32(f)
        case .float64(let d): return .f64(d)
        case .int(let i): return .int(i)
        case .bool(let b): return .bool(b)
        }
    }

    /// `T(x)` in the parameter's element type, as the rules' `ofeltype(x, ·)` does; through
    /// Double, as the untyped rules convert, so both give the same bits.
    @inline(__always) func value<F: FloatElement>(_: F.Type) -> F {
        switch self {
        case .float32(let f): return F(Double(f))
        case .float64(let d): return F(d)
        case .int(let i): return F(Double(i))
        case .bool(let b): return b ? 1 : 0
        }
    }
}

/// One of Julia's fields of a typed rule: its spec (name, default, conversion) and the key
/// path of the property holding it, so a rule's fields are declared once and read and written
/// by name (`getfield`, `adjust`, the constructors) without a switch per rule.
// Unchecked: immutable, and its closures capture only a key path.
struct TypedRuleField<R>: @unchecked Sendable {
    let spec: RuleFieldSpec
    let read: (R) -> HyperValue
    let write: (inout R, HyperValue) -> Bool

    /// A numeric field (`eta`, `rho`, ...).
    static func number(_ name: String, _ path: WritableKeyPath<R, RuleNumber>, _ initial: HyperValue?,
                       _ conversion: RuleConversion = .float) -> TypedRuleField {
        TypedRuleField(spec: RuleFieldSpec(name: name, initial: initial, conversion: conversion),
                       read: { $0[keyPath: path].hyper },
                       write: { rule, value in
                           guard let n = RuleNumber(value) else { return false }
                           rule[keyPath: path] = n
                           return true
                       })
    }
}

extension TypedRule {
    /// The typed rule holding `rule`'s field values.
    static func typed(_ rule: Rule) throws -> Self {
        var r = Self()
        for f in fields {
            guard let v = rule.field(f.spec.name), f.write(&r, v) else { throw RuleError.fieldsMismatch(rule: name) }
        }
        return r
    }

    /// The field values in Julia's order.
    var fieldValues: [(name: String, value: HyperValue)] { Self.fields.map { ($0.spec.name, $0.read(self)) } }
}
