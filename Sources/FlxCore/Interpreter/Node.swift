import FlxSyntax
/// An executable node: the compiler turns each AST node into one of these once, with
/// names already resolved to frame slots or global bindings, so evaluation never
/// looks anything up by name.
open class Node {
    public let span: Span

    public init(span: Span) { self.span = span }

    /// Evaluates with `fp` pointing at the current frame's first slot.
    open func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value { .nothing }

    /// Records this node as the place an error happened, if nothing inside did.
    @inline(never)
    package final func locate(_ e: Error) -> Error {
        guard let fe = e as? FlxError else { return e }
        if !fe.located {
            fe.frames.append((nil, span))
            fe.located = true
        } else if let last = fe.frames.last, last.function != nil {
            // The error left a called function: this node is the call site.
            fe.frames.append((nil, span))
        }
        return fe
    }
}

package final class Literal: Node {
    package let value: Value
    package init(_ value: Value, span: Span? = nil) {
        self.value = value
        super.init(span: span ?? Literal.noSpan)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value { value }

    package static let noSpan = Span(file: SourceFile(name: "none", text: ""), start: 0, end: 0)
}

// MARK: variables

package final class LocalGet: Node {
    package let slot: Int
    package let name: String
    package init(slot: Int, name: String, span: Span) {
        self.slot = slot
        self.name = name
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let v = fp[slot]
        if case .undef = v { throw locate(Exceptions.undefVar(name, scope: "local")) }
        return v
    }
}

package final class CellGet: Node {
    package let slot: Int
    package let name: String
    package init(slot: Int, name: String, span: Span) {
        self.slot = slot
        self.name = name
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        guard case .cell(let c) = fp[slot] else { throw locate(Exceptions.undefVar(name, scope: "local")) }
        let v = c.value
        if case .undef = v { throw locate(Exceptions.undefVar(name, scope: "local")) }
        return v
    }
}

package final class GlobalGet: Node {
    package let binding: GlobalBinding
    package init(_ binding: GlobalBinding, span: Span) {
        self.binding = binding
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let v = binding.value
        if case .undef = v {
            // A name first seen before `using` brought it in: look again.
            if let b = binding.module.member(binding.name) ?? binding.module.usings.lazy.compactMap({ $0.member(self.binding.name) }).first,
               !isUndef(b.value), b !== binding {
                return b.value
            }
            throw locate(Exceptions.undefVar(binding.name, scope: binding.module.name))
        }
        return v
    }
}

// MARK: assignment targets

/// Something a value can be stored into: a variable, a field, an element, a tuple pattern.
package class Assigner {
    package func assign(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>, _ v: Value) throws {}
}

package final class LocalAssigner: Assigner {
    package let slot: Int
    package init(slot: Int) { self.slot = slot }
    package override func assign(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>, _ v: Value) throws { fp[slot] = v }
}

package final class CellAssigner: Assigner {
    package let slot: Int
    package init(slot: Int) { self.slot = slot }
    package override func assign(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>, _ v: Value) throws {
        if case .cell(let c) = fp[slot] { c.value = v } else { fp[slot] = .cell(Cell(v)) }
    }
}

package final class GlobalAssigner: Assigner {
    package let binding: GlobalBinding
    package let isConstDeclaration: Bool
    package init(_ binding: GlobalBinding, isConstDeclaration: Bool = false) {
        self.binding = binding
        self.isConstDeclaration = isConstDeclaration
    }
    package override func assign(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>, _ v: Value) throws {
        if binding.isConst && !isUndef(binding.value) {
            try GlobalAssigner.checkConstRedefinition(binding, v, interp)
        }
        if isConstDeclaration { binding.isConst = true }
        if let t = binding.declaredType {
            binding.value = try interp.convertElement(v, to: t)
            return
        }
        binding.value = v
    }

    /// Julia 1.10's rule for assigning to a constant (with or without `const`): the same
    /// value passes silently; a value of the same type is assigned with a warning; a value
    /// of another type, a type or a module is an error.
    static func checkConstRedefinition(_ binding: GlobalBinding, _ v: Value, _ interp: Interpreter) throws {
        let old = binding.value
        if Value.egal(old, v) { return }
        let oldType = interp.typeOf(old), newType = interp.typeOf(v)
        var reassignable = oldType === newType
        switch v { case .type, .module: reassignable = false; default: break }
        guard reassignable else { throw Exceptions.error("invalid redefinition of constant \(binding.name)") }
        interp.errorOutput("WARNING: redefinition of constant \(binding.name). This may fail, cause incorrect answers, or produce other errors.\n")
    }
}

package final class FieldAssigner: Assigner {
    package let object: Node
    package let name: String
    /// The mutable struct type last written through here and the field's position in it,
    /// so a loop writing `c.n` finds the field without comparing names (as `FieldGet` does).
    @exclusivity(unchecked) private var cachedType: FlxType?
    @exclusivity(unchecked) private var cachedIndex = 0
    package init(object: Node, name: String) {
        self.object = object
        self.name = name
    }
    package override func assign(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>, _ v: Value) throws {
        let target = try object.eval(interp, fp)
        if case .object(let o) = target, o.type === cachedType {
            let i = cachedIndex
            if let t = o.type.fieldTypes[i] { o.fields[i] = try interp.convertElement(v, to: t) } else { o.fields[i] = v }
            return
        }
        try interp.setField(target, name, v)
        // Written without error: a mutable struct's field, at this position from now on.
        if case .object(let o) = target, o.type.isMutable, let i = o.type.fieldNames.firstIndex(of: name) {
            cachedType = o.type
            cachedIndex = i
        }
    }
}

package final class IndexAssigner: Assigner {
    package let object: Node
    package let indices: [Node]
    /// The one index when it is a plain local (`d[w] = ...`): read in place, with no
    /// indexing context to push, as `IndexGet` does.
    private let plainSlot: (slot: Int, name: String)?
    package init(object: Node, indices: [Node]) {
        self.object = object
        self.indices = indices
        if indices.count == 1, let l = indices[0] as? LocalGet { plainSlot = (l.slot, l.name) } else { plainSlot = nil }
    }
    package override func assign(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>, _ v: Value) throws {
        let obj = try object.eval(interp, fp)
        if let (slot, name) = plainSlot {
            let i = fp[slot]
            if case .undef = i { throw Exceptions.undefVar(name, scope: "local") }
            try interp.setIndex(obj, [i], v)
            return
        }
        var idx: [Value] = []
        idx.reserveCapacity(indices.count)
        for (d, i) in indices.enumerated() {
            interp.indexContext.append((obj, d, indices.count))
            defer { interp.indexContext.removeLast() }
            idx.append(try i.eval(interp, fp))
        }
        try interp.setIndex(obj, idx, v)
    }
}

/// A library's lazy iterator whose final slurp (`a, b... = itr`) is itself a lazy
/// iterator, Julia's `Iterators.rest(itr, state)`, rather than the collected elements.
package protocol NativeRest: AnyObject {
    func rest(skipping n: Int, _ interp: Interpreter) -> Value
}

/// `a, b = t` and `(x, y)` loop targets: assigns the parts of an iterable in order.
package final class TupleAssigner: Assigner {
    package let parts: [Assigner]
    /// `a, b..., c = t`: the part that collects what the others leave.
    package let slurpIndex: Int?
    package init(parts: [Assigner], slurpIndex: Int? = nil) {
        self.parts = parts
        self.slurpIndex = slurpIndex
    }
    package override func assign(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>, _ v: Value) throws {
        if case .tuple(let t) = v, t.items.count >= parts.count, slurpIndex == nil {
            for (i, p) in parts.enumerated() { try p.assign(interp, fp, t.items[i]) }
            return
        }
        let it = try interp.makeIterator(v)
        for (i, p) in parts.enumerated() {
            // `a, b... = itr` of a lazy iterator: b is `Iterators.rest(itr, ...)`, not iterated.
            if let s = slurpIndex, i == s, s == parts.count - 1, case .native(let n as NativeRest) = v {
                try p.assign(interp, fp, n.rest(skipping: s, interp))
                return
            }
            if let s = slurpIndex, i == s {
                var rest: [Value] = []
                while let e = try it.next() { rest.append(e) }
                // The parts after the slurp take the last elements (Julia's `split_rest`).
                let after = parts.count - 1 - s
                guard rest.count >= after else { throw Exceptions.bounds(v, .int(Int64(i + 1 + rest.count))) }
                let tail = Array(rest.suffix(after))
                rest.removeLast(after)
                try p.assign(interp, fp, try slurped(rest, from: v, interp, final: after == 0))
                for (k, q) in parts[(s + 1)...].enumerated() { try q.assign(interp, fp, tail[k]) }
                return
            }
            guard let e = try it.next() else { throw Exceptions.bounds(v, .int(Int64(i + 1))) }
            try p.assign(interp, fp, e)
        }
    }

    /// The slurped part keeps the container's kind: a String from a string, a tuple from a
    /// tuple, a Vector from an array (and, in a non-final position, from any other iterator).
    private func slurped(_ rest: [Value], from v: Value, _ interp: Interpreter, final: Bool) throws -> Value {
        switch v {
        case .string:
            var s = ""
            for c in rest { if case .char(let u) = c, let scalar = Unicode.Scalar(u) { s.unicodeScalars.append(scalar) } }
            return .str(s)
        case .array(let a): return .array(try interp.makeVector(rest, elementType: a.elementType))
        case .tuple: return .tuple(rest)
        case .range(let r) where !final:
            // Empty or not, the Vector has the range's element type (`Int64[]`).
            let et: FlxType
            switch r.kind {
            case .int: et = BuiltinTypes.int64
            case .float: et = r.isFloat32 ? BuiltinTypes.float32 : BuiltinTypes.float64
            }
            return .array(try interp.makeVector(rest, elementType: et))
        default: return final ? .tuple(rest) : .array(try interp.makeVector(rest))
        }
    }
}

/// `(; a, b) = nt`: assigns fields by name.
package final class PropertyDestructure: Assigner {
    package let parts: [(String, Assigner)]
    package init(parts: [(String, Assigner)]) { self.parts = parts }
    package override func assign(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>, _ v: Value) throws {
        for (name, a) in parts { try a.assign(interp, fp, try interp.getField(v, name)) }
    }
}

package final class Assign: Node {
    package let target: Assigner
    package let value: Node
    package init(_ target: Assigner, _ value: Node, span: Span) {
        self.target = target
        self.value = value
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let v = try value.eval(interp, fp)
        do { try target.assign(interp, fp, v) } catch { throw locate(error) }
        return v
    }
}

/// The common `x = expr` on a plain local, without the assigner indirection.
package final class LocalSet: Node {
    package let slot: Int
    package let value: Node
    package init(slot: Int, value: Node, span: Span) {
        self.slot = slot
        self.value = value
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let v = try value.eval(interp, fp)
        fp[slot] = v
        return v
    }
}
