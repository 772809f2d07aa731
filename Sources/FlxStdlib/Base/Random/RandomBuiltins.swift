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
    package static func install(_ interp: Interpreter) {
        let b = interp.base
        b.native("rand") { interp, a in try generate(a, interp, normal: false) }
        b.native("randn") { interp, a in try generate(a, interp, normal: true) }
        b.native("randperm") { interp, a in
            let (rng, rest) = splitRNG(a)
            guard rest.count == 1, case .int(let n) = rest[0], n >= 0 else { throw Exceptions.method(.str("randperm"), a.values) }
            var p = (1...max(1, n)).prefix(Int(n)).map { Int64($0) }
            shuffle(&p, rng, interp)
            return .array(try interp.makeVector(p.map { .int($0) }, elementType: BuiltinTypes.int64))
        }
        b.native("shuffle!") { interp, a in
            let (rng, rest) = splitRNG(a)
            guard rest.count == 1, case .array(let arr) = rest[0] else { throw Exceptions.method(.str("shuffle!"), a.values) }
            var items = arr.boxedValues
            shuffle(&items, rng, interp)
            for (i, v) in items.enumerated() { arr.setElement(i, v) }
            return rest[0]
        }
        b.native("shuffle") { interp, a in
            let (rng, rest) = splitRNG(a)
            guard rest.count == 1 else { throw Exceptions.method(.str("shuffle"), a.values) }
            var items = try interp.collect(rest[0])
            shuffle(&items, rng, interp)
            var et: FlxType? = nil
            var shape = try Shape([items.count])
            if case .array(let arr) = rest[0] { et = arr.elementType; shape = arr.shape }
            return .array(try interp.makeArray(items, shape: shape, elementType: et ?? (items.isEmpty ? BuiltinTypes.any : interp.joinedType(items))))
        }
        b.native("Xoshiro") { _, a in .native(RNGObject(seed: a.count > 0 ? UInt64(bitPattern: asInt(a[0])) : 0)) }
        b.native("MersenneTwister") { _, a in .native(RNGObject(seed: a.count > 0 ? UInt64(bitPattern: asInt(a[0])) : 0)) }
        b.native("default_rng") { _, _ in .native(RNGObject(seed: 0, isDefault: true)) }
        b.native("seed!") { interp, a in
            let (rng, rest) = splitRNG(a)
            let seed = rest.first.map { UInt64(bitPattern: asInt($0)) } ?? 0
            if let rng, !rng.isDefault { rng.state.reseed(seed) } else { interp.random.reseed(seed) }
            return .nothing
        }
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
        var pickFrom: [Value]? = nil
        if let first = args.first {
            switch first {
            case .type(let t):
                guard let d = ArrayValue.dtype(of: t), d.isFloat || (!normal && (d == .int64 || d == .bool)) else { throw Exceptions.method(.str(normal ? "randn" : "rand"), a.values) }
                dtype = d
                args.removeFirst()
            case .range, .array, .tuple:
                if !normal { pickFrom = try interp.collect(first); args.removeFirst() }
            default: break
            }
        }
        func draw() -> Value {
            func next() -> UInt64 { if let rng, !rng.isDefault { return rng.state.next() } else { return interp.random.next() } }
            if let pool = pickFrom {
                let i: Int
                if let rng, !rng.isDefault { i = Int(rng.state.below(UInt64(pool.count))) } else { i = Int(interp.random.below(UInt64(pool.count))) }
                return pool[i]
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
            let values = (0..<shape.count).map { _ in draw() }
            return .array(try interp.makeArray(values, shape: shape, elementType: interp.joinedType(pool)))
        }
        let t = try interp.engine { try Tensor.zeros(dtype, shape) }
        let arr = ArrayValue(tensor: t)
        for i in 0..<arr.count { arr.setElement(i, draw()) }
        return .array(arr)
    }
}
