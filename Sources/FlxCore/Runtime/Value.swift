import FlxSyntax
import FlxEngine
import Synchronization

/// A flx value. The hot scalar cases carry no reference, so arithmetic on them never
/// touches reference counts; everything else is one class reference.
public enum Value {
    case nothing
    case missing
    case bool(Bool)
    case int(Int64)
    /// The other bit integers up to 64 bits (`Int8`…`Int32`, `UInt8`…`UInt64`; see
    /// `FixedWidthIntegers`), inline: a bit pattern and a kind keep `Value` at 16 bytes.
    case sized(SizedInt)
    /// `Int128` and `UInt128`, boxed (128 bits inline would make every `Value` larger).
    case wide(WideInt)
    case float64(Double)
    case float32(Float)
    /// Julia's `Float16`: Swift's `Float16` computes each operation in single precision
    /// and rounds the result to half, as Julia does.
    case float16(Float16)
    /// A Julia `Char`, as its Unicode scalar value.
    case char(UInt32)
    case symbol(Symbol)
    case string(StringValue)
    case array(ArrayValue)
    case tuple(TupleValue)
    case namedTuple(NamedTupleValue)
    case range(RangeValue)
    case function(Callable)
    case type(FlxType)
    case object(StructInstance)
    case module(ModuleValue)
    case pair(PairValue)
    /// Values implemented in Swift that are not one of the above (Dict, Ref, RNG, ...).
    case native(NativeObject)
    /// A scalar that depends on tracked parameters inside `gradient` (a rank-0 tape value).
    case tracked(TrackedScalar)
    /// Internal: an unassigned local slot. Reading one is an UndefVarError.
    case undef
    /// Internal: a local captured by a closure lives in a shared cell.
    case cell(Cell)
}

/// A variable shared between a function and the closures that capture it.
public final class Cell {
    public var value: Value
    public init(_ value: Value) { self.value = value }
}

public final class Symbol: Hashable, @unchecked Sendable {
    public let name: String
    private init(_ name: String) { self.name = name }

    private static let table = Mutex<[String: Symbol]>([:])

    /// Symbols are interned so that comparing two is one pointer comparison.
    public static func intern(_ name: String) -> Symbol {
        table.withLock { t in
            if let s = t[name] { return s }
            let s = Symbol(name)
            t[name] = s
            return s
        }
    }

    public static func == (a: Symbol, b: Symbol) -> Bool { a === b }
    public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(self)) }
}

public final class StringValue {
    public let value: String
    /// A `SubString{String}` (what `split`, `strip` and regex captures give): the same
    /// text, copied, whose indices start at 1 as a SubString's do; only its type differs.
    public let isSubString: Bool
    public init(_ value: String, isSubString: Bool = false) {
        self.value = value
        self.isSubString = isSubString
    }
}

public final class TupleValue {
    public let items: [Value]
    public init(_ items: [Value]) { self.items = items }
}

public final class NamedTupleValue {
    public let names: [String]
    public let values: [Value]
    public init(names: [String], values: [Value]) {
        self.names = names
        self.values = values
    }

    public func index(of name: String) -> Int? { names.firstIndex(of: name) }
}

public final class PairValue {
    public let first: Value
    public let second: Value
    public init(_ first: Value, _ second: Value) {
        self.first = first
        self.second = second
    }
}

/// Julia's `UnitRange`/`StepRange` of Int64 and `StepRangeLen` of floats.
public final class RangeValue {
    public enum Kind { case int(start: Int64, step: Int64, stop: Int64, unit: Bool), float(start: Double, step: Double, count: Int64) }
    public let kind: Kind
    /// A float range of Float32 (`0:0.1f0:1`): its elements are Float32, computed in Float64
    /// and rounded, as Julia's `StepRangeLen{Float32, Float64, Float64}` does.
    public let isFloat32: Bool
    public init(_ kind: Kind, float32: Bool = false) {
        self.kind = kind
        self.isFloat32 = float32
    }

    /// Number of elements; a range whose stop is before its start is empty.
    public var count: Int64 {
        switch kind {
        case .int(let start, let step, let stop, _):
            if step == 0 { return 0 }
            if step > 0 ? stop < start : stop > start { return 0 }
            let span = stop.subtractingReportingOverflow(start)
            if !span.overflow && (step != -1 || span.partialValue != .min) {
                let q = span.partialValue / step
                if q < Int64.max { return q + 1 }
            }
            // Otherwise counted in 128 bits: the span of `typemin(Int):typemax(Int)` and the
            // quotient of `0:-1:typemin(Int)` do not fit in Int64. More elements than Int64
            // can count saturate.
            let n = (Int128(stop) - Int128(start)) / Int128(step) + 1
            return n > Int128(Int64.max) ? Int64.max : Int64(n)
        case .float(_, _, let count): return count
        }
    }

