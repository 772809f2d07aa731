import FlxSyntax
import FlxCore
/// `IOContext(io, :limit => true, :displaysize => (rows, cols))` and `displaysize`:
/// the properties Julia's `show` reads to decide whether, and how far, to cut output.
/// Scripts use them to print exactly what the REPL would echo.
package enum IOContextBuiltins {
    package static var tables: [[Builtin]] {
        [ioContextFunctions]
    }

    package static func install(_ interp: Interpreter) {
        let b = interp.base
        b.define("IOContext", .type(IOContextObject.type))
        TypeBuiltins.setConstructor(IOContextObject.type) { interp, a in
            guard a.count >= 1, case .native(let n) = a[0], let inner = n as? IOStream else {
                throw Exceptions.method(.str("IOContext"), a.values)
            }
            let ctx = IOContextObject(inner: inner)
            if let outer = inner as? IOContextObject {
                ctx.limit = outer.limit; ctx.size = outer.size; ctx.inner = outer.inner; ctx.properties = outer.properties
            }
            for p in a.values.dropFirst() {
                guard case .pair(let pair) = p, case .symbol(let key) = pair.first else {
                    throw Exceptions.argument("IOContext properties are key => value pairs with Symbol keys")
                }
                // `get(io, key, default)` reads them back, the newest first.
                ctx.properties.insert((key.name, pair.second), at: 0)
                switch key.name {
                case "limit":
                    guard case .bool(let on) = pair.second else { throw Exceptions.argument(":limit must be a Bool") }
                    ctx.limit = on
                case "displaysize":
                    guard case .tuple(let t) = pair.second, t.items.count == 2,
                          case .int(let r) = t.items[0], case .int(let c) = t.items[1] else {
                        throw Exceptions.argument(":displaysize must be a tuple of two integers")
                    }
                    ctx.size = (DisplaySize.clamp(Int(clamping: r)), DisplaySize.clamp(Int(clamping: c)))
                default: break  // other properties (:compact, :color, ...) are accepted and ignored
                }
            }
            return .native(ctx)
        }
        for table in tables { b.register(table, helpInto: interp.builtinHelp) }
    }
}

/// An io with display properties; writes go to the wrapped stream.
package final class IOContextObject: NativeObject, IOStream, NativeShowable {
    package var inner: IOStream
    package var limit = false
    package var size: (rows: Int, cols: Int)? = nil
    /// Every `key => value` it was given (and its parent's), newest first.
    package var properties: [(key: String, value: Value)] = []
    package init(inner: IOStream) { self.inner = inner }
    package static let type = FlxType(name: "IOContext", supertype: BuiltinTypes.io)
    package override var flxType: FlxType { IOContextObject.type }
    package func write(_ text: String, _ interp: Interpreter) { inner.write(text, interp) }

    /// `displaysize(io)`: the `:displaysize` property, else the wrapped stream's size.
    package func displaySize(_ interp: Interpreter) -> (rows: Int, cols: Int) {
        if let size { return size }
        if let std = inner as? StdStream { return DisplaySize.stream(interp, error: std.isError) }
        return DisplaySize.environment()
    }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String { "IOContext(" + (inner is StdStream ? "Base.TTY" : "IOBuffer") + ")" }
    package func display(_ interp: Interpreter) throws -> String? { nil }
}
