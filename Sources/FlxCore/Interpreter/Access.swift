import FlxSyntax
import FlxEngine

/// Field access and indexing on every kind of value.
extension Interpreter {
    public func getField(_ v: Value, _ name: String) throws -> Value {
        switch v {
        case .object(let o):
            if let i = o.type.fieldNames.firstIndex(of: name) {
                if case .undef = o.fields[i] { throw Exceptions.make("UndefRefError", []) }
                return o.fields[i]
            }
            throw Exceptions.error("type \(o.type.name) has no field \(name)")
        case .namedTuple(let nt):
            if let i = nt.index(of: name) { return nt.values[i] }
            throw Exceptions.error("type NamedTuple has no field \(name)")
        case .module(let m):
            if let b = m.member(name) { return b.value }
            throw Exceptions.undefVar(name, scope: m.name)
        case .pair(let p):
            if name == "first" { return p.first }
            if name == "second" { return p.second }
        case .range(let r):
            switch (name, r.kind) {
            case ("start", .int(let s, _, _, _)): return .int(s)
            case ("stop", .int(_, let step, let stop, _)):
                let n = r.count
                let start = r.element(0)
                _ = (step, stop, start)
                return n == 0 ? .int(stop) : r.element(n - 1)
            case ("step", .int(_, let step, _, _)): return .int(step)
            default: break
            }
        case .native(let n):
            if let f = n as? NativeFields, let value = try f.field(name, self) { return value }
        case .type(let t):
            if name == "name" { return .native(TypeNameObject(t.root)) }
        case .tracked(let t):
            _ = t
        default: break
        }
        throw Exceptions.error("type \(TypeNames.show(typeOf(v))) has no field \(name)")
    }

    public func setField(_ v: Value, _ name: String, _ newValue: Value) throws {
        switch v {
        case .object(let o):
            guard let i = o.type.fieldNames.firstIndex(of: name) else {
                throw Exceptions.error("type \(o.type.name) has no field \(name)")
            }
            guard o.type.isMutable else {
                throw Exceptions.error("setfield!: immutable struct of type \(o.type.name) cannot be changed")
            }
            if let t = o.type.fieldTypes[i] { o.fields[i] = try convertElement(newValue, to: t) } else { o.fields[i] = newValue }
        case .native(let n):
            if let f = n as? NativeFields, try f.setField(name, newValue, self) { return }
            throw Exceptions.error("setfield!: cannot set field \(name) of \(TypeNames.show(typeOf(v)))")
        default:
            throw Exceptions.error("setfield!: immutable struct of type \(TypeNames.show(typeOf(v))) cannot be changed")
        }
    }

    // MARK: indexing

    /// The last index of dimension `dim` (0-based) when `n` indices are given: what `end` means.
    /// `viaBuiltin`: asked by the `lastindex` builtin itself, which is what the fallback
    /// below would call again for a value no script method takes; that recursed until the
    /// stack ran out (lastindex(Inf) took seconds to end in a StackOverflowError).
    package func lastIndex(_ v: Value, dim: Int, of n: Int, viaBuiltin: Bool = false) throws -> Value {
        switch v {
        case .int, .float64, .float32, .bool, .char: return .int(1)  // lastindex(::Number) and (::AbstractChar) are 1
        case .array(let a):
            if n == 1 { return .int(Int64(a.count)) }
            return .int(Int64(dim < a.rank ? a.shape[dim] : 1))
        case .tuple(let t): return .int(Int64(t.items.count))
        case .namedTuple(let nt): return .int(Int64(nt.values.count))
        case .range(let r): return .int(r.count)
        case .string(let s): return .int(Int64(StringIndices.withBytes(s.value) { StringIndices.lastIndex($0) }))
        default:
            if !viaBuiltin, let f = base.member("lastindex")?.value {
                return try call(f, n == 1 ? [v] : [v, .int(Int64(dim + 1))])
            }
            throw Exceptions.method(.str("lastindex"), [v])
        }
    }

