import FlxSyntax
import FlxCore
import FlxEngine

/// `diagm`: a dense matrix with vectors placed on chosen diagonals (`k => v`, k > 0 above
/// the main diagonal), square unless the size is given, of the vectors' promoted element type.
extension DiagonalMatrices {
    static func diagm(_ interp: Interpreter, _ a: Args) throws -> Value {
        var args = a.values
        var size: (Int, Int)? = nil
        if args.count >= 2, case .int(let m) = args[0], case .int(let n) = args[1] {
            guard m >= 0, n >= 0 else { throw Exceptions.argument("invalid Array dimensions") }
            size = (Int(m), Int(n))
            args.removeFirst(2)
        }
        guard !args.isEmpty else { throw Exceptions.method(.str("diagm"), a.values) }
        var diagonals: [(k: Int, v: Tensor)] = []
        if args.count == 1, case .array(let v) = args[0], v.rank == 1, let t = v.tensor {
            diagonals = [(0, t)]
        } else {
            for arg in args {
                guard case .pair(let p) = arg, case .int(let k) = p.first, case .array(let v) = p.second, v.rank == 1, let t = v.tensor else {
                    throw Exceptions.method(.str("diagm"), a.values)
                }
                diagonals.append((Int(k), t))
            }
        }
        let needed = diagonals.map { abs($0.k) + $0.v.count }.max() ?? 0
        let (m, n) = size ?? (needed, needed)
        for d in diagonals {
            // The diagonal's length in an m×n matrix must be the vector's.
            let length = d.k >= 0 ? Swift.max(0, Swift.min(m, n - d.k)) : Swift.max(0, Swift.min(m + d.k, n))
            guard length >= d.v.count || size == nil else {
                throw Exceptions.dimensionMismatch("invalid size \((m, n)) for diagm with vectors of length \(diagonals.map { $0.v.count })")
            }
        }
        let order: [DType] = [.bool, .int64, .float32, .float64]
        let dtype = diagonals.map { $0.v.dtype }.max { order.firstIndex(of: $0) ?? 0 < order.firstIndex(of: $1) ?? 0 } ?? .float64
        try MemoryGuard.reserveArray(count: m * n, juliaBytes: 8, bytesEach: 8)
        let out = try Tensor.zeros(dtype, Shape([m, n]))
        // Later pairs overwrite earlier ones on the same diagonal, as Julia's assignment does.
        for d in diagonals {
            for i in 0..<d.v.count {
                let row = d.k >= 0 ? i : i - d.k, col = d.k >= 0 ? i + d.k : i
                guard row < m, col < n else { continue }
                out.setNumeric(d.v.numericValue(i), col * m + row)
            }
        }
        return .array(ArrayValue(tensor: out))
    }

    static var diagmBuiltin: Builtin { Builtin("diagm", { interp, a in try diagm(interp, a) },
        help: BuiltinHelp("diagm(kv::Pair...)  /  diagm(m, n, kv...)  /  diagm(v)", "A dense matrix with each vector `v` on diagonal `k` (`k => v`; k > 0 above the main diagonal), square of the smallest size that holds them unless `m, n` are given.", "diagm(1 => [1, 2])  # [0 1 0; 0 0 2; 0 0 0]")) }
}
