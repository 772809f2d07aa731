import FlxSyntax
import FlxEngine

/// `end` inside `x[...]`: the last index of the dimension being indexed.
package final class EndIndex: Node {
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        guard let (obj, dim, n) = interp.indexContext.last else {
            throw locate(Exceptions.error("`end` used outside of indexing"))
        }
        do { return try interp.lastIndex(obj, dim: dim, of: n) } catch { throw locate(error) }
    }
}

package final class IndexGet: Node {
    package let base: Node
    package let indices: [Node]
    package let usesEnd: Bool
    /// Written inside `@views` or `@view`: a slice of an array is a SubArray (`makeView`),
    /// of a string a SubString.
    package let view: Bool
    /// The one index when it is a plain local or a constant: read in place, and with no
    /// `end` inside it there is no indexing context to push for it.
    private let plainIndex: Operand?
    package init(_ base: Node, _ indices: [Node], view: Bool = false, span: Span) {
        self.base = base
        self.indices = indices
        self.usesEnd = true
        self.view = view
        if indices.count == 1, case let operand = Operand(indices[0]) {
            switch operand {
            case .local, .constant: plainIndex = operand
            case .node: plainIndex = nil
            }
        } else {
            plainIndex = nil
        }
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let obj = try base.eval(interp, fp)
        // Fast path: `a[i]` on an array.
        if indices.count == 1, case .array(let a) = obj {
            let iv: Value
            if let plainIndex {
                iv = try plainIndex.value(interp, fp, self)
            } else {
                interp.indexContext.append((obj, 0, 1))
                iv = try indices[0].eval(interp, fp)
                interp.indexContext.removeLast()
            }
            if case .int(let i) = iv, i >= 1 && i <= a.count, interp.activeTape == nil || a.tensor == nil {
                return a.element(Int(i - 1))
            }
            do {
                if view, !{ if case .int = iv { return true }; return false }() { return try interp.makeView(obj, [iv]) }
                return try interp.getIndexTracked(obj, [iv])
            } catch { throw locate(error) }
        }
        var idx: [Value] = []
        idx.reserveCapacity(indices.count)
        for (d, i) in indices.enumerated() {
            interp.indexContext.append((obj, d, indices.count))
            defer { interp.indexContext.removeLast() }
            idx.append(try i.eval(interp, fp))
        }
        let r: Value
        do {
            // Inside `@views` (and `@view`), a slice of an array is a SubArray of it.
            if view, case .array = obj, !idx.allSatisfy({ if case .int = $0 { return true }; return false }) {
                r = try interp.makeView(obj, idx)
            } else { r = try interp.getIndexTracked(obj, idx) }
        } catch { throw locate(error) }
        if view, case .string = obj, case .string(let s) = r, !s.isSubString { return .substr(s.value) }
        return r
    }
}

package final class FieldGet: Node {
    package let base: Node
    package let name: String
    private var cachedType: FlxType?
    private var cachedIndex = 0
    private var cachedModule: ModuleValue?
    private var cachedBinding: GlobalBinding?

    package init(_ base: Node, _ name: String, span: Span) {
        self.base = base
        self.name = name
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let v = try base.eval(interp, fp)
        switch v {
        case .object(let o):
            if o.type === cachedType {
                let f = o.fields[cachedIndex]
                // A field `new` left unassigned: reading it is Julia's UndefRefError.
                if case .undef = f { throw Exceptions.make("UndefRefError", []) }
                return f
            }
            if let i = o.type.fieldNames.firstIndex(of: name) {
                cachedType = o.type
                cachedIndex = i
                if case .undef = o.fields[i] { throw Exceptions.make("UndefRefError", []) }
                return o.fields[i]
            }
        case .module(let m):
            if m === cachedModule, let b = cachedBinding, !isUndef(b.value) { return b.value }
            if let b = m.member(name) {
                cachedModule = m
                cachedBinding = b
                return b.value
            }
        default: break
        }
        do { return try interp.getField(v, name) } catch { throw locate(error) }
    }
}

