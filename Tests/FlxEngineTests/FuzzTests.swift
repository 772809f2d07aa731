import Testing
@testable import FlxEngine

/// Throws random (often invalid) arguments at every public op, with and without a
/// tape, running backward when possible. Passing means nothing trapped: every bad
/// input surfaced as a thrown EngineError.
@Suite struct FuzzTests {
    struct Rng {
        var s: UInt64
        mutating func next() -> UInt64 { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return s }
        mutating func int(_ lo: Int, _ hi: Int) -> Int { lo + Int(next() % UInt64(hi - lo + 1)) }
        mutating func bool() -> Bool { next() & 1 == 1 }
        mutating func pick<T>(_ xs: [T]) -> T { xs[int(0, xs.count - 1)] }
    }

    static func tensor(_ r: inout Rng) throws -> Tensor {
        let dims = (0..<r.int(0, 3)).map { _ in r.int(0, 3) }
        let dtype = r.pick(DType.allCases)
        let t = try Tensor.zeros(dtype, Shape(dims))
        for i in 0..<t.count {
            switch dtype {
            case .bool: try t.set(r.bool(), at: i)
            case .int64: try t.set(Int64(r.int(-3, 3)), at: i)
            default: try t.set(Double(r.int(-30, 30)) / 7, at: i)
            }
        }
        return t
    }

    static func spec(_ r: inout Rng) -> IndexSpec {
        switch r.int(0, 4) {
        case 0: return .all
        case 1: return .scalar(r.int(-1, 4))
        case 2: return .range(start: r.int(-1, 4), step: r.pick([-2, -1, 0, 1, 2, Int.max, Int.min]), stop: r.int(-1, 4))
        case 3: return .list((0..<r.int(0, 3)).map { _ in r.int(-1, 4) })
        default: return .mask((0..<r.int(0, 4)).map { _ in r.bool() })
        }
    }

    static func expr(_ r: inout Rng, depth: Int) -> FusedExpr {
        if depth == 0 || r.int(0, 2) == 0 { return r.bool() ? .input(r.int(-1, 2)) : .constant(Double(r.int(-2, 2))) }
        if r.bool() {
            return .unary(r.pick([.exp, .log, .sqrt, .relu, .tanh, .sigmoid, .abs, .gelu]), expr(&r, depth: depth - 1))
        }
        return .binary(r.pick([.add, .sub, .mul, .div, .pow, .max, .lt, .intDiv, .rem]), expr(&r, depth: depth - 1), expr(&r, depth: depth - 1))
    }

    static let binaryOps: [BinaryOp] = [.add, .sub, .mul, .div, .pow, .max, .min, .eq, .ne, .lt, .le, .gt, .ge, .intDiv, .rem]
    static let unaryOps: [UnaryOp] = [.neg, .exp, .log, .log1p, .sqrt, .abs, .abs2, .sin, .cos, .tan, .tanh, .sigmoid, .relu,
                                      .leakyreluDefault, .eluDefault, .gelu, .softplus, .swish, .sign, .floor, .ceil, .round, .identity]

