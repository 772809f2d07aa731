import FlxSyntax
/// `f(a, b)` with plain positional arguments: the arguments are evaluated straight
/// into the callee's frame on the value stack, and the method chosen for the last
/// argument types is remembered (an inline cache).
package final class Call: Node {
    package let callee: Node
    package let args: [Node]
    /// The callee's binding when it is a global name (most calls), so the cache can be
    /// checked against it in place, without copying the function value out.
    private let globalCallee: GlobalBinding?
    /// The method chosen last time, for that function, method table and argument types.
    @exclusivity(unchecked) private var cache: CallSiteCache?

    package init(callee: Node, args: [Node], span: Span) {
        self.callee = callee
        self.args = args
        globalCallee = (callee as? GlobalGet)?.binding
        super.init(span: span)
    }

    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        // The hot path, a global function called again with the same argument types, reads
        // everything it needs through `cache`'s constants: one reference held instead of a
        // retain and release of the function, the method and the code on every call.
        if let cache, let binding = globalCallee, cache.isHeld(by: binding) {
            return try withArguments(interp, fp) { base, n in
                if cache.matches(interp, base, n) {
                    if let body = cache.plainBody, let code = cache.plainCode {
                        // The type-specialising tier (Tier/): its body for these argument types.
                        if let tier = cache.tier, !interp.tierSuspended {
                            if let v = try Tier.enter(interp, tier, base: base, count: n) { return v }
                            return try Tier.generic(interp) {
                                try interp.runPlain(code, body: body, frameSize: cache.frameSize, base: base, count: n)
                            }
                        }
                        return try interp.runPlain(code, body: body, frameSize: cache.frameSize, base: base, count: n)
                    }
                    return try interp.run(cache.method, base: base, count: n, keywords: [], span: span)
                }
                return try dispatch(interp, .function(cache.function), base, n)
            }
        }
        let f = try callee.eval(interp, fp)
        return try withArguments(interp, fp) { base, n in
            if let cache, case .function(let c) = f, c === cache.function, cache.matches(interp, base, n) {
                return try interp.run(cache.method, base: base, count: n, keywords: [], span: span)
            }
            return try dispatch(interp, f, base, n)
        }
    }

    /// Evaluates the arguments into fresh slots on top of the value stack, runs `body`
    /// with their base and count (errors from it get this call's location), and frees
    /// the slots again.
    @inline(__always)
    private func withArguments(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>,
                               _ body: (_ base: Int, _ count: Int) throws -> Value) throws -> Value {
        let n = args.count
        do {
            return try interp.withSlots(n) { base in
                for i in 0..<n {
                    let v = try args[i].eval(interp, fp)
                    interp.stack[base + i] = v
                }
                do {
                    return try body(base, n)
                } catch {
                    throw locate(error)
                }
            }
        } catch let e as FlxError where !e.located {
            // No room for the arguments: the overflow happened at this call.
            throw locate(e)
        }
    }

    /// Method selection for a call the cache did not answer; a generic function's choice
    /// is cached for next time.
    private func dispatch(_ interp: Interpreter, _ f: Value, _ base: Int, _ n: Int) throws -> Value {
        guard case .function(let c) = f, let g = c as? GenericFunction else {
            return try interp.invoke(f, base: base, count: n, keywords: [], span: span)
        }
        let types = (0..<n).map { interp.dispatchType(interp.stack[base + $0], for: g) }
        let method = types.withUnsafeBufferPointer { g.select($0, world: interp.runningWorld) }
        guard let m = method else { throw Exceptions.method(f, (0..<n).map { interp.stack[base + $0] }) }
        // What an older world answers holds only until the call returns to top-level code.
        if n <= 4 && g.newestWorld <= interp.runningWorld {
            cache = CallSiteCache(function: g, method: m, types: types, tier: Tier.specialization(interp, m, types))
        }
        return try interp.run(m, base: base, count: n, keywords: [], span: span)
    }
}

