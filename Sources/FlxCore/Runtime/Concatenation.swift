import FlxSyntax
import FlxEngine

/// Joining values into arrays: `vcat`/`hcat`/`cat` and the array literals `[a b; c d]`
/// that the compiler lowers to `hvcat`.
package enum Concatenation {
    /// `vcat`/`hcat`/`cat(dims=)`: numbers and arrays, along dimension `dim` (1-based).
    package static func concatenate(_ items: [Value], dim: Int, _ interp: Interpreter) throws -> Value {
        if items.isEmpty { return .array(try interp.makeVector([])) }
        // Scalars become 1-element vectors (vcat) or 1×1 matrices (hcat).
        var arrays: [ArrayValue] = []
        for v in items {
            switch v {
            case .array(let a): arrays.append(a)
            case .range: arrays.append(try interp.materialize(v))
            default:
                let a = try interp.makeVector([v])
                arrays.append(a)
            }
        }
        // The element type is Julia's `promote_eltype`: numbers promote (`vcat([1], UInt8[2])` is
        // a Vector{Int64}), other types join.
        let et = arrays.dropFirst().reduce(arrays[0].elementType) { t, a in NumericPromotion.promote(t, a.elementType) ?? interp.typeJoin(t, a.elementType) }
        if arrays.allSatisfy({ $0.tensor != nil }), ArrayValue.dtype(of: et) != nil {
            let dtype = arrays.map { $0.tensor!.dtype }.reduce(arrays[0].tensor!.dtype) { DType.promote($0, $1) }
            let tensors = try arrays.map { a -> Tensor in
                let t = a.tensor!
                return t.dtype == dtype ? t : try interp.engine { try t.converted(to: dtype) }
            }
            return .array(ArrayValue(tensor: try interp.engine { tape in try Shaping.cat(tensors, dim: dim, tape: tape) }))
        }
        return try concatenateValues(arrays, dim: dim, elementType: et, interp)
    }

    /// Concatenation of arrays held as values (or of mixed storage), along any dimension:
    /// in column-major order each array contributes, for every index of the dimensions after
    /// `dim`, one contiguous block of its elements.
    private static func concatenateValues(_ arrays: [ArrayValue], dim: Int, elementType: FlxType, _ interp: Interpreter) throws -> Value {
        let rank = max(dim, arrays.map { $0.rank }.max() ?? 1)
        try MemoryGuard.reserve(count: rank, bytesEach: 8 * arrays.count)   // `dims = 10^12`
        func dims(_ a: ArrayValue) -> [Int] { a.dims + (a.rank..<rank).map { _ in 1 } }
        var shape = dims(arrays[0])
        shape[dim - 1] = 0
        for a in arrays {
            let d = dims(a)
            for k in 0..<rank where k != dim - 1 && d[k] != shape[k] {
                throw Exceptions.dimensionMismatch("mismatch in dimension \(k + 1) (expected \(shape[k]) got \(d[k]))")
            }
            shape[dim - 1] += d[dim - 1]
        }
        let outer = shape[dim...].reduce(1, *)
        var values: [Value] = []
        // An array being differentiated gives its elements as tracked numbers (its plain
        // `boxedValues` would drop their gradient).
        let elements = try arrays.map { a -> [Value] in
            interp.isTracked(.array(a)) ? try interp.collect(.array(a)) : a.boxedValues
        }
        for o in 0..<outer {
            for (a, items) in zip(arrays, elements) {
                let block = dims(a)[..<dim].reduce(1, *)
                values.append(contentsOf: items[(o * block)..<((o + 1) * block)])
            }
        }
        // A vector stays a vector; otherwise the rank the dimension asks for.
        let resultShape = arrays.allSatisfy({ $0.rank == 1 }) && dim == 1 ? [shape[0]] : shape
        return .array(try interp.makeArray(values, shape: try Shape(resultShape), elementType: elementType))
    }

    package static func numericDType(_ v: Value) -> DType? {
        switch v {
        case .float32: return .float32
        case .float64: return .float64
        case .int: return .int64
        case .bool: return .bool
        default: return nil
        }
    }
}

