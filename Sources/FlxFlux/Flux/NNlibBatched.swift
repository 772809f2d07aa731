import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// NNlib's batched products: `batched_mul` (alias `⊠`), `batched_vec`, and
/// `batched_transpose` / `batched_adjoint`.
///
/// NNlib's transposes are lazy wrappers (`BatchedTranspose`) that `batched_mul` hands
/// to BLAS as a flag; flx materialises them as `permutedims(A, (2, 1, 3))`, which has
/// the same values and gradient, but prints as a plain array. Everything is built from
/// reshapes and the engine's `BatchedMatmul`, so it is differentiable.
package enum NNlibBatched {
    package static func install(_ interp: Interpreter, _ nnlib: ModuleValue) {
        let mul = nnlib.native("batched_mul") { interp, a in
            try a.expect("batched_mul", 2...2)
            let x = try NNlibPadding.arrayTensor(a[0], "batched_mul", a, interp)
            let y = try NNlibPadding.arrayTensor(a[1], "batched_mul", a, interp)
            return LayerKit.wrapArray(try batchedMul(x, y, a, interp))
        }
        nnlib.define("⊠", .function(mul))
        for name in ["batched_transpose", "batched_adjoint"] {
            nnlib.native(name) { interp, a in
                try a.expect(name, 1...1)
                let x = try NNlibPadding.arrayTensor(a[0], name, a, interp)
                guard x.rank == 3 else { throw Exceptions.method(.str(name), a.values) }
                return LayerKit.wrapArray(try interp.engine { tape in try Shaping.permutedims(x, [2, 1, 3], tape: tape) })
            }
        }
        nnlib.native("batched_vec") { interp, a in
            try a.expect("batched_vec", 2...2)
            let x = try NNlibPadding.arrayTensor(a[0], "batched_vec", a, interp)
            let v = try NNlibPadding.arrayTensor(a[1], "batched_vec", a, interp)
            return LayerKit.wrapArray(try batchedVec(x, v, a, interp))
        }
    }

    static func batchedMul(_ x: Tensor, _ y: Tensor, _ a: Args, _ interp: Interpreter) throws -> Tensor {
        try interp.engine { tape in
            switch (x.rank, y.rank) {
            case (3, 3): return try BatchedMatmul.multiply(x, y, tape: tape)
            // A matrix on either side is one matrix shared by the whole batch.
            case (3, 2): return try BatchedMatmul.multiply(x, try Shaping.reshape(y, y.shape.dims + [1], tape: tape), tape: tape)
            case (2, 3): return try BatchedMatmul.multiply(try Shaping.reshape(x, x.shape.dims + [1], tape: tape), y, tape: tape)
            case let (r, s) where r == s && r > 3:
                // More batch dimensions: folded into one and unfolded after.
                let batch = Array(x.shape.dims.dropFirst(2))
                guard batch == Array(y.shape.dims.dropFirst(2)) else {
                    throw Exceptions.assertion("batch size has to be the same for the two arrays.")
                }
                let x3 = try Shaping.reshape(x, [x.shape[0], x.shape[1], -1], tape: tape)
                let y3 = try Shaping.reshape(y, [y.shape[0], y.shape[1], -1], tape: tape)
                let z = try BatchedMatmul.multiply(x3, y3, tape: tape)
                return try Shaping.reshape(z, [z.shape[0], z.shape[1]] + batch, tape: tape)
            default: throw Exceptions.method(.str("batched_mul"), a.values)
            }
        }
    }

    /// C[:, k...] = A[:, :, k...] · B[:, k...], or A[:, :, k] · b for a vector b.
    static func batchedVec(_ x: Tensor, _ v: Tensor, _ a: Args, _ interp: Interpreter) throws -> Tensor {
        if x.rank == 3, v.rank == 1 {
            let col = try interp.engine { tape in try Shaping.reshape(v, [v.count, 1, 1], tape: tape) }
            let z = try batchedMul(x, col, a, interp)
            return try interp.engine { tape in try Shaping.reshape(z, [x.shape[0], x.shape[2]], tape: tape) }
        }
        guard x.rank == v.rank + 1 else {
            throw Exceptions.dimensionMismatch("batched_vec requires ndims(A) == ndims(B) + 1, got ndims(A)=\(x.rank) and ndims(B)=\(v.rank)")
        }
        let batchA = Array(x.shape.dims.dropFirst(2)), batchB = Array(v.shape.dims.dropFirst())
        guard batchA == batchB else {
            throw Exceptions.dimensionMismatch("batch dimensions must match: size(A)[3:end]=\(LayerKit.tupleText(batchA)) != size(B)[2:end]=\(LayerKit.tupleText(batchB))")
        }
        let cols = try interp.engine { tape in try Shaping.reshape(v, [v.shape[0], 1] + batchB, tape: tape) }
        let z = try batchedMul(x, cols, a, interp)
        return try interp.engine { tape in try Shaping.dropdims(z, dims: [2], tape: tape) }
    }
}
