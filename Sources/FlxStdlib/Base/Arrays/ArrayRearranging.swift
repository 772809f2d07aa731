import FlxSyntax
import FlxCore
import FlxEngine

/// Arrays rearranged or combined element by element, as Base defines them: `circshift`,
/// `rotl90`/`rotr90`/`rot180`, `dropdims`, `trues`/`falses`, `diff`, `cumprod`,
/// `accumulate` and `mapslices`. Each works on the elements in column-major order, so it
/// serves numeric and boxed arrays alike; results keep the element type Julia gives.
enum ArrayRearranging {
    /// An array's (or range's) elements in column-major order, its size and element type.
    struct Elements {
        var values: [Value]
        var dims: [Int]
        var elementType: FlxType
    }

    static func elements(_ v: Value, _ name: String, _ interp: Interpreter) throws -> Elements {
        switch v {
        case .array(let arr): return Elements(values: try interp.collect(v), dims: arr.dims, elementType: arr.elementType)
        case .range:
            let items = try interp.collect(v)
            return Elements(values: items, dims: [items.count], elementType: try interp.makeVector(items).elementType)
        default: throw Exceptions.method(.str(name), [v])
        }
    }

    /// Column-major strides of `dims`.
    static func strides(_ dims: [Int]) -> [Int] {
        var s: [Int] = []
        var n = 1
        for d in dims {
            s.append(n)
            n *= d
        }
        return s
    }

    /// The dimensions a `dims` keyword names (an Int or a tuple of them), 0-based and in range.
    static func dimensions(_ v: Value, rank: Int, _ name: String) throws -> [Int] {
        let items: [Value]
        if case .tuple(let t) = v { items = t.items } else { items = [v] }
        return try items.map { item in
            guard case .int(let d) = item else { throw Exceptions.typeError(name, expected: "Integer", got: item) }
            guard d >= 1 else { throw Exceptions.argument("dimension \(d) out of range") }
            return Int(d) - 1
        }
    }

    static func make(_ values: [Value], _ dims: [Int], _ elementType: FlxType, _ interp: Interpreter) throws -> Value {
        .array(try interp.makeArray(values, shape: try Shape(dims), elementType: elementType))
    }

    /// A result's element type: the common numeric type of the values, else what they join to.
    static func joinedType(_ values: [Value], _ interp: Interpreter) throws -> FlxType {
        try interp.makeVector(values).elementType
    }

