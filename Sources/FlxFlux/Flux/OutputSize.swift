import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `Flux.outputsize(m, inputsize...; padbatch = false)`: `size(m(x))` for an input of the
/// given size, without the caller making `x`.
///
/// Flux runs the model on arrays of its `Nil` number type, whose arithmetic costs nothing.
/// flx layers are engine ops on real tensors, so the model runs on Float32 zeros: Float32
/// because Flux's layers are, so no eltype-conversion warning fires, and zeros because any
/// value gives the same size. The cost is one real forward pass; the result is the same
/// (`outputsize(m, size(x)) == size(m(x))`), and so are the errors a wrong size raises,
/// except that their text names `Array{Float32, N}` where Flux's names `Array{Nil, N}`.
package enum OutputSize {
    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        flux.hidden("outputsize") { interp, a in
            guard a.count >= 2 else { throw Exceptions.method(.str("outputsize"), a.values) }
            let padbatch = try padBatch(a, interp)
            var sizes = Array(a.values.dropFirst())
            // outputsize(m, ((5,), (7,))): a tuple of sizes is the same as listing them.
            if sizes.count == 1, case .tuple(let t) = sizes[0], !t.items.isEmpty, t.items.allSatisfy({ if case .tuple = $0 { return true }; return false }) {
                sizes = t.items
            }
            let inputs = try sizes.map { try zeroInput($0, padbatch: padbatch, a, interp) }
            let model = try asModel(a[0], flux, interp)
            // Several inputs reach the model as one tuple, as `Chain` accepts them.
            let y = try interp.call(model, [inputs.count == 1 ? inputs[0] : .tuple(inputs)])
            return try interp.call(interp.base.binding("size").value, [y])
        }
    }

    static func padBatch(_ a: Args, _ interp: Interpreter) throws -> Bool {
        guard let v = a.keyword("padbatch") else { return false }
        guard case .bool(let b) = v else { throw Exceptions.method(.str("outputsize"), a.values, keywords: [("padbatch", v)]) }
        return b
    }

    /// A tuple or vector of layers is applied in sequence, like `Chain(m...)`.
    static func asModel(_ m: Value, _ flux: ModuleValue, _ interp: Interpreter) throws -> Value {
        let chain = flux.binding("Chain").value
        switch m {
        case .tuple(let t): return try interp.call(chain, t.items)
        case .array(let arr) where arr.tensor == nil && arr.rank == 1:
            return try interp.call(chain, (0..<arr.count).map { arr.element($0) })
        default: return m
        }
    }

    /// Float32 zeros of the given size (`padbatch` adds a trailing batch dimension of 1).
    static func zeroInput(_ v: Value, padbatch: Bool, _ a: Args, _ interp: Interpreter) throws -> Value {
        guard case .tuple(let t) = v else { throw Exceptions.method(.str("outputsize"), a.values) }
        var dims: [Int] = try t.items.map { item in
            guard case .int(let i) = item else { throw Exceptions.method(.str("outputsize"), a.values) }
            return Int(i)
        }
        if padbatch { dims.append(1) }
        return .array(ArrayValue(tensor: try interp.engine { try Tensor.zeros(.float32, try Shape(dims)) }))
    }
}
