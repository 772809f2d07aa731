import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif
import FlxEngine

/// An explicit generator object (`Xoshiro(1)`, `MersenneTwister(1)`, `default_rng()`).
package final class RNGObject: NativeObject, NativeShowable {
    package var state: RandomState
    package let isDefault: Bool
    package init(seed: UInt64, isDefault: Bool = false) {
        state = RandomState(seed: seed)
        self.isDefault = isDefault
    }
    package static let type = FlxType(name: "Xoshiro", supertype: FlxType(name: "AbstractRNG", kind: .abstract, supertype: BuiltinTypes.any))
    package override var flxType: FlxType { RNGObject.type }
    package func show(_ interp: Interpreter, compact: Bool) throws -> String { isDefault ? "Random.TaskLocalRNG()" : "Xoshiro(...)" }
    package func display(_ interp: Interpreter) throws -> String? { nil }
}

package enum RandomBuiltins {
    package static var tables: [[Builtin]] {
        [randomSampling, randomGenerators, inPlaceRandom]
    }

    package static func install(_ interp: Interpreter) {
        let b = interp.base
        for table in tables { b.register(table, helpInto: interp.builtinHelp) }
        _ = RandomSeedMemory.of(interp)
    }

    package static func splitRNG(_ a: Args) -> (RNGObject?, [Value]) {
        if a.count >= 1, case .native(let r as RNGObject) = a[0] { return (r, Array(a.values.dropFirst())) }
        return (nil, a.values)
    }

    package static func shuffle<T>(_ items: inout [T], _ rng: RNGObject?, _ interp: Interpreter) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            let j: Int
            if let rng, !rng.isDefault { j = Int(rng.state.below(UInt64(i + 1))) } else { j = Int(interp.random.below(UInt64(i + 1))) }
            items.swapAt(i, j)
        }
    }

    /// `rand()`, `rand(3, 2)`, `rand(Float32, 3)`, `rand(1:6)`, `rand(xs, n)`, `randn(...)`.
    package static func generate(_ a: Args, _ interp: Interpreter, normal: Bool) throws -> Value {
        let (rng, rest) = splitRNG(a)
        var args = rest
        var dtype = DType.float64
        var pickFrom: DrawPool? = nil
        if let first = args.first {
            switch first {
            case .type(let t) where !normal && IntKind(type: t).map({ $0 != .int64 && $0.bitWidth <= 64 }) == true:
                return try generateBitIntegers(IntKind(type: t)!, Array(args.dropFirst()), rng, interp)
            case .type(let t):
                guard let d = ArrayValue.dtype(of: t), d.isFloat || (!normal && (d == .int64 || d == .bool)) else { throw Exceptions.method(.str(normal ? "randn" : "rand"), a.values) }
                dtype = d
                args.removeFirst()
            case .range, .array, .tuple:
                if !normal { pickFrom = try DrawPool(first, interp); args.removeFirst() }
            default: break
            }
        }
        func draw() -> Value {
            func next() -> UInt64 { if let rng, !rng.isDefault { return rng.state.next() } else { return interp.random.next() } }
            if let pool = pickFrom {
                let i: Int
                if let rng, !rng.isDefault { i = Int(rng.state.below(UInt64(pool.count))) } else { i = Int(interp.random.below(UInt64(pool.count))) }
                return pool.element(i)
            }
            if normal {
                let d: Double
                if let rng, !rng.isDefault { d = rng.state.normal() } else { d = interp.random.normal() }
                return dtype == .float32 ? .float32(Float(d)) : .float64(d)
            }
            switch dtype {
            case .float32: return .float32(Float(next() >> 40) * 0x1.0p-24)
            case .float64: return .float64(Double(next() >> 11) * 0x1.0p-53)
            case .int64: return .int(Int64(bitPattern: next()))
            case .bool: return .bool(next() & 1 == 1)
            }
        }
        if let pool = pickFrom, pool.isEmpty { throw Exceptions.argument("collection must be non-empty") }
        if args.isEmpty { return draw() }
        let shape = try ArrayBuiltins.dimsShape(args, interp)
        if let pool = pickFrom {
            try MemoryGuard.reserve(count: shape.count, bytesEach: MemoryLayout<Value>.stride)
            let values = (0..<shape.count).map { _ in draw() }
            return .array(try interp.makeArray(values, shape: shape, elementType: pool.elementType(interp)))
        }
        let t = try interp.engine { try Tensor.zeros(dtype, shape) }
        let arr = ArrayValue(tensor: t)
        for i in 0..<arr.count { try arr.setElement(i, draw()) }
        return .array(arr)
    }

    /// `rand(Int8)`, `rand(UInt16, 3)`, ...: bit integers narrower than 128 bits other than
    /// Int64. One value is a draw truncated to the width (Julia's `rand(rng, UInt64) % T`);
    /// an array is filled as Julia's Xoshiro fills it byte-wise (`xoshiro_bulk`): each draw
    /// gives 8 bytes, little-endian, the last draw only as many bytes as remain. (Julia's
    /// SIMD path for 64 bytes or more draws from four interleaved streams; flx, as for
    /// Float64 arrays, keeps the one sequential stream.)
    static func generateBitIntegers(_ kind: IntKind, _ dims: [Value], _ rng: RNGObject?, _ interp: Interpreter) throws -> Value {
        func next() -> UInt64 { if let rng, !rng.isDefault { return rng.state.next() } else { return interp.random.next() } }
        if dims.isEmpty { return FixedInt(kind, bits: UInt128(next())).value }
        let shape = try ArrayBuiltins.dimsShape(dims, interp)
        var values = try MemoryGuard.values(repeating: .nothing, count: shape.count)
        let bytesEach = kind.bitWidth / 8
        var word: UInt64 = 0, bytesLeft = 0
        for i in 0..<shape.count {
            var bits: UInt64 = 0
            for b in 0..<bytesEach {
                if bytesLeft == 0 { word = next(); bytesLeft = 8 }
                bits |= (word & 0xff) << (8 * UInt64(b))
                word >>= 8
                bytesLeft -= 1
            }
            values[i] = FixedInt(kind, bits: UInt128(bits)).value
        }
        return .array(try interp.makeArray(values, shape: shape, elementType: kind.type))
    }
}
