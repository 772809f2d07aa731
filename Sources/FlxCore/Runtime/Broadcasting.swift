import FlxSyntax
import FlxEngine

/// Julia's broadcasting over flx values. Numeric arrays with built-in functions go
/// to the engine as one fused kernel (one loop, one output buffer, differentiable);
/// anything else (user functions, strings, mixed containers) runs elementwise here.
/// A value that stands for an array it has not computed yet (Base's lazy `Broadcasted`):
/// a broadcast, `collect` or `copy` that meets one works on the array it materialises.
package protocol LazyArrayStandIn: AnyObject {
    func materialize(_ interp: Interpreter) throws -> Value
}

public enum Broadcast {
    package indirect enum Tree {
        case leaf(Int)
        case constant(Value)
        case call(Value, [Tree])
    }

    public enum FusableOp {
        case unary(UnaryOp)
        case binary(BinaryOp)
        /// `-` and `+`, which are unary or binary depending on the argument count.
        case plusMinus(unary: UnaryOp, binary: BinaryOp)
    }

    package static func register(_ f: Value, _ op: FusableOp) {
        if case .function(let c) = f { c.elementwise = op }
    }

    // MARK: shapes

    /// The broadcast shape of a value: arrays their own, ranges and tuples as vectors,
    /// everything else a scalar.
    package static func shape(of v: Value, _ interp: Interpreter) -> Shape? {
        switch v {
        case .array(let a): return a.shape
        case .range(let r): return try? Shape([Int(r.count)])
        case .tuple(let t): return try? Shape([t.items.count])
        default: return nil
        }
    }

    package static func combine(_ a: Shape, _ b: Shape, _ va: Value, _ vb: Value, _ interp: Interpreter) throws -> Shape {
        let n = max(a.rank, b.rank)
        var dims: [Int] = []
        for d in 0..<n {
            let p = d < a.rank ? a[d] : 1, q = d < b.rank ? b[d] : 1
            if p == q || q == 1 { dims.append(p) } else if p == 1 { dims.append(q) } else {
                throw Exceptions.dimensionMismatch("arrays could not be broadcast to a common size: a has axes \(axesText(a)) and b has axes \(axesText(b))")
            }
        }
        return try Shape(dims)
    }

    package static func axesText(_ s: Shape) -> String {
        let parts = s.dims.map { "Base.OneTo(\($0))" }
        return s.rank == 1 ? parts[0] : "(" + parts.joined(separator: ", ") + ")"
    }

    // MARK: evaluation

    package static func evaluate(_ tree: Tree, _ leaves: [Value], _ interp: Interpreter) throws -> Value {
        var leaves = leaves
        for i in leaves.indices {
            if case .native(let n as LazyArrayStandIn) = leaves[i] { leaves[i] = try n.materialize(interp) }
        }
        if let v = try fused(tree, leaves, interp) { return v }
        var shape: Shape? = nil
        var first: Value = .nothing
        for l in leaves {
            guard let s = Broadcast.shape(of: l, interp) else { continue }
            if let cur = shape { shape = try combine(cur, s, first, l, interp) } else { shape = s; first = l }
        }
        guard let out = shape else {
            // All scalars: Julia returns a scalar.
            return try scalarEval(tree, leaves, interp)
        }
        if let tape = interp.activeTape, leaves.contains(where: { interp.isTracked($0) }) {
            return try trackedElementwise(tree, leaves, out, tape, interp)
        }
        // Per-leaf strides with size-1 dimensions mapped to 0.
        let leafData: [(values: ArrayValue?, items: [Value]?, strides: [Int])] = try leaves.map { l in
            switch l {
            case .array(let a): return (a, nil, strides(a.shape, out))
            case .range, .tuple:
                let items = try interp.collect(l)
                return (nil, items, strides(try Shape([items.count]), out))
            default: return (nil, nil, [])
            }
        }
        var results: [Value] = []
        // The broadcast shape is the product of the script's sizes: check it fits first.
        try MemoryGuard.reserve(count: out.count, bytesEach: MemoryLayout<Value>.stride)
        results.reserveCapacity(out.count)
        var sub = [Int](repeating: 0, count: out.rank)
        var elementLeaves = leaves
        for lin in 0..<out.count {
            if lin > 0 {
                var d = 0
                while d < out.rank { sub[d] += 1; if sub[d] < out[d] { break }; sub[d] = 0; d += 1 }
            }
            // Every array takes part by element, a 0-dimensional one too (its strides are
            // empty): passing the array itself made relu(fill(1)) recurse without end.
            for (k, info) in leafData.enumerated() where info.values != nil || info.items != nil {
                var offset = 0
                for d in 0..<info.strides.count { offset += sub[d] * info.strides[d] }
                elementLeaves[k] = info.values?.element(offset) ?? info.items![offset]
            }
            results.append(try scalarEval(tree, elementLeaves, interp))
        }
        // Only 0-dimensional arrays (and scalars) in: Julia's broadcast returns the scalar.
        if out.rank == 0, results.count == 1 { return results[0] }
        // Only tuples (and scalars) in: a tuple out, as Julia does.
        if leaves.allSatisfy({ if case .tuple = $0 { return true }; return Broadcast.shape(of: $0, interp) == nil }) { return .tuple(results) }
        let et = results.isEmpty ? BuiltinTypes.any : interp.joinedType(results)
        let arr = try interp.makeArray(results, shape: out, elementType: et)
        if et === BuiltinTypes.bool, let t = arr.tensor { return .array(ArrayValue(bits: t)) }
        return .array(arr)
    }

