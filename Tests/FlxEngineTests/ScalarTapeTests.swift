import Testing
@testable import FlxEngine
#if canImport(Glibc)
import Glibc
#endif

/// The tape's compact scalar records: gradients against finite differences and against
/// the same computation on rank-0 tensors (bit for bit, Float64 and Float32), mixing
/// with tensor ops both ways, and the cost per recorded op of a long loop.
@Suite struct ScalarTapeTests {
    /// The operations an expression below is written in, so one expression runs on
    /// scalar records and on rank-0 tensors alike.
    protocol Numbers {
        associatedtype N
        func bin(_ op: BinaryOp, _ a: N, _ b: N) throws -> N
        func un(_ op: UnaryOp, _ a: N) throws -> N
        func constant(_ v: Double) throws -> N
    }

    struct Scalars: Numbers {
        let tape: Tape
        let dtype: DType
        func bin(_ op: BinaryOp, _ a: ScalarValue, _ b: ScalarValue) throws -> ScalarValue {
            guard let r = try tape.scalarBinary(op, a, b) else { throw EngineError.argument("no scalar rule for \(op)") }
            return r
        }
        func un(_ op: UnaryOp, _ a: ScalarValue) throws -> ScalarValue {
            guard let r = try tape.scalarUnary(op, a) else { throw EngineError.argument("no scalar rule for \(op)") }
            return r
        }
        func constant(_ v: Double) throws -> ScalarValue { ScalarValue(v, dtype) }
    }

    struct Tensors: Numbers {
        let tape: Tape?
        let dtype: DType
        func bin(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) throws -> Tensor { try Arithmetic.binary(op, a, b, tape: tape) }
        func un(_ op: UnaryOp, _ a: Tensor) throws -> Tensor { try Unary.apply(op, a, tape: tape) }
        func constant(_ v: Double) throws -> Tensor { try Tensor.scalar(v, dtype: dtype) }
    }

    /// A smooth expression using every differentiable binary op and many unary ones, an
    /// input used several times, and both kinds of constant.
    static func expression<O: Numbers>(_ o: O, _ x: O.N, _ y: O.N) throws -> O.N {
        let two = try o.constant(2), half = try o.constant(0.5)
        let a = try o.bin(.mul, o.un(.sin, x), y)                       // sin(x) y
        let b = try o.bin(.div, o.un(.exp, o.bin(.mul, x, half)), y)    // exp(x/2) / y
        let c = try o.bin(.pow, x, y)                                   // x^y
        let d = try o.un(.tanh, o.bin(.sub, x, o.bin(.mul, two, y)))    // tanh(x - 2y)
        let e = try o.bin(.add, o.un(.sqrt, o.bin(.mul, x, x)), o.un(.log, y))
        let f = try o.bin(.max, x, y), g = try o.bin(.min, o.un(.neg, x), o.un(.sigmoid, y))
        let h = try o.bin(.mul, o.un(.relu, o.bin(.sub, x, y)), o.un(.abs2, o.un(.cos, y)))
        var s = try o.bin(.add, a, b)
        for t in [c, d, e, f, g, h] { s = try o.bin(.add, s, t) }
        return try o.bin(.mul, s, o.un(.softplus, x))
    }

