import FlxSyntax
#if canImport(Glibc)
import Glibc
#endif

/// What the command line and the REPL drive: one interpreter, with errors turned
/// into Julia-style reports on the error stream.
public final class Session {
    public let interp: Interpreter
    package var replCounter = 0

    /// `libraries` installs what the session offers beyond the bare core (the later
    /// targets' `install` functions); `FlxREPL` gives the usual set.
    public init(output: @escaping (String) -> Void, errorOutput: @escaping (String) -> Void, interactive: Bool = false,
                libraries: (Interpreter) -> Void) {
        interp = Interpreter(output: output, errorOutput: errorOutput)
        libraries(interp)
        interp.interactive = interactive
    }

    public func setArguments(programFile: String, args: [String]) {
        interp.programFile = programFile
        interp.currentFileDirectory = SourceLoader.directory(of: programFile)
        interp.base.define("PROGRAM_FILE", .str(programFile))
        interp.base.define("ARGS", .array(ArrayValue(boxed: args.map { .str($0) }, shape: (try? .init([args.count])) ?? .scalar, elementType: BuiltinTypes.string)))
    }

    /// Runs a whole script. Returns the process exit status.
    public func runScript(path: String) -> Int32 {
        guard let loaded = SourceLoader.read(path) else {
            interp.errorOutput("ERROR: SystemError: opening file \(Display.stringRepr(path)): No such file or directory\n")
            return 1
        }
        switch loaded {
        case .failure(let e):
            report(e)
            return 1
        case .success(let text):
            return runText(text, name: path)
        }
    }

    /// Runs a script's raw bytes, checking they are UTF-8 as `runScript` does; the
    /// golden tests use this so invalid-UTF-8 scripts take the binary's path.
    public func runBytes(_ bytes: [UInt8], name: String) -> Int32 {
        switch SourceLoader.decode(bytes, name: name) {
        case .failure(let e):
            report(e)
            return 1
        case .success(let text):
            return runText(text, name: name)
        }
    }

    /// Runs source text as a script (also `flx -e`).
    public func runText(_ text: String, name: String) -> Int32 {
        do {
            try interp.runSource(text, name: name)
            return 0
        } catch let e as ExitRequest {
            return e.code
        } catch {
            guard let e = interp.flxError(from: error) else {
                interp.errorOutput("ERROR: \(error)\n")
                return 1
            }
            report(e)
            return e.typeName == "InterruptException" ? 130 : 1
        }
    }

    package func report(_ e: FlxError) {
        interp.errorOutput(ErrorDisplay.report(e, interp))
    }

    /// Julia's `REPL.ends_with_semicolon`: the last token, after any comment and
    /// blank lines, is `;` (so `h = zeros(2); # note` echoes nothing).
    static func endsWithSemicolon(_ file: SourceFile) -> Bool {
        guard let tokens = try? Lexer.tokenize(file) else { return file.text.trimmingWhitespace().hasSuffix(";") }
        return tokens.last { $0.kind != .newline && $0.kind != .eof }?.kind == .semicolon
    }

    public enum REPLResult {
        case incomplete
        case value(String?)
        case error
        case exit(Int32)
    }

    /// One REPL input: parses it (reporting when more lines are needed), runs it, and
    /// returns what to echo. A trailing `;` suppresses the echo. With `inputEnded` (no
    /// more lines will come: piped input reached its end) incomplete input is the
    /// ParseError it would be in a file.
    ///
    /// Each input is named `REPL[n]` at a terminal; piped input (`piped`) is named `none`,
    /// as Julia names code it reads from a non-terminal standard input.
    public func evalREPL(_ text: String, inputEnded: Bool = false, piped: Bool = false) -> REPLResult {
        replCounter += 1
        let file = SourceFile(name: piped ? "none" : "REPL[\(replCounter)]", text: text)
        let program: [Expr]
        do {
            program = try Parser.parseProgram(file)
        } catch {
            if error.incomplete && !inputEnded { replCounter -= 1; return .incomplete }
            interp.errorOutput("ERROR: " + error.render() + "\n")
            return .error
        }
        do {
            var last: Value = .nothing
            for statement in program { last = try interp.runTopLevel(statement) }
            interp.main.binding("ans").value = last
            let silent = Session.endsWithSemicolon(file)
            if silent || last.isNothing { return .value(nil) }
            return .value(try Display.displayString(last, interp, limit: true))
        } catch let e as ExitRequest {
            return .exit(e.code)
        } catch {
            if let e = interp.flxError(from: error) { report(e) } else { interp.errorOutput("ERROR: \(error)\n") }
            return .error
        }
    }
}

/// Runs `body` on a thread with a large stack, so deep flx recursion reaches the
/// interpreter's own depth limit (a StackOverflowError) long before the native limit.
/// A debug build spends about 5 KB of native stack on a plain flx call, so
/// `maxCallDepth` frames need about 500 MB of the 1 GB. Only the pages a recursion
/// touches are used; the rest is address space. Where so much cannot be had, a smaller
/// stack is tried, and at worst the calling thread's: `NativeStack.check` then stops a
/// deep recursion earlier, still as a StackOverflowError.
public func runWithLargeStack(_ body: @escaping () -> Void) {
    final class Box { let body: () -> Void; init(_ b: @escaping () -> Void) { body = b } }
    for size in [1 << 30, 256 << 20] {
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        defer { pthread_attr_destroy(&attr) }
        guard pthread_attr_setstacksize(&attr, size) == 0 else { continue }
        var thread = pthread_t()
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        let rc = pthread_create(&thread, &attr, { arg in
            guard let arg else { return nil }
            Unmanaged<Box>.fromOpaque(arg).takeRetainedValue().body()
            return nil
        }, box)
        if rc == 0 {
            pthread_join(thread, nil)
            return
        }
        Unmanaged<Box>.fromOpaque(box).release()
    }
    body()
}
