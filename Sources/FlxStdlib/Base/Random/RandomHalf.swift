import FlxSyntax
import FlxCore
import FlxEngine

/// `rand(Float16, dims...)` and `randn(Float16, dims...)`. Julia draws a half in [0, 1)
/// as `Float16(reinterpret(Float32, (rand(r, UInt32) & 0x3ff) << 13 | 0x3f800000) - 1)`:
/// ten random bits k, giving k/1024 exactly, where a Xoshiro's `rand(r, UInt32)` is the
/// top half of a 64-bit draw; a normal half is a Float64 normal draw rounded. The values are
/// Float16 numbers in a Float16 array, drawn one at a time (Julia's bulk lanes for long
/// arrays are not followed for halves).
package enum RandomHalf {
    package static func generate(_ dims: [Value], _ rng: RNGObject?, normal: Bool, _ interp: Interpreter) throws -> Value {
        func draw(_ g: inout Xoshiro) -> Value {
            if normal { return .float16(Float16(g.normal())) }
            return .float16(Float16(Float((g.next() >> 32) & 0x3ff) * 0x1.0p-10))
        }
        if dims.isEmpty { return RandomBuiltins.withGenerator(rng, interp) { draw(&$0) } }
        let shape = try ArrayBuiltins.dimsShape(dims, interp)
        var values = try MemoryGuard.values(repeating: .nothing, count: shape.count)
        RandomBuiltins.withGenerator(rng, interp) { g in
            for i in values.indices { values[i] = draw(&g) }
        }
        return .array(try interp.makeArray(values, shape: shape, elementType: BuiltinTypes.float16))
    }
}