    /// A broadcast that the engine cannot fuse (a user function, say) over tracked
    /// arrays: each element goes through as a tracked scalar, so gradients still flow.
    /// Slow, but never silently wrong.
    package static func trackedElementwise(_ tree: Tree, _ leaves: [Value], _ out: Shape, _ tape: Tape, _ interp: Interpreter) throws -> Value {
        // Ranges and tuples take part element by element, as vectors.
        let leaves = try leaves.map { l -> Value in
            switch l {
            case .range, .tuple: return .array(try interp.makeVector(try interp.collect(l)))
            default: return l
            }
        }
        var sub = [Int](repeating: 0, count: out.rank)
        let strideInfo: [[Int]?] = leaves.map { l in
            if case .array(let a) = l { return strides(a.shape, out) }
            return nil
        }
        var parts: [Tensor] = []
        try MemoryGuard.reserve(count: out.count, bytesEach: MemoryLayout<Tensor>.stride)
        parts.reserveCapacity(out.count)
        var elementLeaves = leaves
        for lin in 0..<out.count {
            if lin > 0 {
                var d = 0
                while d < out.rank { sub[d] += 1; if sub[d] < out[d] { break }; sub[d] = 0; d += 1 }
            }
            for (k, st) in strideInfo.enumerated() {
                guard let st, case .array(let a) = leaves[k] else { continue }
                var offset = 0
                for d in 0..<st.count { offset += sub[d] * st[d] }
                elementLeaves[k] = try interp.getIndexTracked(leaves[k], [.int(Int64(offset + 1))])
                _ = a
            }
            let v = try scalarEval(tree, elementLeaves, interp)
            guard let t = try interp.tensor(of: v) else { throw Exceptions.method(.str("broadcast"), [v]) }
            parts.append(try interp.engine { try Shaping.reshape(t, [1], tape: tape) })
        }
        let flat = try interp.engine { try Shaping.cat(parts, dim: 1, tape: tape) }
        return .array(ArrayValue(tensor: try interp.engine { try Shaping.reshape(flat, out.dims, tape: tape) }))
    }

    package static func strides(_ s: Shape, _ out: Shape) -> [Int] {
        var result = [Int](repeating: 0, count: out.rank)
        var stride = 1
        for d in 0..<out.rank {
            let size = d < s.rank ? s[d] : 1
            result[d] = size == 1 ? 0 : stride
            stride *= size
        }
        return result
    }

    /// One element of the broadcast: the tree applied to scalar leaf values.
    package static func scalarEval(_ tree: Tree, _ leaves: [Value], _ interp: Interpreter) throws -> Value {
        switch tree {
        case .leaf(let i):
            if case .native(let n) = leaves[i], let r = n as? RefObject { return r.value }
            return leaves[i]
        case .constant(let v): return v
        case .call(let f, let children):
            var args: [Value] = []
            args.reserveCapacity(children.count)
            for c in children { args.append(try scalarEval(c, leaves, interp)) }
            if args.count == 2, case .function(let c) = f, let op = c.elementwise, let bop = scalarOperator(op) {
                if let v = try ScalarArithmetic.apply(bop, args[0], args[1]) { return v }
            }
            return try interp.call(f, args)
        }
    }

