import FlxSyntax
import FlxCore
import FlxEngine
#if canImport(Glibc)
import Glibc
#endif

/// `pipeline(cmd1, cmd2, ...)`: commands whose output feeds the next one's input, run
/// together (`Commands.execute`); `run`, `read`, `readchomp` and `success` take one as they
/// take a single command.
package final class PipelineObject: NativeObject, NativeShowable {
    package let commands: [CmdObject]
    package init(_ commands: [CmdObject]) { self.commands = commands }
    package static let type = FlxType(name: "Base.OrCmds", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { PipelineObject.type }

    /// Julia prints `pipeline(a, stdout=b)`, nesting for longer chains.
    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        var text = commands.first?.text ?? ""
        for c in commands.dropFirst() { text = "pipeline(\(text), stdout=\(c.text))" }
        return text
    }
    package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }
}

/// The processes of a finished pipeline (`run(pipeline(...))`).
package final class ProcessChainObject: NativeObject, NativeShowable {
    package let processes: [ProcessObject]
    init(_ processes: [ProcessObject]) { self.processes = processes }
    package static let type = FlxType(name: "Base.ProcessChain", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { ProcessChainObject.type }
    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        "Base.ProcessChain(Base.Process[" + (try processes.map { try $0.show(interp, compact: true) }.joined(separator: ", ")) + "], Base.DevNull(), Base.DevNull(), Base.DevNull())"
    }
    package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }
}

extension Commands {
    static func pipelineCommands(_ v: Value) -> [CmdObject]? {
        switch v {
        case .native(let c as CmdObject): return [c]
        case .native(let p as PipelineObject): return p.commands
        default: return nil
        }
    }

    /// Runs a pipeline; its output goes to flx's streams unless `capture`. A command that
    /// failed (other than one ended by SIGPIPE when a later one stopped reading, which Julia
    /// accepts) is a ProcessFailedException listing the failed processes.
    static func run(pipeline cmds: [CmdObject], _ interp: Interpreter, capture: Bool, check: Bool = true) throws -> ([ProcessObject], [UInt8]) {
        interp.flushOutput()
        let r = try execute(cmds)
        if !capture && !r.out.isEmpty { interp.output(String(decoding: r.out, as: UTF8.self)) }
        if !r.err.isEmpty { interp.errorOutput(String(decoding: r.err, as: UTF8.self)) }
        let procs = zip(cmds, r.statuses).map { ProcessObject($0, exitCode: $1.exitCode, signal: $1.signal) }
        let failed = procs.filter { !succeeded($0) && !$0.command.ignoreStatus }
        if check && !failed.isEmpty {
            throw Exceptions.make("ProcessFailedException", [.array(ArrayValue(boxed: failed.map { .native($0) }, shape: try Shape(failed.count), elementType: ProcessObject.type))])
        }
        return (procs, r.out)
    }

    static func succeeded(_ p: ProcessObject) -> Bool { p.exitCode == 0 && (p.signal == 0 || p.signal == SIGPIPE) }

    static func installPipelines(_ interp: Interpreter) {
        interp.base.register([
            Builtin("pipeline", differentiation: .constant, { _, a in
                guard a.count >= 1 else { throw Exceptions.method(.str("pipeline"), a.values) }
                let cmds = try a.values.flatMap { v -> [CmdObject] in
                    guard let c = pipelineCommands(v) else { throw Exceptions.method(.str("pipeline"), a.values) }
                    return c
                }
                return cmds.count == 1 ? .native(cmds[0]) : .native(PipelineObject(cmds))
            }, help: BuiltinHelp("pipeline(cmd1, cmd2, ...)", "Commands chained as a shell's `|` chains them: each one's output is the next one's input. `run`, `read(p, String)`, `readchomp` and `success` take it.", "read(pipeline(`echo hello`, `tr a-z A-Z`), String)  # \"HELLO\\n\"")),
        ], helpInto: interp.builtinHelp)
        func isPipeline(_ a: Args) -> Bool { if a.count >= 1, case .native(let n) = a[0], n is PipelineObject { return true }; return false }
        func chain(_ a: Args) -> [CmdObject] { if case .native(let p as PipelineObject) = a[0] { return p.commands }; return [] }
        StringBuiltins.extend(interp, "run", when: isPipeline) { interp, a in
            .native(ProcessChainObject(try run(pipeline: chain(a), interp, capture: false).0))
        }
        StringBuiltins.extend(interp, "success", when: isPipeline) { interp, a in
            .bool(try run(pipeline: chain(a), interp, capture: false, check: false).0.allSatisfy(succeeded))
        }
        StringBuiltins.extend(interp, "readchomp", when: isPipeline) { interp, a in
            var text = String(decoding: try run(pipeline: chain(a), interp, capture: true).1, as: UTF8.self)
            if text.hasSuffix("\r\n") { text.removeLast(1) } else if text.hasSuffix("\n") { text.removeLast() }
            return .str(text)
        }
        StringBuiltins.extend(interp, "read", when: isPipeline) { interp, a in
            let out = try run(pipeline: chain(a), interp, capture: true).1
            if a.count == 2, case .type(let t) = a[1], t === BuiltinTypes.string { return .str(String(decoding: out, as: UTF8.self)) }
            guard a.count == 1 else { throw Exceptions.method(.str("read"), a.values) }
            return .array(try interp.makeVector(out.map { FixedInt(.uint8, bits: UInt128($0)).value }, elementType: BuiltinTypes.uint8))
        }
    }
}