    /// Gradients of `expression` at (x, y) through scalar records, from leaves that are
    /// watched rank-0 tensors (as the language's differentiated arguments are).
    static func scalarGradients(_ x: Double, _ y: Double, dtype: DType) throws -> (value: Double, dx: Double, dy: Double) {
        let tape = Tape()
        let tx = try Tensor.scalar(x, dtype: dtype), ty = try Tensor.scalar(y, dtype: dtype)
        tape.watch(tx); tape.watch(ty)
        guard let sx = try tape.scalarNode(of: tx), let sy = try tape.scalarNode(of: ty) else { throw EngineError.argument("leaves not tracked") }
        let out = try expression(Scalars(tape: tape, dtype: dtype), sx, sy)
        #expect(out.isTracked)
        #expect(tape.recordCount == 0, "a scalar expression made tensor records")
        try tape.backward(from: tape.tensor(of: out))
        let dx = tape.gradient(of: tx)?.numericValue(0) ?? .nan, dy = tape.gradient(of: ty)?.numericValue(0) ?? .nan
        return (out.value, dx, dy)
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        for (x, y) in [(1.3, 0.7), (0.4, 1.9), (2.2, 0.35), (0.9, 2.5)] {
            let (_, dx, dy) = try Self.scalarGradients(x, y, dtype: .float64)
            let eps = 1e-6
            let plain = Scalars(tape: Tape(), dtype: .float64)
            func f(_ a: Double, _ b: Double) throws -> Double {
                try Self.expression(plain, ScalarValue(a, .float64), ScalarValue(b, .float64)).value
            }
            let nx = (try f(x + eps, y) - f(x - eps, y)) / (2 * eps)
            let ny = (try f(x, y + eps) - f(x, y - eps)) / (2 * eps)
            #expect(T.close([dx, dy], [nx, ny], tol: 1e-6), "at (\(x), \(y)): \([dx, dy]) vs finite differences \([nx, ny])")
        }
    }

    /// The scalar records reproduce the rank-0 tensor ops exactly: same values, same
    /// gradients to the last bit, in Float64 and in Float32.
    @Test(arguments: [DType.float64, .float32])
    func sameBitsAsTensorOps(dtype: DType) throws {
        for (x, y) in [(1.3, 0.7), (0.4, 1.9), (2.2, 0.35), (0.9, 2.5)] {
            let scalar = try Self.scalarGradients(x, y, dtype: dtype)
            let tape = Tape()
            let tx = try Tensor.scalar(x, dtype: dtype), ty = try Tensor.scalar(y, dtype: dtype)
            tape.watch(tx); tape.watch(ty)
            let out = try Self.expression(Tensors(tape: tape, dtype: dtype), tx, ty)
            try tape.backward(from: out)
            let dx = tape.gradient(of: tx)?.numericValue(0) ?? .nan, dy = tape.gradient(of: ty)?.numericValue(0) ?? .nan
            #expect(scalar.value.bitPattern == out.numericValue(0).bitPattern, "value at (\(x), \(y))")
            #expect(scalar.dx.bitPattern == dx.bitPattern, "d/dx at (\(x), \(y)): \(scalar.dx) vs \(dx)")
            #expect(scalar.dy.bitPattern == dy.bitPattern, "d/dy at (\(x), \(y)): \(scalar.dy) vs \(dy)")
        }
    }

    /// A number that flows into a tensor op and back: x → x .* w (a vector) → sum → · x.
    /// d/dx (x · sum(x w)) = 2 x sum(w); d/dw = x² each.
    @Test func scalarThroughTensorAndBack() throws {
        let tape = Tape()
        let tx = try Tensor.scalar(1.5), w = try T.vec([0.5, -2, 3])
        tape.watch(tx); tape.watch(w)
        guard let x = try tape.scalarNode(of: tx) else { Issue.record("leaf not tracked"); return }
        let x2 = try #require(try tape.scalarBinary(.mul, x, ScalarValue(1, .int64)))    // a scalar record
        let xt = try tape.tensor(of: x2)                                                   // scalar → tensor
        let total = try Reductions.sum(Arithmetic.mul(xt, w, tape: tape), tape: tape)      // tensor ops
        let back = try #require(try tape.scalarNode(of: total))                            // tensor → scalar
        let out = try #require(try tape.scalarBinary(.mul, back, x))                       // scalar record again
        try tape.backward(from: tape.tensor(of: out))
        #expect(T.close([tape.gradient(of: tx)?.numericValue(0) ?? .nan], [2 * 1.5 * 1.5]))
        #expect(T.close(tape.gradient(of: w)?.toDoubles() ?? [], [2.25, 2.25, 2.25]))
        #expect(tape.gradient(ofScalar: out.node) == 1)
    }