    package static func scalarOperator(_ op: FusableOp) -> BinaryOperator? {
        let b: BinaryOp
        switch op {
        case .binary(let o): b = o
        case .plusMinus(_, let o): b = o
        case .unary: return nil
        }
        switch b {
        case .add: return .add
        case .sub: return .sub
        case .mul: return .mul
        case .div: return .div
        case .pow: return .pow
        case .eq: return .eq
        case .ne: return .ne
        case .lt: return .lt
        case .le: return .le
        case .gt: return .gt
        case .ge: return .ge
        case .intDiv: return .intDiv
        case .rem: return .rem
        case .max, .min: return nil
        }
    }

    // MARK: the engine path

    /// The whole broadcast as one engine kernel, when every function is a built-in
    /// elementwise op, every leaf numeric, and the result a float array.
    package static func fused(_ tree: Tree, _ leaves: [Value], _ interp: Interpreter) throws -> Value? {
        // Beside an array, a range or a tuple of numbers is a vector of its elements here
        // (`x .* (1:4)`); a short one costs less as an input than the element-by-element
        // path does. (Tuples alone broadcast to a tuple, elsewhere.)
        let hasArray = leaves.contains { if case .array = $0 { return true }; return false }
        let hasSequence = leaves.contains { switch $0 { case .range, .tuple: return true; default: return false } }
        // (Mapped only when needed: this runs for every broadcast.)
        let leaves = !(hasArray && hasSequence) ? leaves : try leaves.map { v -> Value in
            if case .range(let r) = v, r.count <= 1 << 20 { return .array(try interp.materialize(v)) }
            if case .tuple(let t) = v, !t.items.isEmpty, t.items.allSatisfy({ scalarRank($0) != nil }) { return .array(try interp.makeVector(t.items)) }
            return v
        }
        var inputs: [Tensor] = []
        // The input each array leaf became (-1: none yet). An array, not a dictionary: this
        // runs for every broadcast, and hashing showed in a gradient step's profile.
        var inputIndex = leaves.map { _ in -1 }
        var dtype: DType? = nil
        var anyArray = false
        var scalarTypes: [DType] = []
        for l in leaves {
            switch l {
            case .array(let a):
                guard let t = a.tensor else { return nil }
                anyArray = true
                dtype = dtype.map { DType.promote($0, t.dtype) } ?? t.dtype
            case .int: scalarTypes.append(.int64)
            case .float64: scalarTypes.append(.float64)
            case .float32: scalarTypes.append(.float32)
            case .bool: scalarTypes.append(.bool)
            case .tracked(let s):
                guard let t = try interp.trackedTensor(s) else { return nil }
                scalarTypes.append(t.dtype)
            default: return nil
            }
        }
        guard anyArray, var resultType = dtype else { return nil }
        func constantTypes(_ t: Tree) {
            switch t {
            case .constant(let v): if let d = Concatenation.numericDType(v) { scalarTypes.append(d) }
            case .call(_, let children): children.forEach(constantTypes)
            case .leaf: break
            }
        }
        constantTypes(tree)
        for s in scalarTypes { resultType = DType.promote(resultType, s) }
        guard resultType.isFloat else { return nil }
        func build(_ t: Tree) throws -> FusedExpr? {
            switch t {
            case .leaf(let i):
                switch leaves[i] {
                case .array(let a):
                    guard let tensor = a.tensor else { return nil }
                    if inputIndex[i] >= 0 { return .input(inputIndex[i]) }
                    inputs.append(tensor)
                    inputIndex[i] = inputs.count - 1
                    return .input(inputs.count - 1)
                case .tracked(let s):
                    guard let tensor = try interp.trackedTensor(s) else { return nil }
                    inputs.append(tensor)
                    return .input(inputs.count - 1)
                case .int, .float32, .float64, .bool:
                    return .constant(asDouble(leaves[i]))
                default: return nil
                }
            case .constant(let v):
                guard scalarRank(v) != nil else { return nil }
                return .constant(asDouble(v))
            case .call(let f, let children):
                guard case .function(let c) = f, let op = c.elementwise else { return nil }
                switch (op, children.count) {
                case (.unary(let u), 1):
                    guard let a = try build(children[0]) else { return nil }
                    return .unary(u, a)
                case (.plusMinus(let u, _), 1):
                    guard let a = try build(children[0]) else { return nil }
                    return .unary(u, a)
                case (.binary(let b), 2), (.plusMinus(_, let b), 2):
                    if b.isComparison || b == .intDiv || b == .rem { return nil }
                    guard let a = try build(children[0]), let bb = try build(children[1]) else { return nil }
                    return .binary(b, a, bb)
                default: return nil
                }
            }
        }
        guard let expr = try build(tree) else { return nil }
        do {
            let out = try Fused.evaluate(expr, inputs: inputs, dtype: resultType, tape: interp.activeTape)
            return .array(ArrayValue(tensor: out))
        } catch let e as EngineError {
            throw interp.convertEngineError(e)
        }
    }

