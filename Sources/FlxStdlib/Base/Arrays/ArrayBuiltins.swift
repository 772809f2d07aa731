import FlxSyntax
import FlxCore
import FlxEngine

/// Array construction, shape queries and changes, mutation, and reductions.
package enum ArrayBuiltins {
    package static func install(_ interp: Interpreter) {
        let b = interp.base
        b.native("zeros") { interp, a in try filled(a, interp, value: 0, name: "zeros") }
        b.native("ones") { interp, a in try filled(a, interp, value: 1, name: "ones") }
        b.native("fill") { interp, a in
            guard a.count >= 2 else { throw Exceptions.method(.str("fill"), a.values) }
            let shape = try dimsShape(Array(a.values.dropFirst()), interp)
            let v = a[0]
            if let dt = Concatenation.numericDType(v) {
                let t = try interp.engine { try Tensor.zeros(dt, shape) }
                let arr = ArrayValue(tensor: t)
                for i in 0..<arr.count { arr.setElement(i, v) }
                return .array(arr)
            }
            try MemoryGuard.reserve(count: shape.count, bytesEach: MemoryLayout<Value>.stride)
            return .array(ArrayValue(boxed: [Value](repeating: v, count: shape.count), shape: shape, elementType: interp.preciseType(of: v)))
        }
        b.native("fill!") { interp, a in
            try a.expect("fill!", 2...2)
            guard case .array(let arr) = a[0] else { throw Exceptions.method(.str("fill!"), a.values) }
            let v = try interp.convertElement(a[1], to: arr.elementType)
            for i in 0..<arr.count { arr.setElement(i, v) }
            return a[0]
        }
        b.native("similar") { interp, a in
            try a.expect("similar", 1...3)
            guard case .array(let arr) = a[0] else { throw Exceptions.method(.str("similar"), a.values) }
            var et = arr.elementType
            var shape = arr.shape
            var rest = Array(a.values.dropFirst())
            if let first = rest.first, case .type(let t) = first { et = t; rest.removeFirst() }
            if !rest.isEmpty { shape = try dimsShape(rest, interp) }
            return .array(try emptyArray(et, shape, interp))
        }
        b.native("size") { interp, a in
            try a.expect("size", 1...2)
            let dims: [Int]
            switch a[0] {
            case .array(let arr): dims = arr.dims
            case .range(let r): dims = [Int(r.count)]
            case .tuple(let t): dims = [t.items.count]
            case .string(let s): dims = [s.value.count]
            default:
                if let n = interp.knownLength(a[0]) { dims = [n] } else { throw Exceptions.method(.str("size"), a.values) }
            }
            if a.count == 2 {
                let d = try a.int(1, "size")
                guard d >= 1 else { throw Exceptions.argument("dimension out of range") }
                return .int(Int64(d <= dims.count ? dims[d - 1] : 1))
            }
            return .tuple(dims.map { .int(Int64($0)) })
        }
        b.native("axes") { interp, a in
            try a.expect("axes", 1...2)
            guard case .tuple(let dims) = try interp.call(interp.base.binding("size").value, [a[0]]) else { return .nothing }
            let ranges = dims.items.map { Value.range(RangeValue(.int(start: 1, step: 1, stop: asInt($0), unit: true))) }
            if a.count == 2 { let d = try a.int(1, "axes"); return d <= ranges.count ? ranges[d - 1] : .range(RangeValue(.int(start: 1, step: 1, stop: 1, unit: true))) }
            return .tuple(ranges)
        }
        b.native("ndims") { _, a in
            try a.expect("ndims", 1...1)
            switch a[0] {
            case .array(let arr): return .int(Int64(arr.rank))
            case .range: return .int(1)
            case .int, .float64, .float32, .bool: return .int(0)
            default: throw Exceptions.method(.str("ndims"), a.values)
            }
        }
        b.native("eltype") { interp, a in
            try a.expect("eltype", 1...1)
            switch a[0] {
            case .array(let arr): return .type(arr.elementType)
            case .type(let t):
                if case .type(let e)? = t.parameters.first, t.root === BuiltinTypes.array || t.root === BuiltinTypes.abstractArray { return .type(e) }
                return .type(BuiltinTypes.any)
            case .range(let r):
                if case .int = r.kind { return .type(BuiltinTypes.int64) }
                return .type(BuiltinTypes.float64)
            case .string: return .type(BuiltinTypes.char)
            case .tuple(let t): return .type(t.items.isEmpty ? BuiltinTypes.any : interp.joinedType(t.items))
            default: return .type(interp.typeOf(a[0]))
            }
        }
        b.native("lastindex") { interp, a in
            try a.expect("lastindex", 1...2)
            return try interp.lastIndex(a[0], dim: a.count == 2 ? try a.int(1, "lastindex") - 1 : 0, of: a.count == 2 ? 2 : 1)
        }
        b.native("firstindex") { _, _ in .int(1) }
        b.native("reshape") { interp, a in
            guard a.count >= 2, case .array(let arr) = try materializeIfRange(a[0], interp) else { throw Exceptions.method(.str("reshape"), a.values) }
            var dims: [Int] = []
            let rest = a.count == 2 ? (a[1].isTuple ? try interp.collect(a[1]) : [a[1]]) : Array(a.values.dropFirst())
            for d in rest {
                switch d {
                case .int(let n): dims.append(Int(truncatingIfNeeded: n))
                case .native(let c) where c is ColonObject: dims.append(-1)
                default: throw Exceptions.method(.str("reshape"), a.values)
                }
            }
            if let t = arr.tensor {
                return .array(ArrayValue(tensor: try interp.engine { try Shaping.reshape(t, dims, tape: interp.activeTape) }))
            }
            let known = dims.filter { $0 >= 0 }.reduce(1, *)
            if let i = dims.firstIndex(of: -1) { dims[i] = known == 0 ? 0 : arr.count / known }
            guard dims.reduce(1, *) == arr.count else {
                throw Exceptions.dimensionMismatch("new dimensions (\(dims.map(String.init).joined(separator: ", "))) must be consistent with array size \(arr.count)")
            }
            return .array(ArrayValue(boxed: arr.boxedValues, shape: try Shape(dims), elementType: arr.elementType))
        }
        b.native("vec") { interp, a in
            try a.expect("vec", 1...1)
            guard case .array(let arr) = try materializeIfRange(a[0], interp) else { throw Exceptions.method(.str("vec"), a.values) }
            if let t = arr.tensor { return .array(ArrayValue(tensor: try interp.engine { try Shaping.vec(t, tape: interp.activeTape) })) }
            return .array(ArrayValue(boxed: arr.boxedValues, shape: try Shape([arr.count]), elementType: arr.elementType))
        }
        b.native("permutedims") { interp, a in
            try a.expect("permutedims", 1...2)
            guard case .array(let arr) = a[0], let t = arr.tensor else { throw Exceptions.method(.str("permutedims"), a.values) }
            var perm = [2, 1]
            if a.count == 2 { perm = try interp.collect(a[1]).map { Int(asInt($0)) } }
            if arr.rank == 1 && a.count == 1 {
                return .array(ArrayValue(tensor: try interp.engine { try Shaping.reshape(t, [1, t.count], tape: interp.activeTape) }))
            }
            return .array(ArrayValue(tensor: try interp.engine { try Shaping.permutedims(t, perm, tape: interp.activeTape) }))
        }
        b.native("vcat") { interp, a in try Concatenation.concatenate(a.values, dim: 1, interp) }
        b.native("hcat") { interp, a in try Concatenation.concatenate(a.values, dim: 2, interp) }
        b.native("cat") { interp, a in
            guard let d = a.keyword("dims"), case .int(let dim) = d else { throw Exceptions.undefKeyword("dims") }
            return try Concatenation.concatenate(a.values, dim: Int(dim), interp)
        }
        b.native("repeat") { interp, a in
            guard a.count >= 2 else { throw Exceptions.method(.str("repeat"), a.values) }
            if case .string(let s) = a[0] { return .str(try MemoryGuard.repeated(s.value, try a.int(1, "repeat"))) }
            guard case .array(let arr) = a[0] else { throw Exceptions.method(.str("repeat"), a.values) }
            let counts = try (1..<a.count).map { try a.int($0, "repeat") }
            if let t = arr.tensor { return .array(ArrayValue(tensor: try interp.engine { try Shaping.repeat(t, counts: counts, tape: interp.activeTape) })) }
            throw Exceptions.method(.str("repeat"), a.values)
        }
        b.native("push!") { interp, a in
            guard a.count >= 2, case .array(let arr) = a[0], arr.rank == 1 else { throw Exceptions.method(.str("push!"), a.values) }
            for i in 1..<a.count { try append(arr, try interp.convertElement(a[i], to: arr.elementType), interp) }
            return a[0]
        }
        b.native("append!") { interp, a in
            guard a.count >= 2, case .array(let arr) = a[0], arr.rank == 1 else { throw Exceptions.method(.str("append!"), a.values) }
            for i in 1..<a.count {
                for v in try interp.collect(a[i]) { try append(arr, try interp.convertElement(v, to: arr.elementType), interp) }
            }
            return a[0]
        }
        b.native("pop!") { interp, a in
            try a.expect("pop!", 1...2)
            if case .native(let d as DictObject) = a[0] {
                guard a.count == 2, let v = try d.remove(a[1], interp) else { throw Exceptions.key(a.count == 2 ? a[1] : .nothing) }
                return v
            }
            guard case .array(let arr) = a[0], arr.rank == 1 else { throw Exceptions.method(.str("pop!"), a.values) }
            guard arr.count > 0 else { throw Exceptions.argument("array must be non-empty") }
            var items = arr.boxedValues
            let v = items.removeLast()
            try CollectionBuiltins.replaceContents(arr, items, interp)
            return v
        }
        b.native("popfirst!") { interp, a in
            try a.expect("popfirst!", 1...1)
            guard case .array(let arr) = a[0], arr.rank == 1 else { throw Exceptions.method(.str("popfirst!"), a.values) }
            guard arr.count > 0 else { throw Exceptions.argument("array must be non-empty") }
            var items = arr.boxedValues
            let v = items.removeFirst()
            try CollectionBuiltins.replaceContents(arr, items, interp)
            return v
        }
        b.native("pushfirst!") { interp, a in
            guard a.count >= 2, case .array(let arr) = a[0], arr.rank == 1 else { throw Exceptions.method(.str("pushfirst!"), a.values) }
            let new = try (1..<a.count).map { try interp.convertElement(a[$0], to: arr.elementType) }
            try CollectionBuiltins.replaceContents(arr, new + arr.boxedValues, interp)
            return a[0]
        }
        b.native("insert!") { interp, a in
            try a.expect("insert!", 3...3)
            guard case .array(let arr) = a[0], arr.rank == 1 else { throw Exceptions.method(.str("insert!"), a.values) }
            let i = try a.int(1, "insert!")
            guard i >= 1 && i <= arr.count + 1 else { throw Exceptions.bounds(a[0], .tuple([a[1]])) }
            var items = arr.boxedValues
            items.insert(try interp.convertElement(a[2], to: arr.elementType), at: i - 1)
            try CollectionBuiltins.replaceContents(arr, items, interp)
            return a[0]
        }
        b.native("deleteat!") { interp, a in
            try a.expect("deleteat!", 2...2)
            guard case .array(let arr) = a[0], arr.rank == 1 else { throw Exceptions.method(.str("deleteat!"), a.values) }
            let drop = Set(try interp.collect(a[1]).map { Int(asInt($0)) })
            for i in drop where i < 1 || i > arr.count { throw Exceptions.bounds(a[0], .tuple([.int(Int64(i))])) }
            let items = arr.boxedValues.enumerated().filter { !drop.contains($0.offset + 1) }.map { $0.element }
            try CollectionBuiltins.replaceContents(arr, items, interp)
            return a[0]
        }
        b.native("empty!") { interp, a in
            try a.expect("empty!", 1...1)
            if case .native(let d as DictObject) = a[0] { d.removeAll(); return a[0] }
            guard case .array(let arr) = a[0] else { throw Exceptions.method(.str("empty!"), a.values) }
            try CollectionBuiltins.replaceContents(arr, [], interp)
            return a[0]
        }
        b.native("copy") { interp, a in
            try a.expect("copy", 1...1)
            switch a[0] {
            case .array(let arr): return .array(try CollectionBuiltins.copyArray(arr, interp))
            case .native(let d as DictObject):
                return .native(d.copy())
            case .object(let o) where o.type.isMutable: return .object(StructInstance(type: o.type, fields: o.fields))
            default: return a[0]
            }
        }
        b.native("deepcopy") { interp, a in
            try a.expect("deepcopy", 1...1)
            var seen: [ObjectIdentifier: Value] = [:]
            return try deepCopy(a[0], interp, &seen)
        }
        b.native("copyto!") { interp, a in
            try a.expect("copyto!", 2...2)
            try Broadcast.assign(into: a[0], a[1], interp)
            return a[0]
        }
        b.native("mean") { interp, a in try reduction("mean", a, interp) }
        b.native("range") { interp, a in
            let start = a.count >= 1 ? a[0] : (a.keyword("start") ?? .int(1))
            var stop = a.count >= 2 ? a[1] : a.keyword("stop")
            let length = a.keyword("length")
            let step = a.keyword("step")
            if let length, let stopV = stop {
                let n = asInt(length)
                let s0 = asDouble(start), s1 = asDouble(stopV)
                if case .int = start, case .int = stopV, n > 1, (asInt(stopV) - asInt(start)) % (n - 1) == 0 {
                    let st = (asInt(stopV) - asInt(start)) / (n - 1)
                    return .range(RangeValue(.int(start: asInt(start), step: st, stop: asInt(stopV), unit: st == 1)))
                }
                return .range(RangeValue(.float(start: s0, step: n > 1 ? (s1 - s0) / Double(n - 1) : 0, count: n)))
            }
            if let step {
                if stop == nil, let length { stop = try ScalarArithmetic.apply(.add, start, try ScalarArithmetic.apply(.mul, step, .int(asInt(length) - 1)) ?? .nothing) }
                guard let stopV = stop else { throw Exceptions.argument("range needs stop or length") }
                return try interp.call(interp.base.binding(":").value, [start, step, stopV])
            }
            guard let stopV = stop else { throw Exceptions.argument("range needs stop or length") }
            return try interp.call(interp.base.binding(":").value, [start, stopV])
        }
        b.native("LinRange") { interp, a in
            try a.expect("LinRange", 3...3)
            let n = asInt(a[2])
            let s0 = asDouble(a[0]), s1 = asDouble(a[1])
            return .range(RangeValue(.float(start: s0, step: n > 1 ? (s1 - s0) / Double(n - 1) : 0, count: n)))
        }
        b.native("selectdim") { interp, a in
            try a.expect("selectdim", 3...3)
            guard case .array(let arr) = a[0] else { throw Exceptions.method(.str("selectdim"), a.values) }
            let d = try a.int(1, "selectdim")
            var idx = [Value](repeating: .native(ColonObject.shared), count: arr.rank)
            guard d >= 1 && d <= arr.rank else { throw Exceptions.argument("selectdim: dimension out of range") }
            idx[d - 1] = a[2]
            return try interp.getIndexTracked(a[0], idx)
        }
        b.native("view") { interp, a in
            guard a.count >= 1 else { throw Exceptions.method(.str("view"), a.values) }
            return try interp.getIndexTracked(a[0], Array(a.values.dropFirst()))
        }
        b.native("getindex") { interp, a in
            guard a.count >= 1 else { throw Exceptions.method(.str("getindex"), a.values) }
            return try interp.getIndexTracked(a[0], Array(a.values.dropFirst()))
        }
        b.native("setindex!") { interp, a in
            guard a.count >= 2 else { throw Exceptions.method(.str("setindex!"), a.values) }
            try interp.setIndex(a[0], Array(a.values.dropFirst(2)), a[1])
            return a[0]
        }
        b.native("softmax") { interp, a in try softmax(a, interp, log: false) }
        b.native("logsoftmax") { interp, a in try softmax(a, interp, log: true) }
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
                return .array(try interp.makeArray([Value](repeating: value == 0 ? .int(0) : .int(1), count: try dimsShape(Array(args.dropFirst()), interp).count), shape: try dimsShape(Array(args.dropFirst()), interp), elementType: t))
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
        return ArrayValue(boxed: [Value](repeating: .undef, count: shape.count), shape: shape, elementType: et)
    }

    /// `push!` on a vector: numeric vectors grow into spare capacity.
    package static func append(_ arr: ArrayValue, _ v: Value, _ interp: Interpreter) throws {
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
        }
    }

    package static func deepCopy(_ v: Value, _ interp: Interpreter, _ seen: inout [ObjectIdentifier: Value]) throws -> Value {
        switch v {
        case .array(let a):
            if let s = seen[ObjectIdentifier(a)] { return s }
            let c: ArrayValue
            if let t = a.tensor { c = ArrayValue(tensor: try t.copy()) } else {
                var items: [Value] = []
                for e in a.boxedValues { items.append(try deepCopy(e, interp, &seen)) }
                c = ArrayValue(boxed: items, shape: a.shape, elementType: a.elementType)
            }
            seen[ObjectIdentifier(a)] = .array(c)
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
                let c = d.emptyCopy()
                for p in d.pairs { try c.set(try deepCopy(p.key, interp, &seen), try deepCopy(p.value, interp, &seen), interp) }
                return .native(c)
            }
            if let r = n as? RefObject { return .native(RefObject(try deepCopy(r.value, interp, &seen))) }
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
                    return interp.wrap(try interp.engine { try Reductions.sumAbs2(t, tape: interp.activeTape) })
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
                return .array(ArrayValue(tensor: try interp.engine { try Reductions.reduce(op, input, dims: ds, tape: interp.activeTape) }))
            }
            let r = try interp.engine { try Reductions.reduce(op, input, dims: .all, tape: interp.activeTape) }
            return interp.wrap(r)
        }
        if dims != nil { throw Exceptions.method(.str(name), a.values) }
        // `sum(1:10^18)`: Julia's closed form (wrapping like Int arithmetic), not a walk.
        if f == nil, name == "sum", case .range(let r) = v, case .int(let first, let step, _, _) = r.kind, r.count > 0 {
            let n = Int128(r.count), s = n * Int128(first) + Int128(step) * (n * (n - 1) / 2)
            return .int(Int64(truncatingIfNeeded: s))
        }
        var items = try interp.collect(v)
        if let f { items = try items.map { try interp.call(f, [$0]) } }
        return try genericReduce(name, items, interp)
    }

    package static func genericReduce(_ name: String, _ items: [Value], _ interp: Interpreter) throws -> Value {
        guard var acc = items.first else {
            if name == "sum" { return .int(0) }
            if name == "prod" { return .int(1) }
            if name == "mean" { return .float64(.nan) }
            throw Exceptions.argument("reducing over an empty collection is not allowed; consider supplying `init` to the reducer")
        }
        for v in items.dropFirst() {
            switch name {
            case "sum", "mean": acc = try OperatorBuiltins.binaryValues(.add, acc, v, interp)
            case "prod": acc = try OperatorBuiltins.binaryValues(.mul, acc, v, interp)
            case "maximum": acc = try MathBuiltins.extremumValues(acc, v, interp, max: true)
            default: acc = try MathBuiltins.extremumValues(acc, v, interp, max: false)
            }
        }
        if name == "mean" { return try OperatorBuiltins.binaryValues(.div, acc, .int(Int64(items.count)), interp) }
        if name == "sum", case .bool(let b) = acc, items.count == 1 { return .int(b ? 1 : 0) }
        return acc
    }

    package static func softmax(_ a: Args, _ interp: Interpreter, log: Bool) throws -> Value {
        try a.expect(log ? "logsoftmax" : "softmax", 1...1)
        guard case .array(let arr) = a[0], let t = arr.tensor else { throw Exceptions.method(.str(log ? "logsoftmax" : "softmax"), a.values) }
        let ds = try a.keyword("dims").map { try dimSet($0, interp) } ?? DimSet(mask: 1)
        let input = t.dtype.isFloat ? t : try interp.engine { try t.converted(to: .float64) }
        return .array(ArrayValue(tensor: try interp.engine { log ? try Reductions.logsoftmax(input, dims: ds, tape: interp.activeTape) : try Reductions.softmax(input, dims: ds, tape: interp.activeTape) }))
    }
}

/// Swift objects that `deepcopy` must copy themselves.
package protocol DeepCopyable {
    func deepCopy(_ interp: Interpreter, _ seen: inout [ObjectIdentifier: Value]) throws -> Value
}

extension Value {
    package var isTuple: Bool { if case .tuple = self { return true }; return false }
}


