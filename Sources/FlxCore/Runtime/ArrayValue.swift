import FlxSyntax
import FlxEngine

/// A Julia `Array{T, N}`. Numeric element types (Float32, Float64, Int64, Bool) live
/// in an engine `Tensor`; any other element type (`Any`, `String`, tuples, layers)
/// in a Swift array of values. Both are column-major.
public final class ArrayValue {
    public enum Storage {
        case numeric(Tensor)
        case boxed(BoxedValues)
        /// A SubArray's elements, picked from its parent by position (`PickedViews.swift`).
        case picked(PickedElements)
    }

    /// A class so that writing one element mutates in place instead of copying.
    public final class BoxedValues {
        public var values: [Value]
        public var shape: Shape
        package init(_ values: [Value], _ shape: Shape) {
            self.values = values
            self.shape = shape
        }
    }

    public var storage: Storage
    public let elementType: FlxType
    public let type: FlxType
    /// Spare room for `push!` on numeric vectors: `tensor` is the first `count`
    /// elements of `reserve`, so appending does not copy every time.
    package var reserve: Tensor?
    /// The stand-in a top-level `gradient` gave this array as an argument (an alias of its
    /// elements), kept for the next call to reuse (see `AutodiffBuiltins.watch`).
    package var gradientAlias: ArrayValue?
    /// For a SubArray: its parent, the indices it was taken with and its display's summary.
    package var subArray: SubArrayOrigin?

    package init(storage: Storage, elementType: FlxType, type: FlxType) {
        self.storage = storage
        self.elementType = elementType
        self.type = type
    }

    public init(tensor: Tensor) {
        storage = .numeric(tensor)
        elementType = ArrayValue.flxType(of: tensor.dtype)
        type = BuiltinTypes.arrayOf(elementType, tensor.rank)
    }

    /// A `BitArray` (what Julia's broadcast comparisons make): Bool elements, its own type name.
    public init(bits tensor: Tensor) {
        storage = .numeric(tensor)
        elementType = BuiltinTypes.bool
        type = BuiltinTypes.bitArrayOf(tensor.rank)
    }

    public init(boxed: [Value], shape: Shape, elementType: FlxType) {
        storage = .boxed(BoxedValues(boxed, shape))
        self.elementType = elementType
        type = BuiltinTypes.arrayOf(elementType, shape.rank)
    }

    /// Numeric storage under another array type (a library's wrapper; see `ArrayStyle`).
    package init(tensor: Tensor, type: FlxType) {
        storage = .numeric(tensor)
        elementType = ArrayValue.flxType(of: tensor.dtype)
        self.type = type
    }

    /// Values under another array type (Base's `Slices`, whose elements are arrays).
    package init(boxed: [Value], shape: Shape, elementType: FlxType, type: FlxType) {
        storage = .boxed(BoxedValues(boxed, shape))
        self.elementType = elementType
        self.type = type
    }

    /// A new array holding these elements (the same tensor, or the same values) under
    /// another array type: a library's static or fill array made from a plain one.
    package func retyped(_ type: FlxType) -> ArrayValue {
        if let t = tensor { return ArrayValue(tensor: t, type: type) }
        return ArrayValue(boxed: boxedValues, shape: shape, elementType: elementType, type: type)
    }

    public static func flxType(of d: DType) -> FlxType {
        switch d {
        case .float32: return BuiltinTypes.float32
        case .float64: return BuiltinTypes.float64
        case .int64: return BuiltinTypes.int64
        case .bool: return BuiltinTypes.bool
        }
    }

    public static func dtype(of t: FlxType) -> DType? {
        if t === BuiltinTypes.float32 { return .float32 }
        if t === BuiltinTypes.float64 { return .float64 }
        if t === BuiltinTypes.int64 { return .int64 }
        if t === BuiltinTypes.bool { return .bool }
        return nil
    }

    public var shape: Shape {
        switch storage {
        case .numeric(let t): return t.shape
        case .boxed(let b): return b.shape
        case .picked(let p): return p.shape
        }
    }

    public var count: Int { shape.count }
    public var rank: Int { shape.rank }
    public var dims: [Int] { shape.dims }

    /// The elements as a tensor. A SubArray picked from its parent gives a new copy, for
    /// reading only: writes go through `setElement` (see `writableTensor`).
    public var tensor: Tensor? {
        switch storage {
        case .numeric(let t): return t
        case .boxed: return nil
        case .picked(let p): return p.gathered()
        }
    }

    /// The tensor that holds the elements, for writing in place: nil when there is none
    /// (boxed values, or a SubArray whose elements live in its parent).
    public var writableTensor: Tensor? {
        if case .numeric(let t) = storage { return t }
        return nil
    }

    /// Element at a 0-based linear index (the caller checks bounds).
    public func element(_ i: Int) -> Value {
        switch storage {
        case .numeric(let t):
            switch t.dtype {
            case .float32: return .float32(t.floatValue(i))
            case .float64: return .float64(t.doubleValue(i))
            case .int64: return .int(t.intValue(i))
            case .bool: return .bool(t.boolValue(i))
            }
        case .boxed(let b):
            return b.values[i]
        case .picked(let p):
            return p.parent.element(p.positions[i])
        }
    }

    /// Stores `v` (already converted to the element type) at a 0-based linear index.
    /// Stores a value already converted to the element type. A number being
    /// differentiated cannot live in a plain numeric array (the array would hold its value
    /// and lose its gradient), so that is Zygote's mutation error, never a silent 0.
    public func setElement(_ i: Int, _ v: Value) throws {
        if let origin = subArray, origin.refusesWrites {
            throw Exceptions.error(EngineAdapter.zygoteMutationMessage(function: "setindex!", arrayType: TypeNames.show(type)))
        }
        switch storage {
        case .numeric(let t):
            switch v {
            case .float32(let f): t.setFloat(f, i)
            case .float64(let d): t.setDouble(d, i)
            case .int(let n): t.setInt(n, i)
            case .bool(let b): t.setBool(b, i)
            case .tracked:
                throw Exceptions.error(EngineAdapter.zygoteMutationMessage(function: "setindex!", arrayType: TypeNames.show(type)))
            default:
                throw Exceptions.method(.str("setindex!"), [.array(self), v])
            }
        case .boxed(let b):
            b.values[i] = v
        case .picked(let p):
            try p.parent.setElement(p.positions[i], v)
        }
    }

    public var boxedValues: [Value] {
        switch storage {
        case .numeric: return (0..<count).map { element($0) }
        case .boxed(let b): return b.values
        case .picked(let p): return p.positions.map { p.parent.element($0) }
        }
    }
}

extension Tensor {
    /// Stores a number already converted to this tensor's element type.
    package func setFromValue(_ v: Value, at i: Int) {
        switch v {
        case .float32(let f): setFloat(f, i)
        case .float64(let d): setDouble(d, i)
        case .int(let n): setInt(n, i)
        case .bool(let b): setBool(b, i)
        default: break
        }
    }
}