    @Test func randomArgumentsNeverTrap() throws {
        var r = Rng(s: 0x1234_5678_9ABC_DEF1)
        var thrown = 0, succeeded = 0
        for _ in 0..<20_000 {
            let a = try Self.tensor(&r), b = try Self.tensor(&r), c = try Self.tensor(&r)
            let tape: Tape? = r.bool() ? Tape() : nil
            if let tape { for t in [a, b, c] where r.bool() { tape.watch(t) } }
            do {
                let out: Tensor
                switch r.int(0, 19) {
                case 0: out = try Arithmetic.binary(r.pick(Self.binaryOps), a, b, tape: tape)
                case 1: out = try Unary.apply(r.pick(Self.unaryOps), a, tape: tape)
                case 2: out = try LinearAlgebra.matmul(a, transA: r.bool(), b, transB: r.bool(), tape: tape)
                case 3: out = try Reductions.reduce(r.pick([.sum, .mean, .prod, .maximum, .minimum]), a,
                                                    dims: r.bool() ? .all : DimSet(julia: [r.int(0, 4)]), tape: tape)
                case 4: out = try r.bool() ? Reductions.softmax(a, dims: DimSet(julia: [r.int(1, 3)]), tape: tape)
                                           : Reductions.logsoftmax(a, tape: tape)
                case 5: out = try Shaping.reshape(a, (0..<r.int(0, 3)).map { _ in r.int(-2, 4) }, tape: tape)
                case 6: out = try Shaping.cat([a, b, c].prefix(r.int(0, 3)).map { $0 }, dim: r.int(0, 4), tape: tape)
                case 7: out = try Shaping.permutedims(a, (0..<r.int(0, 3)).map { _ in r.int(0, 3) }, tape: tape)
                case 8: out = try Shaping.repeat(a, counts: (0..<r.int(0, 3)).map { _ in r.int(-1, 2) }, tape: tape)
                case 9: out = try Indexing.getindex(a, (0..<r.int(0, 4)).map { _ in Self.spec(&r) }, tape: tape)
                case 10:
                    try Indexing.setindex(a, (0..<r.int(0, 3)).map { _ in Self.spec(&r) }, value: b, tape: tape)
                    out = a
                case 11: out = try Fused.evaluate(Self.expr(&r, depth: 3), inputs: [a, b], tape: tape)
                case 12:
                    try Fused.assign(Self.expr(&r, depth: 2), inputs: [b, c], into: a, tape: tape)
                    out = a
                case 13: out = try LinearAlgebra.dot(a, b, tape: tape)
                case 14: out = try LinearAlgebra.norm(a, p: r.pick([0, 1, 2, 3, .infinity, -.infinity, -1]), tape: tape)
                case 15: out = try Conversion.convert(a, to: r.pick(DType.allCases), tape: tape)
                case 16: out = try Reductions.argmax(a, dims: DimSet(julia: [r.int(0, 3)]))
                case 17: out = try Arithmetic.ifelse(a, b, c, tape: tape)
                case 18: out = try Losses.logitcrossentropy(a, b, tape: tape)
                default: out = try LinearAlgebra.transpose(a, tape: tape)
                }
                if let tape {
                    let loss = out.count == 1 ? out : try Reductions.sum(out, tape: tape)
                    try tape.backward(from: loss)
                    _ = tape.gradient(of: a)
                }
                _ = try? out.double(at: r.int(-1, 3))
                _ = try? out.int64(at: 0)
                succeeded += 1
            } catch is EngineError {
                thrown += 1
            }
        }
        #expect(thrown > 0 && succeeded > 0)
    }
}

extension FuzzTests {
    /// Empty arrays may have enormous dims (only the product must fit); no op may
    /// try to materialise those dims or overflow computing with them.
    @Test func emptyArraysWithHugeDimsNeverTrap() throws {
        let huge = Int.max / 4
        let shapes: [[Int]] = [[huge, 0], [0, huge], [2, huge, 0], [huge, 0, 3], [3, 0]]
        var r = Rng(s: 42)
        for dims in shapes {
            let x = try Tensor.zeros(.float64, Shape(dims))
            let tape = Tape(); tape.watch(x)
            let attempts: [() throws -> Tensor] = [
                { try Indexing.getindex(x, [.all, .all], tape: tape) },
                { try Indexing.getindex(x, [.range(1, huge), .all], tape: tape) },
                { try Indexing.getindex(x, [.all], tape: tape) },
                { try Indexing.getindex(x, [.all, .scalar(1)], tape: tape) },
                { try Shaping.cat([x, x, x, x, x], dim: 1, tape: tape) },
                { try Shaping.cat([x, x], dim: 2, tape: tape) },
                { try Shaping.repeat(x, counts: [3, 2], tape: tape) },
                { try Shaping.permutedims(x, Array((1...x.rank).reversed()), tape: tape) },
                { try Reductions.sum(x, dims: DimSet(julia: [2]), tape: tape) },
                { try Reductions.sum(x, tape: tape) },
                { try Reductions.softmax(x, tape: tape) },
                { try Arithmetic.add(x, x, tape: tape) },
                { try Fused.evaluate(.unary(.exp, .input(0)), inputs: [x], tape: tape) },
                { try LinearAlgebra.matmul(x, x, transB: true, tape: tape) },
                { try LinearAlgebra.matmul(x, transA: true, x, tape: tape) },
                { try Shaping.reshape(x, [-1], tape: tape) },
                { try Shaping.reshape(x, [0, -1], tape: tape) },
                { try Shaping.vec(x, tape: tape) },
            ]
            for f in attempts {
                do {
                    let y = try f()
                    if tape.isTracked(y) { try tape.backward(from: Reductions.sum(y, tape: tape)) }
                } catch is EngineError {}
                _ = r.next()
            }
        }
    }
}
