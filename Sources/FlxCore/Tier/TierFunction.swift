import FlxSyntax

/// A user method's body specialised for one tuple of argument types (Julia's method
/// instance): flat instructions over unboxed registers. Registers 0..<frameSize are the
/// generic frame's slots (the arguments first), then the constants, then temporaries.
package final class TierFunction {
    package let paramTypes: [TierType]
    /// The result's type; `bottom` while a self-recursive body is still being inferred.
    package internal(set) var returnType: TierType = .bottom
    package internal(set) var registerCount = 0
    /// The generic frame's size (value-stack slots a generic call of this body takes).
    package internal(set) var frameSize = 0
    /// Where the constants go in the register file, and their bits (copied in on entry).
    package internal(set) var constantBase = 0
    package internal(set) var constants: [UInt64] = []
    package internal(set) var instructions: UnsafeMutablePointer<TierInstruction>
    package internal(set) var instructionCount = 0
    /// Specialised callees, unretained so that a self-recursive body is no cycle;
    /// `retainedCallees` keeps the others alive.
    package internal(set) var callees: UnsafeMutablePointer<Unmanaged<TierFunction>>
    package internal(set) var calleeCount = 0
    package internal(set) var retainedCallees: [TierFunction] = []
    package internal(set) var boxedOps: [TierBoxedOp] = []
    package internal(set) var builtins: [TierBuiltinCall] = []
    /// What the body was bound against: if any of these changed, the body is stale.
    package internal(set) var dependencies: [TierDependency] = []
    /// Whether the body writes to an object (a field): then it contains nothing that can
    /// bail out, since the generic path could not run it again from the start.
    package internal(set) var writes = false

    package init(paramTypes: [TierType]) {
        self.paramTypes = paramTypes
        instructions = .allocate(capacity: 1)
        callees = .allocate(capacity: 1)
    }

    deinit {
        instructions.deallocate()
        callees.deallocate()
    }

    /// Installs the emitted code (called once, when the body is complete).
    package func install(_ code: [TierInstruction], callees list: [TierFunction]) {
        instructions.deallocate()
        instructions = .allocate(capacity: max(code.count, 1))
        instructions.initialize(from: code, count: code.count)
        instructionCount = code.count
        callees.deallocate()
        callees = .allocate(capacity: max(list.count, 1))
        for (i, f) in list.enumerated() { (callees + i).initialize(to: Unmanaged.passUnretained(f)) }
        calleeCount = list.count
        var seen = Set<ObjectIdentifier>([ObjectIdentifier(self)])
        retainedCallees = list.filter { seen.insert(ObjectIdentifier($0)).inserted }
    }

    /// Whether entering this body from a generic call site repays the entry (unboxing the
    /// arguments, setting up registers, boxing the result): only when it loops or calls
    /// other specialised bodies. A straight-line leaf such as `inc(x) = x + 1` costs more to
    /// enter than the generic call it replaces (the `calls` workload was 47 % slower when every
    /// `inc` was entered); inside another specialised body it is still bound directly.
    package var repaysEntry: Bool {
        if calleeCount > 0 { return true }
        for i in 0..<instructionCount {
            switch instructions[i].op {
            case .loop, .forNext: return true
            default: continue
            }
        }
        return false
    }

    /// Whether every function the body bound is still the one it bound, unchanged.
    @inline(__always) package var isCurrent: Bool {
        for d in dependencies where !d.holds { return false }
        return true
    }
}

/// A global function binding a specialised body relies on, and the method table's
/// version it saw: a new method (or a new value for the name) makes the body stale.
package struct TierDependency {
    package let binding: GlobalBinding
    package let function: GenericFunction
    package let version: Int

    @inline(__always) package var holds: Bool {
        guard case .function(let c) = binding.value, c === function else { return false }
        return function.version == version
    }
}

/// A scalar operation the tier leaves to `ScalarArithmetic` (on boxed values).
package struct TierBoxedOp {
    package let op: BinaryOperator
    package let lhs: TierType, rhs: TierType, result: TierType
}

/// A call of a pure builtin on scalars (`Float32(k)`, `sqrt(x)`), made through the
/// generic `call` so its answer and its errors are the generic path's.
package struct TierBuiltinCall {
    package let function: Value
    package let argTypes: [TierType]
    package let result: TierType
}

/// An interrupt met by a body that cannot be run again (it wrote to an object): the
/// entry raises Julia's InterruptException instead of running the generic path.
package struct TierInterrupted: Error {}

/// Why specialised code gave up on a call: the caller then runs the generic body from
/// the start (safe because a specialised body has no effect anyone can observe).
package struct TierBail: Error {}
