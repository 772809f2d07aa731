import FlxCore

/// One method of a generic function, as `for m in methods(f)` and `first(methods(f))`
/// give it (Julia's `Method`): it shows as the method list's line does, and answers
/// `m.sig` (`Tuple{typeof(f), Float64, Float64}`), `m.name` and `m.nargs`.
final class MethodObject: NativeObject, NativeShowable, NativeFields {
    let method: Method
    let function: GenericFunction
    init(_ method: Method, of function: GenericFunction) {
        self.method = method
        self.function = function
    }
    static let type = FlxType(name: "Method", supertype: BuiltinTypes.any)
    override var flxType: FlxType { MethodObject.type }

    func show(_ interp: Interpreter, compact: Bool) throws -> String {
        MethodListObject.describe(method, name: function.name)
    }
    func display(_ interp: Interpreter) throws -> String? { nil }

    func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "sig":
            var parameters: [FlxType.Parameter] = [.type(function.singletonType)] + method.signature.map { .type($0) }
            if let v = method.vararg { parameters.append(.type(BuiltinTypes.vararg.instantiate([.type(v)]))) }
            return .type(BuiltinTypes.tuple.instantiate(parameters))
        case "name": return .sym(function.name)
        // Julia counts the function itself as the first argument.
        case "nargs": return .int(Int64(method.signature.count + (method.vararg == nil ? 1 : 2)))
        default: return nil
        }
    }
    func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
}
