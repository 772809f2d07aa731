import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif
import FlxEngine

/// Statistics' spread and middle: `std`, `var` (corrected unless told) and `median`;
/// `mean` is an engine reduction (`Arrays/ArrayReductions.swift`).
extension StdlibModules {
    package static var statisticsFunctions: [Builtin] {
        [
            Builtin("std", { interp, a in try spread(a, interp, std: true) },
                help: BuiltinHelp("std(x; dims, corrected = true)", "The standard deviation; divides by n - 1 unless `corrected = false`.", "std([1.0, 2.0, 3.0])  # 1.0")),
            Builtin("var", { interp, a in try spread(a, interp, std: false) },
                help: BuiltinHelp("var(x; dims, corrected = true)", "The variance; divides by n - 1 unless `corrected = false`.", "var([1.0, 2.0, 3.0])  # 1.0")),
            Builtin("median", { interp, a in
                try a.expect("median", 1...1)
                if case .tracked = a[0] { return a[0] }  // a number is its own median
                if let t = TrackedGather.trackedTensor(a[0], interp) { return try trackedMedian(t, interp) }
                let v = try interp.collect(a[0]).map { asDouble(OperatorBuiltins.plain($0)) }.sorted()
                guard !v.isEmpty else { throw Exceptions.argument("median of an empty array is undefined, Float64[]") }
                let m = v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
                if case .array(let arr) = a[0], arr.elementType === BuiltinTypes.float32 { return .float32(Float(m)) }
                return .float64(m)
            }, help: BuiltinHelp("median(x)", "The middle value of the sorted elements (the mean of the two middle ones for even length).", "median([3, 1, 4, 2])  # 2.5")),
        ]
    }

    package static func spread(_ a: Args, _ interp: Interpreter, std: Bool) throws -> Value {
        let name = std ? "std" : "var"
        try a.expect(name, 1...1)
        let corrected = (try a.keywordBool("corrected")) ?? true
        let dims = a.keyword("dims")
        // On the tape (and for `dims`) as engine ops: var = sum((x .- mean(x; dims)).^2; dims) / (n - 1).
        if dims != nil || interp.isTracked(a[0]), case .array(let arr) = a[0], let t = arr.tensor {
            let ds = try dims.map { try ArrayBuiltins.dimSet($0, interp) } ?? .all
            let input = t.dtype.isFloat ? t : try interp.engine { try t.converted(to: .float64) }
            let mu = try interp.engine { tape in try Reductions.reduce(.mean, input, dims: ds, tape: tape) }
            let n = arr.count / max(1, mu.count)
            let centred = try interp.engine { tape in try Arithmetic.binary(.sub, input, mu, tape: tape) }
            let sq = try interp.engine { tape in try Unary.apply(.abs2, centred, tape: tape) }
            var v = try interp.engine { tape in try Reductions.reduce(.sum, sq, dims: ds, tape: tape) }
            let denom = try Tensor.scalar(Double(corrected ? n - 1 : n), dtype: v.dtype)
            v = try interp.engine { tape in try Arithmetic.binary(.div, v, denom, tape: tape) }
            if std { v = try interp.engine { tape in try Unary.apply(.sqrt, v, tape: tape) } }
            return dims == nil ? interp.wrap(v) : .array(ArrayValue(tensor: v))
        }
        let values = try interp.collect(a[0]).map { asDouble(OperatorBuiltins.plain($0)) }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let ss = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let v = ss / (corrected ? n - 1 : n)
        let r = std ? v.squareRoot() : v
        if case .array(let arr) = a[0], arr.elementType === BuiltinTypes.float32 { return .float32(Float(r)) }
        return .float64(r)
    }

    /// `median` of an array being differentiated: the middle element (or the mean of the two
    /// middle ones), picked on the tape, so the gradient goes to those positions.
    static func trackedMedian(_ t: Tensor, _ interp: Interpreter) throws -> Value {
        let n = t.count
        guard n > 0 else { throw Exceptions.argument("median of an empty array is undefined, \(TypeNames.show(ArrayValue.flxType(of: t.dtype)))[]") }
        let order = (0..<n).sorted { t.numericValue($0) < t.numericValue($1) || (t.numericValue($0) == t.numericValue($1) && $0 < $1) }
        let middle = n % 2 == 1 ? [order[n / 2]] : [order[n / 2 - 1], order[n / 2]]
        let picked = try TrackedGather.take(t, middle, interp)
        return interp.wrap(try interp.engine { tape in try Reductions.reduce(.mean, picked, dims: .all, tape: tape) })
    }
}