    static var functions: [Builtin] {
        [
            Builtin("circshift", { interp, a in
                try a.expect("circshift", 2...2)
                let e = try elements(a[0], "circshift", interp)
                var shifts: [Int] = []
                switch a[1] {
                case .int(let n): shifts = [Int(n)]
                case .tuple(let t): shifts = try t.items.map { v in
                    guard case .int(let n) = v else { throw Exceptions.method(.str("circshift"), a.values) }
                    return Int(n)
                }
                default: throw Exceptions.method(.str("circshift"), a.values)
                }
                let st = strides(e.dims)
                var out = e.values
                for i in 0..<e.values.count {
                    // Destination i takes the source shifted back along each dimension.
                    var source = 0
                    for (d, n) in e.dims.enumerated() {
                        let k = (i / st[d]) % max(n, 1)
                        // The shift reduced first, so no shift (typemin(Int) included) overflows.
                        let s = d < shifts.count ? shifts[d] % n : 0
                        source += (((k - s) % n + n) % n) * st[d]
                    }
                    out[i] = e.values[source]
                }
                return try make(out, e.dims, e.elementType, interp)
            }, help: BuiltinHelp("circshift(A, shifts)", "A copy of `A` with its elements rotated by `shifts` (an Int for the first dimension, or a tuple, one per dimension); positive shifts move elements towards higher indices.", "circshift([1, 2, 3, 4], 1)  # [4, 1, 2, 3]")),
            rotation("rotl90", quarterTurns: 1, "Rotates a matrix 90° anticlockwise (`rotl90(A, k)`: k times).", "rotl90([1 2; 3 4])  # [2 4; 1 3]"),
            rotation("rotr90", quarterTurns: 3, "Rotates a matrix 90° clockwise (`rotr90(A, k)`: k times).", "rotr90([1 2; 3 4])  # [3 1; 4 2]"),
            rotation("rot180", quarterTurns: 2, "Rotates a matrix 180°.", "rot180([1 2; 3 4])  # [4 3; 2 1]"),
            Builtin("dropdims", { interp, a in
                try a.expect("dropdims", 1...1)
                guard let dv = a.keyword("dims") else { throw Exceptions.undefKeyword("dims") }
                let e = try elements(a[0], "dropdims", interp)
                let drop = try dimensions(dv, rank: e.dims.count, "dropdims")
                for d in drop {
                    guard d < e.dims.count else { throw Exceptions.argument("dropped dims must be in range 1:ndims(A)") }
                    guard e.dims[d] == 1 else { throw Exceptions.argument("dropped dims must all be size 1") }
                }
                guard Set(drop).count == drop.count else { throw Exceptions.argument("dropped dims must be unique") }
                let kept = e.dims.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
                return try make(e.values, kept, e.elementType, interp)
            }, help: BuiltinHelp("dropdims(A; dims)", "`A` without the dimensions `dims`, each of which must have size 1.", "dropdims(ones(1, 3); dims = 1)  # 3-element Vector")),
            filledBits("trues", true),
            filledBits("falses", false),
            Builtin("diff", { interp, a in
                try a.expect("diff", 1...1)
                let e = try elements(a[0], "diff", interp)
                var dim = 0
                if let dv = a.keyword("dims") {
                    dim = try dimensions(dv, rank: e.dims.count, "diff").first ?? 0
                } else if e.dims.count != 1 {
                    throw Exceptions.undefKeyword("dims")
                }
                guard dim < e.dims.count else { throw Exceptions.argument("dimension \(dim + 1) out of range (1:\(e.dims.count))") }
                var outDims = e.dims
                outDims[dim] = max(e.dims[dim] - 1, 0)
                let st = strides(e.dims), outSt = strides(outDims)
                var out: [Value] = []
                let total = outDims.reduce(1, *)
                for i in 0..<total {
                    var source = 0
                    for d in 0..<e.dims.count { source += ((i / outSt[d]) % max(outDims[d], 1)) * st[d] }
                    out.append(try OperatorBuiltins.binaryValues(.sub, e.values[source + st[dim]], e.values[source], interp))
                }
                let et = out.isEmpty ? e.elementType : try joinedType(out, interp)
                return try make(out, outDims, et, interp)
            }, help: BuiltinHelp("diff(A; dims)", "Differences of consecutive elements (`A[i+1] - A[i]`), along `dims` for a matrix.", "diff([1, 4, 9])  # [3, 5]")),
            Builtin("cumprod", { interp, a in
                try a.expect("cumprod", 1...1)
                return try accumulated(interp.base.binding("*").value, a[0], a.keyword("dims"), initial: nil, "cumprod", interp)
            }, help: BuiltinHelp("cumprod(A; dims)", "Running products: element i is the product of the first i elements (along `dims` for a matrix).", "cumprod([1, 2, 3])  # [1, 2, 6]")),
            Builtin("accumulate", { interp, a in
                try a.expect("accumulate", 2...2)
                return try accumulated(a[0], a[1], a.keyword("dims"), initial: a.keyword("init"), "accumulate", interp)
            }, help: BuiltinHelp("accumulate(op, A; dims, init)", "Running reductions with `op`: element i is `op(...op(op(init, A[1]), A[2])..., A[i])` (without init, the first element starts).", "accumulate(+, [1, 2, 3])  # [1, 3, 6]")),
            Builtin("mapslices", { interp, a in
                try a.expect("mapslices", 2...2)
                guard let dv = a.keyword("dims") else { throw Exceptions.undefKeyword("dims") }
                return try mapSlices(a[1], dv, interp) { try interp.call(a[0], [$0]) }
            }, help: BuiltinHelp("mapslices(f, A; dims)", "Applies `f` to each slice of `A` spanning the dimensions `dims`, and assembles the results (a number or an array each) in their place.", "mapslices(sum, [1 2; 3 4]; dims = 1)  # [4 6]")),
        ]
    }

    /// `rotl90`, `rotr90` and `rot180` of a matrix, as `quarterTurns` anticlockwise quarter turns.
    static func rotation(_ name: String, quarterTurns: Int, _ text: String, _ example: String) -> Builtin {
        Builtin(name, { interp, a in
            try a.expect(name, 1...(name == "rot180" ? 1 : 2))
            let e = try elements(a[0], name, interp)
            guard e.dims.count == 2 else { throw Exceptions.method(.str(name), a.values) }
            let k = a.count == 2 ? try a.int(1, name) : 1
            var turns = (((k % 4) * quarterTurns) % 4 + 4) % 4
            var values = e.values
            var (m, n) = (e.dims[0], e.dims[1])
            while turns > 0 {
                // One anticlockwise turn: B[i, j] = A[j, n + 1 - i], an n×m matrix.
                var out = values
                for j in 0..<m {
                    for i in 0..<n { out[j * n + i] = values[(n - 1 - i) * m + j] }
                }
                values = out
                (m, n) = (n, m)
                turns -= 1
            }
            return try make(values, [m, n], e.elementType, interp)
        }, help: BuiltinHelp(name + (name == "rot180" ? "(A)" : "(A, k = 1)"), text, example))
    }

