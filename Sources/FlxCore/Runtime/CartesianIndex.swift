import FlxSyntax
import FlxEngine

/// Base's `CartesianIndex{N}`: one index per dimension, held together so that it indexes
/// an array as those N integers would (`A[CartesianIndex(2, 1)] == A[2, 1]`). It is what
/// `argmax`, `findall`, `findmax` and friends return for arrays of more than one
/// dimension, and what `CartesianIndices` holds.
public final class CartesianIndexObject: NativeObject, NativeShowable, NativeIndexable, NativeImmutableValue {
    public let indices: [Int64]

    public init(_ indices: [Int64]) { self.indices = indices }

    /// `CartesianIndex{N}`, interned per N.
    public static let family: FlxType = {
        let t = FlxType(name: "CartesianIndex", supertype: BuiltinTypes.any)
        t.parameterNames = ["N"]
        return t
    }()

    public static func type(rank: Int) -> FlxType { family.instantiate([.int(rank)]) }

    public override var flxType: FlxType { CartesianIndexObject.type(rank: indices.count) }

    /// The 1-based index of linear position `linear` (0-based) in an array of `dims`.
    public static func of(linear: Int, dims: [Int]) -> CartesianIndexObject {
        var rest = linear
        var out: [Int64] = []
        for d in dims {
            let size = Swift.max(d, 1)
            out.append(Int64(rest % size + 1))
            rest /= size
        }
        return CartesianIndexObject(out)
    }

    public func show(_ interp: Interpreter, compact: Bool) throws -> String {
        "CartesianIndex(" + indices.map { String($0) }.joined(separator: ", ") + ")"
    }

    public func display(_ interp: Interpreter) throws -> String? { nil }

    /// `I[k]`: the k-th component.
    public func getIndex(_ args: [Value], _ interp: Interpreter) throws -> Value {
        guard args.count == 1, case .int(let k) = args[0] else {
            throw Exceptions.method(.str("getindex"), [.native(self)] + args)
        }
        guard k >= 1 && k <= indices.count else { throw Exceptions.bounds(.native(self), .tuple([args[0]])) }
        return .int(indices[Int(k - 1)])
    }

    public func setIndex(_ args: [Value], _ value: Value, _ interp: Interpreter) throws {
        throw Exceptions.method(.str("setindex!"), [.native(self), value] + args)
    }

    package func isIdentical(to other: NativeObject) -> Bool {
        guard let o = other as? CartesianIndexObject else { return false }
        return o.indices == indices
    }
}

extension Interpreter {
    /// `A[I...]` where some index is a `CartesianIndex` or an array of them, rewritten as
    /// plain integer indexing of the same data: a `CartesianIndex{k}` stands for its k
    /// integers; an array of them indexes k dimensions at once, so those k dimensions are
    /// merged into one (a reshape, column-major, so no element moves) and each index becomes
    /// its linear position within them. Nil when no index is Cartesian. Each component is
    /// checked against its own dimension first, so an out-of-range one is a BoundsError
    /// naming the original array and indices, never a different element.
    package func cartesianRewrite(_ v: Value, _ indices: [Value]) throws -> (Value, [Value])? {
        guard indices.contains(where: CartesianIndexObject.isCartesian) else { return nil }
        var dims: [Int]
        switch v {
        case .array(let a): dims = a.dims
        case .range(let r): dims = [Int(r.count)]
        default: return nil
        }
        // The array-of-Cartesian indices: where they sit among the expanded indices, and
        // how many dimensions each covers.
        var expanded: [Value] = []
        var merges: [(position: Int, rank: Int, items: ArrayValue)] = []
        for index in indices {
            switch index {
            case .native(let c as CartesianIndexObject):
                expanded += c.indices.map { .int($0) }
            case .array(let list) where CartesianIndexObject.isCartesian(index):
                let rank = (list.count > 0 ? (list.element(0).cartesian?.indices.count) : nil) ?? 0
                merges.append((expanded.count, rank, list))
                expanded.append(index)
            default:
                expanded.append(index)
            }
        }
        let dimCount = expanded.count + merges.reduce(0) { $0 + $1.rank - 1 }
        while dims.count < dimCount { dims.append(1) }
        if merges.isEmpty { return (v, expanded) }
        // Dimension of each expanded index in the original array.
        var mergedDims: [Int] = []
        var rewritten: [Value] = []
        var d = 0
        var m = 0
        for (i, index) in expanded.enumerated() {
            if m < merges.count, merges[m].position == i {
                let k = merges[m].rank
                let covered = Array(dims[d..<Swift.min(d + k, dims.count)])
                var linear: [Value] = []
                for e in 0..<merges[m].items.count {
                    guard let c = merges[m].items.element(e).cartesian, c.indices.count == k else {
                        throw Exceptions.argument("invalid index: an array of CartesianIndex values of different ranks")
                    }
                    var position = 0, stride = 1
                    for (j, component) in c.indices.enumerated() {
                        let size = j < covered.count ? covered[j] : 1
                        guard component >= 1 && Int(component) <= size else { throw Exceptions.bounds(v, .tuple(indices)) }
                        position += (Int(component) - 1) * stride
                        stride *= size
                    }
                    linear.append(.int(Int64(position + 1)))
                }
                mergedDims.append(covered.reduce(1, *))
                rewritten.append(.array(try makeArray(linear, shape: merges[m].items.shape, elementType: BuiltinTypes.int64)))
                d += k
                m += 1
            } else {
                if d < dims.count { mergedDims.append(dims[d]) }
                rewritten.append(index)
                d += 1
            }
        }
        if d < dims.count { mergedDims += dims[d...] }
        let array = try materialize(v)
        let shape = try engine { try Shape(mergedDims) }
        if let t = array.tensor {
            return (.array(ArrayValue(tensor: try engine { tape in try Shaping.reshape(t, mergedDims, tape: tape) })), rewritten)
        }
        return (.array(ArrayValue(boxed: array.boxedValues, shape: shape, elementType: array.elementType)), rewritten)
    }
}

extension CartesianIndexObject {
    /// A CartesianIndex, or an array whose elements all are.
    static func isCartesian(_ v: Value) -> Bool {
        switch v {
        case .native(let n): return n is CartesianIndexObject
        case .array(let a): return a.elementType.root === family && a.count > 0
        default: return false
        }
    }
}

extension Value {
    /// This value as a `CartesianIndex`, if it is one.
    public var cartesian: CartesianIndexObject? {
        if case .native(let c as CartesianIndexObject) = self { return c }
        return nil
    }
}
