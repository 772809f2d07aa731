/// `f(a, b)` with plain positional arguments: the arguments are evaluated straight
/// into the callee's frame on the value stack, and the method chosen for the last
/// argument types is remembered (an inline cache).
final class Call: Node {
    let callee: Node
    let args: [Node]
    @exclusivity(unchecked) private var cachedFunction: GenericFunction?
    @exclusivity(unchecked) private var cachedVersion = -1
    /// Identities of the argument types the cached method was chosen for (up to 4).
    @exclusivity(unchecked) private var t0 = ObjectIdentifier(BuiltinTypes.any)
    @exclusivity(unchecked) private var t1 = ObjectIdentifier(BuiltinTypes.any)
    @exclusivity(unchecked) private var t2 = ObjectIdentifier(BuiltinTypes.any)
    @exclusivity(unchecked) private var t3 = ObjectIdentifier(BuiltinTypes.any)
    @exclusivity(unchecked) private var cachedMethod: Method?
    /// The cached method's code when it is plain (see `CompiledFunction.isPlain`).
    @exclusivity(unchecked) private var cachedPlainCode: CompiledFunction?

    init(callee: Node, args: [Node], span: Span) {
        self.callee = callee
        self.args = args
        super.init(span: span)
    }

    override func eval(_ x: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let f = try callee.eval(x, fp)
        let base = x.sp
        let n = args.count
        guard x.stackRoom(base + n) else { throw locate(Exceptions.stackOverflow()) }
        x.sp = base + n
        defer {
            for i in 0..<n { x.stack[base + i] = .undef }
            x.sp = base
        }
        for i in 0..<n {
            let v = try args[i].eval(x, fp)
            x.stack[base + i] = v
        }
        do {
            if case .function(let c) = f {
                // Same function, same method table, same argument types: the cached method.
                if let g = cachedFunction, c === g, g.version == cachedVersion, n <= 4, let m = cachedMethod, typesMatch(x, base, n) {
                    if let code = cachedPlainCode, code.paramCount == n { return try x.runPlain(code, base: base, count: n) }
                    return try x.run(m, base: base, count: n, keywords: [], span: span)
                }
                if let g = c as? GenericFunction { return try slowGeneric(x, g, f, base, n) }
            }
            return try x.invoke(f, base: base, count: n, keywords: [], span: span)
        } catch {
            throw locate(error)
        }
    }

    @inline(__always) private func typesMatch(_ x: Interpreter, _ base: Int, _ n: Int) -> Bool {
        let s = x.stack + base
        if n > 0 && x.typeID(s[0]) != t0 { return false }
        if n > 1 && x.typeID(s[1]) != t1 { return false }
        if n > 2 && x.typeID(s[2]) != t2 { return false }
        if n > 3 && x.typeID(s[3]) != t3 { return false }
        return true
    }

    private func slowGeneric(_ x: Interpreter, _ g: GenericFunction, _ f: Value, _ base: Int, _ n: Int) throws -> Value {
        let types = (0..<n).map { x.typeOf(x.stack[base + $0]) }
        let method = types.withUnsafeBufferPointer { g.select($0) }
        guard let m = method else { throw Exceptions.method(f, (0..<n).map { x.stack[base + $0] }) }
        if n <= 4 {
            cachedFunction = g
            cachedVersion = g.version
            if n > 0 { t0 = ObjectIdentifier(types[0]) }
            if n > 1 { t1 = ObjectIdentifier(types[1]) }
            if n > 2 { t2 = ObjectIdentifier(types[2]) }
            if n > 3 { t3 = ObjectIdentifier(types[3]) }
            cachedMethod = m
            cachedPlainCode = nil
            if case .compiled(let code) = m.body, code.isPlain, m.typeBindings.isEmpty { cachedPlainCode = code }
        }
        return try x.run(m, base: base, count: n, keywords: [], span: span)
    }
}

/// A call with splats (`f(xs...)`) or keywords (`f(x; k = 1)`): the general path.
final class GeneralCall: Node {
    let callee: Node
    let args: [(node: Node, splat: Bool)]
    let keywords: [(name: String, node: Node, splat: Bool)]

    init(callee: Node, args: [(node: Node, splat: Bool)], keywords: [(name: String, node: Node, splat: Bool)], span: Span) {
        self.callee = callee
        self.args = args
        self.keywords = keywords
        super.init(span: span)
    }

