import FlxSyntax
import FlxCore
import FlxEngine

/// The operators as functions (`+`, `*`, `==`, `:`, `=>`, `∘`, ...). Scalars are
/// computed in place; arrays and tracked values go through the engine.
package enum OperatorBuiltins {
    package static var tables: [[Builtin]] {
        [binaryOperators, unaryOperators, equalityOperators, typeOperators, membershipOperators, constructionOperators]
    }

    package static func install(_ interp: Interpreter) {
        let b = interp.base
        for table in tables { b.register(table, helpInto: interp.builtinHelp) }
        // Other spellings of the same functions, so methods added to either reach both.
        for (alias, op) in [("≤", "<="), ("≥", ">="), ("≠", "!="), ("div", "÷"), ("rem", "%"), ("xor", "⊻"), ("∈", "in"), ("⊼", "nand"), ("⊽", "nor")] {
            b.define(alias, b.binding(op).value)
        }
    }

    package static func fCallable(_ v: Value) -> Callable {
        if case .function(let c) = v { return c }
        return Callable(name: "f")
    }

    /// `adjoint(v)` / `v'` and `transpose(v)`: for a number, itself; for a numeric vector or
    /// matrix, its transposed elements under LinearAlgebra's `Adjoint`/`Transpose` type
    /// (`x'` of a vector is the row that multiplies a vector into a number); a wrapper's
    /// own adjoint is its parent again, and a `Diagonal` stays `Diagonal`.
    package static func transpose(_ v: Value, _ interp: Interpreter, family: FlxType = LinearAlgebraTypes.adjoint) throws -> Value {
        switch v {
        case .int, .float32, .float64, .bool, .tracked: return v
        case .native(let c as ComplexObject) where family === LinearAlgebraTypes.adjoint:
            return try interp.call(interp.base.binding("conj").value, [.native(c)])
        case .native(let n) where n is ComplexObject || n is RationalObject || n is BigIntObject: return v
        case .array(let a):
            if let t = a.tensor {
                if let w = LinearAlgebraTypes.wrapped(a) {
                    let isVector = LinearAlgebraTypes.isVectorType(w.parent)
                    let parent = try interp.engine { tape in
                        isVector ? try Shaping.reshape(t, [t.count], tape: tape) : try LinearAlgebra.transpose(t, tape: tape)
                    }
                    return .array(ArrayValue(tensor: parent, type: w.parent))
                }
                let src = a.rank == 1 ? try interp.engine { tape in try Shaping.reshape(t, [t.count, 1], tape: tape) } : t
                let flipped = try interp.engine { tape in try LinearAlgebra.transpose(src, tape: tape) }
                if LinearAlgebraTypes.isDiagonal(v) { return LinearAlgebraTypes.asDiagonal(flipped) }
                return .array(ArrayValue(tensor: flipped, type: LinearAlgebraTypes.wrapper(family, element: a.elementType, parent: a.type)))
            }
            guard a.rank <= 2 else { throw Exceptions.argument("transpose needs a vector or a matrix") }
            let rows = a.dims[0], cols = a.rank == 2 ? a.dims[1] : 1
            var values = [Value](repeating: .nothing, count: a.count)
            for r in 0..<rows { for c in 0..<cols { values[r * cols + c] = a.element(c * rows + r) } }
            return .array(ArrayValue(boxed: values, shape: try Shape([cols, rows]), elementType: a.elementType))
        case .native(let u as UniformScalingObject): return .native(u)
        case .native(let q as QRQObject): return .native(QRQObject(factors: q.factors, t: q.t, tau: q.tau, adjoint: !q.adjoint))
        default: throw Exceptions.method(.str("adjoint"), [v])
        }
    }

    /// `a:b` and `a:s:b` for integers and floats.
    package static func makeRange(_ a: Args, _ interp: Interpreter) throws -> Value {
        try a.expect(":", 2...3)
        if let chars = try StringBuiltins.charRange(a) { return chars }
        if let dates = try DateRange.make(a) { return dates }
        let start = a[0], stop = a[a.count - 1]
        let step: Value = a.count == 3 ? a[1] : .int(1)
        if case .int(let s0) = start, case .int(let s1) = stop, case .int(let st) = step {
            if st == 0 { throw Exceptions.argument("step cannot be zero") }
            // Julia normalises the stop so that it lies on the range.
            var last = s1
            if (st > 0 && s1 >= s0) || (st < 0 && s1 <= s0) {
                // In 128 bits: the span of `typemin(Int):2:typemax(Int)` and the quotient
                // of `0:-1:typemin(Int)` overflow Int64; the normalised stop, lying
                // between the two ends, never does.
                last = Int64(Int128(s0) + (Int128(s1) - Int128(s0)) / Int128(st) * Int128(st))
            } else {
                // Julia's empty representation (`steprange_last_empty`): one unit before
                // the start in the step's direction. `start - step` wrapped for
                // `1:typemin(Int):10`, making an empty range of two elements.
                last = st > 0 ? s0 &- 1 : s0 &+ 1
            }
            return .range(RangeValue(.int(start: s0, step: st, stop: last, unit: a.count == 2)))
        }
        guard scalarRank(start) != nil, scalarRank(stop) != nil, scalarRank(step) != nil else {
            throw Exceptions.method(.str(":"), a.values)
        }
        let s0 = asDouble(start), s1 = asDouble(stop), st = asDouble(step)
        if st == 0 { throw Exceptions.argument("range step cannot be zero") }
        // Float32 when no bound is a Float64 and one is a Float32 (Julia's promotion). Its
        // length is counted in Float32, as Julia's rational recovery of `0.1f0` gives it:
        // `-2:0.1f0:2` has 41 elements (Float64 arithmetic on the widened 0.1f0 finds 40).
        let float32 = [start, step, stop].contains { if case .float32 = $0 { return true }; return false }
            && ![start, step, stop].contains { if case .float64 = $0 { return true }; return false }
        let q = float32 ? Double(((Float(s1) - Float(s0)) / Float(st) + 1e-6).rounded(.down))
                        : ((s1 - s0) / st + 1e-10).rounded(.down)
        // A NaN bound or a length beyond Int64 would trap in the conversion below.
        guard !q.isNaN else { throw Exceptions.argument("range bounds and step must not be NaN") }
        guard q < 9.0e18 else { throw Exceptions.argument("range \(s0):\(st):\(s1) has more than typemax(Int) elements") }
        let n = max(0, Int64(q) + 1)
        return .range(RangeValue(.float(start: s0, step: st, count: n), float32: float32))
    }

    /// A binary operator applied to any values.
    package static func binary(_ op: BinaryOperator, _ a: Args, _ interp: Interpreter) throws -> Value {
        if a.count == 1 && op.isComparison {
            // `==(3)`, `<(0)`: Julia's Fix2, a function of the other argument.
            let fixed = a[0]
            return .function(NativeClosure(name: "(\(op.rawValue))(\((try? Display.repr(fixed, interp)) ?? ""))", differentiation: .forwarded) { interp, args in
                try args.expect(op.rawValue, 1...1)
                return try binaryValues(op, args[0], fixed, interp)
            })
        }
        if a.count == 1 {
            switch op {
            case .sub: return try negate(a[0], interp)
            case .add: return a[0]
            case .mul: return a[0]
            default: break
            }
        }
        if a.count > 2 && (op == .add || op == .mul) {
            var acc = try binaryValues(op, a[0], a[1], interp)
            for i in 2..<a.count { acc = try binaryValues(op, acc, a[i], interp) }
            return acc
        }
        guard a.count == 2 else { throw Exceptions.method(.str(op.rawValue), a.values) }
        return try binaryValues(op, a[0], a[1], interp)
    }

    package static func negate(_ v: Value, _ interp: Interpreter) throws -> Value {
        switch v {
        case .int(let n): return .int(0 &- n)
        case .sized, .wide: return FixedIntArithmetic.negate(v.fixedInt!).value
        case .float64(let d): return .float64(-d)
        case .float32(let f): return .float32(-f)
        case .float16(let h): return .float16(-h)
        case .bool(let b): return .int(b ? -1 : 0)
        case .array, .tracked:
            if case .tracked = v, let negated = try interp.scalarUnary(.neg, v) { return negated }
            let t = try interp.requireTensor(v, "-")
            let negated = interp.wrap(try interp.engine { tape in try Unary.apply(.neg, t, tape: tape) })
            return LinearAlgebraTypes.keepWrapper(LinearAlgebraTypes.diagonal(negated, if: LinearAlgebraTypes.isDiagonal(v)), [v], anyShape: true)
        case .native(let u as UniformScalingObject):
            return .native(UniformScalingObject(try negate(u.lambda, interp)))
        case .native(let p as PeriodObject): return .native(PeriodObject(p.unit, 0 &- p.value))
        case .native(let c as CompoundPeriodObject): return .native(CompoundPeriodObject(c.periods.map { PeriodObject($0.unit, 0 &- $0.value) }))
        case .native(let q as RationalObject): return try RationalNumbers.unary("-", q)
        case .native(let b as BigIntObject): return .native(BigIntegers.negated(b))
        case .native(let c as ComplexObject): return try ComplexNumbers.negate(c, interp)
        default: throw Exceptions.method(.str("-"), [v])
        }
    }

    package static func binaryValues(_ op: BinaryOperator, _ l: Value, _ r: Value, _ interp: Interpreter) throws -> Value {
        if let v = try ScalarArithmetic.apply(op, l, r) { return v }
        // `300 % UInt8`: the integer wrapped into the type.
        if op == .rem, case .type(let t) = r, let k = IntKind(type: t), let v = FixedIntConversion.wrap(l, to: k) { return v }
        if op == .eq { return .bool(try isEqual(l, r, interp)) }
        if op == .ne { return .bool(!(try isEqual(l, r, interp))) }
        if let v = try UniformScalingArithmetic.binary(op, l, r, interp) { return v }
        if let v = try FactorizationArithmetic.binary(op, l, r, interp) { return v }
        if let v = try DatesArithmetic.binary(op, l, r, interp) { return v }
        if let v = try RationalNumbers.binary(op, l, r, interp) { return v }
        if let v = try BigIntegers.binary(op, l, r, interp) { return v }
        if let v = try ComplexNumbers.binary(op, l, r, interp) { return v }
        if let v = try ComplexNumbers.scaledArray(op, l, r, interp) { return v }
        switch (l, r) {
        case (.tracked, _), (_, .tracked):
            // Comparisons and `÷` are piecewise constant: no gradient flows (ChainRules marks
            // `div` non-differentiable), so they act on the plain values.
            if op.isComparison || op == .intDiv {
                return try binaryValues(op, plain(l), plain(r), interp)
            }
            // rem(x, y) = x - y·trunc(x/y): ∂x = 1, ∂y = -trunc(x/y), on numbers.
            if op == .rem, scalarRank(plain(l)) != nil, scalarRank(plain(r)) != nil {
                return try MathBuiltins.binaryReal("%", l, r, interp, value: { $0.truncatingRemainder(dividingBy: $1) },
                                                   partials: { x, y in (1, -(x / y).rounded(.towardZero)) })
            }
            guard let bop = engineOp(op) else { throw Exceptions.method(.str(op.rawValue), [l, r]) }
            // Two numbers: one scalar record, no tensors.
            if let v = try interp.scalarBinary(bop, l, r) { return v }
            if case .array = l, op == .mul { return try scaled(l, r, interp) }
            if case .array = r, op == .mul { return try scaled(r, l, interp) }
            if case .array = l, op == .div { return try arrayScalar(.div, l, r, interp) }
            let lt = try interp.requireTensor(l, op.rawValue, args: [l, r]), rt = try interp.requireTensor(r, op.rawValue, args: [l, r])
            return interp.wrap(try interp.engine { tape in try Arithmetic.binary(bop, lt, rt, tape: tape) })
        case (.array(let a), .array(let b)):
            switch op {
            case .add, .sub:
                guard a.shape == b.shape else {
                    throw Exceptions.dimensionMismatch("dimensions must match: a has dims \(axes(a)), b has dims \(axes(b)), mismatch at \(firstMismatch(a, b))")
                }
                if let at = a.tensor, let bt = b.tensor {
                    let sum = Value.array(ArrayValue(tensor: try interp.engine { tape in try Arithmetic.binary(op == .add ? .add : .sub, at, bt, tape: tape) }))
                    return LinearAlgebraTypes.keepWrapper(LinearAlgebraTypes.diagonal(sum, if: LinearAlgebraTypes.isDiagonal(l) && LinearAlgebraTypes.isDiagonal(r)), [l, r])
                }
                return try Broadcast.evaluate(.call(interp.base.binding(op.rawValue).value, [.leaf(0), .leaf(1)]), [l, r], interp)
            case .mul:
                return try matmul(a, b, interp)
            case .leftDiv:
                return try MatrixDivision.leftDivide(a, b, interp)
            case .div:
                return try MatrixDivision.rightDivide(a, b, interp)
            default:
                throw Exceptions.method(.str(op.rawValue), [l, r])
            }
        case (.array, _) where scalarRank(r) != nil:
            switch op {
            case .mul, .div:
                let scaled = try arrayScalar(op == .mul ? .mul : .div, l, r, interp)
                return LinearAlgebraTypes.keepWrapper(LinearAlgebraTypes.diagonal(scaled, if: LinearAlgebraTypes.isDiagonal(l)), [l])
            case .pow: return try MatrixPower.power(l, r, interp)
            default: throw Exceptions.method(.str(op.rawValue), [l, r])
            }
        case (_, .array) where scalarRank(l) != nil:
            switch op {
            case .mul: return LinearAlgebraTypes.keepWrapper(LinearAlgebraTypes.diagonal(try arrayScalar(.mul, r, l, interp), if: LinearAlgebraTypes.isDiagonal(r)), [r])
            case .leftDiv: return try arrayScalar(.div, r, l, interp)
            default: throw Exceptions.method(.str(op.rawValue), [l, r])
            }
        case (.string(let a), .string(let b)) where op == .mul:
            return .str(a.value + b.value)
        case (.string(let a), .char(let c)) where op == .mul:
            return .str(a.value + String(Character(Unicode.Scalar(c) ?? " ")))
        case (.char(let c), .string(let b)) where op == .mul:
            return .str(String(Character(Unicode.Scalar(c) ?? " ")) + b.value)
        case (.string(let s), .int(let n)) where op == .pow:
            return .str(try MemoryGuard.repeated(s.value, Int(n)))
        case (.char(let a), .char(let b)) where op.isComparison:
            return try ScalarArithmetic.apply(op, .int(Int64(a)), .int(Int64(b))) ?? .bool(false)
        case (.string(let a), .string(let b)) where op.isComparison:
            switch op {
            // Julia orders strings by code point, which is the order of their UTF-8 bytes.
            case .lt: return .bool(a.value.utf8.lexicographicallyPrecedes(b.value.utf8))
            case .le: return .bool(!b.value.utf8.lexicographicallyPrecedes(a.value.utf8))
            case .gt: return .bool(b.value.utf8.lexicographicallyPrecedes(a.value.utf8))
            case .ge: return .bool(!a.value.utf8.lexicographicallyPrecedes(b.value.utf8))
            default: break
            }
        case (.char(let c), .int(let n)) where op == .add || op == .sub:
            // Julia's `Char(Int32(c) ± n)`: any code point below 0x200000 is a Char.
            let v = op == .add ? Int64(c) &+ n : Int64(c) &- n
            let u = try FixedIntConversion.convert(.int(v), to: .uint32)
            guard v < 0x200000 else { throw Exceptions.make("CodePointError", [u]) }
            return .char(UInt32(v))
        case (.native(let re as RegexObject), _) where op == .mul, (_, .native(let re as RegexObject)) where op == .mul:
            _ = re
            return try StringBuiltins.concatenateRegex([l, r])
        case (.native(let re as RegexObject), .int(let n)) where op == .pow:
            return .native(try RegexObject(pattern: "(?:" + re.pattern + "){\(n)}", flags: re.flags))
        case (.char(let a), .char(let b)) where op == .sub:
            return .int(Int64(a) - Int64(b))
        case (.tuple(let a), .tuple(let b)) where op.isComparison && (op == .lt || op == .le || op == .gt || op == .ge):
            for (p, q) in zip(a.items, b.items) {
                if try isEqual(p, q, interp) { continue }
                return try binaryValues(op, p, q, interp)
            }
            switch op {
            case .lt: return .bool(a.items.count < b.items.count)
            case .le: return .bool(a.items.count <= b.items.count)
            case .gt: return .bool(a.items.count > b.items.count)
            default: return .bool(a.items.count >= b.items.count)
            }
        case (.missing, _), (_, .missing):
            return .missing
        default: break
        }
        throw Exceptions.method(.str(op.rawValue), [l, r])
    }

    package static func plain(_ v: Value) -> Value {
        if case .tracked(let t) = v { return t.plain }
        return v
    }

    package static func engineOp(_ op: BinaryOperator) -> BinaryOp? {
        switch op {
        case .add: return .add
        case .sub: return .sub
        case .mul: return .mul
        case .div: return .div
        case .pow: return .pow
        default: return nil
        }
    }

    package static func axes(_ a: ArrayValue) -> String {
        "(" + a.dims.map { "Base.OneTo(\($0))" }.joined(separator: ", ") + (a.rank == 1 ? ",)" : ")")
    }

    package static func firstMismatch(_ a: ArrayValue, _ b: ArrayValue) -> Int {
        for d in 0..<max(a.rank, b.rank) {
            let p = d < a.rank ? a.dims[d] : 1, q = d < b.rank ? b.dims[d] : 1
            if p != q { return d + 1 }
        }
        return 1
    }

    /// `A * s`, `A / s` with Julia's promotion of the element type.
    package static func arrayScalar(_ op: BinaryOp, _ arr: Value, _ s: Value, _ interp: Interpreter) throws -> Value {
        guard case .array(let a) = arr else { throw Exceptions.method(.str("*"), [arr, s]) }
        guard let t = a.tensor, let st = try interp.tensor(of: s) else {
            // A Float16 number or array (no tensor): element by element, as the broadcast is.
            guard scalarRank(s) != nil else { throw Exceptions.method(.str("*"), [arr, s]) }
            let f = interp.base.binding(op == .div ? "/" : "*").value
            return try Broadcast.evaluate(.call(f, [.leaf(0), .leaf(1)]), [arr, s], interp)
        }
        return .array(ArrayValue(tensor: try interp.engine { tape in try Arithmetic.binary(op, t, st, tape: tape) }))
    }

    package static func scaled(_ arr: Value, _ s: Value, _ interp: Interpreter) throws -> Value {
        try arrayScalar(.mul, arr, s, interp)
    }

    package static func matmul(_ a: ArrayValue, _ b: ArrayValue, _ interp: Interpreter) throws -> Value {
        try MatrixProducts.multiply(a, b, interp)
    }

    // MARK: equality

    /// `===`: identical values (same object, or equal bits for immutable values).
    package static func egal(_ a: Value, _ b: Value) -> Bool { Value.egal(a, b) }

    private static func isFloat(_ v: Value) -> Bool {
        switch v {
        case .float64, .float32: return true
        default: return false
        }
    }

    /// `==`: numbers by value across types, containers elementwise.
    package static func isEqual(_ a: Value, _ b: Value, _ interp: Interpreter, nanEqual: Bool = false) throws -> Bool {
        try NativeStack.check()  // `a == b` on arrays that contain themselves
        if scalarRank(a) != nil && scalarRank(b) != nil {
            if case .int(let p) = a, case .int(let q) = b { return p == q }
            let x = asDouble(a), y = asDouble(b)
            if nanEqual {
                // `isequal` on floats: NaN equals NaN, and -0.0 differs from 0.0 (and from the
                // integer 0), as Base compares float signs in `isequal`.
                if x.isNaN && y.isNaN { return true }
                if isFloat(a) || isFloat(b) { return x == y && x.sign == y.sign }
            }
            return x == y
        }
        if a.isSized || b.isSized, case .bool(let r)? = try FixedIntArithmetic.apply(.eq, a, b) { return r }
        if a.complex != nil || b.complex != nil, case .bool(let same)? = try ComplexNumbers.binary(.eq, a, b, interp) { return same }
        if a.bigInt != nil || b.bigInt != nil {
            // Exact against integers; against a float by value (BigFloat's `==`).
            if let x = BigIntegers.operand(a), let y = BigIntegers.operand(b) { return BigIntegers.compare(x, y) == 0 }
            if scalarRank(a) != nil || scalarRank(b) != nil { return asDouble(a) == asDouble(b) && (!nanEqual || asDouble(a).sign == asDouble(b).sign || asDouble(a) != 0) }
            return false
        }
        if a.rational != nil || b.rational != nil {
            // `isequal(1//2, 0.5)` is true as `==` is; only a float's signed zero or NaN differs.
            if nanEqual, let q = a.rational ?? b.rational, scalarRank(a.rational == nil ? a : b) != nil {
                let other = asDouble(a.rational == nil ? a : b)
                return other.isNaN ? false : (other == q.double && (other != 0 || other.sign == .plus))
            }
            if case .bool(let r)? = try RationalNumbers.binary(.eq, a, b, interp) { return r }
            return false
        }
        switch (a, b) {
        case (.tracked, _), (_, .tracked): return try isEqual(plain(a), plain(b), interp, nanEqual: nanEqual)
        case (.array(let p), .array(let q)):
            guard p.shape == q.shape else { return false }
            for i in 0..<p.count where !(try isEqual(p.element(i), q.element(i), interp, nanEqual: nanEqual)) { return false }
            return true
        case (.array, .range), (.range, .array), (.range, .range):
            return try isEqual(.array(try interp.materialize(a)), .array(try interp.materialize(b)), interp, nanEqual: nanEqual)
        case (.tuple(let p), .tuple(let q)):
            guard p.items.count == q.items.count else { return false }
            for (u, v) in zip(p.items, q.items) where !(try isEqual(u, v, interp, nanEqual: nanEqual)) { return false }
            return true
        case (.namedTuple(let p), .namedTuple(let q)):
            guard p.names == q.names else { return false }
            for (u, v) in zip(p.values, q.values) where !(try isEqual(u, v, interp, nanEqual: nanEqual)) { return false }
            return true
        case (.pair(let p), .pair(let q)):
            return try isEqual(p.first, q.first, interp, nanEqual: nanEqual) && isEqual(p.second, q.second, interp, nanEqual: nanEqual)
        case (.object(let p), .object(let q)):
            if let f = interp.base.member("==")?.value, case .function(let g as GenericFunction) = f, g.methods.count > 1 {
                let r = try interp.call(f, [a, b])
                if case .bool(let v) = r { return v }
            }
            return egal(a, b) || (p === q)
        case (.native(let p as ExprObject), .native(let q as ExprObject)):
            // Expressions compare by structure, as Julia's `==(::Expr, ::Expr)`.
            guard p.head === q.head, p.argsArray.count == q.argsArray.count else { return false }
            for (u, v) in zip(p.args, q.args) where !(try isEqual(u, v, interp, nanEqual: nanEqual)) { return false }
            return true
        case (.native(let p as QuoteNodeObject), .native(let q as QuoteNodeObject)):
            return try isEqual(p.value, q.value, interp, nanEqual: nanEqual)
        case (.native(let p as LineNumberNodeObject), .native(let q as LineNumberNodeObject)):
            return p.line == q.line && egal(p.file, q.file)
        case (.native(let p as GlobalRefObject), .native(let q as GlobalRefObject)):
            return p.module === q.module && p.name === q.name
        case (.native(let p as DictObject), .native(let q as DictObject)):
            return try DictObject.equal(p, q, interp, nanEqual: nanEqual)
        case (.native(let p as CartesianIndexObject), .native(let q as CartesianIndexObject)):
            return p.indices == q.indices
        case (.native(let p as UniformScalingObject), .native(let q as UniformScalingObject)):
            return try isEqual(p.lambda, q.lambda, interp, nanEqual: nanEqual)
        case (.native(let p as NativeEquality), .native(let q)) where (p as AnyObject) !== q:
            return try p.isEqual(to: q, interp)
        default:
            return egal(a, b)
        }
    }
}

/// A library's native object with its own `==` (Optimisers' `Leaf`: equal contents).
package protocol NativeEquality {
    func isEqual(to other: NativeObject, _ interp: Interpreter) throws -> Bool
}
