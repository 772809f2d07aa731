import FlxSyntax
import FlxCore
import FlxEngine

/// `rand(Float16, dims...)` and `randn(Float16, dims...)`. Julia draws a half in [0, 1)
/// as `Float16(reinterpret(Float32, (rand(r, UInt32) & 0x3ff) << 13 | 0x3f800000) - 1)`:
/// ten random bits k, giving k/1024 exactly; a normal half is a Float64 normal draw
/// rounded. The values are Float16 numbers in a Float16 array.
package enum RandomHalf {
    package static func generate(_ dims: [Value], _ rng: RNGObject?, normal: Bool, _ interp: Interpreter) throws -> Value {
        func next() -> UInt64 { if let rng, !rng.isDefault { return rng.state.next() } else { return interp.random.next() } }
        func draw() -> Value {
            if normal {
                let d: Double
                if let rng, !rng.isDefault { d = rng.state.normal() } else { d = interp.random.normal() }
                return .float16(Float16(d))
            }
            // The low bits of a draw, as Julia's `rand(r, UInt32)` is its low 32 bits.
            return .float16(Float16(Float(next() & 0x3ff) * 0x1.0p-10))
        }
        if dims.isEmpty { return draw() }
        let shape = try ArrayBuiltins.dimsShape(dims, interp)
        var values = try MemoryGuard.values(repeating: .nothing, count: shape.count)
        for i in values.indices { values[i] = draw() }
        return .array(try interp.makeArray(values, shape: shape, elementType: BuiltinTypes.float16))
    }
}