    /// `trues(dims...)` and `falses(dims...)`: a BitArray.
    static func filledBits(_ name: String, _ value: Bool) -> Builtin {
        Builtin(name, { interp, a in
            let shape = try ArrayBuiltins.dimsShape(a.values, interp)
            try MemoryGuard.reserve(count: shape.count, bytesEach: 1)
            return .array(ArrayValue(bits: try Tensor.filled(value: value, shape: shape)))
        }, help: BuiltinHelp("\(name)(dims...)", "A BitArray of the given size with every element `\(value)`.", "\(name)(2, 3)"))
    }

    /// `accumulate(op, A; dims, init)` (and `cumprod`): along the first dimension of a vector,
    /// along `dims` otherwise.
    static func accumulated(_ op: Value, _ x: Value, _ dimsValue: Value?, initial: Value?, _ name: String, _ interp: Interpreter) throws -> Value {
        let e = try elements(x, name, interp)
        var dim = 0
        if let dv = dimsValue {
            dim = try dimensions(dv, rank: e.dims.count, name).first ?? 0
        } else if e.dims.count != 1 {
            throw Exceptions.undefKeyword("dims")
        }
        var out = e.values
        if dim < e.dims.count {
            let st = strides(e.dims)
            for i in 0..<e.values.count {
                let k = (i / st[dim]) % e.dims[dim]
                if k == 0 {
                    out[i] = try initial.map { try interp.call(op, [$0, e.values[i]]) } ?? e.values[i]
                } else {
                    out[i] = try interp.call(op, [out[i - st[dim]], e.values[i]])
                }
            }
        }
        let et = out.isEmpty ? e.elementType : try joinedType(out, interp)
        return try make(out, e.dims, et, interp)
    }

    /// `mapslices(f, A; dims)`: each slice spans `dims`; the results, each a number or an
    /// array of one common size, take the place of the sliced dimensions.
    static func mapSlices(_ x: Value, _ dimsValue: Value, _ interp: Interpreter, _ f: (Value) throws -> Value) throws -> Value {
        let e = try elements(x, "mapslices", interp)
        let sliced = Set(try dimensions(dimsValue, rank: e.dims.count, "mapslices").filter { $0 < e.dims.count })
        let st = strides(e.dims)
        let sliceDims = e.dims.indices.filter { sliced.contains($0) }.map { e.dims[$0] }
        let otherAxes = e.dims.indices.filter { !sliced.contains($0) }
        let otherCount = otherAxes.reduce(1) { $0 * e.dims[$1] }
        let sliceCount = sliceDims.reduce(1, *)
        var results: [Elements] = []
        for o in 0..<otherCount {
            // The base offset of this slice, then its elements in column-major order.
            var base = 0, rest = o
            for d in otherAxes {
                base += (rest % e.dims[d]) * st[d]
                rest /= e.dims[d]
            }
            var slice: [Value] = []
            for s in 0..<sliceCount {
                var offset = base, r = s
                for d in e.dims.indices where sliced.contains(d) {
                    offset += (r % e.dims[d]) * st[d]
                    r /= e.dims[d]
                }
                slice.append(e.values[offset])
            }
            let arg = try make(slice, sliceDims.isEmpty ? [1] : sliceDims, e.elementType, interp)
            let r = try f(arg)
            switch r {
            case .array, .range: results.append(try elements(r, "mapslices", interp))
            default: results.append(Elements(values: [r], dims: [], elementType: BuiltinTypes.any))
            }
        }
        guard let first = results.first else { return try make([], e.dims, e.elementType, interp) }
        guard results.allSatisfy({ $0.values.count == first.values.count }) else {
            throw Exceptions.dimensionMismatch("mapslices: the results of f have different sizes")
        }
        // The result's size: the sliced dimensions become the result's own (1 for a number).
        var outDims = e.dims
        var resultAxes = first.dims
        for d in e.dims.indices where sliced.contains(d) {
            outDims[d] = resultAxes.isEmpty ? 1 : resultAxes.removeFirst()
        }
        let extra = resultAxes.reduce(1, *)
        if extra != 1 { throw Exceptions.dimensionMismatch("mapslices: the result of f has more dimensions than the slices") }
        let outSt = strides(outDims)
        var out = try MemoryGuard.values(repeating: .nothing, count: outDims.reduce(1, *))
        for (o, res) in results.enumerated() {
            var base = 0, rest = o
            for d in otherAxes {
                base += (rest % e.dims[d]) * outSt[d]
                rest /= e.dims[d]
            }
            for (s, v) in res.values.enumerated() {
                var offset = base, r = s
                for d in outDims.indices where sliced.contains(d) {
                    offset += (r % outDims[d]) * outSt[d]
                    r /= outDims[d]
                }
                out[offset] = v
            }
        }
        return try make(out, outDims, try joinedType(out, interp), interp)
    }
}
