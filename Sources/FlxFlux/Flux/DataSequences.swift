import FlxSyntax
import FlxCore
import FlxStdlib

/// MLUtils' sequence helpers, reached as `Flux.chunk` and `Flux.batchseq` too (Flux does
/// `using MLUtils`):
/// - `chunk(x, n; dims)` / `chunk(x; size, dims)` / `chunk(x, partition_idxs; npartitions,
///   dims)`: x split along `dims` (the last by default) into n parts of `cld(len, n)`, into
///   parts of `size`, or into parts of the given sizes; ranges give ranges. MLUtils' parts
///   are views; flx's `view` copies, so these are the arrays (made with `selectdim`, so a
///   gradient flows back through them).
/// - `batchseq(seqs, val = 0, n = nothing)`: N sequences (the last dimension is time) made
///   into one sequence of batches of N, the short ones padded with `val`.
enum DataSequences {
    static func install(_ interp: Interpreter, mlutils: ModuleValue) {
        mlutils.native("chunk", differentiation: .forwarded) { interp, a in
            try a.expect("chunk", 1...2)
            let x = a[0]
            let rank = try DataStacking.sizeOf(x, interp).count
            let dims = try a.keywordInt("dims").map { Int($0) } ?? max(rank, 1)
            guard dims >= 1, dims <= max(rank, 1) else { throw Exceptions.bounds(x, .int(Int64(dims))) }
            let length = rank == 0 ? try collectionLength(x, interp) : try DataStacking.sizeOf(x, interp)[dims - 1]
            var sizes: [Int]
            if a.count == 2, case .int(let n) = a[1] {
                guard n >= 1 else { throw Exceptions.argument("cannot split into \(n) chunks") }
                sizes = equalParts(length, size: max((length + Int(n) - 1) / Int(n), 1))
            } else if a.count == 2 {
                // partition_idxs: sorted part numbers 1...m, one per index along dims.
                let idxs = try interp.collect(a[1]).map { v -> Int in
                    guard case .int(let i) = v, i >= 1 else { throw Exceptions.method(.str("chunk"), a.values) }
                    return Int(i)
                }
                guard zip(idxs, idxs.dropFirst()).allSatisfy({ $0 <= $1 }) else { throw Exceptions.assertion("partition_idxs must be sorted") }
                let parts = try a.keywordInt("npartitions").map { Int($0) } ?? (idxs.max() ?? 0)
                guard idxs.allSatisfy({ $0 <= parts }) else { throw Exceptions.bounds(.int(Int64(parts)), .int(Int64(idxs.max() ?? 0))) }
                try MemoryGuard.reserve(count: parts, bytesEach: MemoryLayout<Int>.stride)
                sizes = (1...max(parts, 1)).prefix(max(parts, 0)).map { _ in 0 }
                for i in idxs { sizes[i - 1] += 1 }
                try checkSizes(sizes, length)
            } else {
                guard let size = a.keyword("size") else { throw Exceptions.undefKeyword("size") }
                if case .int(let s) = size {
                    guard s >= 1 else { throw Exceptions.argument("cannot create partitions of length \(s)") }
                    sizes = equalParts(length, size: Int(s))
                } else {
                    sizes = try interp.collect(size).map { v -> Int in
                        guard case .int(let s) = v, s >= 0 else { throw Exceptions.method(.str("chunk"), a.values) }
                        return Int(s)
                    }
                    try checkSizes(sizes, length)
                }
            }
            var parts: [Value] = []
            var start = 1
            for s in sizes {
                parts.append(try part(x, dims: dims, start, start + s - 1, rank: rank, interp))
                start += s
            }
            return .array(try interp.makeVector(parts))
        }

        mlutils.native("batchseq") { interp, a in
            try a.expect("batchseq", 1...3)
            let seqs = try interp.collect(a[0])
            guard !seqs.isEmpty else { throw Exceptions.argument("reducing over an empty collection is not allowed") }
            let pad = a.count >= 2 ? a[1] : .int(0)
            let lengths = try seqs.map { s -> Int in
                let size = try DataStacking.sizeOf(s, interp)
                guard let last = size.last else { throw Exceptions.method(.str("batchseq"), a.values) }
                return last
            }
            var n = lengths.max() ?? 0
            if a.count == 3, !LayersUpsample.isNothing(a[2]) { n = Int(asInt(a[2])) }
            var steps: [Value] = []
            for t in stride(from: 1, through: n, by: 1) {
                var column: [Value] = []
                for (s, length) in zip(seqs, lengths) {
                    let rank = try DataStacking.sizeOf(s, interp).count
                    if t <= length {
                        // obsview(x, t): the element of a vector, the slice of an array.
                        column.append(rank == 1 ? try interp.call(DataStacking.base("getindex", interp), [s, .int(Int64(t))])
                                                : try interp.call(DataStacking.base("selectdim", interp), [s, .int(Int64(rank)), .int(Int64(t))]))
                    } else {
                        // The pad in the sequence's element type, shaped like one observation.
                        let eltype = try interp.call(DataStacking.base("eltype", interp), [s])
                        let value = try interp.call(DataStacking.base("convert", interp), [eltype, pad])
                        if rank == 1 { column.append(value); continue }
                        let shape = Array(try DataStacking.sizeOf(s, interp).dropLast()).map { Value.int(Int64($0)) }
                        column.append(try interp.call(DataStacking.base("fill", interp), [value] + shape))
                    }
                }
                steps.append(try DataLoading.collate(column, interp))
            }
            return .array(try interp.makeVector(steps))
        }
    }

    /// The number of elements of a non-array collection (a tuple, a string...).
    static func collectionLength(_ x: Value, _ interp: Interpreter) throws -> Int {
        Int(asInt(try interp.call(DataStacking.base("length", interp), [x])))
    }

    /// Sizes of consecutive parts of `size` covering `length` (the last one shorter).
    static func equalParts(_ length: Int, size: Int) -> [Int] {
        stride(from: 0, to: length, by: size).map { min(size, length - $0) }
    }

    static func checkSizes(_ sizes: [Int], _ length: Int) throws {
        guard sizes.reduce(0, +) == length else {
            throw Exceptions.argument("The sum of the sizes must be equal to \(length), the length of the dimension.")
        }
    }

    /// x's indices first...last (1-based) along dims: a range of a range, else selectdim's copy.
    static func part(_ x: Value, dims: Int, _ first: Int, _ last: Int, rank: Int, _ interp: Interpreter) throws -> Value {
        let colon = DataStacking.base(":", interp)
        if case .range(let r) = x, case .int(let start, let step, _, let unit) = r.kind {
            let lo = start &+ Int64(first - 1) &* step, hi = start &+ Int64(last - 1) &* step
            return unit ? try interp.call(colon, [.int(lo), .int(hi)]) : try interp.call(colon, [.int(lo), .int(step), .int(hi)])
        }
        let indices = try interp.call(colon, [.int(Int64(first)), .int(Int64(last))])
        if rank == 0 {
            // A tuple, string or other collection: its elements first...last, collected.
            let items = try interp.collect(x)
            return .array(try interp.makeVector(Array(items[(first - 1)..<last])))
        }
        return try interp.call(DataStacking.base("copy", interp), [try interp.call(DataStacking.base("selectdim", interp), [x, .int(Int64(dims)), indices])])
    }
}