package final class TypeAssert: Node {
    package let value: Node
    package let type: Node
    package init(_ value: Node, _ type: Node, span: Span) {
        self.value = value
        self.type = type
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let v = try value.eval(interp, fp)
        guard case .type(let t) = try type.eval(interp, fp) else { throw locate(Exceptions.error("expected a type after `::`")) }
        if interp.isa(v, t) { return v }
        if case .tracked = v, t.isSubtype(of: BuiltinTypes.real) || BuiltinTypes.float64.isSubtype(of: t) { return v }
        throw locate(Exceptions.typeError("typeassert", expected: TypeNames.show(t), got: v))
    }
}

/// `<:T` inside `{...}`.
package final class UpperBoundNode: Node {
    package let bound: Node
    package init(_ bound: Node, span: Span) {
        self.bound = bound
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        try bound.eval(interp, fp)
    }
}

/// `T{A, B}`: applies type parameters (`Vector{Float32}`, `Union{Nothing, Int}`).
package final class ApplyTypeParameters: Node {
    package let base: Node
    package let params: [Node]
    package init(_ base: Node, _ params: [Node], span: Span) {
        self.base = base
        self.params = params
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let b = try base.eval(interp, fp)
        var ps: [FlxType.Parameter] = []
        for p in params {
            let v = try p.eval(interp, fp)
            switch v {
            case .type(let t): ps.append(p is UpperBoundNode ? .bounded(t) : .type(t))
            case .int(let n): ps.append(.int(Int(n)))
            // `Val{true}`, `Val{:a}`, `NamedTuple{(:a, :b)}`: plain data as a parameter.
            case .bool, .symbol, .char, .float64, .float32, .sized, .tuple, .nothing:
                do { ps.append(.value(v, try Display.repr(v, interp))) } catch { throw locate(error) }
            default: throw locate(Exceptions.typeError("Type", expected: "Type", got: v))
            }
        }
        guard case .type(let t) = b else { throw locate(Exceptions.typeError("Type{...}", expected: "Type", got: b)) }
        do { return .type(try TypeNames.apply(t, ps)) } catch { throw locate(error) }
    }
}

package final class TupleNode: Node {
    package let parts: [(Node, Bool)]
    package init(parts: [(Node, Bool)], span: Span) {
        self.parts = parts
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        var items: [Value] = []
        items.reserveCapacity(parts.count)
        for (n, splat) in parts {
            let v = try n.eval(interp, fp)
            if splat { do { items.append(contentsOf: try interp.collect(v)) } catch { throw locate(error) } } else { items.append(v) }
        }
        return .tuple(items)
    }
}

package final class NamedTupleNode: Node {
    package let names: [String]
    package let values: [Node]
    package init(names: [String], values: [Node], span: Span) {
        self.names = names
        self.values = values
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        var vs: [Value] = []
        vs.reserveCapacity(values.count)
        for n in values { vs.append(try n.eval(interp, fp)) }
        return .namedTuple(NamedTupleValue(names: names, values: vs))
    }
}

package final class VectNode: Node {
    package let parts: [(Node, Bool)]
    package let elementType: Node?
    package init(parts: [(Node, Bool)], elementType: Node?, span: Span) {
        self.parts = parts
        self.elementType = elementType
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        var items: [Value] = []
        items.reserveCapacity(parts.count)
        for (n, splat) in parts {
            let v = try n.eval(interp, fp)
            if splat { items.append(contentsOf: try interp.collect(v)) } else { items.append(v) }
        }
        do {
            var et: FlxType? = nil
            var maker: FlxType? = nil
            if let tn = elementType {
                guard case .type(let t) = try tn.eval(interp, fp) else { throw Exceptions.error("expected a type before `[`") }
                if t.root.bracketLiteral != nil { maker = t; et = t.bracketElementType } else { et = t }
            }
            // `[a; b]` with arrays concatenates; `[x, y]` of arrays makes a vector of arrays.
            let plain = try interp.makeVector(items, elementType: et)
            if let maker, let make = maker.root.bracketLiteral { return try make(maker, plain, interp) }
            return .array(plain)
        } catch { throw locate(error) }
    }
}

