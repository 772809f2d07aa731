import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif
import FlxEngine

/// Files and temporary paths, as Julia's Base: `tempdir`, `tempname`, `mktempdir`,
/// `isfile`, `isdir`, `rm`, `filesize`, `read(path)` / `read(path, String)` and
/// `write(path, x)`. Bytes read are a `Vector{UInt8}`, as from `take!`.
package enum FileBuiltins {
    package static var tables: [[Builtin]] {
        [fileSystem, pathFunctions]
    }

    package static func install(_ interp: Interpreter) {
        let b = interp.base
        for table in tables { b.register(table, helpInto: interp.builtinHelp) }
    }

    /// `read(path)` (bytes) and `read(path, String)`; nil when the arguments are not a path.
    package static func read(_ a: Args, _ interp: Interpreter) throws -> Value? {
        if let v = try Commands.read(a, interp) { return v }
        // `read(io, String)` and `read(io)`: what is left in an IOBuffer or open file.
        if a.count >= 1, let io = try IOBuiltins.readBuffer(a[0]) {
            let rest = Array(io.contents.utf8.dropFirst(io.readPosition))
            io.readPosition = io.contents.utf8.count
            if a.count == 2, case .type(let t) = a[1], t === BuiltinTypes.string { return .str(String(decoding: rest, as: UTF8.self)) }
            guard a.count == 1 else { return nil }
            return .array(try interp.makeVector(rest.map { FixedInt(.uint8, bits: UInt128($0)).value }, elementType: BuiltinTypes.uint8))
        }
        guard a.count >= 1, case .string(let p) = a[0] else { return nil }
        var bytes: [UInt8] = []
        try FileSystem.systemError { bytes = try FileSystem.readFile(p.value) }
        if a.count == 2, case .type(let t) = a[1], t === BuiltinTypes.string {
            return .str(String(decoding: bytes, as: UTF8.self))
        }
        guard a.count == 1 else { return nil }
        return .array(try interp.makeVector(bytes.map { FixedInt(.uint8, bits: UInt128($0)).value }, elementType: BuiltinTypes.uint8))
    }

    /// `write(path, x)`: a string's UTF-8 bytes, or a vector of byte values 0...255.
    package static func write(_ path: String, _ content: Value, _ interp: Interpreter) throws -> Value {
        var bytes: [UInt8] = []
        if case .array(let arr) = content, arr.tensor?.dtype == .int64 || arr.elementType === BuiltinTypes.uint8 {
            // Bytes: each element converted to UInt8 as Julia's `write` of a vector would need.
            for v in arr.boxedValues {
                guard let b = try FixedIntConversion.convert(v, to: .uint8).fixedInt else { throw Exceptions.inexact("convert", "UInt8", v) }
                bytes.append(UInt8(truncatingIfNeeded: b.bits))
            }
        } else {
            bytes = Array(try Display.printString(content, interp).utf8)
        }
        interp.flushOutput()  // "/dev/stdout" shows after what was printed before
        try FileSystem.systemError { try FileSystem.writeFile(path, bytes) }
        return .int(Int64(bytes.count))
    }

    package static func remove(_ path: String, force: Bool, recursive: Bool) throws {
        try FileSystem.systemError { try FileSystem.checkWritesAllowed(path) }
        var st = stat()
        guard lstat(path, &st) == 0 else {
            if force { return }
            throw Exceptions.make("SystemError", [.str("unlink(\"\(path)\"): \(errnoText())")])
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            if recursive, let entries = FileSystem.directoryEntries(path) {
                for entry in entries { try remove(path + "/" + entry.name, force: force, recursive: true) }
            }
            guard rmdir(path) == 0 else { throw Exceptions.make("SystemError", [.str("rmdir(\"\(path)\"): \(errnoText())")]) }
            return
        }
        guard unlink(path) == 0 else { throw Exceptions.make("SystemError", [.str("unlink(\"\(path)\"): \(errnoText())")]) }
    }

    package static func tempDirectory() -> String {
        for name in ["TMPDIR", "TMP", "TEMP"] {
            if let v = getenv(name), let s = Optional(String(cString: v)), !s.isEmpty {
                return s.count > 1 && s.hasSuffix("/") ? String(s.dropLast()) : s
            }
        }
        return "/tmp"
    }

    package static func errnoText() -> String { String(cString: strerror(errno)) }
}
