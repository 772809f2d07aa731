import FlxSyntax
#if canImport(Glibc)
import Glibc
#endif

extension Interpreter {
    /// Compiles and runs one top-level statement in `module`.
    @discardableResult
    public func runTopLevel(_ e: Expr, in module: ModuleValue? = nil) throws -> Value {
        let compiler = Compiler(interp: self, module: module ?? main)
        let compiled: (node: Node, frameSize: Int)
        do {
            compiled = try compiler.compileTopLevel(e)
        } catch let p as ParseError {
            // What Julia's lowering refuses is its ErrorException("syntax: ..."), which
            // `try` around `eval` sees as such; only the parser's own errors are ParseErrors.
            let err = p.isLowering ? Exceptions.error(p.render()) : Exceptions.parse(p)
            err.located = true
            throw err
        }
        // Top-level code runs in the newest world (see `WorldAge`); an `eval` inside a
        // function returns to that function's world.
        let savedWorld = runningWorld, savedDepth = topLevelDepth
        runningWorld = WorldAge.latest
        topLevelDepth = callDepth
        defer {
            // Back in top-level code (an `eval` it called), the newest world; back in a
            // running function, that function's.
            runningWorld = callDepth == savedDepth ? WorldAge.latest : savedWorld
            topLevelDepth = savedDepth
        }
        let v = try withSlots(compiled.frameSize) { base in try compiled.node.eval(self, stack + base) }
        if pending != .none {
            let wasReturn = pending == .returnValue
            pending = .none
            if wasReturn {
                let r = returnValue
                returnValue = .nothing
                return r
            }
        }
        return v
    }

    /// Parses and runs a whole source text; the value of the last statement.
    @discardableResult
    public func runSource(_ text: String, name: String, in module: ModuleValue? = nil) throws -> Value {
        let file = SourceFile(name: name, text: text)
        let savedName = currentFileName
        currentFileName = name
        defer { currentFileName = savedName }
        let program: [Expr]
        do {
            program = try Parser.parseProgram(file)
        } catch {
            let err = Exceptions.parse(error)
            err.located = true
            throw err
        }
        var last: Value = .nothing
        for statement in program {
            last = try runTopLevel(statement, in: module)
        }
        return last
    }

    /// `include("file.flx")`, relative to the including file's folder.
    public func include(_ path: String) throws -> Value {
        // A file that includes itself recurses through top-level code, which uses no
        // interpreter frames; stop it as Julia does, before the native stack runs out.
        try NativeStack.check()
        guard includeDepth < Interpreter.maxIncludeDepth else {
            throw Exceptions.error("include(\(Display.stringRepr(path))): files are included more than \(Interpreter.maxIncludeDepth) levels deep; does a file include itself?")
        }
        includeDepth += 1
        defer { includeDepth -= 1 }
        let full = path.hasPrefix("/") ? path : (currentFileDirectory == "." ? path : currentFileDirectory + "/" + path)
        // fopen succeeds on a directory and reads nothing: say what is wrong instead of
        // silently including an empty file.
        var info = stat()
        if stat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw Exceptions.make("SystemError", [.str("opening file \(Display.stringRepr(path))"), .int(21)])
        }
        guard let text = SourceLoader.read(full) else {
            // Named as written in the script: the resolved path is machine specific and
            // the user finds the file by the name they typed.
            throw Exceptions.make("SystemError", [.str("opening file \(Display.stringRepr(path))"), .int(2)])
        }
        let savedDir = currentFileDirectory
        currentFileDirectory = SourceLoader.directory(of: full)
        defer { currentFileDirectory = savedDir }
        switch text {
        case .success(let source):
            // Named relative to the including file's name, as the user gave the top
            // file (messages stay short and the same on every machine).
            let slash = currentFileName.lastIndex(of: "/")
            let shown = path.hasPrefix("/") ? path : slash.map { String(currentFileName[..<$0]) + "/" + path } ?? path
            return try runSource(source, name: shown)
        case .failure(let err): throw err
        }
    }
}

/// Reads source files, rejecting invalid UTF-8 with the byte offset of the problem.
public enum SourceLoader {
    public static func read(_ path: String) -> Result<String, FlxError>? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        do { return decode(try FileSystem.readAll(f, path: path), name: path) } catch {
            return .failure(Exceptions.make("SystemError", [.str((error as? FileSystem.Failure)?.message ?? "cannot read \(path)")]))
        }
    }

    public static func decode(_ bytes: [UInt8], name: String) -> Result<String, FlxError> {
        // Editors on Windows may start a UTF-8 file with a byte-order mark; Julia skips it.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return decode(Array(bytes.dropFirst(3)), name: name) }
        if let bad = firstInvalidUTF8(bytes) {
            let file = SourceFile(name: name, text: String(decoding: bytes[0..<bad], as: UTF8.self))
            let e = ParseError("invalid UTF-8 sequence at byte offset \(bad)", at: Span(file: file, start: file.bytes.count, end: file.bytes.count))
            let err = Exceptions.parse(e)
            err.located = true
            return .failure(err)
        }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    package static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            var len = 0
            if b < 0x80 { i += 1; continue } else if b & 0xE0 == 0xC0 && b >= 0xC2 { len = 2 } else if b & 0xF0 == 0xE0 { len = 3 } else if b & 0xF8 == 0xF0 && b <= 0xF4 { len = 4 } else { return i }
            if i + len > bytes.count { return i }
            for k in 1..<len where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += len
        }
        return nil
    }

    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let d = String(path[..<slash])
        return d.isEmpty ? "/" : d
    }
}
