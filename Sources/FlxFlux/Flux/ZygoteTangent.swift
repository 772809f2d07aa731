import FlxSyntax
import FlxCore
import FlxStdlib

/// ChainRulesCore's `Tangent{P}`: the gradient of a struct (or tuple) `P` as its fields'
/// gradients, what a pullback returns for a struct argument (`Tangent{Point}(x = 2p.x, y = 0.0)`).
/// A field it leaves out has no gradient. Fields read as `t.x`; it prints as ChainRulesCore
/// prints it.
package final class TangentObject: NativeObject, NativeShowable, NativeFields {
    let primal: FlxType?
    let fields: NamedTupleValue
    private let type: FlxType

    init(primal: FlxType?, fields: NamedTupleValue) {
        self.primal = primal
        self.fields = fields
        type = primal.map { TangentObject.family.instantiate([.type($0)]) } ?? TangentObject.family
    }

    package override var flxType: FlxType { type }

    /// The tangent as the plain structure Optimisers walks: a tuple's elements as a Tuple,
    /// a struct's fields as a NamedTuple.
    var structural: Value {
        if fields.names.allSatisfy({ Int($0) != nil }) { return .tuple(fields.values) }
        return .namedTuple(fields)
    }

    static let family = FlxType(name: "Tangent", supertype: TangentMarker.abstractTangent)

    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        let head = primal.map { "Tangent{\(TypeNames.show($0))}" } ?? "Tangent{Any}"
        if fields.names.allSatisfy({ Int($0) != nil }) {
            return head + "(" + (try fields.values.map { try Display.repr($0, interp) }.joined(separator: ", ")) + ")"
        }
        return head + "(" + (try zip(fields.names, fields.values).map { "\($0) = \(try Display.repr($1, interp))" }.joined(separator: ", ")) + ")"
    }

    package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }

    package func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        guard let i = fields.names.firstIndex(of: name) else {
            // ChainRulesCore: a field the tangent does not hold is a zero.
            return primal?.fieldNames.contains(name) == true ? .native(TangentMarker.zeroTangent) : nil
        }
        return fields.values[i]
    }

    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }

    /// `Tangent{P}(; fields...)`, or `Tangent{P}(x, y)` for a tuple's elements.
    static func install(_ interp: Interpreter, _ chainRules: ModuleValue) {
        chainRules.define("Tangent", .type(family))
        interp.builtinHelp.add(BuiltinHelp("Tangent{P}(; fields...)",
            "The gradient of a struct or tuple of type `P`, field by field: what a pullback returns for such an argument. Fields left out have no gradient.",
            "ȳ -> (NoTangent(), Tangent{Point}(x = 2p.x * ȳ, y = 2p.y * ȳ))"), for: "Tangent")
        TypeBuiltins.setConstructor(family) { interp, a in
            var primal: FlxType? = nil
            if let t = interp.constructing.last, case .type(let p)? = t.parameters.first { primal = p }
            let keywords = a.keywords
            if !keywords.isEmpty {
                guard a.count == 0 else { throw Exceptions.method(.type(family), a.values) }
                if let primal, primal.isStruct {
                    for (name, _) in keywords where !primal.fieldNames.contains(name) {
                        throw Exceptions.argument("Tangent{\(TypeNames.show(primal))} has no field \(name): \(TypeNames.show(primal)) has fields \(primal.fieldNames.joined(separator: ", "))")
                    }
                }
                return .native(TangentObject(primal: primal, fields: NamedTupleValue(names: keywords.map { $0.name }, values: keywords.map { $0.value })))
            }
            let values = a.values
            return .native(TangentObject(primal: primal, fields: NamedTupleValue(names: values.indices.map { String($0 + 1) }, values: values)))
        }
    }
}