    /// Converts index values into the engine's index specs (1-based).
    package func indexSpecs(_ indices: [Value]) throws -> [IndexSpec] {
        try indices.map { i -> IndexSpec in
            switch i {
            case .int(let n): return .scalar(Int(truncatingIfNeeded: n))
            case .sized, .wide: return .scalar(Int(asInt(i)))
            case .bool(let b): return .mask([b])
            case .native(let n) where n is ColonObject: return .all
            case .native(let w as WholeDimension): return w.length == 0 ? .list([]) : .range(start: 1, step: 1, stop: w.length)
            case .range(let r):
                if case .int(let start, let step, _, _) = r.kind {
                    let n = r.count
                    if n == 0 { return .list([]) }
                    let last = start &+ (n - 1) &* step
                    return .range(start: Int(truncatingIfNeeded: start), step: Int(truncatingIfNeeded: step), stop: Int(truncatingIfNeeded: last))
                }
            case .array(let a):
                if let t = a.tensor {
                    switch t.dtype {
                    case .bool: return .mask((0..<t.count).map { t.boolValue($0) })
                    case .int64: return .list((0..<t.count).map { Int(truncatingIfNeeded: t.intValue($0)) })
                    default: break
                    }
                }
                if a.count == 0 { return .list([]) }
                if IntKind(type: a.elementType) != nil { return .list(a.boxedValues.map { Int(asInt($0)) }) }
            case .float64, .float32:
                throw Exceptions.argument("invalid index: \(try Display.repr(i, self)) of type \(TypeNames.show(typeOf(i)))")
            default: break
            }
            throw Exceptions.argument("invalid index: \(try Display.repr(i, self)) of type \(TypeNames.show(typeOf(i)))")
        }
    }