/// `[a b; c d]`, `[x; y]`, `[x y]`: concatenation (hvcat) of scalars and arrays.
package final class MatrixNode: Node {
    package let rows: [[Node]]
    package let elementType: Node?
    package init(rows: [[Node]], elementType: Node?, span: Span) {
        self.rows = rows
        self.elementType = elementType
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        var values: [[Value]] = []
        for r in rows {
            var row: [Value] = []
            for n in r { row.append(try n.eval(interp, fp)) }
            values.append(row)
        }
        do {
            var et: FlxType? = nil
            var maker: FlxType? = nil
            if let tn = elementType, case .type(let t) = try tn.eval(interp, fp) {
                if t.root.bracketLiteral != nil { maker = t; et = t.bracketElementType } else { et = t }
            }
            let plain = try interp.hvcat(values, elementType: et)
            if let maker, let make = maker.root.bracketLiteral, case .array(let a) = plain { return try make(maker, a, interp) }
            return plain
        } catch { throw locate(error) }
    }
}

/// `[1; 2;; 3; 4]`: n-dimensional concatenation (`Interpreter.ncat`).
package final class NCatNode: Node {
    package let items: [Node]
    package let separators: [Int]
    package let trailing: Int
    package let elementType: Node?
    package init(items: [Node], separators: [Int], trailing: Int, elementType: Node?, span: Span) {
        self.items = items
        self.separators = separators
        self.trailing = trailing
        self.elementType = elementType
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        var values: [Value] = []
        for n in items { values.append(try n.eval(interp, fp)) }
        do {
            var et: FlxType? = nil
            if let tn = elementType, case .type(let t) = try tn.eval(interp, fp) { et = t }
            return try interp.ncat(values, separators: separators, trailing: trailing, elementType: et)
        } catch { throw locate(error) }
    }
}

/// `[body for a in x, b in y if cond]` and generators (collected eagerly).
package final class Comprehension: Node {
    package let levels: [(iterable: Node, target: Assigner, nested: Bool)]
    package let body: Node
    package let condition: Node?
    package let elementType: Node?
    package let freshCells: [Int]
    package init(levels: [(iterable: Node, target: Assigner, nested: Bool)], body: Node, condition: Node?, elementType: Node?, freshCells: [Int], span: Span) {
        self.levels = levels
        self.body = body
        self.condition = condition
        self.elementType = elementType
        self.freshCells = freshCells
        super.init(span: span)
    }

    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        do {
            var out: [Value] = []
            // `for i in a, j in b` (one `for`): the first iterable varies fastest and the
            // result has one dimension per iterable.
            let multiDim = levels.count > 1 && !levels.dropFirst().contains { $0.nested } && condition == nil
            var dims: [Int] = []
            if multiDim {
                var iterables: [[Value]] = []
                for l in levels { iterables.append(try interp.collect(try l.iterable.eval(interp, fp))) }
                dims = iterables.map { $0.count }
                let total = try dims.reduce(1) { acc, d in
                    let (p, overflow) = acc.multipliedReportingOverflow(by: d)
                    if overflow { throw Exceptions.outOfMemory() }
                    return p
                }
                try MemoryGuard.reserve(count: total, bytesEach: MemoryLayout<Value>.stride)
                out.reserveCapacity(total)
                var counters = [Int](repeating: 0, count: levels.count)
                if total > 0 {
                    outer: while true {
                        for s in freshCells { fp[s] = .cell(Cell(.undef)) }
                        for (k, l) in levels.enumerated() { try l.target.assign(interp, fp, iterables[k][counters[k]]) }
                        out.append(try body.eval(interp, fp))
                        var k = 0
                        while k < levels.count {
                            counters[k] += 1
                            if counters[k] < dims[k] { break }
                            counters[k] = 0
                            k += 1
                        }
                        if k == levels.count { break outer }
                    }
                }
            } else {
                let outer = try levels[0].iterable.eval(interp, fp)
                // With a filter the result may be much smaller than the iterable.
                if levels.count == 1, condition == nil, let n = interp.knownLength(outer) {
                    try MemoryGuard.reserve(count: n, bytesEach: MemoryLayout<Value>.stride)
                    out.reserveCapacity(n)
                }
                try run(level: 0, outer, interp, fp, &out)
                var shape: [Int] = [out.count]
                // A single iterable with a shape keeps it: `[f(v) for v in matrix]`.
                if levels.count == 1 && condition == nil, case .array(let a) = outer, a.rank > 1 {
                    shape = a.dims
                }
                dims = shape
            }
            var et: FlxType? = nil
            if let tn = elementType, case .type(let t) = try tn.eval(interp, fp) { et = t }
            let elementType = et ?? (out.isEmpty ? BuiltinTypes.any : interp.joinedType(out))
            return .array(try interp.makeArray(out, shape: try Shape(dims), elementType: elementType))
        } catch { throw locate(error) }
    }

    /// `seq` is this level's iterable, already evaluated (the outermost is evaluated
    /// once by the caller, which also needs it for the result's shape).
    private func run(level: Int, _ seq: Value, _ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>, _ out: inout [Value]) throws {
        let l = levels[level]
        let it = try interp.makeIterator(seq)
        while let v = try it.next() {
            if Interrupts.requested { throw Interrupts.take() }
            for s in freshCells { fp[s] = .cell(Cell(.undef)) }
            try l.target.assign(interp, fp, v)
            if level + 1 < levels.count {
                try run(level: level + 1, try levels[level + 1].iterable.eval(interp, fp), interp, fp, &out)
                continue
            }
            if let c = condition, !(try truthValue(try c.eval(interp, fp), c)) { continue }
            out.append(try body.eval(interp, fp))
        }
    }
}