    override func eval(_ x: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        do {
            let f = try callee.eval(x, fp)
            var values: [Value] = []
            for (node, splat) in args {
                let v = try node.eval(x, fp)
                if splat { values.append(contentsOf: try x.collect(v)) } else { values.append(v) }
            }
            var kws: [(name: String, value: Value)] = []
            for (name, node, splat) in keywords {
                let v = try node.eval(x, fp)
                if splat {
                    switch v {
                    case .namedTuple(let nt): for (k, val) in zip(nt.names, nt.values) { kws.append((k, val)) }
                    default:
                        for item in try x.collect(v) {
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
            return try x.call(f, values, keywords: kws, span: span)
        } catch {
            throw locate(error)
        }
    }
}

/// An operand read without a node call when it is a plain local or a constant:
/// arithmetic on locals is the interpreter's hottest path.
enum Operand {
    case local(Int, String)
    case constant(Value)
    case node(Node)

    init(_ n: Node) {
        if let l = n as? LocalGet { self = .local(l.slot, l.name) } else if let c = n as? Literal { self = .constant(c.value) } else { self = .node(n) }
    }

    @inline(__always) func value(_ x: Interpreter, _ fp: UnsafeMutablePointer<Value>, _ owner: Node) throws -> Value {
        switch self {
        case .local(let slot, let name):
            let v = fp[slot]
            if case .undef = v { throw owner.locate(Exceptions.undefVar(name, scope: "local")) }
            return v
        case .constant(let v): return v
        case .node(let n): return try n.eval(x, fp)
        }
    }
}

/// A binary operator with the scalar cases computed in place and everything else
/// (arrays, user types) sent to the operator's generic function.
final class BinaryOperation: Node {
    let op: BinaryOperator
    let lhs: Operand, rhs: Operand
    let function: GlobalBinding

    init(_ op: BinaryOperator, _ lhs: Node, _ rhs: Node, function: GlobalBinding, span: Span) {
        self.op = op
        self.lhs = Operand(lhs)
        self.rhs = Operand(rhs)
        self.function = function
        super.init(span: span)
    }

    override func eval(_ x: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let l = try lhs.value(x, fp, self)
        let r = try rhs.value(x, fp, self)
        do {
            if let v = try ScalarArithmetic.apply(op, l, r) { return v }
            return try x.call(function.value, [l, r], span: span)
        } catch {
            throw locate(error)
        }
    }
}

/// `x op= rhs` on a plain local (`s += i`): read, compute and store in one node.
final class LocalUpdate: Node {
    let slot: Int
    let name: String
    let op: BinaryOperator
    let rhs: Operand
    let function: GlobalBinding

    init(slot: Int, name: String, op: BinaryOperator, rhs: Node, function: GlobalBinding, span: Span) {
        self.slot = slot
        self.name = name
        self.op = op
        self.rhs = Operand(rhs)
        self.function = function
        super.init(span: span)
    }

    override func eval(_ x: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let r = try rhs.value(x, fp, self)
        let l = fp[slot]
        if case .undef = l { throw locate(Exceptions.undefVar(name, scope: "local")) }
        do {
            let v = try ScalarArithmetic.apply(op, l, r) ?? x.call(function.value, [l, r], span: span)
            fp[slot] = v
            return v
        } catch {
            throw locate(error)
        }
    }
}

/// `a < b <= c`: each operand evaluated once, stopping at the first false.
final class ComparisonChain: Node {
    let operands: [Node]
    let functions: [GlobalBinding]
    init(operands: [Node], functions: [GlobalBinding], span: Span) {
        self.operands = operands
        self.functions = functions
        super.init(span: span)
    }
    override func eval(_ x: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        var left = try operands[0].eval(x, fp)
        for i in 0..<functions.count {
            let right = try operands[i + 1].eval(x, fp)
            let r: Value
            do { r = try x.call(functions[i].value, [left, right], span: span) } catch { throw locate(error) }
            guard try truthValue(r, self) else { return .bool(false) }
            left = right
        }
        return .bool(true)
    }
}

/// `x -> ...` or an inner `function`: makes a closure over the current frame's cells.
final class MakeClosure: Node {
    let code: CompiledFunction
    let captureSources: [Int]
    init(code: CompiledFunction, captureSources: [Int], span: Span) {
        self.code = code
        self.captureSources = captureSources
        super.init(span: span)
    }
    override func eval(_ x: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
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
