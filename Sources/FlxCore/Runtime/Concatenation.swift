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
        if arrays.allSatisfy({ $0.tensor != nil }) {
            let dtype = arrays.map { $0.tensor!.dtype }.reduce(arrays[0].tensor!.dtype) { DType.promote($0, $1) }
            let tensors = try arrays.map { a -> Tensor in
                let t = a.tensor!
                return t.dtype == dtype ? t : try interp.engine { try t.converted(to: dtype) }
            }
            return .array(ArrayValue(tensor: try interp.engine { tape in try Shaping.cat(tensors, dim: dim, tape: tape) }))
        }
        // Boxed arrays: only vectors along dim 1 (the common case of joining lists).
        guard dim == 1, arrays.allSatisfy({ $0.rank == 1 }) else {
            throw Exceptions.argument("concatenating non-numeric arrays is only supported for vectors along dims=1")
        }
        // An array being differentiated gives its elements as tracked numbers (its plain
        // `boxedValues` would drop their gradient).
        let all = try arrays.flatMap { a -> [Value] in
            interp.isTracked(.array(a)) ? try interp.collect(.array(a)) : a.boxedValues
        }
        return .array(try interp.makeVector(all, elementType: all.isEmpty ? BuiltinTypes.any : interp.joinedType(all)))
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
