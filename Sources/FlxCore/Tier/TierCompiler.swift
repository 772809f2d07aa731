import FlxSyntax

/// Why a body cannot be specialised for a signature; the generic path runs it instead.
package struct TierUnsupported: Error {
    package let reason: String
}

/// Turns a compiled method body (its node tree, names already resolved to slots) into a
/// specialised body for one tuple of argument types. Two kinds of pass over the same
/// walker: inference passes give every local its one type (a forward dataflow repeated
/// until nothing changes, with a self-recursive call's result assumed and checked, as
/// Julia's inference iterates to a fixpoint), then emission passes write the code with
/// each local's definite assignment checked. A local of two types, a read that may find
/// a local unassigned, or any node outside the slice makes the whole body unsupported.
package final class TierCompiler {
    let interp: Interpreter
    let code: CompiledFunction
    let target: TierFunction
    let session: TierSession

    private var localTypes: [TierType?]
    private var assumedReturn: TierType = .bottom
    private var returnType: TierType = .bottom
    private var emitting = false

    // Emission state.
    private var instructions: [TierInstruction] = []
    private var constantIndex: [UInt64: Int] = [:]
    private var constants: [UInt64] = []
    private var constantBase = 0
    private var tempBase = 0
    private var nextTemp = 0
    private var maxTemp = 0
    private var callees: [TierFunction] = []
    private var boxedOps: [TierBoxedOp] = []
    private var builtins: [TierBuiltinCall] = []
    private var dependencies: [TierDependency] = []
    /// Per enclosing loop: the jumps to patch to its exit, and where `continue` goes.
    private var loops: [(breaks: [Int], continueTarget: Int?, continues: [Int])] = []
    /// Locals assigned on every path to here; nil where no path reaches.
    private var assigned: [Bool]? = nil
    /// Whether this pass emitted a write to an object, or an instruction that can bail
    /// out; a body must not do both (it could not be run again by the generic path).
    private var writes = false
    private var fallible = false
    /// `writes` as the previous emission pass found it (loops' interrupt mode).
    private var writesKnown = false

    init(interp: Interpreter, code: CompiledFunction, target: TierFunction, session: TierSession) {
        self.interp = interp
        self.code = code
        self.target = target
        self.session = session
        localTypes = (0..<code.frameSize).map { _ in nil }
    }

    private func unsupported(_ why: String) -> TierUnsupported { TierUnsupported(reason: why) }

    /// Infers, then emits, then installs the body into `target`.
    func build() throws {
        for (i, t) in target.paramTypes.enumerated() { localTypes[i] = t }
        // Inference to a fixpoint: local types only ever go from unknown to one type,
        // and the assumed result of a self-recursive call from bottom to one type.
        var settled = false
        for _ in 0..<(code.frameSize + 4) {
            let before = localTypes
            returnType = .bottom
            try pass()
            if !returnType.isConcrete && returnType != .bottom { throw unsupported("result of no single type") }
            if before == localTypes && returnType == assumedReturn { settled = true; break }
            assumedReturn = returnType
        }
        guard settled, returnType.isConcrete else { throw unsupported("inference did not settle") }
        target.returnType = returnType
        // Two emission passes: the first counts the constants, the second places the
        // temporaries after them.
        emitting = true
        try pass()
        writesKnown = writes
        if writes && fallible { throw unsupported("writes to objects and may fail") }
        constantBase = code.frameSize
        tempBase = constantBase + constants.count
        try pass()
        target.registerCount = max(tempBase + maxTemp, 1)
        target.frameSize = code.frameSize
        target.constantBase = constantBase
        target.constants = constants
        target.boxedOps = boxedOps
        target.builtins = builtins
        var deps = dependencies
        for c in callees where c !== target { deps.append(contentsOf: c.dependencies) }
        target.dependencies = deps
        target.writes = writes
        target.install(instructions, callees: callees)
    }

    /// One walk over the body (inferring, or emitting when `emitting`).
    private func pass() throws {
        instructions = []
        callees = []
        boxedOps = []
        builtins = []
        dependencies = []
        loops = []
        writes = false
        fallible = false
        nextTemp = 0
        maxTemp = 0
        let start = (0..<code.frameSize).map { $0 < code.paramCount }
        assigned = start
        let (t, r) = try value(code.body, into: nil)
        returnType = returnType.join(t)
        if t.isConcrete { emit(.ret, Int32(r)) }
    }

    // MARK: registers and code

    @discardableResult
    private func emit(_ op: TierOp, _ a: Int32 = 0, _ b: Int32 = 0, _ c: Int32 = 0, _ d: Int32 = 0) -> Int {
        if emitting { instructions.append(TierInstruction(op, a, b, c, d)) }
        return instructions.count - 1
    }

    private func patch(_ at: Int, to target: Int) {
        if emitting && at >= 0 { instructions[at].a = Int32(target) }
    }

    private var here: Int { instructions.count }

    private func temp() -> Int {
        let t = tempBase + nextTemp
        nextTemp += 1
        maxTemp = max(maxTemp, nextTemp)
        return t
    }

    private func constant(_ bits: UInt64) -> Int {
        if let k = constantIndex[bits] { return constantBase + k }
        constantIndex[bits] = constants.count
        constants.append(bits)
        return constantBase + constants.count - 1
    }

    /// A result register: the destination asked for, or a fresh temporary.
    private func result(_ dst: Int?) -> Int { dst ?? temp() }

    /// Moves `r` into `dst` when a destination was asked for and differs.
    private func place(_ t: TierType, _ r: Int, _ dst: Int?) -> (TierType, Int) {
        guard let dst, dst != r, t.isConcrete else { return (t, r) }
        emit(.move, Int32(dst), Int32(r))
        return (t, dst)
    }

    // MARK: definite assignment

    private func markAssigned(_ slot: Int) { assigned?[slot] = true }

    private func merge(_ a: [Bool]?, _ b: [Bool]?) -> [Bool]? {
        guard let a else { return b }
        guard let b else { return a }
        return zip(a, b).map { $0 && $1 }
    }

    private func setLocal(_ slot: Int, _ t: TierType) throws {
        guard slot < localTypes.count else { throw unsupported("slot out of frame") }
        if t == .bottom { return }
        guard t.isConcrete else { throw unsupported("local of no single type") }
        if let old = localTypes[slot] {
            if old != t { throw unsupported("local changes type") }
        } else {
            if emitting { throw unsupported("local typed late") }
            localTypes[slot] = t
        }
        markAssigned(slot)
    }

    private func readLocal(_ slot: Int) throws -> (TierType, Int) {
        guard slot < localTypes.count else { throw unsupported("slot out of frame") }
        if emitting {
            guard let a = assigned else { return (.bottom, slot) }
            guard a[slot], let t = localTypes[slot] else { throw unsupported("local may be unassigned") }
            return (t, slot)
        }
        return (localTypes[slot] ?? .bottom, slot)
    }

    // MARK: the walker

    /// Code for a statement whose value is not used.
    private func effect(_ n: Node) throws {
        let mark = nextTemp
        defer { nextTemp = mark }
        switch n {
        case let b as Block:
            for s in b.statements { try effect(s) }
        case let e as IfElse:
            _ = try branch(e, into: nil, needValue: false)
        default:
            _ = try value(n, into: nil)
        }
    }

    /// Code for an expression; returns its type and the register holding it (in `dst`
    /// when one is given and the type is concrete).
    private func value(_ n: Node, into dst: Int?) throws -> (TierType, Int) {
        switch n {
        case let l as Literal:
            guard let t = TierType(of: l.value), let bits = TierBox.unbox(l.value, as: t) else { throw unsupported("literal") }
            return place(t, constant(bits), dst)
        case let l as LocalGet:
            let (t, r) = try readLocal(l.slot)
            return place(t, r, dst)
        case let s as LocalSet:
            return try assignLocal(s.slot, s.value, dst)
        case let a as Assign:
            if let f = a.target as? FieldAssigner { return try assignField(f, a.value, dst) }
            guard let l = a.target as? LocalAssigner else { throw unsupported("assignment target") }
            return try assignLocal(l.slot, a.value, dst)
        case let u as LocalUpdate:
            let (lt, lr) = try readLocal(u.slot)
            let mark = nextTemp
            let (rt, rr) = try operand(u.rhs)
            let (t, _) = try binary(u.op, lt, lr, rt, rr, into: u.slot)
            nextTemp = mark
            try setLocal(u.slot, t)
            return place(t, u.slot, dst)
        case let b as BinaryOperation:
            let out = result(dst)
            let mark = nextTemp
            let (lt, lr) = try operand(b.lhs)
            let (rt, rr) = try operand(b.rhs)
            let t = try binary(b.op, lt, lr, rt, rr, into: out).0
            nextTemp = mark
            return (t, out)
        case let b as Block:
            if b.statements.isEmpty { return place(.nothing, constant(0), dst) }
            for s in b.statements.dropLast() { try effect(s) }
            return try value(b.statements[b.statements.count - 1], into: dst)
        case let e as IfElse:
            return try branch(e, into: dst, needValue: true)
        case let a as And:
            return try shortCircuit(a.lhs, a.rhs, isAnd: true, into: dst)
        case let o as Or:
            return try shortCircuit(o.lhs, o.rhs, isAnd: false, into: dst)
        case let w as While:
            // `while true` without a `break` never ends normally: no value, like `return`.
            if try !whileLoop(w) { return (.bottom, 0) }
            return place(.nothing, constant(0), dst)
        case let f as ForLoop:
            try forLoop(f)
            return place(.nothing, constant(0), dst)
        case let r as Return:
            let (t, reg): (TierType, Int)
            if let v = r.value { (t, reg) = try value(v, into: nil) } else { (t, reg) = (.nothing, constant(0)) }
            guard t.isConcrete || t == .bottom else { throw unsupported("return of no single type") }
            returnType = returnType.join(t)
            if !returnType.isConcrete && returnType != .bottom { throw unsupported("result of no single type") }
            if t.isConcrete { emit(.ret, Int32(reg)) }
            assigned = nil
            return (.bottom, 0)
        case let j as Jump:
            guard !loops.isEmpty else { throw unsupported("jump outside a loop") }
            switch j.kind {
            case .breakLoop:
                let at = emit(.jump)
                loops[loops.count - 1].breaks.append(at)
            case .continueLoop:
                let at = emit(.jump)
                if let t = loops[loops.count - 1].continueTarget { patch(at, to: t) } else { loops[loops.count - 1].continues.append(at) }
            default: throw unsupported("jump kind")
            }
            assigned = nil
            return (.bottom, 0)
        case let c as Call:
            return try call(c, into: dst)
        case let i as IndexGet:
            return try index(i, into: dst)
        case let f as FieldGet:
            let (bt, br) = try value(f.base, into: nil)
            if bt == .bottom && !emitting { return (.bottom, 0) }
            let (k, ft) = try field(bt, f.name)
            let out = result(dst)
            emit(.getField, Int32(out), Int32(br), Int32(k), Int32(TierCompiler.kindCode(ft)))
            return (ft, out)
        default:
            throw unsupported("node \(type(of: n))")
        }
    }

    private func operand(_ o: Operand) throws -> (TierType, Int) {
        switch o {
        case .local(let slot, _): return try readLocal(slot)
        case .constant(let v):
            guard let t = TierType(of: v), let bits = TierBox.unbox(v, as: t) else { throw unsupported("constant") }
            return (t, constant(bits))
        case .node(let n): return try value(n, into: nil)
        }
    }

    private func assignLocal(_ slot: Int, _ v: Node, _ dst: Int?) throws -> (TierType, Int) {
        let (t, _) = try value(v, into: slot)
        try setLocal(slot, t)
        return place(t, slot, dst)
    }

    // MARK: objects

    /// A field's position and type in a struct the tier keeps (`TierRecord`).
    private func field(_ t: TierType, _ name: String) throws -> (Int, TierType) {
        guard case .record(let r) = t, let k = r.type.fieldNames.firstIndex(of: name) else { throw unsupported("field of a non-struct") }
        return (k, r.fieldTypes[k])
    }

    static func kindCode(_ t: TierType) -> Int {
        switch t {
        case .int: return 0
        case .float64: return 1
        case .float32: return 2
        default: return 3
        }
    }

    /// `obj.name = v` on a mutable struct, with v of the field's declared type (a value
    /// that would need converting is left to the generic path).
    private func assignField(_ f: FieldAssigner, _ v: Node, _ dst: Int?) throws -> (TierType, Int) {
        let (ot, or) = try value(f.object, into: nil)
        let (vt, vr) = try value(v, into: dst)
        if (ot == .bottom || vt == .bottom) && !emitting { return (vt, vr) }
        let (k, ft) = try field(ot, f.name)
        guard case .record(let r) = ot, r.type.isMutable, vt == ft else { throw unsupported("field write") }
        writes = true
        emit(.setField, Int32(or), Int32(vr), Int32(k), Int32(TierCompiler.kindCode(ft)))
        return (vt, vr)
    }

    /// `a[i]` of a vector by an Int.
    private func index(_ n: IndexGet, into dst: Int?) throws -> (TierType, Int) {
        guard n.indices.count == 1, !n.view else { throw unsupported("indexing") }
        let out = result(dst)
        let mark = nextTemp
        defer { nextTemp = mark }
        let (at, ar) = try value(n.base, into: nil)
        let (it, ir) = try value(n.indices[0], into: nil)
        if (at == .bottom || it == .bottom) && !emitting { return (.bottom, out) }
        guard it == .int else { throw unsupported("index of non-Int") }
        fallible = true
        switch at {
        case .vectorFloat64: emit(.getIndexF, Int32(out), Int32(ar), Int32(ir)); return (.float64, out)
        case .vectorInt: emit(.getIndexI, Int32(out), Int32(ar), Int32(ir)); return (.int, out)
        default: throw unsupported("indexing a non-vector")
        }
    }

    // MARK: control flow

    private func condition(_ n: Node) throws -> Int {
        let (t, r) = try value(n, into: nil)
        if t == .bottom && !emitting { return r }
        guard t == .bool else { throw unsupported("non-Bool condition") }
        return r
    }

    private func branch(_ e: IfElse, into dst: Int?, needValue: Bool) throws -> (TierType, Int) {
        let mark = nextTemp
        let c = try condition(e.condition)
        nextTemp = mark
        let out = needValue ? result(dst) : -1
        let toElse = emit(.jumpIfFalse, 0, Int32(c))
        let start = assigned
        var thenType = TierType.nothing
        if needValue { thenType = try value(e.then, into: out).0 } else { try effect(e.then) }
        let afterThen = assigned
        let toEnd = emit(.jump)
        patch(toElse, to: here)
        assigned = start
        var elseType = TierType.nothing
        if let o = e.otherwise {
            if needValue { elseType = try value(o, into: out).0 } else { try effect(o) }
        } else if needValue {
            _ = place(.nothing, constant(0), out)
        }
        patch(toEnd, to: here)
        assigned = merge(afterThen, assigned)
        guard needValue else { return (.nothing, 0) }
        let t = thenType.join(elseType)
        guard t.isConcrete || t == .bottom else { throw unsupported("if of no single type") }
        return (t, out)
    }

    private func shortCircuit(_ lhs: Node, _ rhs: Node, isAnd: Bool, into dst: Int?) throws -> (TierType, Int) {
        let out = result(dst)
        let mark = nextTemp
        let c = try condition(lhs)
        nextTemp = mark
        // The short-circuit result is the condition itself (false for &&, true for ||).
        emit(.move, Int32(out), Int32(c))
        let skip = emit(isAnd ? .jumpIfFalse : .jumpIfTrue, 0, Int32(c))
        let start = assigned
        let rt = try value(rhs, into: out).0
        patch(skip, to: here)
        assigned = merge(start, assigned)
        let t = TierType.bool.join(rt)
        guard t.isConcrete else { throw unsupported("&& or || of no single type") }
        return (t, out)
    }

    /// Returns whether the loop can end other than by `return` (false for `while true`
    /// with no `break`).
    private func whileLoop(_ w: While) throws -> Bool {
        guard w.freshCells.isEmpty else { throw unsupported("captured loop variables") }
        let top = here
        let mark = nextTemp
        let c = try condition(w.condition)
        nextTemp = mark
        let exit = emit(.jumpIfFalse, 0, Int32(c))
        let before = assigned
        loops.append(([], top, []))
        try effect(w.body)
        emit(.loop, Int32(top), 0, 0, writesKnown ? 1 : 0)
        let loop = loops.removeLast()
        patch(exit, to: here)
        for b in loop.breaks { patch(b, to: here) }
        assigned = before
        if let l = w.condition as? Literal, case .bool(true) = l.value, loop.breaks.isEmpty {
            assigned = nil
            return false
        }
        return true
    }

    private func forLoop(_ f: ForLoop) throws {
        guard f.freshCells.isEmpty, let slot = f.targetSlot else { throw unsupported("loop target") }
        guard let range = f.iterable as? Call, range.args.count == 2, let g = range.callee as? GlobalGet,
              g.binding === interp.base.binding(":") else { throw unsupported("loop over a non-range") }
        let lo = temp(), hi = temp()
        let (lt, _) = try value(range.args[0], into: lo)
        let (ht, _) = try value(range.args[1], into: hi)
        guard (lt == .int || lt == .bottom) && (ht == .int || ht == .bottom) else { throw unsupported("range of non-Int") }
        if emitting && (lt != .int || ht != .int) { throw unsupported("range of non-Int") }
        let exit = emit(.forEnter, 0, Int32(lo), Int32(hi))
        let top = here
        emit(.move, Int32(slot), Int32(lo))
        try setLocal(slot, .int)
        let before = assigned
        loops.append(([], nil, []))
        try effect(f.body)
        let step = here
        emit(.forNext, Int32(top), Int32(lo), Int32(hi), writesKnown ? 1 : 0)
        let loop = loops.removeLast()
        patch(exit, to: here)
        for b in loop.breaks { patch(b, to: here) }
        for c in loop.continues { patch(c, to: step) }
        assigned = before
    }

    // MARK: arithmetic

    /// `l op r` into `out`: one instruction for the common same-type cases, else the
    /// generic path's scalar code on boxed values. Returns the result's type.
    private func binary(_ op: BinaryOperator, _ lt: TierType, _ lr: Int, _ rt: TierType, _ rr: Int, into out: Int) throws -> (TierType, Int) {
        if lt == .bottom || rt == .bottom {
            if emitting { throw unsupported("operand of unknown type") }
            return (.bottom, out)
        }
        guard lt.isScalar, rt.isScalar else { throw unsupported("operand type") }
        let o = Int32(out)
        func native(_ ops: [TierOp]) -> Bool {
            // ops: add, sub, mul, (div), lt, le, eq, ne in that order.
            let hasDiv = ops.count == 8
            let k = hasDiv ? 0 : -1
            switch op {
            case .add: emit(ops[0], o, Int32(lr), Int32(rr))
            case .sub: emit(ops[1], o, Int32(lr), Int32(rr))
            case .mul: emit(ops[2], o, Int32(lr), Int32(rr))
            case .div where hasDiv: emit(ops[3], o, Int32(lr), Int32(rr))
            case .lt: emit(ops[4 + k], o, Int32(lr), Int32(rr))
            case .le: emit(ops[5 + k], o, Int32(lr), Int32(rr))
            case .gt: emit(ops[4 + k], o, Int32(rr), Int32(lr))
            case .ge: emit(ops[5 + k], o, Int32(rr), Int32(lr))
            case .eq: emit(ops[6 + k], o, Int32(lr), Int32(rr))
            case .ne: emit(ops[7 + k], o, Int32(lr), Int32(rr))
            default: return false
            }
            return true
        }
        let resultType = try probe(op, lt, rt)
        switch (lt, rt) {
        case (.int, .int):
            if native([.addI, .subI, .mulI, .ltI, .leI, .eqI, .neI]) { return (resultType, out) }
        case (.float64, .float64):
            if native([.addF, .subF, .mulF, .divF, .ltF, .leF, .eqF, .neF]) { return (resultType, out) }
        case (.float32, .float32):
            if native([.addS, .subS, .mulS, .divS, .ltS, .leS, .eqS, .neS]) { return (resultType, out) }
        case (.float64, .int) where op != .pow, (.int, .float64):
            // What promotion computes: the Int operand as a Float64, then Float64 arithmetic.
            let t = temp()
            if lt == .int {
                emit(.intToF, Int32(t), Int32(lr))
                return try binary(op, .float64, t, .float64, rr, into: out)
            }
            emit(.intToF, Int32(t), Int32(rr))
            return try binary(op, .float64, lr, .float64, t, into: out)
        default: break
        }
        fallible = true
        boxedOps.append(TierBoxedOp(op: op, lhs: lt, rhs: rt, result: resultType))
        emit(.boxedOp, o, Int32(lr), Int32(rr), Int32(boxedOps.count - 1))
        return (resultType, out)
    }

    /// The result type of a scalar operation, found by running the generic path's own
    /// code on sample values (Julia's scalar arithmetic is type-stable).
    private func probe(_ op: BinaryOperator, _ lt: TierType, _ rt: TierType) throws -> TierType {
        func sample(_ t: TierType, _ x: Int64) -> Value {
            switch t {
            case .int: return .int(x)
            case .float64: return .float64(Double(x))
            case .float32: return .float32(Float(x))
            default: return .bool(true)
            }
        }
        guard let v = try? ScalarArithmetic.apply(op, sample(lt, 3), sample(rt, 2)), let t = TierType(of: v), t != .nothing else {
            throw unsupported("operation \(op.rawValue) on these types")
        }
        return t
    }

    // MARK: calls

    private func call(_ c: Call, into dst: Int?) throws -> (TierType, Int) {
        guard let g = c.callee as? GlobalGet else { throw unsupported("call of a non-global") }
        let out = result(dst)
        let mark = nextTemp
        let args = (0..<c.args.count).map { _ in temp() }
        var types: [TierType] = []
        for (k, a) in c.args.enumerated() { types.append(try value(a, into: args[k]).0) }
        defer { nextTemp = mark }
        if types.contains(.bottom) {
            if emitting { throw unsupported("argument of unknown type") }
            return (.bottom, out)
        }
        guard types.allSatisfy({ $0.isConcrete }) else { throw unsupported("argument of no single type") }
        let first = Int32(args.first ?? 0)
        switch g.binding.value {
        case .function(let callable):
            guard let fn = callable as? GenericFunction else { throw unsupported("call of a non-generic function") }
            let flxTypes = types.map(\.flxType)
            guard let m = flxTypes.withUnsafeBufferPointer({ fn.select($0) }) else { throw unsupported("no method") }
            dependencies.append(TierDependency(binding: g.binding, function: fn, version: fn.version))
            switch m.body {
            case .compiled(let callee):
                let f = try session.callee(interp, m, callee, types, from: self)
                let t = f === target ? assumedReturn : f.returnType
                // A call can fail (the depth limit), and a callee that writes makes this body write.
                fallible = true
                if f.writes { writes = true }
                callees.append(f)
                emit(.call, Int32(out), 0, first, Int32(callees.count - 1))
                return (t, out)
            case .native:
                return try builtinCall(g.binding, types, args: args, into: out)
            }
        case .type:
            return try builtinCall(g.binding, types, args: args, into: out)
        default:
            throw unsupported("call of a non-function")
        }
    }

    /// A call of one of Base's pure numeric builtins (or the number types' constructors).
    private func builtinCall(_ binding: GlobalBinding, _ types: [TierType], args: [Int], into out: Int) throws -> (TierType, Int) {
        guard binding.module === interp.base, TierCompiler.pureBuiltins.contains(binding.name) || binding.name == "length" else {
            throw unsupported("builtin \(binding.name)")
        }
        let o = Int32(out)
        if types.count == 1, let x = args.first {
            switch (binding.name, types[0]) {
            case ("length", .vectorFloat64), ("length", .vectorInt): emit(.length, o, Int32(x)); return (.int, out)
            case ("-", .int): emit(.negI, o, Int32(x)); return (.int, out)
            case ("-", .float64): emit(.negF, o, Int32(x)); return (.float64, out)
            case ("-", .float32): emit(.negS, o, Int32(x)); return (.float32, out)
            case ("!", .bool): emit(.not, o, Int32(x)); return (.bool, out)
            default: break
            }
        }
        guard types.allSatisfy(\.isScalar) else { throw unsupported("builtin \(binding.name) on non-scalars") }
        // The result's type, from the builtin itself on sample arguments.
        let samples: [Value] = types.map { t in
            switch t {
            case .int: return .int(1)
            case .float64: return .float64(1)
            case .float32: return .float32(1)
            case .bool: return .bool(true)
            default: return .nothing
            }
        }
        guard let v = try? interp.call(binding.value, samples), let t = TierType(of: v) else {
            throw unsupported("builtin \(binding.name) on these types")
        }
        fallible = true
        builtins.append(TierBuiltinCall(function: binding.value, argTypes: types, result: t))
        emit(.builtin, o, 0, Int32(args.first ?? 0), Int32(builtins.count - 1))
        return (t, out)
    }

    /// Base's functions that only compute on their scalar arguments (no output, no
    /// state): safe to run again when the generic path repeats a call that bailed out.
    static let pureBuiltins: Set<String> = [
        "-", "+", "!", "abs", "abs2", "sqrt", "cbrt", "exp", "exp2", "log", "log2", "log10", "log1p", "expm1",
        "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "hypot",
        "min", "max", "sign", "signbit", "copysign", "flipsign", "floor", "ceil", "round", "trunc",
        "div", "rem", "mod", "fld", "cld", "gcd", "lcm", "iseven", "isodd", "iszero", "isone",
        "isnan", "isinf", "isfinite", "muladd", "fma", "float", "xor", "zero", "one", "clamp",
        "Int", "Int64", "Float64", "Float32", "Bool",
    ]
}