/// What a call site remembers about its last dispatch. Immutable: a new dispatch makes a
/// new one, so a running call keeps the one it started with alive.
package final class CallSiteCache {
    package let function: GenericFunction
    /// The method table's version when the method was chosen (a new method invalidates).
    package let version: Int
    /// Identities of the argument types (up to 4).
    package let t0: ObjectIdentifier, t1: ObjectIdentifier, t2: ObjectIdentifier, t3: ObjectIdentifier
    package let method: Method
    /// For plain compiled code (`CompiledFunction.isPlain`): the code, its body and frame size.
    package let plainCode: CompiledFunction?
    package let plainBody: Node?
    package let frameSize: Int
    /// The method's body specialised for these argument types, if the tier took it.
    package let tier: TierFunction?

    package init(function: GenericFunction, method: Method, types: [FlxType], tier: TierFunction? = nil) {
        self.tier = tier
        self.function = function
        version = function.version
        let any = ObjectIdentifier(BuiltinTypes.any)
        t0 = types.count > 0 ? ObjectIdentifier(types[0]) : any
        t1 = types.count > 1 ? ObjectIdentifier(types[1]) : any
        t2 = types.count > 2 ? ObjectIdentifier(types[2]) : any
        t3 = types.count > 3 ? ObjectIdentifier(types[3]) : any
        self.method = method
        if case .compiled(let code) = method.body, code.isPlain, method.typeBindings.isEmpty, code.paramCount == types.count,
           method.differentiation == .checked {
            plainCode = code
            plainBody = code.body
            frameSize = code.frameSize
        } else {
            plainCode = nil
            plainBody = nil
            frameSize = 0
        }
    }

    /// Whether the global binding still holds this cache's function.
    @inline(__always) package func isHeld(by binding: GlobalBinding) -> Bool {
        if case .function(let c) = binding.value { return c === function }
        return false
    }

    /// Same method table and the same argument types as when the method was chosen.
    @inline(__always) package func matches(_ interp: Interpreter, _ base: Int, _ n: Int) -> Bool {
        if function.version != version || n > 4 { return false }
        let s = interp.stack + base
        if n > 0 && interp.typeID(s[0]) != t0 { return false }
        if n > 1 && interp.typeID(s[1]) != t1 { return false }
        if n > 2 && interp.typeID(s[2]) != t2 { return false }
        if n > 3 && interp.typeID(s[3]) != t3 { return false }
        return true
    }
}

/// A call with splats (`f(xs...)`) or keywords (`f(x; k = 1)`): the general path.
package final class GeneralCall: Node {
    package let callee: Node
    package let args: [(node: Node, splat: Bool)]
    package let keywords: [(name: String, node: Node, splat: Bool)]

    package init(callee: Node, args: [(node: Node, splat: Bool)], keywords: [(name: String, node: Node, splat: Bool)], span: Span) {
        self.callee = callee
        self.args = args
        self.keywords = keywords
        super.init(span: span)
    }

    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        do {
            let f = try callee.eval(interp, fp)
            var values: [Value] = []
            for (node, splat) in args {
                let v = try node.eval(interp, fp)
                if splat { values.append(contentsOf: try interp.collect(v)) } else { values.append(v) }
            }
            var kws: [(name: String, value: Value)] = []
            for (name, node, splat) in keywords {
                let v = try node.eval(interp, fp)
                if splat {
                    switch v {
                    case .namedTuple(let nt): for (k, val) in zip(nt.names, nt.values) { kws.append((k, val)) }
                    default:
                        for item in try interp.collect(v) {
                            guard case .pair(let p) = item, case .symbol(let s) = p.first else {
                                throw Exceptions.argument("keyword splat needs a NamedTuple or pairs of Symbol => value")
                            }
                            kws.append((s.name, p.second))
                        }
                    }
                } else {
                    kws.append((name, v))
                }
            }
            return try interp.call(f, values, keywords: kws, span: span)
        } catch {
            throw locate(error)
        }
    }
}