package final class StringInterpolation: Node {
    package let parts: [Node]
    package init(_ parts: [Node], span: Span) {
        self.parts = parts
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        var s = ""
        for p in parts {
            let v = try p.eval(interp, fp)
            if case .string(let str) = v { s += str.value } else { do { s += try Display.printString(v, interp) } catch { throw locate(error) } }
        }
        return .str(s)
    }
}

/// Raises a fixed exception (an unknown macro, found at compile time, fails when run).
package final class Throw: Node {
    package let error: FlxError
    package init(_ error: FlxError, span: Span) {
        self.error = error
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        throw locate(FlxError(error.value))
    }
}

/// `(; nt..., c = 3)`: Julia lowers it to `merge`, so a later name replaces an earlier
/// one's value in the earlier one's place, and a splatted value gives its fields (a
/// NamedTuple) or its `Symbol => value` pairs (a Dict, a vector of pairs).
package final class SplattedNamedTupleNode: Node {
    package let parts: [(name: String, node: Node, splat: Bool)]
    package init(parts: [(name: String, node: Node, splat: Bool)], span: Span) {
        self.parts = parts
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        var names: [String] = [], values: [Value] = []
        func put(_ name: String, _ value: Value) {
            if let i = names.firstIndex(of: name) { values[i] = value } else { names.append(name); values.append(value) }
        }
        do {
            for part in parts {
                let v = try part.node.eval(interp, fp)
                guard part.splat else { put(part.name, v); continue }
                if case .namedTuple(let nt) = v {
                    for (k, x) in zip(nt.names, nt.values) { put(k, x) }
                    continue
                }
                for item in try interp.collect(v) {
                    guard case .pair(let p) = item, case .symbol(let s) = p.first else {
                        throw Exceptions.argument("a splatted named-tuple field needs a NamedTuple or pairs of Symbol => value, got \(TypeNames.show(interp.typeOf(item)))")
                    }
                    put(s.name, p.second)
                }
            }
        } catch {
            throw locate(error)
        }
        return .namedTuple(NamedTupleValue(names: names, values: values))
    }
}