    public func getIndex(_ v: Value, _ indices: [Value]) throws -> Value {
        switch v {
        case .array(let a):
            if indices.count == 1, case .int(let i) = indices[0] {
                guard i >= 1 && i <= a.count else { throw Exceptions.bounds(v, .tuple([.int(i)])) }
                return a.element(Int(i - 1))
            }
            if indices.allSatisfy({ if case .int = $0 { return true }; return false }) {
                return try a.element(cartesianIndex(a, indices, v))
            }
            if let (w, ix) = try cartesianRewrite(v, indices) { return try getIndex(w, ix) }
            return try sliceArray(a, indices, original: v)
        case .tuple(let t):
            guard indices.count == 1 else { break }
            switch indices[0] {
            case .int(let i):
                guard i >= 1 && i <= t.items.count else { throw Exceptions.bounds(v, .tuple([.int(i)])) }
                return t.items[Int(i - 1)]
            case .range(let r):
                var out: [Value] = []
                for k in 0..<r.count {
                    guard case .int(let i) = r.element(k), i >= 1 && i <= t.items.count else { throw Exceptions.bounds(v, .tuple([indices[0]])) }
                    out.append(t.items[Int(i - 1)])
                }
                return .tuple(out)
            default: break
            }
        case .namedTuple(let nt):
            guard indices.count == 1 else { break }
            switch indices[0] {
            case .int(let i):
                guard i >= 1 && i <= nt.values.count else { throw Exceptions.bounds(v, .tuple([.int(i)])) }
                return nt.values[Int(i - 1)]
            case .symbol(let s):
                if let i = nt.index(of: s.name) { return nt.values[i] }
                throw Exceptions.error("type NamedTuple has no field \(s.name)")
            default: break
            }
        case .range(let r):
            if indices.count == 1, case .int(let i) = indices[0] {
                guard i >= 1 && i <= r.count else { throw Exceptions.bounds(v, .tuple([.int(i)])) }
                return r.element(i - 1)
            }
            if indices.count == 1, case .range(let s) = indices[0] {
                if let picked = r.indexed(by: s) { return .range(picked) }
                if case .int = s.kind { throw Exceptions.bounds(v, .tuple(indices)) }
            }
            if let (w, ix) = try cartesianRewrite(v, indices) { return try getIndex(w, ix) }
            let arr = try materialize(v)
            return try getIndex(.array(arr), indices)
        case .string(let s):
            if indices.count == 1, case .int(let i) = indices[0] {
                // Indices are byte offsets; one inside a multi-byte character is an error
                // in Julia, not the replacement character decoding would give.
                let c: UInt32? = StringIndices.withBytes(s.value) { bytes in
                    guard i >= 1 && i <= bytes.count, StringIndices.isValid(bytes, Int(i)) else { return nil }
                    return StringIndices.char(bytes, at: Int(i))
                }
                if let c { return .char(c) }
                guard i >= 1 && i <= s.value.utf8.count else { throw Exceptions.bounds(v, .tuple([.int(i)])) }
                throw StringIndices.stringIndexError(v, Int(i))
            }
            if indices.count == 1, case .range(let r) = indices[0], case .int(let start, let step, _, _) = r.kind, step == 1 {
                // Bounds are checked on the range's ends, never its length: the length of
                // `typemin(Int):2` does not fit in an Int.
                guard r.count > 0, case .int(let stop)? = r.last else { return .str("") }
                let bytes = Array(s.value.utf8)
                guard start >= 1 && stop <= bytes.count else { throw Exceptions.bounds(v, .tuple([indices[0]])) }
                // Both ends must be where a character starts; the last one is taken whole.
                for i in [Int(start), Int(stop)] where !StringIndices.isValid(bytes, i) { throw StringIndices.stringIndexError(v, i) }
                let hi = StringIndices.lastByte(bytes, ofCharAt: Int(stop))
                return .str(String(decoding: bytes[(Int(start) - 1)..<hi], as: UTF8.self))
            }
            if indices.count == 1, case .range(let r) = indices[0], case .int = r.kind {
                // A stepped range picks the character at each index, as Julia's
                // `getindex(s, ::AbstractVector)` does; its ends bound every index.
                guard r.count > 0, case .int(let a) = r.element(0), case .int(let b)? = r.last else { return .str("") }
                guard Swift.min(a, b) >= 1 && Swift.max(a, b) <= s.value.utf8.count else { throw Exceptions.bounds(v, .tuple([indices[0]])) }
                var out = ""
                for k in 0..<r.count {
                    if case .char(let c) = try getIndex(v, [r.element(k)]), let u = Unicode.Scalar(c) { out.unicodeScalars.append(u) }
                }
                return .str(out)
            }
        case .type(let t):
            // `Float32[1, 2]` parses as indexing the type: a typed vector literal.
            if let make = t.root.bracketLiteral { return try make(t, try makeVector(indices, elementType: t.bracketElementType), self) }
            return .array(try makeVector(indices, elementType: t))
        case .native(let n):
            if let ix = n.indexable { return try ix.getIndex(indices, self) }
        case .pair(let p):
            if indices.count == 1, case .int(let i) = indices[0], i == 1 || i == 2 { return i == 1 ? p.first : p.second }
        case .int, .float64, .float32, .bool:
            // A number is a 0-dimensional container of itself: `x[]` and `x[1]` are `x`.
            if indices.allSatisfy({ if case .int(1) = $0 { return true }; return false }) { return v }
            throw Exceptions.bounds(v, .tuple(indices))
        default: break
        }
        if let f = base.member("getindex")?.value, case .function(let g as GenericFunction) = f, g.methods.count > 1 {
            // Only a method more specific than the catch-all builtin helps: that one
            // leads straight back here.
            let types = ([v] + indices).map { dispatchType($0, for: g) }
            if let m = types.withUnsafeBufferPointer({ g.select($0, world: runningWorld) }), !m.signature.isEmpty {
                return try call(f, [v] + indices)
            }
        }
        throw Exceptions.method(.str("getindex"), [v] + indices)
    }

    /// 0-based linear position of integer indices `A[i, j, ...]`, with Julia's bounds rules.
    package func cartesianIndex(_ a: ArrayValue, _ indices: [Value], _ v: Value) throws -> Int {
        var linear = 0, stride = 1
        for (d, iv) in indices.enumerated() {
            let i = Int(truncatingIfNeeded: asInt(iv))
            let size = d < a.rank ? a.shape[d] : 1
            // One index is linear over the whole array; with more, each is checked against its
            // own dimension (Julia has no partial linear indexing).
            let extent = indices.count == 1 ? a.count : size
            guard i >= 1 && i <= extent else { throw Exceptions.bounds(v, .tuple(indices)) }
            linear += (i - 1) * stride
            stride *= size
        }
        if indices.isEmpty {
            guard a.count == 1 else { throw Exceptions.bounds(v, .tuple([])) }
        }
        // Omitted trailing dimensions must have length 1: `A[1, 3]` of a 3×4×2×1 array is a
        // BoundsError, `A[1, 3, 2]` is not.
        if indices.count > 1 && indices.count < a.rank && (indices.count..<a.rank).contains(where: { a.shape[$0] != 1 }) {
            throw Exceptions.bounds(v, .tuple(indices))
        }
        return linear
    }

