import FlxSyntax

/// Julia's `Core.TypeName`, what `T.name` is: the name shared by all the instances of a
/// type family (`typeof([1]).name.name == :Array`), with the family itself as `wrapper`.
package final class TypeNameObject: NativeObject, NativeShowable, NativeFields {
    package let type: FlxType
    package init(_ type: FlxType) { self.type = type }

    package static let typeNameType = FlxType(name: "Core.TypeName", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { TypeNameObject.typeNameType }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String { "typename(\(TypeNames.show(type)))" }
    package func display(_ interp: Interpreter) throws -> String? { nil }

    package func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "name": return .sym(type.name)
        case "wrapper": return .type(type)
        default: return nil
        }
    }
    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
}
