import FlxSyntax
import FlxCore
import FlxEngine

/// Array construction, shape queries and changes, mutation, and reductions.
package enum ArrayBuiltins {
    package static var tables: [[Builtin]] {
        [arrayConstruction, arrayShape, arrayIndexing, arrayConcatenation, vectorMutation, arrayReductions, ArraySlices.functions, ArrayRearranging.functions]
    }

    package static func install(_ interp: Interpreter) {
        for table in tables { interp.base.register(table, helpInto: interp.builtinHelp) }
        CartesianIndexing.install(interp)
    }

    package static func materializeIfRange(_ v: Value, _ interp: Interpreter) throws -> Value {
        if case .range = v { return .array(try interp.materialize(v)) }
        return v
    }

    /// Dimensions given as `3, 2` or `(3, 2)`.
    package static func dimsShape(_ values: [Value], _ interp: Interpreter) throws -> Shape {
        var dims: [Int] = []
        for v in values {
            switch v {
            case .int(let n): dims.append(Int(truncatingIfNeeded: n))
            case .tuple(let t): for d in t.items { guard case .int(let n) = d else { throw Exceptions.method(.str("dims"), values) }; dims.append(Int(truncatingIfNeeded: n)) }
            default: throw Exceptions.method(.str("zeros"), values)
            }
        }
        return try interp.engine { try Shape(dims) }
    }

    package static func filled(_ a: Args, _ interp: Interpreter, value: Double, name: String) throws -> Value {
        var args = a.values
        var dt = DType.float64
        if let first = args.first, case .type(let t) = first {
            guard let d = ArrayValue.dtype(of: t) else {
                return .array(try interp.makeArray(try MemoryGuard.values(repeating: value == 0 ? .int(0) : .int(1), count: try dimsShape(Array(args.dropFirst()), interp).count), shape: try dimsShape(Array(args.dropFirst()), interp), elementType: t))
            }
            dt = d
            args.removeFirst()
        }
        let shape = try dimsShape(args, interp)
        let t = try interp.engine { try Tensor.filled(value: value, dtype: dt, shape: shape) }
        return .array(ArrayValue(tensor: t))
    }

    package static func emptyArray(_ et: FlxType, _ shape: Shape, _ interp: Interpreter) throws -> ArrayValue {
        if let dt = ArrayValue.dtype(of: et) { return ArrayValue(tensor: try interp.engine { try Tensor.zeros(dt, shape) }) }
        return ArrayValue(boxed: try MemoryGuard.values(repeating: .undef, count: shape.count), shape: shape, elementType: et)
    }

    /// `push!` on a vector: numeric vectors grow into spare capacity.
    package static func append(_ arr: ArrayValue, _ v: Value, _ interp: Interpreter) throws {
        if case .tracked = v { try interp.holdTracked(arr) }
        switch arr.storage {
        case .boxed(let b):
            b.values.append(v)
            b.shape = try Shape([b.values.count])
        case .numeric(let t):
            let n = t.count
            if let r = arr.reserve, r.count > n {
                r.setFromValue(v, at: n)
                arr.storage = .numeric(try interp.engine { try r.prefixVector(n + 1) })
                return
            }
            let capacity = max(8, n * 2)
            let r = try interp.engine { try Tensor.zeros(t.dtype, try Shape([capacity])) }
            try r.copyPrefix(from: t)
            r.setFromValue(v, at: n)
            arr.reserve = r
            arr.storage = .numeric(try interp.engine { try r.prefixVector(n + 1) })
        case .picked:
            // A SubArray cannot grow (its type says so before this is reached).
            throw Exceptions.method(.str("push!"), [.array(arr), v])
        }
    }

    package static func deepCopy(_ v: Value, _ interp: Interpreter, _ seen: inout [ObjectIdentifier: Value]) throws -> Value {
        try NativeStack.check()
        switch v {
        case .array(let a):
            if let s = seen[ObjectIdentifier(a)] { return s }
            if a.tensor != nil {
                let c = try CollectionBuiltins.copyArray(a, interp, keepType: true)
                seen[ObjectIdentifier(a)] = .array(c)
                return .array(c)
            }
            // Registered before its elements are copied, so an array that holds itself
            // (`r[1] = r`) becomes a copy that holds the copy, as Julia's deepcopy does.
            let elements = a.boxedValues
            let c = ArrayValue(boxed: elements, shape: a.shape, elementType: a.elementType)
            seen[ObjectIdentifier(a)] = .array(c)
            for (i, e) in elements.enumerated() { try c.setElement(i, try deepCopy(e, interp, &seen)) }
            return .array(c)
        case .tuple(let t):
            var items: [Value] = []
            for e in t.items { items.append(try deepCopy(e, interp, &seen)) }
            return .tuple(items)
        case .namedTuple(let nt):
            var items: [Value] = []
            for e in nt.values { items.append(try deepCopy(e, interp, &seen)) }
            return .namedTuple(NamedTupleValue(names: nt.names, values: items))
        case .object(let o):
            if let s = seen[ObjectIdentifier(o)] { return s }
            let c = StructInstance(type: o.type, fields: [])
            seen[ObjectIdentifier(o)] = .object(c)
            for f in o.fields { c.fields.append(try deepCopy(f, interp, &seen)) }
            return .object(c)
        case .native(let n):
            if let c = n as? DeepCopyable { return try c.deepCopy(interp, &seen) }
            if let d = n as? DictObject {
                if let s = seen[ObjectIdentifier(d)] { return s }
                let c = d.emptyCopy()
                seen[ObjectIdentifier(d)] = .native(c)
                for p in d.pairs { try c.set(try deepCopy(p.key, interp, &seen), try deepCopy(p.value, interp, &seen), interp) }
                return .native(c)
            }
            if let r = n as? RefObject { return .native(RefObject(try deepCopy(r.value, interp, &seen), elementType: r.elementType)) }
            return v
        default:
            return v
        }
    }


    package static func dimSet(_ v: Value, _ interp: Interpreter) throws -> DimSet {
        switch v {
        case .int(let d): return try interp.engine { try DimSet.julia(Int(truncatingIfNeeded: d)) }
        case .tuple, .array, .range:
            let ds = try interp.collect(v).map { Int(asInt($0)) }
            return try interp.engine { try DimSet(julia: ds) }
        case .native(let c) where c is ColonObject: return .all
        default: throw Exceptions.argument("invalid dims \(try Display.repr(v, interp))")
        }
    }

    /// sum/prod/maximum/minimum/mean with an optional function and `dims`.
    package static func reduction(_ name: String, _ a: Args, _ interp: Interpreter) throws -> Value {
        try a.expect(name, 1...2)
        var f: Value? = nil
        var v = a[a.count - 1]
        if a.count == 2 { f = a[0] }
        let dims = a.keyword("dims")
        let op: ReduceOp = name == "sum" ? .sum : name == "prod" ? .prod : name == "maximum" ? .maximum : name == "minimum" ? .minimum : .mean
        if case .array(let arr) = v, let t = arr.tensor {
            var input = t
            if let f {
                // `sum(abs2, x)` has a fused path; other functions broadcast first.
                if name == "sum", dims == nil, case .function(let c) = f, c.elementwise.map({ if case .unary(.abs2) = $0 { return true }; return false }) == true {
                    return interp.wrap(try interp.engine { tape in try Reductions.sumAbs2(t, tape: tape) })
                }
                guard case .array(let mapped) = try Broadcast.evaluate(.call(f, [.leaf(0)]), [v], interp) else { throw Exceptions.method(.str(name), a.values) }
                guard let mt = mapped.tensor else {
                    return try genericReduce(name, mapped.boxedValues, interp)
                }
                input = mt
                v = .array(mapped)
            }
            if arr.count == 0 && dims == nil {
                if op == .sum { return try MathBuiltins.unitLike(.type(arr.elementType), 0, interp) }
                if op == .prod { return try MathBuiltins.unitLike(.type(arr.elementType), 1, interp) }
                throw Exceptions.argument("reducing over an empty collection is not allowed; consider supplying `init` to the reducer")
            }
            if let dims {
                let ds = try dimSet(dims, interp)
                return .array(ArrayValue(tensor: try interp.engine { tape in try Reductions.reduce(op, input, dims: ds, tape: tape) }))
            }
            let r = try interp.engine { tape in try Reductions.reduce(op, input, dims: .all, tape: tape) }
            return interp.wrap(r)
        }
        if dims != nil { throw Exceptions.method(.str(name), a.values) }
        // `sum(1:10^18)`: Julia's closed form (wrapping like Int arithmetic), not a walk.
        if f == nil, name == "sum", case .range(let r) = v, case .int(let first, let step, _, _) = r.kind, r.count > 0 {
            let n = Int128(r.count), s = n * Int128(first) + Int128(step) * (n * (n - 1) / 2)
            return .int(Int64(truncatingIfNeeded: s))
        }
        // `mean(r)` of a range is Statistics' closed form `(first(r) + last(r)) / 2` (the Int
        // sum wrapping as Julia's does), NaN when empty: O(1), where a walk of 10^18 hung.
        if f == nil, name == "mean", case .range(let r) = v {
            switch r.kind {
            case .int(let first, _, _, _):
                if r.count == 0 { return .float64(.nan) }
                guard case .int(let last) = r.last else { break }
                return .float64(Double(first &+ last) / 2)
            case .float:
                if r.count == 0 { return r.isFloat32 ? .float32(.nan) : .float64(.nan) }
                let m = (asDouble(r.element(0)) + asDouble(r.last ?? .float64(.nan))) / 2
                return r.isFloat32 ? .float32(Float(m)) : .float64(m)
            }
        }
        // A range is monotonic, so its extremes are its ends (Julia's `minimum(r)` is
        // `min(first(r), last(r))`), found without walking 10^12 elements.
        if f == nil, name == "maximum" || name == "minimum", case .range(let r) = v, let last = r.last {
            return try MathBuiltins.extremumValues(r.element(0), last, interp, max: name == "maximum")
        }
        // An array or tuple already is a list (reading it through the list is cheaper than
        // element by element); anything else is walked without building one.
        let isList: Bool = { switch v { case .array, .tuple: return true; default: return false } }()
        return try genericReduce(name, isList ? ListIterator(try interp.collect(v)) : try interp.makeIterator(v), mapping: f, interp)
    }

    package static func genericReduce(_ name: String, _ items: [Value], _ interp: Interpreter) throws -> Value {
        try genericReduce(name, ListIterator(items), mapping: nil, interp)
    }

    /// Folds the elements (each mapped through `f` when given) one at a time, so that no
    /// list of them is ever built.
    static func genericReduce(_ name: String, _ it: ValueIterator, mapping f: Value?, _ interp: Interpreter) throws -> Value {
        let accumulates = name == "sum" || name == "prod" || name == "mean"
        func next() throws -> Value? {
            guard let v = try it.next() else { return nil }
            let mapped = try f.map { try interp.call($0, [v]) } ?? v
            // Julia's `add_sum`/`mul_prod` widen integers narrower than Int to Int (signed)
            // or UInt (unsigned) first: `sum(UInt8[200, 100])` is 0x000000000000012c.
            if accumulates, case .sized(let s) = mapped, s.kind.bitWidth < 64 {
                return FixedIntArithmetic.wrapped(s.fixed, to: s.kind.isSigned ? .int64 : .uint64).value
            }
            return mapped
        }
        guard var acc = try next() else {
            if name == "sum" { return .int(0) }
            if name == "prod" { return .int(1) }
            if name == "mean" { return .float64(.nan) }
            throw Exceptions.argument("reducing over an empty collection is not allowed; consider supplying `init` to the reducer")
        }
        var count: Int64 = 1
        while let v = try next() {
            count += 1
            switch name {
            case "sum", "mean": acc = try OperatorBuiltins.binaryValues(.add, acc, v, interp)
            case "prod": acc = try OperatorBuiltins.binaryValues(.mul, acc, v, interp)
            case "maximum": acc = try MathBuiltins.extremumValues(acc, v, interp, max: true)
            default: acc = try MathBuiltins.extremumValues(acc, v, interp, max: false)
            }
        }
        if name == "mean" { return try OperatorBuiltins.binaryValues(.div, acc, .int(count), interp) }
        if name == "sum", case .bool(let b) = acc, count == 1 { return .int(b ? 1 : 0) }
        return acc
    }

    package static func softmax(_ a: Args, _ interp: Interpreter, log: Bool) throws -> Value {
        try a.expect(log ? "logsoftmax" : "softmax", 1...1)
        guard case .array(let arr) = a[0], let t = arr.tensor else { throw Exceptions.method(.str(log ? "logsoftmax" : "softmax"), a.values) }
        let ds = try a.keyword("dims").map { try dimSet($0, interp) } ?? DimSet(mask: 1)
        let input = t.dtype.isFloat ? t : try interp.engine { try t.converted(to: .float64) }
        return .array(ArrayValue(tensor: try interp.engine { tape in log ? try Reductions.logsoftmax(input, dims: ds, tape: tape) : try Reductions.softmax(input, dims: ds, tape: tape) }))
    }
}

/// Swift objects that `deepcopy` must copy themselves.
package protocol DeepCopyable {
    func deepCopy(_ interp: Interpreter, _ seen: inout [ObjectIdentifier: Value]) throws -> Value
}

extension Value {
    package var isTuple: Bool { if case .tuple = self { return true }; return false }
}