    /// An input the output does not depend on gets no gradient (nil, Zygote's `nothing`),
    /// and a relu that is off passes back a zero with the upstream sign, as the tensor op.
    @Test func untouchedAndSignedZero() throws {
        let tape = Tape()
        let tx = try Tensor.scalar(-1.0), ty = try Tensor.scalar(2.0)
        tape.watch(tx); tape.watch(ty)
        let x = try #require(try tape.scalarNode(of: tx))
        _ = try #require(try tape.scalarNode(of: ty))
        let r = try #require(try tape.scalarUnary(.relu, x))
        let out = try #require(try tape.scalarBinary(.mul, r, ScalarValue(-3, .float64)))
        try tape.backward(from: tape.tensor(of: out))
        let dx = try #require(tape.gradient(of: tx)).numericValue(0)
        #expect(dx == 0 && dx.sign == .minus)
        #expect(tape.gradient(of: ty) == nil)
    }

    /// `s += sin(x) * i` for 10^5 steps: three records a step, a few dozen bytes each, no
    /// tensor record, the gradient cos(x) · Σi; and reset gives the long loop's memory back.
    @Test func longLoopIsCompact() throws {
        let tape = Tape()
        let tx = try Tensor.scalar(0.5)
        tape.watch(tx)
        let x = try #require(try tape.scalarNode(of: tx))
        var s = ScalarValue(0, .float64)
        let n = 100_000
        for i in 1...n {
            let sx = try #require(try tape.scalarUnary(.sin, x))
            let term = try #require(try tape.scalarBinary(.mul, sx, ScalarValue(Double(i), .int64)))
            s = try #require(try tape.scalarBinary(.add, s, term))
        }
        #expect(tape.scalarRecordCount == 3 * n + 1)
        #expect(tape.recordCount == 0)
        let bytesPerOp = Double(tape.scalarRecordBytes) / Double(tape.scalarRecordCount)
        #expect(bytesPerOp <= 24, "\(bytesPerOp) bytes per scalar record")
        try tape.backward(from: tape.tensor(of: s))
        let expected = Glibc.cos(0.5) * Double(n) * Double(n + 1) / 2
        #expect(T.close([tape.gradient(of: tx)?.numericValue(0) ?? .nan], [expected], tol: 1e-12))
        tape.reset()
        #expect(tape.scalarRecordCount == 0 && tape.scalarRecordBytes == 0)
        #expect(tape.scalars.flags.capacity <= ScalarRecords.keptCapacity)
    }

    /// Numbers recorded before a reset are constants afterwards (their epoch is over), and
    /// ops of constants record nothing.
    @Test func constantsRecordNothing() throws {
        let tape = Tape()
        let r = try #require(try tape.scalarBinary(.add, ScalarValue(1, .float64), ScalarValue(2, .int64)))
        #expect(!r.isTracked && r.value == 3 && r.dtype == .float64)
        #expect(try tape.scalarBinary(.add, ScalarValue(1, .int64), ScalarValue(2, .int64)) == nil)   // integer arithmetic: the tensor op's
        #expect(try tape.scalarUnary(.floor, ScalarValue(1.5, .float64))?.isTracked == false)
        #expect(tape.scalarRecordCount == 0)
        let e0 = tape.epoch
        tape.reset()
        #expect(tape.epoch != e0)
    }

    /// Julia's DomainErrors, as the tensor ops raise them.
    @Test func domainErrors() throws {
        let tape = Tape()
        #expect(throws: EngineError.self) { try tape.scalarUnary(.log, ScalarValue(-1, .float64)) }
        #expect(throws: EngineError.self) { try tape.scalarBinary(.pow, ScalarValue(-2, .float64), ScalarValue(0.5, .float64)) }
    }
}