extension Interpreter {
    /// `[a b; c d]`: each row is hcat, then the rows are vcat.
    package func hvcat(_ rows: [[Value]], elementType: FlxType?) throws -> Value {
        // A range is an array here: `[1:2; 4:5]` is [1, 2, 4, 5], `[1:2 4:5]` a 2×2 matrix.
        let rows = try rows.map { row in try row.map { v -> Value in if case .range = v { return .array(try materialize(v)) }; return v } }
        let allScalars = rows.allSatisfy { $0.allSatisfy { if case .array = $0 { return false }; return true } }
        if allScalars {
            let cols = rows[0].count
            guard rows.allSatisfy({ $0.count == cols }) else {
                throw Exceptions.argument("argument count does not match specified shape (expected \(rows.count * cols), got \(rows.reduce(0) { $0 + $1.count }))")
            }
            if rows.count == 1 && cols == 1 && elementType == nil { return .array(try makeVector(rows[0])) }
            // Single column with `;` separators: a vector (vcat of scalars).
            var values: [Value] = []
            for c in 0..<cols { for r in 0..<rows.count { values.append(rows[r][c]) } }
            let et = elementType ?? promotedNumericType(values) ?? joinedType(values)
            if cols == 1 { return .array(try makeArray(values, shape: try Shape([rows.count]), elementType: et)) }
            return .array(try makeArray(values, shape: try Shape([rows.count, cols]), elementType: et))
        }
        let hrows = try rows.map { row -> Value in row.count == 1 ? row[0] : try Concatenation.concatenate(row, dim: 2, self) }
        var result = hrows.count == 1 ? hrows[0] : try Concatenation.concatenate(hrows, dim: 1, self)
        if let et = elementType, case .array(let a) = result, a.elementType !== et { result = .array(try convertArray(a, to: et)) }
        return result
    }
}

extension Interpreter {
    /// `[1; 2;; 3; 4]`, `[1 2;;; 3 4]` (Julia's `hvncat`): the separators nest, a space
    /// binding tightest (along dimension 2, inside a row), then `;` (dimension 1), then `;;`
    /// (dimension 2), `;;;` (dimension 3) and so on. Each level splits its elements at its
    /// own separators and concatenates the parts along its dimension; `trailing` semicolons
    /// before `]` pad the result with singleton dimensions (`[1;;]` is a 1×1 matrix).
    package func ncat(_ items: [Value], separators: [Int], trailing: Int, elementType: FlxType?) throws -> Value {
        func build(_ lo: Int, _ hi: Int, level: Int) throws -> Value {
            if hi - lo == 1 { return items[lo] }
            if level == 0 { return try Concatenation.concatenate(Array(items[lo..<hi]), dim: 2, self) }
            var parts: [Value] = []
            var start = lo
            for j in lo..<(hi - 1) where separators[j] == level {
                parts.append(try build(start, j + 1, level: level - 1))
                start = j + 1
            }
            if parts.isEmpty { return try build(lo, hi, level: level - 1) }
            parts.append(try build(start, hi, level: level - 1))
            return try Concatenation.concatenate(parts, dim: level == 1 ? 1 : level, self)
        }
        var result = try build(0, items.count, level: separators.max() ?? 0)
        if case .range = result { result = .array(try materialize(result)) }
        guard case .array(var a) = result else {
            // One element and trailing semicolons: an array of it with `trailing` dimensions.
            let et = elementType ?? typeOf(result)
            return .array(try makeArray([result], shape: try Shape((0..<max(trailing, 1)).map { _ in 1 }), elementType: et))
        }
        if a.rank < trailing {
            a = try makeArray(a.boxedValues, shape: try Shape(a.dims + (a.rank..<trailing).map { _ in 1 }), elementType: a.elementType)
        }
        if let et = elementType, a.elementType !== et { a = try convertArray(a, to: et) }
        return .array(a)
    }
}
