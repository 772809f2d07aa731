import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `lecun_normal`, `sparse_init` and `identity_init`: the initialisers whose arrays have
/// a structure (a fan-in scale, fixed zeros per column, an identity) beyond the draw.
/// Public in Flux 0.16 but not exported: they are reached as `Flux.identity_init`.
package enum InitialisersStructured {
    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        // Truncated normal (bounds ±2, absolute, as Flux passes them) with std gain/√fan_in.
        flux.initialiser("lecun_normal", export: false) { interp, a in
            let (rng, dims) = try Initialisers.dimsAndRNG(a, interp, name: "lecun_normal")
            let gain = Float(a.keyword("gain").map { asDouble($0) } ?? 1)
            let std = gain * (1 / Float(Initialisers.fans(dims).0)).squareRoot()
            let args = (rng.map { [Value.native($0)] } ?? []) + dims.map { Value.int(Int64($0)) }
            return try interp.call(flux.binding("truncated_normal").value, args, keywords: [("mean", .int(0)), ("std", .float32(std))])
        }
        flux.initialiser("sparse_init", export: false) { interp, a in
            let (rng, dims) = try Initialisers.dimsAndRNG(a, interp, name: "sparse_init")
            guard dims.count == 2 else { throw Exceptions.argument("Only 2-dimensional outputs are supported for sparse initialization.") }
            guard let sparsity = a.keyword("sparsity") else { throw Exceptions.undefKeyword("sparsity") }
            let std = Float(a.keyword("std").map { asDouble($0) } ?? 0.01)
            let (rows, cols) = (dims[0], dims[1])
            // The first ⌈min(1, sparsity)·rows⌉ rows are zeroed, then each column is shuffled.
            let share = min(1.0, asDouble(sparsity)) * Double(rows)
            // A negative sparsity zeroes no rows (Flux's `sparse_array[1:num_zeros, :]` is empty).
            guard share.isFinite else { throw Exceptions.inexact("ceil", "Integer", .float64(share)) }
            let zeros = max(0, Int(exactly: share.rounded(.up)) ?? rows)
            let t = try interp.engine { try Tensor.zeros(.float32, try Shape(dims)) }
            var values = (0..<(rows * cols)).map { _ in Float(interp.normalDouble(rng)) * std }
            for j in 0..<cols {
                for i in 0..<min(zeros, rows) { values[i + rows * j] = 0 }
                var column = Array(values[(rows * j)..<(rows * (j + 1))])
                // Flux shuffles with `mapslices(shuffle, ...)`: the default generator, whatever `rng` is.
                RandomBuiltins.shuffle(&column, nil, interp)
                for i in 0..<rows { t.setFloat(column[i], i + rows * j) }
            }
            return .array(ArrayValue(tensor: t))
        }
        flux.initialiser("identity_init", export: false) { interp, a in
            // The RNG is accepted for uniformity with the other initialisers, and unused.
            let dims = try Initialisers.dimsAndRNG(a, interp, name: "identity_init").1
            let gain = Float(a.keyword("gain").map { asDouble($0) } ?? 1)
            let shift = try a.keyword("shift").map { try LayerKit.ints($0, 1, "shift") } ?? [0]
            let t = try interp.engine { try Tensor.zeros(.float32, try Shape(dims)) }
            guard dims.count >= 2 else { return .array(ArrayValue(tensor: t)) }  // a bias: zeros
            // A matrix: the diagonal. Higher: the centre tap of each (i, i) filter.
            let spatial = dims.count == 2 ? [] : dims.dropLast(2).map { ($0 + 1) / 2 - 1 }
            for i in 0..<min(dims[dims.count - 2], dims[dims.count - 1]) {
                let position = dims.count == 2 ? [i, i] : spatial + [i, i]
                t.setFloat(gain, offset(circshifted(position, shift, dims), dims))
            }
            return .array(ArrayValue(tensor: t))
        }
    }

    /// Where `circshift(A, shift)` moves the element at 0-based `position`: an Int shifts
    /// the first dimension only, a tuple the leading dimensions it lists.
    static func circshifted(_ position: [Int], _ shift: [Int], _ dims: [Int]) -> [Int] {
        position.indices.map { d in
            guard d < shift.count, dims[d] > 0 else { return position[d] }
            let m = (position[d] + shift[d] % dims[d]) % dims[d]
            return m < 0 ? m + dims[d] : m
        }
    }

    static func offset(_ position: [Int], _ dims: [Int]) -> Int {
        var lin = 0, mul = 1
        for d in dims.indices { lin += position[d] * mul; mul *= dims[d] }
        return lin
    }
}