    package func sliceArray(_ a: ArrayValue, _ indices: [Value], original: Value) throws -> Value {
        let specs = try indexSpecs(indices)
        switch a.storage {
        case .numeric(let t):
            var r: Tensor
            do { r = try Indexing.getindex(t, specs, tape: activeTape) } catch let e as EngineError { throw convertEngineError(e, array: original, indices: indices) }
            if specs.allSatisfy({ if case .scalar = $0 { return true }; return false }) {
                return ArrayValue(tensor: r).element(0)
            }
            if let dims = indexedShape(indices, specs, r.shape) {
                r = try engine { tape in try Shaping.reshape(r, dims, tape: tape) }
            }
            return .array(ArrayValue(tensor: r))
        case .boxed(let b):
            // Gather through a tensor of positions so boxed arrays share the engine's rules.
            let positions = try Tensor.from((0..<b.values.count).map { Double($0) }, shape: b.shape, dtype: .int64)
            let picked: Tensor
            do { picked = try Indexing.getindex(positions, specs, tape: nil) } catch let e as EngineError { throw convertEngineError(e, array: original, indices: indices) }
            let values = (0..<picked.count).map { b.values[Int(picked.intValue($0))] }
            if specs.allSatisfy({ if case .scalar = $0 { return true }; return false }) { return values[0] }
            let shape = try indexedShape(indices, specs, picked.shape).map { try Shape($0) } ?? picked.shape
            return .array(ArrayValue(boxed: values, shape: shape, elementType: a.elementType))
        case .picked:
            // A SubArray picked from its parent: index a copy of its current elements.
            let copy = a.tensor.map { ArrayValue(tensor: $0) } ?? ArrayValue(boxed: a.boxedValues, shape: a.shape, elementType: a.elementType)
            return try sliceArray(copy, indices, original: original)
        }
    }

    /// Julia's result of `A[I...]` has the dimensions of all its indices together: an index
    /// that is a matrix of integers gives two (`A[[1 2; 1 2]]` is 2×2). The engine gathers
    /// each index as a list; this is the shape to lay its result out in, or nil when no index
    /// has more than one dimension.
    private func indexedShape(_ indices: [Value], _ specs: [IndexSpec], _ gathered: Shape) -> [Int]? {
        guard indices.contains(where: { if case .array(let ix) = $0, ix.rank > 1, ix.elementType !== BuiltinTypes.bool { return true }; return false }) else { return nil }
        var dims: [Int] = []
        var g = 0   // the engine's dimension for the next non-scalar index
        for (i, spec) in zip(indices, specs) {
            if case .scalar = spec { continue }
            if case .array(let ix) = i, ix.rank > 1, ix.elementType !== BuiltinTypes.bool { dims += ix.dims } else { dims.append(gathered[g]) }
            g += 1
        }
        return dims
    }

