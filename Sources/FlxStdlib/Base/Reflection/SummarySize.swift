import FlxSyntax
import FlxCore
import FlxEngine

/// `Base.summarysize(x)`: the bytes of every object reachable from `x`, each counted once,
/// as Julia computes them from its memory layout (`base/summarysize.jl`). Flux prints it
/// at the end of a model's summary (`# Total: 3 arrays, 18 parameters, 232 bytes.`).
///
/// The layout is the one of Julia 1.11 and later, which Flux's documentation shows: an
/// `Array` is an object of 16 bytes plus 8 per dimension that points to a `Memory` of
/// 16 bytes plus its data; a struct's size is its fields laid out with their alignment,
/// where a field of concrete type is stored inline and any other holds a pointer; the
/// objects behind pointers add their own sizes. flx values carry no field layout, so it
/// is taken from the declared field types, the parameter-typed fields of user structs
/// (inline), and `FieldLayout` for structs defined in Swift.
package enum SummarySize {
    /// `Base.summarysize`, which Julia does not export.
    package static func install(_ interp: Interpreter) {
        interp.builtinHelp.add(BuiltinHelp("Base.summarysize(x)", "The bytes of every object reachable from `x`, each counted once, in Julia 1.11's memory layout; the figure at the end of a Flux model's summary.", "Base.summarysize(zeros(10))  # 120"), for: "summarysize")
        interp.base.native("summarysize", export: false) { _, a in
            try a.expect("summarysize", 1...1)
            return .int(Int64(of(a[0])))
        }
    }

    package static func of(_ v: Value) -> Int {
        var walk = Walk()
        return walk.pointee(v)
    }

    /// Size and alignment of a value stored inline.
    struct Layout {
        var size: Int
        var align: Int
        static let pointer = Layout(size: 8, align: 8)
        static let empty = Layout(size: 0, align: 1)
    }

    struct Walk {
        var seen = Set<ObjectIdentifier>()
        /// The objects behind the pointers of the values laid out so far.
        var pending: [Value] = []

        /// What an object reached through a pointer costs: its own bytes and everything it
        /// points to, or 0 if it was counted already.
        mutating func pointee(_ v: Value) -> Int {
            switch v {
            case .array(let a):
                guard seen.insert(ObjectIdentifier(a)).inserted else { return 0 }
                // The Array object (a MemoryRef and the size tuple), then its Memory.
                var size = 16 + 8 * a.rank + 16
                if let t = a.tensor { return size + t.count * t.dtype.byteWidth }
                let elements = a.boxedValues
                if let width = IntKind(type: a.elementType).map({ $0.bitWidth / 8 }) { return size + elements.count * width }
                if a.elementType === BuiltinTypes.float64 || a.elementType === BuiltinTypes.int64 { return size + 8 * elements.count }
                if a.elementType === BuiltinTypes.float32 || a.elementType === BuiltinTypes.char { return size + 4 * elements.count }
                if a.elementType === BuiltinTypes.bool { return size + elements.count }
                if a.elementType === BuiltinTypes.float16 { return size + 2 * elements.count }
                let inline = a.elementType.isStruct && !a.elementType.isMutable && !a.elementType.isAbstract
                for e in elements {
                    if inline { size += layout(e).size } else { size += 8; pending.append(e) }
                }
                return size + drain()
            case .string(let s):
                guard seen.insert(ObjectIdentifier(s)).inserted else { return 0 }
                return 8 + s.value.utf8.count
            case .object(let o):
                guard seen.insert(ObjectIdentifier(o)).inserted else { return 0 }
                return structure(o.fields.indices.map { field(o, $0) }).size + drain()
            case .tuple, .namedTuple, .pair, .range:
                // An immutable value behind a pointer: boxed, its bytes and what it holds.
                return layout(v).size + drain()
            case .native(let r as RefObject):
                // A `RefValue` is a mutable struct of one field (a pointer, for a non-bits value).
                guard seen.insert(ObjectIdentifier(r)).inserted else { return 0 }
                return structure([.inline(r.value)]).size + drain()
            case .int, .float64: return 8
            case .float32, .char: return 4
            case .float16: return 2
            case .bool: return 1
            case .sized(let s): return s.kind.bitWidth / 8
            case .wide: return 16
            default:
                // Symbols, types, modules and functions are not charged (Julia excludes
                // them or they are singletons); Swift-side objects have no Julia layout here.
                return 0
            }
        }

        /// The pointees queued while laying out a value.
        mutating func drain() -> Int {
            var total = 0
            while let next = pending.popLast() { total += pointee(next) }
            return total
        }

        /// How `v` is stored inline (a field of concrete type, a tuple element); the objects
        /// it points to are queued in `pending`.
        mutating func layout(_ v: Value) -> Layout {
            switch v {
            case .int, .float64: return Layout(size: 8, align: 8)
            case .float32, .char: return Layout(size: 4, align: 4)
            case .float16: return Layout(size: 2, align: 2)
            case .bool: return Layout(size: 1, align: 1)
            case .sized(let s): let n = s.kind.bitWidth / 8; return Layout(size: n, align: n)
            case .wide: return Layout(size: 16, align: 16)
            case .nothing, .missing, .function, .type: return .empty
            case .native(let n) where n is ColonObject: return .empty
            case .tuple(let t): return structure(t.items.map { .inline($0) })
            case .namedTuple(let nt): return structure(nt.values.map { .inline($0) })
            case .pair(let p): return structure([.inline(p.first), .inline(p.second)])
            case .range(let r):
                // UnitRange{Int64}: start, stop; StepRange: start, step, stop; StepRangeLen of
                // floats: ref and step (TwicePrecision, 16 bytes each), len, offset.
                switch r.kind {
                case .int(_, _, _, let unit): return Layout(size: unit ? 16 : 24, align: 8)
                case .float: return Layout(size: 48, align: 8)
                }
            case .object(let o) where !o.type.isMutable:
                return structure(o.fields.indices.map { field(o, $0) })
            default:
                pending.append(v)
                return .pointer
            }
        }

        enum Field {
            case inline(Value)
            case pointer(Value)
            /// An isbits union (`Union{Bool, Nothing}`): its largest member and a selector byte.
            case union(Value)
            case none
        }

        /// How field `i` of a struct is stored.
        func field(_ o: StructInstance, _ i: Int) -> Field {
            let t = o.type
            let value = o.fields[i]
            if let hints = t.fieldLayout ?? t.root.fieldLayout {
                let name = i < t.fieldNames.count ? t.fieldNames[i] : ""
                if hints.zeroSize.contains(name) { return .none }
                if hints.isbitsUnions.contains(name) { return .union(value) }
                return hints.allConcrete ? .inline(value) : .pointer(value)
            }
            if t.parameterTypedFields.contains(i) || t.root.parameterTypedFields.contains(i) { return .inline(value) }
            if i < t.fieldTypes.count, let declared = t.fieldTypes[i], !declared.isAbstract, !declared.isUnion, declared !== BuiltinTypes.any {
                return .inline(value)
            }
            return .pointer(value)
        }

        /// Fields laid out in order, each at its alignment; the size is rounded up to the
        /// largest alignment.
        mutating func structure(_ fields: [Field]) -> Layout {
            var offset = 0, align = 1
            for f in fields {
                let l: Layout
                switch f {
                case .inline(let v): l = layout(v)
                case .pointer(let v):
                    if case .nothing = v {} else { pending.append(v) }
                    l = .pointer
                case .union(let v):
                    let member = layout(v)
                    l = Layout(size: max(member.size, 1) + 1, align: member.align)
                case .none: continue
                }
                offset = (offset + l.align - 1) / l.align * l.align + l.size
                align = max(align, l.align)
            }
            return Layout(size: (offset + align - 1) / align * align, align: align)
        }
    }
}
