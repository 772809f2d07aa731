import FlxSyntax
import FlxCore

/// `methods(f)`: Julia's `MethodList`, which the REPL shows as
///
///     # 2 methods for generic function "f" from Main:
///      [1] f(x::Float64, y::Float64)
///          @ none:1
///
/// `length` counts the methods.
final class MethodListObject: NativeObject, NativeShowable, NativeIterable {
    let function: GenericFunction
    init(_ function: GenericFunction) { self.function = function }
    static let type = FlxType(name: "Base.MethodList", supertype: BuiltinTypes.any)
    override var flxType: FlxType { MethodListObject.type }

    var iterationLength: Int? { function.methods.count }

    func makeIterator(_ interp: Interpreter) throws -> ValueIterator {
        ListIterator(function.methods.map { .native(MethodObject($0, of: function)) })
    }

    /// One method as Julia's list shows it: `f(x::Float64, y)` with the file and line below.
    static func describe(_ m: Method, name: String) -> String {
        var params: [String] = []
        var location = ""
        if case .compiled(let code) = m.body {
            let positional = zip(code.paramNames, m.signature).map { (n, t) in
                (n == "_" ? "" : n) + (t === BuiltinTypes.any ? "" : "::" + TypeNames.show(t))
            }
            params = positional
            if let v = m.vararg {
                let n = code.paramNames.count > m.signature.count ? code.paramNames[m.signature.count] : ""
                params.append((n == "_" ? "" : n) + (v === BuiltinTypes.any ? "" : "::" + TypeNames.show(v)) + "...")
            }
            let keywords = code.keywordSlots.map { $0.name }
            let loc = code.span.file.location(of: code.span.start)
            location = "\n     @ \(code.span.file.name):\(loc.line)"
            return "\(name)(\(params.joined(separator: ", "))\(keywords.isEmpty ? "" : "; " + keywords.joined(separator: ", ")))" + location
        }
        params = m.signature.map { "::" + TypeNames.show($0) }
        if let v = m.vararg { params.append("::" + TypeNames.show(v) + "...") }
        return "\(name)(\(params.joined(separator: ", ")))"
    }

    func show(_ interp: Interpreter, compact: Bool) throws -> String {
        let ms = function.methods
        var s = "# \(ms.count) method\(ms.count == 1 ? "" : "s") for generic function \"\(function.name)\" from \(function.module):"
        for (i, m) in ms.enumerated() { s += "\n [\(i + 1)] " + MethodListObject.describe(m, name: function.name) }
        return s
    }

    func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }
}