    public func setIndex(_ v: Value, _ indices: [Value], _ newValue: Value) throws {
        switch v {
        case .array(let a):
            if a.type === BuiltinTypes.codeUnitsOfString {
                throw Exceptions.make("CanonicalIndexError", [.str("setindex!"), .type(a.type)])
            }
            try requireWritable(a, value: newValue)
            if isTracked(newValue) || isTracked(v) { try holdTracked(a) }
            if let (w, ix) = try cartesianRewrite(v, indices) {
                // The rewrite reshapes numeric storage in place (a view of the same buffer);
                // boxed elements would be written into a copy.
                if case .array(let merged) = w, merged !== a, merged.tensor == nil {
                    throw Exceptions.argument("setindex! with an array of CartesianIndex values needs an array of numbers in flx")
                }
                return try setIndex(w, ix, newValue)
            }
            if indices.allSatisfy({ if case .int = $0 { return true }; return false }) {
                // The linear index is checked before it is shifted to 0-based: typemin(Int) - 1 trapped.
                let linear = indices.count == 1 ? asInt(indices[0]) : 1
                guard linear >= 1 && linear <= Int64(a.count) else { throw Exceptions.bounds(v, .tuple(indices)) }
                let i = indices.count == 1 ? Int(linear) - 1 : try cartesianIndex(a, indices, v)
                guard i >= 0 && i < a.count else { throw Exceptions.bounds(v, .tuple(indices)) }
                try a.setElement(i, try convertElement(newValue, to: a.elementType))
                return
            }
            let specs = try indexSpecs(indices)
            switch a.storage {
            case .numeric(let t):
                let src: Tensor
                switch newValue {
                case .array(let s):
                    guard let st = s.tensor else { throw Exceptions.method(.str("setindex!"), [v, newValue]) }
                    src = st
                default:
                    let conv = try convertElement(newValue, to: a.elementType)
                    src = try Tensor.from([asDouble(conv)], shape: try Shape([1]), dtype: t.dtype)
                }
                do { try Indexing.setindex(t, specs, value: src, tape: activeTape) } catch let e as EngineError { throw convertEngineError(e, array: v, indices: indices) }
            case .boxed(let b):
                let positions = try Tensor.from((0..<b.values.count).map { Double($0) }, shape: b.shape, dtype: .int64)
                let picked = try Indexing.getindex(positions, specs, tape: nil)
                let values: [Value]
                if case .array(let s) = newValue { values = isTracked(newValue) ? try collect(newValue) : s.boxedValues } else { values = [newValue] }
                guard values.count == 1 || values.count == picked.count else {
                    throw Exceptions.dimensionMismatch("tried to assign \(values.count) elements to \(picked.count) destinations")
                }
                for k in 0..<picked.count {
                    b.values[Int(picked.intValue(k))] = try convertElement(values[values.count == 1 ? 0 : k], to: a.elementType)
                }
            case .picked(let p):
                // Written element by element into the parent, at the positions the indices pick.
                let positions = try Tensor.from((0..<p.positions.count).map { Double($0) }, shape: p.shape, dtype: .int64)
                let picked: Tensor
                do { picked = try Indexing.getindex(positions, specs, tape: nil) } catch let e as EngineError { throw convertEngineError(e, array: v, indices: indices) }
                let values: [Value]
                if case .array(let s) = newValue { values = s.boxedValues } else { values = [newValue] }
                guard values.count == 1 || values.count == picked.count else {
                    throw Exceptions.dimensionMismatch("tried to assign \(values.count) elements to \(picked.count) destinations")
                }
                for k in 0..<picked.count {
                    try a.setElement(Int(picked.intValue(k)), try convertElement(values[values.count == 1 ? 0 : k], to: a.elementType))
                }
            }
        case .native(let n):
            if let ix = n.indexable { try ix.setIndex(indices, newValue, self); return }
            throw Exceptions.method(.str("setindex!"), [v, newValue] + indices)
        default:
            if let f = base.member("setindex!")?.value, case .function(let g as GenericFunction) = f, g.methods.count > 1 {
                _ = try call(f, [v, newValue] + indices)
                return
            }
            throw Exceptions.method(.str("setindex!"), [v, newValue] + indices)
        }
    }

    /// A range or other lazy vector as a real array.
    public func materialize(_ v: Value) throws -> ArrayValue {
        switch v {
        case .array(let a): return a
        case .range(let r):
            let n = Int(r.count)
            switch r.kind {
            case .int:
                let t = try Tensor.zeros(.int64, try Shape([n]))
                for i in 0..<n { if case .int(let x) = r.element(Int64(i)) { t.setInt(x, i) } }
                return ArrayValue(tensor: t)
            case .float:
                let t = try Tensor.zeros(r.isFloat32 ? .float32 : .float64, try Shape([n]))
                for i in 0..<n { t.setNumeric(asDouble(r.element(Int64(i))), i) }
                return ArrayValue(tensor: t)
            }
        default:
            return try makeVector(try collect(v))
        }
    }

}

/// Swift objects with fields visible to flx (`opt.eta`, `loader.data`).
public protocol NativeFields: AnyObject {
    func field(_ name: String, _ interp: Interpreter) throws -> Value?
    func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool
}

/// Swift objects that support `x[i]`.
public protocol NativeIndexable: AnyObject {
    func getIndex(_ indices: [Value], _ interp: Interpreter) throws -> Value
    func setIndex(_ indices: [Value], _ value: Value, _ interp: Interpreter) throws
}

/// Julia's `Colon()`: the `:` in `x[:, 1]`.
public final class ColonObject: NativeObject {
    nonisolated(unsafe) public static let shared = ColonObject()
    package static let type = FlxType(name: "Colon", supertype: BuiltinTypes.function)
    public override var flxType: FlxType { ColonObject.type }
}
