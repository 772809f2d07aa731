import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine
#if canImport(Glibc)
import Glibc
#endif

/// `orthogonal` and `truncated_normal`, drawing from the session generator.
package enum InitialisersMore {
    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        flux.initialiser("orthogonal") { interp, a in
            let (rng, dims) = try Initialisers.dimsAndRNG(a, interp, name: "orthogonal")
            // One size is a 1×n matrix reshaped (Flux: rows = prod(dims[1:end-1]) = 1).
            guard dims.count >= 1 else { throw Exceptions.argument("orthogonal needs at least 1 dimension, got \(dims.count)") }
            let gain = a.keyword("gain").map { asDouble($0) } ?? 1
            // The shape checks the sizes (a product that overflows is an ArgumentError);
            // the Float64 work matrix as big as the result must fit in memory.
            let shape = try interp.engine { try Shape(dims) }
            try MemoryGuard.reserve(count: shape.count, bytesEach: MemoryLayout<Double>.stride)
            let cols = dims[dims.count - 1], rows = cols == 0 ? 0 : shape.count / cols
            // Orthonormal columns of a tall Gaussian matrix (QR with R's diagonal made
            // positive = Gram–Schmidt); a wide matrix is the transpose of a tall one.
            let (r, c) = rows >= cols ? (rows, cols) : (cols, rows)
            // Flux draws `randn(rng, Float32, r, c)`: Float32 values, in column-major order.
            var q = (0..<(r * c)).map { _ in Double(Float(interp.normalDouble(rng))) }
            for j in 0..<c {
                for k in 0..<j {
                    var dot = 0.0
                    for i in 0..<r { dot += q[i + r * k] * q[i + r * j] }
                    for i in 0..<r { q[i + r * j] -= dot * q[i + r * k] }
                }
                var norm = 0.0
                for i in 0..<r { norm += q[i + r * j] * q[i + r * j] }
                norm = norm.squareRoot()
                for i in 0..<r { q[i + r * j] /= norm }
            }
            let t = try interp.engine { try Tensor.zeros(.float32, shape) }
            for i in 0..<rows {
                for j in 0..<cols {
                    let v = rows >= cols ? q[i + r * j] : q[j + r * i]
                    t.setFloat(Float(v * gain), i + rows * j)
                }
            }
            return .array(ArrayValue(tensor: t))
        }
        flux.initialiser("truncated_normal") { interp, a in
            let (rng, dims) = try Initialisers.dimsAndRNG(a, interp, name: "truncated_normal")
            let mean = a.keyword("mean").map { asDouble($0) } ?? 0
            let std = a.keyword("std").map { asDouble($0) } ?? 1
            let lo = a.keyword("lo").map { asDouble($0) } ?? -2
            let hi = a.keyword("hi").map { asDouble($0) } ?? 2
            // Flux 0.16: uniform Float32 draws mapped through the normal's inverse CDF between
            // the bounds' CDF values (in Float64), then clamped and stored as Float32.
            func normCDF(_ x: Double) -> Double { 0.5 * (1 + erf(x / 2.0.squareRoot())) }
            let l = normCDF((lo - mean) / std), u = normCDF((hi - mean) / std)
            return try Initialisers.uniform32(dims, rng, interp) { x in
                let y = InverseErrorFunction.erfinv(Double(x) * (2 * (u - l)) + (2 * l - 1))
                let v = y * std * 2.0.squareRoot() + mean
                return Float(v > hi ? hi : v < lo ? lo : v)  // Julia's clamp (NaN stays NaN)
            }
        }
    }
}