    /// The last element (nil when empty), found without counting: a saturated count
    /// would miss it for ranges longer than typemax(Int).
    public var last: Value? {
        guard count > 0 else { return nil }
        switch kind {
        case .int(let start, let step, let stop, _):
            let steps = (Int128(stop) - Int128(start)) / Int128(step)
            return .int(Int64(Int128(start) + steps * Int128(step)))
        case .float(_, _, let count): return element(count - 1)
        }
    }

    public func element(_ i: Int64) -> Value {
        switch kind {
        case .int(let start, let step, _, _): return .int(start &+ i &* step)
        case .float(let start, let step, _):
            let x = start + Double(i) * step
            return isFloat32 ? .float32(Float(x)) : .float64(x)
        }
    }
}

/// A struct instance: its type and its field values in declaration order.
public final class StructInstance {
    public let type: FlxType
    public var fields: [Value]
    /// The copy a top-level `gradient` made of this struct around its fields' stand-ins,
    /// kept for the next call to reuse (see `AutodiffBuiltins.watch`).
    package var gradientCopy: StructInstance?
    public init(type: FlxType, fields: [Value]) {
        self.type = type
        self.fields = fields
    }
}

/// Base class for Swift-implemented objects; each says which flx type it has.
open class NativeObject {
    public init() {}
    open var flxType: FlxType { BuiltinTypes.any }
    /// This object's `x[i]`, if it has one. An indexable class hot in loops (Dict) overrides
    /// this to answer itself, sparing each `d[k]` the runtime's protocol-conformance lookup.
    open var indexable: NativeIndexable? { self as? NativeIndexable }
}

/// A number on the autodiff tape: one that depends on the parameters being differentiated.
/// It is made either by a scalar operation (a node of the tape's compact scalar records,
/// the common case in scalar code) or from a rank-0 tensor a tensor op produced; each form
/// is made from the other when first needed (`scalar(on:)`, `tensor`) and kept.
public final class TrackedScalar {
    public let value: Double
    public let dtype: DType
    /// The scalar node, valid while `tape` is in epoch `epoch`; -1 until there is one.
    private var node: Int32 = -1
    private var tape: Tape? = nil
    private var epoch = 0
    private var tensorForm: Tensor?

    /// A tracked rank-0 tensor as a number.
    public init(_ tensor: Tensor) {
        value = tensor.numericValue(0)
        dtype = tensor.dtype
        tensorForm = tensor
    }

    /// The result of a scalar operation recorded on `tape` (`s.node` ≥ 0).
    public init(_ s: ScalarValue, on tape: Tape) {
        value = s.value
        dtype = s.dtype
        node = s.node
        self.tape = tape
        epoch = tape.epoch
    }

    public var isFloat32: Bool { dtype == .float32 }
    /// The plain number, as Julia would show it.
    public var plain: Value { isFloat32 ? .float32(Float(value)) : .float64(value) }

    /// This number as scalar operations on `active` take it: tracked when it was recorded on
    /// `active` in its current epoch, else (a number of an enclosing `gradient`, or one left
    /// over from a finished one) a constant, as a tensor tracked on another tape is.
    public func scalar(on active: Tape) throws -> ScalarValue {
        if node >= 0, tape === active, epoch == active.epoch { return ScalarValue(value, dtype, node: node) }
        if let t = tensorForm, let s = try active.scalarNode(of: t) {
            node = s.node
            tape = active
            epoch = active.epoch
            return s
        }
        return ScalarValue(value, dtype)
    }

    /// The rank-0 tensor for tensor ops, tracked on the tape this number was recorded on
    /// while that tape is in the same epoch; a plain one once it is not.
    public var tensor: Tensor {
        get throws {
            if let t = tensorForm { return t }
            let t: Tensor
            if let tape, epoch == tape.epoch, node >= 0 {
                t = try tape.tensor(of: ScalarValue(value, dtype, node: node))
            } else {
                t = try Tensor.scalar(value, dtype: dtype)
            }
            tensorForm = t
            return t
        }
    }
}

extension Value {
    @inline(__always) public static func str(_ s: String) -> Value { .string(StringValue(s)) }
    /// A `SubString{String}` holding `s`.
    public static func substr(_ s: String) -> Value { .string(StringValue(s, isSubString: true)) }
    @inline(__always) public static func sym(_ s: String) -> Value { .symbol(Symbol.intern(s)) }
    public static func tuple(_ items: [Value]) -> Value { .tuple(TupleValue(items)) }

    public var isNothing: Bool { if case .nothing = self { return true }; return false }
}
