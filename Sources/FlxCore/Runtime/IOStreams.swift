import FlxSyntax

package protocol IOStream: AnyObject {
    func write(_ text: String, _ interp: Interpreter)
}

package final class IOBuffer: NativeObject, IOStream {
    package var contents = ""
    /// Where reading (`readline`, `read(io, String)`) continues: a byte offset into `contents`.
    package var readPosition = 0
    /// What `get(io, key, default)` finds: `:compact => true` when flx calls a user's
    /// `show` for an element of a matrix or a display (as Julia's IOContext would say).
    package var properties: [(key: String, value: Value)] = []
    package static let type = FlxType(name: "IOBuffer", supertype: BuiltinTypes.io)
    package override var flxType: FlxType { IOBuffer.type }
    package func write(_ text: String, _ interp: Interpreter) { contents += text }
    package init(_ text: String = "") { contents = text }
}

package final class StdStream: NativeObject, IOStream, NativeShowable {
    package let isError: Bool
    package init(isError: Bool) { self.isError = isError }
    package static let type = FlxType(name: "IOStream", supertype: BuiltinTypes.io)
    package override var flxType: FlxType { StdStream.type }
    package func write(_ text: String, _ interp: Interpreter) { if isError { interp.errorOutput(text) } else { interp.output(text) } }
    package func show(_ interp: Interpreter, compact: Bool) throws -> String { isError ? "Base.TTY(stderr)" : "Base.TTY(stdout)" }
    package func display(_ interp: Interpreter) throws -> String? { nil }
}

/// `MIME"text/plain"`: the argument that selects the display form of `show`.
package final class MIMEObject: NativeObject {
    package nonisolated(unsafe) static let textPlain = MIMEObject()
    package static let type = FlxType(name: "MIME{Symbol(\"text/plain\")}", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { MIMEObject.type }

    /// `MIME"text/plain"()`, `MIME("text/plain")`, or the string itself (Julia's
    /// `show(io, mime::AbstractString, x)`).
    package static func isTextPlain(_ v: Value) -> Bool {
        if case .native(let m) = v, m is MIMEObject { return true }
        if case .string(let s) = v, s.value == "text/plain" { return true }
        return false
    }
}
