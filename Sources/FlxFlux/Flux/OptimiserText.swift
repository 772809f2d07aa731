import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// How Julia writes optimiser rules and their hyper-parameters, from the engine's data
/// (`RuleSpec.display`, the field values); numbers go through `FloatFormat`.
extension HyperValue {
    /// `print` of the value (string interpolation): no `f0`, but tuple members are shown
    /// (`(0.9f0, 0.999f0)`), as Julia prints a tuple.
    package var printText: String {
        switch self {
        case .real(let d, let f32): return f32 ? FloatFormat.print(Float(d)) : FloatFormat.show(d)
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .pair(let a, let b): return "(\(a.showText), \(b.showText))"
        }
    }

    /// The element type a number has (Float64 for a pair, which is never a number).
    package var dtype: DType {
        switch self {
        case .real(_, let f32): return f32 ? .float32 : .float64
        case .int: return .int64
        case .bool: return .bool
        case .pair: return .float64
        }
    }

    /// `show` of the value: a Float32 with `f0`.
    package var showText: String {
        if case .real(let d, true) = self { return FloatFormat.show(Float(d), typed: true) }
        return printText
    }

    /// `show` under `:compact => true` (a `Leaf`'s rule): floats with at most 6 digits.
    package func shownText(compact: Bool) -> String {
        if compact, case .real(let d, let f32) = self { return FloatFormat.compact(d, float32: f32) }
        return showText
    }

    /// The Julia type, as a parametric struct's show writes it.
    package var juliaTypeName: String {
        switch self {
        case .real(_, let f32): return f32 ? "Float32" : "Float64"
        case .int: return "Int64"
        case .bool: return "Bool"
        case .pair(let a, let b): return "Tuple{\(a.juliaTypeName), \(b.juliaTypeName)}"
        }
    }
}

extension Rule {
    /// Julia's `show(rule)`. `compact` is the `:compact => true` context of a `Leaf`.
    package func juliaShow(compact: Bool = false) -> String {
        if let parts = distributedParts {
            // Julia's default struct show: `DistributedOptimizer{MPIBackend{MPI.Comm}}(backend, opt)`.
            let backend = (parts.averager as? MPIBackendObject)?.shownText ?? "MPIBackend{Nothing}(nothing)"
            let typeName = backend.prefix { $0 != "(" }
            return "DistributedOptimizer{\(typeName)}(\(backend), \(parts.opt.juliaShow(compact: true)))"
        }
        let values = fields.map(\.value)
        switch kind.spec.display {
        case .keywords, .keywordsUnclosed:
            let body = fields.map { "\($0.name)=\($0.value.printText)" }.joined(separator: ", ")
            return "\(name)(\(body)" + (kind.spec.display == .keywords ? ")" : "")
        case .positional(let typeParameters, let dictionary):
            let all = fieldValues
            let params = all.prefix(typeParameters).map { Rule.juliaTypeName(of: $0.value) }
            var args = all.filter { $0.spec.role.isJuliaField }.map { Rule.shownArgument($0.value, compact: compact) }
            switch dictionary {
            case .counters?: args.append("IdDict{Any, Any}()")
            case .steps?: args.append("IdDict{Any, Int64}()")
            case nil: break
            }
            return name + (params.isEmpty ? "" : "{\(params.joined(separator: ", "))}") + "(\(args.joined(separator: ", ")))"
        case .members(let legacy):
            let members = children.map { $0.juliaShow(compact: compact) }.joined(separator: ", ")
            return legacy ? "\(name)(Any[\(members)])" : "\(name)(\(members))"
        case .legacyAdamW:
            return "Optimiser(Any[Adam(\(values[0].shownText(compact: compact)), \(values[1].showText), 1.0e-8, "
                + "IdDict{Any, Any}()), WeightDecay(\(values[2].shownText(compact: compact)))])"
        }
    }

    /// An argument of Julia's default struct show. A member rule is shown as Optimisers.jl shows
    /// every AbstractRule without a show method of its own: under `:compact => true`, which
    /// the member inherits.
    private static func shownArgument(_ v: RuleFieldValue, compact: Bool) -> String {
        switch v {
        case .hyper(let h):
            if case .bool = h { return h.printText }
            return h.shownText(compact: compact)
        case .precision(let d): return TypeNames.show(ArrayValue.flxType(of: d))
        case .member(let r): return r.juliaShow(compact: true)
        case .members(let rs):
            let shown = rs.map { $0.juliaShow(compact: true) }
            return "(" + shown.joined(separator: ", ") + (shown.count == 1 ? ",)" : ")")
        }
    }

    /// The rule's concrete Julia type, as `show(typeof(rule))` writes it: one parameter per
    /// field, the field's type (`Adam{Float64, Tuple{Float64, Float64}, Float64}`; a precision
    /// field is the type itself, member rules their rules' types), except the `::Bool` fields
    /// of the hand-written structs (RMSProp's `centred`, AdamW's `couple`, ClipNorm's `throw`);
    /// Flux 0.13's legacy structs have no parameters.
    package var juliaTypeName: String {
        if kind.spec.isLegacy { return name }
        let parameters = fieldValues.filter { $0.spec.conversion != .bool }.map { Rule.juliaTypeName(of: $0.value) }
        return parameters.isEmpty ? name : "\(name){\(parameters.joined(separator: ", "))}"
    }

    /// The Julia type of a field's value (a chain's members are a `Tuple` of their types).
    private static func juliaTypeName(of v: RuleFieldValue) -> String {
        switch v {
        case .hyper(let h): return h.juliaTypeName
        case .precision(let d): return TypeNames.show(ArrayValue.flxType(of: d))
        case .member(let r): return r.juliaTypeName
        case .members(let rs): return "Tuple{\(rs.map(\.juliaTypeName).joined(separator: ", "))}"
        }
    }
}
