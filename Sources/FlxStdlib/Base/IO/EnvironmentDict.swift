import FlxSyntax
import FlxCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Julia's `ENV`: the one `Base.EnvDict`, a dictionary view of the process environment.
/// Nothing is cached: every read asks `getenv`/`environ` and every write goes through
/// `setenv`/`unsetenv`, so a value set here is what `run` gives a child process (it passes
/// `environ`) and what the next read sees, as in Julia.
package final class EnvDictObject: NativeObject, NativeIndexable, NativeIterable, NativeShowable {
    package override var indexable: NativeIndexable? { self }
    nonisolated(unsafe) package static let shared = EnvDictObject()
    package static let type = FlxType(name: "Base.EnvDict", supertype: BuiltinTypes.abstractDict)
    package override var flxType: FlxType { EnvDictObject.type }

    /// getenv and setenv are not safe against each other on other threads; test sessions
    /// in one process may touch the environment at once, so flx's own uses take turns.
    private static let lock = Mutex<Int>(0)

    // MARK: the environment

    package static func value(_ name: String) -> String? {
        lock.withLock { _ in getenv(name).map { String(cString: $0) } }
    }

    /// `ENV[k] = v`: Julia stores `string(v)`; a name with `=` or NUL is setenv's EINVAL.
    package static func set(_ name: String, _ value: String) throws {
        let rc: Int32 = lock.withLock { _ in
            if name.isEmpty || name.contains("=") || name.utf8.contains(0) || value.utf8.contains(0) { return EINVAL }
            return setenv(name, value, 1) == 0 ? 0 : errno
        }
        if rc != 0 { throw Exceptions.make("SystemError", [.str("setenv"), .int(Int64(rc))]) }
    }

    package static func remove(_ name: String) throws {
        let rc: Int32 = lock.withLock { _ in
            if name.isEmpty || name.contains("=") || name.utf8.contains(0) { return EINVAL }
            return unsetenv(name) == 0 ? 0 : errno
        }
        if rc != 0 { throw Exceptions.make("SystemError", [.str("unsetenv"), .int(Int64(rc))]) }
    }

    /// The variables in `environ`'s order (the order Julia's `iterate(::EnvDict)` walks),
    /// each split at its first `=`.
    package static var entries: [(key: String, value: String)] {
        lock.withLock { _ in
            var out: [(key: String, value: String)] = []
            var p: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = environ
            while let entry = p.pointee {
                let text = String(cString: entry)
                if let eq = text.firstIndex(of: "=") {
                    out.append((String(text[..<eq]), String(text[text.index(after: eq)...])))
                }
                p += 1
            }
            return out
        }
    }

    // MARK: protocols

    /// Keys must be strings: `ENV[1]` is a MethodError, as Julia's methods take `AbstractString`.
    static func key(_ k: Value, _ function: String, _ args: [Value]) throws -> String {
        guard case .string(let s) = k else { throw Exceptions.method(.str(function), args) }
        return s.value
    }

    package func getIndex(_ indices: [Value], _ interp: Interpreter) throws -> Value {
        guard indices.count == 1 else { throw Exceptions.method(.str("getindex"), [.native(self)] + indices) }
        let k = try Self.key(indices[0], "getindex", [.native(self)] + indices)
        guard let v = Self.value(k) else { throw Exceptions.key(indices[0]) }
        return .str(v)
    }

    package func setIndex(_ indices: [Value], _ value: Value, _ interp: Interpreter) throws {
        guard indices.count == 1 else { throw Exceptions.method(.str("setindex!"), [.native(self), value] + indices) }
        let k = try Self.key(indices[0], "setindex!", [.native(self), value] + indices)
        try Self.set(k, try Display.printString(value, interp))
    }

    package var iterationLength: Int? { Self.entries.count }

    package func makeIterator(_ interp: Interpreter) throws -> ValueIterator {
        ListIterator(Self.entries.map { .pair(PairValue(.str($0.key), .str($0.value))) })
    }

    /// `show(io, ::EnvDict)`: one `NAME=value` line per variable.
    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        Self.entries.map { $0.key + "=" + $0.value + "\n" }.joined()
    }

    /// The text/plain display is AbstractDict's: a summary line, then the pairs.
    package func display(_ interp: Interpreter) throws -> String? {
        let es = Self.entries
        let summary = "Base.EnvDict with \(es.count) entr\(es.count == 1 ? "y" : "ies")"
        return try DictDisplay.display(summary: summary, keys: es.map { .str($0.key) }, values: es.map { .str($0.value) },
                                       keyType: BuiltinTypes.string, valueType: BuiltinTypes.string, interp)
    }
}