/// An operand read without a node call when it is a plain local or a constant:
/// arithmetic on locals is the interpreter's hottest path.
package enum Operand {
    case local(Int, String)
    case constant(Value)
    case node(Node)

    package init(_ n: Node) {
        if let l = n as? LocalGet { self = .local(l.slot, l.name) } else if let c = n as? Literal { self = .constant(c.value) } else { self = .node(n) }
    }

    @inline(__always) package func value(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>, _ owner: Node) throws -> Value {
        switch self {
        case .local(let slot, let name):
            let v = fp[slot]
            if case .undef = v { throw owner.locate(Exceptions.undefVar(name, scope: "local")) }
            return v
        case .constant(let v): return v
        case .node(let n): return try n.eval(interp, fp)
        }
    }
}

/// A binary operator with the scalar cases computed in place and everything else
/// (arrays, user types) sent to the operator's generic function.
package final class BinaryOperation: Node {
    package let op: BinaryOperator
    package let lhs: Operand, rhs: Operand
    package let function: GlobalBinding

    package init(_ op: BinaryOperator, _ lhs: Node, _ rhs: Node, function: GlobalBinding, span: Span) {
        self.op = op
        self.lhs = Operand(lhs)
        self.rhs = Operand(rhs)
        self.function = function
        super.init(span: span)
    }

    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let l = try lhs.value(interp, fp, self)
        let r = try rhs.value(interp, fp, self)
        do {
            if let v = try ScalarArithmetic.apply(op, l, r) { return v }
            if let v = try interp.trackedArithmetic(op, l, r) { return v }
            return try interp.call(function.value, [l, r], span: span)
        } catch {
            throw locate(error)
        }
    }
}

/// `x op= rhs` on a plain local (`s += i`): read, compute and store in one node.
package final class LocalUpdate: Node {
    package let slot: Int
    package let name: String
    package let op: BinaryOperator
    package let rhs: Operand
    package let function: GlobalBinding

    package init(slot: Int, name: String, op: BinaryOperator, rhs: Node, function: GlobalBinding, span: Span) {
        self.slot = slot
        self.name = name
        self.op = op
        self.rhs = Operand(rhs)
        self.function = function
        super.init(span: span)
    }

    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let r = try rhs.value(interp, fp, self)
        let l = fp[slot]
        if case .undef = l { throw locate(Exceptions.undefVar(name, scope: "local")) }
        do {
            let v = try ScalarArithmetic.apply(op, l, r) ?? interp.trackedArithmetic(op, l, r) ?? interp.call(function.value, [l, r], span: span)
            fp[slot] = v
            return v
        } catch {
            throw locate(error)
        }
    }
}

/// `a < b <= c`: each operand evaluated once, stopping at the first false.
package final class ComparisonChain: Node {
    package let operands: [Node]
    package let functions: [GlobalBinding]
    package init(operands: [Node], functions: [GlobalBinding], span: Span) {
        self.operands = operands
        self.functions = functions
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        // Julia's lowering stores the middle operands first (`v(1) < v(2) <= v(3)` calls
        // v(2), then v(1), then v(3) only if the first comparison holds).
        var middle: [Value] = []
        if operands.count > 2 { for k in 1..<(operands.count - 1) { middle.append(try operands[k].eval(interp, fp)) } }
        var left = try operands[0].eval(interp, fp)
        for i in 0..<functions.count {
            let right = i + 1 < operands.count - 1 ? middle[i] : try operands[i + 1].eval(interp, fp)
            let r: Value
            do { r = try interp.call(functions[i].value, [left, right], span: span) } catch { throw locate(error) }
            guard try truthValue(r, self) else { return .bool(false) }
            left = right
        }
        return .bool(true)
    }
}

/// `x -> ...` or an inner `function`: makes a closure over the current frame's cells.
package final class MakeClosure: Node {
    package let code: CompiledFunction
    package let captureSources: [Int]
    package init(code: CompiledFunction, captureSources: [Int], span: Span) {
        self.code = code
        self.captureSources = captureSources
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        var cells: [Cell] = []
        cells.reserveCapacity(captureSources.count)
        for s in captureSources {
            if case .cell(let c) = fp[s] {
                cells.append(c)
            } else {
                // A variable captured before any assignment: give it its cell now.
                let c = Cell(fp[s])
                fp[s] = .cell(c)
                cells.append(c)
            }
        }
        return .function(Closure(code: code, captures: cells))
    }
}
