import FlxSyntax

/// Runs specialised bodies: one loop with a `switch` over flat instructions, registers
/// on the native stack. Anything that would raise an error (a zero divisor, a failed
/// builtin, a recursion past the depth limit, an interrupt) bails out instead: the
/// generic path then runs the outermost call again and raises the error itself, with
/// its positions and backtrace. That is sound because the tier's bodies only compute
/// on their arguments and locals: nothing they do is visible until they return.
package struct TierExecutor {
    package unowned let interp: Interpreter
    /// Calls this deep (counted from the entry) bail out: the generic path's own limit.
    package let depthLimit: Int

    /// `top` is where the generic path's frame for this call would end on its value stack:
    /// a call past that stack's room bails, as the generic call would overflow there.
    package func run(_ f: TierFunction, _ args: UnsafePointer<UInt64>, depth: Int, top: Int) throws -> UInt64 {
        if depth >= depthLimit || !interp.stackRoom(top &+ f.frameSize) { throw TierBail() }
        if depth & 31 == 31 {
            do { try NativeStack.check() } catch { throw TierBail() }
        }
        return try withUnsafeTemporaryAllocation(of: UInt64.self, capacity: f.registerCount) { buffer in
            let r = buffer.baseAddress!
            // Unused registers start at 0 so that nothing uninitialised is ever read.
            r.initialize(repeating: 0, count: f.registerCount)
            for i in 0..<f.paramTypes.count { r[i] = args[i] }
            f.constants.withUnsafeBufferPointer { k in
                for i in 0..<k.count { r[f.constantBase + i] = k[i] }
            }
            return try loop(f, r, depth: depth, top: top &+ f.frameSize)
        }
    }

    /// The scalar kind of `getField`/`setField`'s d operand (`TierCompiler.kindCode`).
    @inline(__always) static func kind(_ d: Int32) -> TierType {
        switch d {
        case 0: return .int
        case 1: return .float64
        case 2: return .float32
        default: return .bool
        }
    }

    @inline(__always) private static func i(_ x: UInt64) -> Int64 { Int64(bitPattern: x) }
    @inline(__always) private static func u(_ x: Int64) -> UInt64 { UInt64(bitPattern: x) }
    @inline(__always) private static func d(_ x: UInt64) -> Double { Double(bitPattern: x) }
    @inline(__always) private static func s(_ x: UInt64) -> Float { Float(bitPattern: UInt32(truncatingIfNeeded: x)) }
    @inline(__always) private static func us(_ x: Float) -> UInt64 { UInt64(x.bitPattern) }
    @inline(__always) private static func b(_ x: Bool) -> UInt64 { x ? 1 : 0 }

    private func loop(_ f: TierFunction, _ r: UnsafeMutablePointer<UInt64>, depth: Int, top: Int) throws -> UInt64 {
        let code = f.instructions
        var pc = 0
        while true {
            let ins = code[pc]
            pc &+= 1
            let a = Int(ins.a), b = Int(ins.b), c = Int(ins.c)
            switch ins.op {
            case .addI: r[a] = Self.u(Self.i(r[b]) &+ Self.i(r[c]))
            case .subI: r[a] = Self.u(Self.i(r[b]) &- Self.i(r[c]))
            case .mulI: r[a] = Self.u(Self.i(r[b]) &* Self.i(r[c]))
            case .negI: r[a] = Self.u(0 &- Self.i(r[b]))
            case .ltI: r[a] = Self.b(Self.i(r[b]) < Self.i(r[c]))
            case .leI: r[a] = Self.b(Self.i(r[b]) <= Self.i(r[c]))
            case .eqI: r[a] = Self.b(r[b] == r[c])
            case .neI: r[a] = Self.b(r[b] != r[c])
            case .addF: r[a] = (Self.d(r[b]) + Self.d(r[c])).bitPattern
            case .subF: r[a] = (Self.d(r[b]) - Self.d(r[c])).bitPattern
            case .mulF: r[a] = (Self.d(r[b]) * Self.d(r[c])).bitPattern
            case .divF: r[a] = (Self.d(r[b]) / Self.d(r[c])).bitPattern
            case .negF: r[a] = (-Self.d(r[b])).bitPattern
            case .ltF: r[a] = Self.b(Self.d(r[b]) < Self.d(r[c]))
            case .leF: r[a] = Self.b(Self.d(r[b]) <= Self.d(r[c]))
            case .eqF: r[a] = Self.b(Self.d(r[b]) == Self.d(r[c]))
            case .neF: r[a] = Self.b(Self.d(r[b]) != Self.d(r[c]))
            case .addS: r[a] = Self.us(Self.s(r[b]) + Self.s(r[c]))
            case .subS: r[a] = Self.us(Self.s(r[b]) - Self.s(r[c]))
            case .mulS: r[a] = Self.us(Self.s(r[b]) * Self.s(r[c]))
            case .divS: r[a] = Self.us(Self.s(r[b]) / Self.s(r[c]))
            case .negS: r[a] = Self.us(-Self.s(r[b]))
            case .ltS: r[a] = Self.b(Self.s(r[b]) < Self.s(r[c]))
            case .leS: r[a] = Self.b(Self.s(r[b]) <= Self.s(r[c]))
            case .eqS: r[a] = Self.b(Self.s(r[b]) == Self.s(r[c]))
            case .neS: r[a] = Self.b(Self.s(r[b]) != Self.s(r[c]))
            case .intToF: r[a] = Double(Self.i(r[b])).bitPattern
            case .not: r[a] = r[b] ^ 1
            case .move: r[a] = r[b]
            case .boxedOp: r[a] = try boxedOp(f.boxedOps[Int(ins.d)], r[b], r[c])
            case .builtin: r[a] = try builtin(f.builtins[Int(ins.d)], r + c)
            case .call:
                let callee = f.callees[Int(ins.d)]
                r[a] = try callee._withUnsafeGuaranteedRef { try run($0, r + c, depth: depth &+ 1, top: top) }
            case .getIndexF, .getIndexI:
                let arr = TierBox.array(r[b])
                let k = Self.i(r[c])
                guard k >= 1 && k <= Int64(arr.count),
                      let bits = TierBox.unbox(arr.element(Int(truncatingIfNeeded: k &- 1)), as: ins.op == .getIndexF ? .float64 : .int) else { throw TierBail() }
                r[a] = bits
            case .length: r[a] = Self.u(Int64(TierBox.array(r[b]).count))
            case .getField:
                guard let bits = TierBox.unbox(TierBox.object(r[b]).fields[c], as: Self.kind(ins.d)) else { throw TierBail() }
                r[a] = bits
            case .setField: TierBox.object(r[a]).fields[c] = TierBox.box(r[b], as: Self.kind(ins.d))
            case .jump: pc = a
            case .jumpIfFalse: if r[b] == 0 { pc = a }
            case .jumpIfTrue: if r[b] != 0 { pc = a }
            case .loop:
                if Interrupts.requested { throw ins.d == 1 ? TierInterrupted() as Error : TierBail() }
                pc = a
            case .forEnter: if Self.i(r[b]) > Self.i(r[c]) { pc = a }
            case .forNext:
                if r[b] != r[c] {
                    r[b] = Self.u(Self.i(r[b]) &+ 1)
                    if Interrupts.requested { throw ins.d == 1 ? TierInterrupted() as Error : TierBail() }
                    pc = a
                }
            case .ret: return r[a]
            }
        }
    }

    @inline(never)
    private func boxedOp(_ op: TierBoxedOp, _ l: UInt64, _ r: UInt64) throws -> UInt64 {
        let v: Value?
        do { v = try ScalarArithmetic.apply(op.op, TierBox.box(l, as: op.lhs), TierBox.box(r, as: op.rhs)) } catch { throw TierBail() }
        guard let v, let bits = TierBox.unbox(v, as: op.result) else { throw TierBail() }
        return bits
    }

    @inline(never)
    private func builtin(_ call: TierBuiltinCall, _ args: UnsafeMutablePointer<UInt64>) throws -> UInt64 {
        let values = call.argTypes.enumerated().map { TierBox.box(args[$0.offset], as: $0.element) }
        let v: Value
        do { v = try interp.call(call.function, values) } catch { throw TierBail() }
        guard let bits = TierBox.unbox(v, as: call.result) else { throw TierBail() }
        return bits
    }
}