    // MARK: in-place

    /// `dest .= value`: every element of `dest` gets the (broadcast) value.
    package static func assign(into dest: Value, _ value: Value, _ interp: Interpreter) throws {
        guard case .array(let d) = dest else {
            throw Exceptions.method(.str("copyto!"), [dest, value])
        }
        try interp.requireWritable(d, value: value)
        // Values being differentiated copied into an array are held as values
        // (`holdTracked`), so their gradient flows on through the array; an array on the
        // tape is written copy-on-write, so recorded ops keep reading the old elements.
        if interp.isTracked(dest) { try interp.holdTracked(d, function: "copyto!") }
        let trackedItems: [Value]?
        if interp.isTracked(value) {
            try interp.holdTracked(d, function: "copyto!")
            if case .array = value { trackedItems = try interp.collect(value) } else { trackedItems = nil }
        } else {
            trackedItems = nil
        }
        switch value {
        case .tuple(let t):
            // A tuple broadcasts as a vector of its elements (`g[:, 1] .= (-3, -1)`).
            return try assign(into: dest, .array(try interp.makeVector(t.items)), interp)
        case .range:
            return try assign(into: dest, .array(try interp.materialize(value)), interp)
        case .array(let v):
            if v === d { return }
            if v.shape == d.shape, let src = v.tensor, let dt = d.writableTensor, src.dtype == dt.dtype {
                try dt.copyElements(from: src)
                return
            }
            // The source must broadcast to the destination's own shape (each of its sizes
            // equal or 1, as Julia's check_broadcast_shape): () .= Any[] read an element of
            // an empty array (a trap the argument matrix found).
            for k in 0..<max(d.rank, v.rank) {
                let p = k < d.rank ? d.shape[k] : 1, q = k < v.rank ? v.shape[k] : 1
                guard q == p || q == 1 else { throw Exceptions.dimensionMismatch("array could not be broadcast to match destination") }
            }
            let st = strides(v.shape, d.shape)
            var sub = [Int](repeating: 0, count: d.rank)
            for lin in 0..<d.count {
                if lin > 0 {
                    var k = 0
                    while k < d.rank { sub[k] += 1; if sub[k] < d.shape[k] { break }; sub[k] = 0; k += 1 }
                }
                var off = 0
                for k in 0..<st.count { off += sub[k] * st[k] }
                try d.setElement(lin, try interp.convertElement(trackedItems?[off] ?? v.element(off), to: d.elementType))
            }
        default:
            let e = try interp.convertElement(value, to: d.elementType)
            for i in 0..<d.count { try d.setElement(i, e) }
        }
    }
}

/// `Ref(x)`, `Ref{T}(x)`: a mutable box (Julia's `Base.RefValue{T} <: Ref{T}`), and a
/// scalar inside broadcasts. T is fixed when it is made: what is stored later is converted
/// to it, as Julia's `setindex!` of a RefValue does.
public final class RefObject: NativeObject, NativeIndexable, NativeShowable {
    public var value: Value
    /// The `T` of `RefValue{T}`.
    package let elementType: FlxType
    package let type: FlxType
    package static let family: FlxType = {
        let t = FlxType(name: "Base.RefValue", supertype: BuiltinTypes.ref)
        t.parameterNames = ["T"]
        t.instanceSupertype = { BuiltinTypes.ref.instantiate($0) }
        return t
    }()
    public init(_ value: Value, elementType: FlxType) {
        self.value = value
        self.elementType = elementType
        type = RefObject.family.instantiate([.type(elementType)])
    }
    public override var flxType: FlxType { type }

    public func getIndex(_ indices: [Value], _ interp: Interpreter) throws -> Value {
        guard indices.isEmpty else { throw Exceptions.bounds(.native(self), .tuple(indices)) }
        return value
    }

    public func setIndex(_ indices: [Value], _ value: Value, _ interp: Interpreter) throws {
        guard indices.isEmpty else { throw Exceptions.bounds(.native(self), .tuple(indices)) }
        self.value = try interp.convertElement(value, to: elementType)
    }

    public func show(_ interp: Interpreter, compact: Bool) throws -> String {
        TypeNames.show(type) + "(" + (try Display.repr(value, interp)) + ")"
    }

    public func display(_ interp: Interpreter) throws -> String? { nil }
}
