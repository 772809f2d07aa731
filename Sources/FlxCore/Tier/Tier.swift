import FlxSyntax
#if canImport(Glibc)
import Glibc
#endif

/// The type-specialising tier's entry points. A call site whose cache holds a
/// specialised body for its argument types (`CallSiteCache.tier`) runs that body; the
/// decision, body or "unsupported", is made once per (method, signature) and kept on
/// the method's compiled code. `FLX_TIER=0` turns the tier off (every call takes the
/// generic path); `FLX_TIER=trace` reports each decision on stderr.
package enum Tier {
    package static let mode: String = {
        guard let p = getenv("FLX_TIER") else { return "1" }
        return String(cString: p)
    }()
    package static let enabled = mode != "0"
    static let tracing = mode == "trace"

    /// The specialised body of `m` for these argument types, or nil (generic path).
    package static func specialization(_ interp: Interpreter, _ m: Method, _ types: [FlxType]) -> TierFunction? {
        guard interp.tierEnabled, interp.activeTape == nil, case .compiled(let code) = m.body else { return nil }
        var tierTypes: [TierType] = []
        for t in types {
            guard let tt = TierType(t), tt.isConcrete, tt != .nothing else { return nil }
            tierTypes.append(tt)
        }
        let session = TierSession()
        guard let body = try? session.specialize(interp, m, code, tierTypes), body.repaysEntry else { return nil }
        return body
    }

    /// Runs a specialised body on the arguments in the value stack at `base`; nil when
    /// the generic path must run the call instead (an argument not of the expected plain
    /// type, a stale body, a recorded differentiation, or a bail-out inside).
    /// Runs `body` (the generic path for a call the tier gave back) with the tier
    /// suspended for every call inside it.
    @inline(never)
    package static func generic(_ interp: Interpreter, _ body: () throws -> Value) throws -> Value {
        interp.tierSuspended = true
        defer { interp.tierSuspended = false }
        return try body()
    }

    /// An interrupt inside a body that wrote to an object is raised here (at the call).
    @inline(__always)
    package static func enter(_ interp: Interpreter, _ f: TierFunction, base: Int, count n: Int) throws -> Value? {
        guard interp.activeTape == nil, f.isCurrent else { return nil }
        return try withUnsafeTemporaryAllocation(of: UInt64.self, capacity: max(n, 1)) { buffer -> Value? in
            let args = buffer.baseAddress!
            for i in 0..<n {
                guard let bits = TierBox.unbox(interp.stack[base + i], as: f.paramTypes[i]) else { return nil }
                args[i] = bits
            }
            let executor = TierExecutor(interp: interp, depthLimit: interp.maxCallDepth - interp.callDepth)
            do {
                return TierBox.box(try executor.run(f, UnsafePointer(args), depth: 0, top: base), as: f.returnType)
            } catch is TierInterrupted {
                throw Interrupts.take()
            } catch {
                return nil
            }
        }
    }
}

/// One specialisation request and the callees it compiles on the way (those in progress
/// are known, so a self-recursive call binds to the body being built).
package final class TierSession {
    private var inProgress: [(code: CompiledFunction, types: [TierType])] = []

    package func specialize(_ interp: Interpreter, _ m: Method, _ code: CompiledFunction, _ types: [TierType]) throws -> TierFunction {
        guard code.isPlain, m.typeBindings.isEmpty, code.paramCount == types.count, m.differentiation == .checked else {
            throw TierUnsupported(reason: "not a plain method")
        }
        if let known = code.tierSpecializations.first(where: { $0.types == types }) {
            if let f = known.function, f.isCurrent { return f }
            if known.function == nil { throw TierUnsupported(reason: known.reason) }
            code.tierSpecializations.removeAll { $0 === known }
        }
        if inProgress.contains(where: { $0.code === code && $0.types == types }) {
            throw TierUnsupported(reason: "mutual recursion")
        }
        inProgress.append((code, types))
        defer { inProgress.removeLast() }
        let f = TierFunction(paramTypes: types)
        do {
            try TierCompiler(interp: interp, code: code, target: f, session: self).build()
        } catch let e as TierUnsupported {
            code.tierSpecializations.append(TierSpecialization(types: types, function: nil, reason: e.reason))
            if Tier.tracing { interp.errorOutput("tier: \(code.displayName)(\(types.map { "\($0)" }.joined(separator: ", "))): generic path (\(e.reason))\n") }
            throw e
        }
        code.tierSpecializations.append(TierSpecialization(types: types, function: f, reason: ""))
        if Tier.tracing { interp.errorOutput("tier: \(code.displayName)(\(types.map { "\($0)" }.joined(separator: ", "))): specialised, \(f.instructionCount) instructions\n") }
        return f
    }

    /// A callee met while compiling `caller`: the caller's own body when it calls itself
    /// with its own signature, else the callee's specialisation.
    func callee(_ interp: Interpreter, _ m: Method, _ code: CompiledFunction, _ types: [TierType], from caller: TierCompiler) throws -> TierFunction {
        if code === caller.code && types == caller.target.paramTypes { return caller.target }
        return try specialize(interp, m, code, types)
    }
}

/// What was decided for one signature of a compiled method.
package final class TierSpecialization {
    package let types: [TierType]
    package let function: TierFunction?
    package let reason: String

    init(types: [TierType], function: TierFunction?, reason: String) {
        self.types = types
        self.function = function
        self.reason = reason
    }
}
