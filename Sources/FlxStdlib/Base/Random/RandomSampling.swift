import FlxSyntax
import FlxCore
import FlxEngine

/// Random numbers and orders from the session's generator (or a given `rng`): `rand`,
/// `randn`, `randexp`, `randperm`, `shuffle`, each drawing as Julia 1.10 draws.
extension RandomBuiltins {
    package static var randomSampling: [Builtin] {
        [
            Builtin("rand", { interp, a in try generate(a, interp) },
                help: BuiltinHelp("rand([rng], [T = Float64], dims...)  /  rand([rng], collection, [dims...])", "Uniform random numbers in [0, 1) (or random values of the bit integer type `T`, or `Bool`), or random elements of a collection; Julia's numbers for a given `Random.seed!`.", "rand(Float32, 3)")),
            Builtin("randn", { interp, a in try generateFloats(a, interp, name: "randn", { $0.normal() }, fill: { t, g in try t.fillNormal(&g) }) },
                help: BuiltinHelp("randn([rng], [T = Float64], dims...)", "Normally distributed random numbers (mean 0, standard deviation 1), by Julia's ziggurat.", "randn(Float32, 2, 2)")),
            Builtin("randexp", { interp, a in try generateFloats(a, interp, name: "randexp", { $0.exponential() }, fill: { t, g in try t.fillExponential(&g) }) },
                help: BuiltinHelp("randexp([rng], [T = Float64], dims...)", "Exponentially distributed random numbers (scale 1), by Julia's ziggurat.", "randexp(3)")),
            Builtin("randstring", { interp, a in
                let (rng, rest) = splitRNG(a)
                guard rest.count <= 2 else { throw Exceptions.method(.str("randstring"), a.values) }
                var length: Int64 = 8
                var chars: Value = .string(StringValue("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))
                if case .int(let n)? = rest.last { length = n } else if rest.count == 2 { throw Exceptions.method(.str("randstring"), a.values) }
                if rest.count == 2 || (rest.count == 1 && !isDims(rest[0])) { chars = rest[0] }
                guard length >= 0 else { throw Exceptions.argument("invalid Array dimensions") }
                // Julia draws each character as `rand!(rng, v, chars)` does: by index into the collected characters.
                let pool = try DrawPool(chars, repeated: true, interp)
                try MemoryGuard.reserve(count: Int(length), bytesEach: 4)
                var text = ""
                try withGenerator(rng, interp) { g in
                    for _ in 0..<length {
                        let v = pool.draw(&g)
                        guard case .char(let c) = v, let u = Unicode.Scalar(c) else { throw Exceptions.method(.str("String"), [v]) }
                        text.unicodeScalars.append(u)
                    }
                }
                return .string(StringValue(text))
            }, help: BuiltinHelp("randstring([rng], [chars], [len = 8])", "A random string of `len` characters from `chars` (default: letters and digits).", "randstring(12)")),
            Builtin("randperm", { interp, a in
                let (rng, rest) = splitRNG(a)
                guard rest.count == 1, case .int(let n) = rest[0], n >= 0 else { throw Exceptions.method(.str("randperm"), a.values) }
                // The permutation is held twice while it is built (Int64s, then Values).
                try MemoryGuard.reserveArray(count: Int(n), juliaBytes: 8, bytesEach: 8 + MemoryLayout<Value>.stride)
                var p = try MemoryGuard.buffer(repeating: Int64(0), count: Int(n))
                // Julia's randperm!: slot i takes slot j's value and slot j takes i, which is
                // `shuffle!` of 1:n without writing the identity first.
                withGenerator(rng, interp) { g in
                    if n > 0 { p[0] = 1 }
                    g.shuffleSwaps(count: Int(n)) { i, j in
                        if i != j { p[i - 1] = p[j - 1] }
                        p[j - 1] = Int64(i)
                    }
                }
                return .array(try interp.makeVector(p.map { .int($0) }, elementType: BuiltinTypes.int64))
            }, help: BuiltinHelp("randperm([rng], n)", "A random permutation of `1:n`.", "randperm(4)  # a shuffled [1, 2, 3, 4]")),
            Builtin("shuffle!", { interp, a in
                let (rng, rest) = splitRNG(a)
                guard rest.count == 1, case .array(let arr) = rest[0] else { throw Exceptions.method(.str("shuffle!"), a.values) }
                var items = arr.boxedValues
                shuffle(&items, rng, interp)
                for (i, v) in items.enumerated() { try arr.setElement(i, v) }
                return rest[0]
            }, help: BuiltinHelp("shuffle!([rng], v)", "Permutes `v` randomly in place.", "v = collect(1:5); shuffle!(v)")),
            Builtin("shuffle", { interp, a in
                let (rng, rest) = splitRNG(a)
                guard rest.count == 1 else { throw Exceptions.method(.str("shuffle"), a.values) }
                var items = try interp.collect(rest[0])
                shuffle(&items, rng, interp)
                var et: FlxType? = nil
                var shape = try Shape([items.count])
                if case .array(let arr) = rest[0] { et = arr.elementType; shape = arr.shape }
                return .array(try interp.makeArray(items, shape: shape, elementType: et ?? (items.isEmpty ? BuiltinTypes.any : interp.joinedType(items))))
            }, help: BuiltinHelp("shuffle([rng], v)", "A randomly permuted copy of `v`.", "shuffle([1, 2, 3, 4])")),
        ]
    }

    /// `rand(...)`: what the first argument after the generator says to draw.
    package static func generate(_ a: Args, _ interp: Interpreter) throws -> Value {
        let (rng, args) = splitRNG(a)
        guard let first = args.first else { return .float64(withGenerator(rng, interp) { $0.float64() }) }
        switch first {
        case .type(let t):
            let dims = Array(args.dropFirst())
            if let kind = IntKind(type: t), kind != .int64 { return try bitIntegers(kind, dims, rng, interp) }
            if t === BuiltinTypes.float16 { return try RandomHalf.generate(dims, rng, normal: false, interp) }
            if t === BuiltinTypes.char {
                guard dims.isEmpty else { return try drawArray(dims, rng, interp, elementType: t) { randomChar(&$0) } }
                return withGenerator(rng, interp) { randomChar(&$0) }
            }
            guard let d = ArrayValue.dtype(of: t) else { throw Exceptions.method(.str("rand"), a.values) }
            if dims.isEmpty {
                return withGenerator(rng, interp) { g in
                    switch d {
                    case .float64: return .float64(g.float64())
                    case .float32: return .float32(g.float32())
                    case .int64: return .int(Int64(bitPattern: g.next()))
                    case .bool: return .bool(g.bool())
                    }
                }
            }
            return .array(try uniformArray(d, try ArrayBuiltins.dimsShape(dims, interp), rng, interp))
        case _ where isDims(first):
            return .array(try uniformArray(.float64, try ArrayBuiltins.dimsShape(args, interp), rng, interp))
        default:
            let dims = Array(args.dropFirst())
            let pool = try DrawPool(first, repeated: !dims.isEmpty, interp)
            if dims.isEmpty { return withGenerator(rng, interp) { pool.draw(&$0) } }
            return try drawArray(dims, rng, interp, elementType: pool.elementType(interp)) { pool.draw(&$0) }
        }
    }

    /// An integer or a tuple of integers: dimensions, as in `rand(3)` and `rand((2, 3))`
    /// (Julia's `rand(dims::Dims)` is more specific than `rand(::Tuple)`).
    static func isDims(_ v: Value) -> Bool {
        switch v {
        case .int: return true
        case .tuple(let t): return t.items.allSatisfy { if case .int = $0 { return true }; return false }
        default: return false
        }
    }

    /// `rand!`'s fill of a fresh Array: Julia's bulk generation for Float64, Float32, Int64, Bool.
    package static func uniformArray(_ d: DType, _ shape: Shape, _ rng: RNGObject?, _ interp: Interpreter) throws -> ArrayValue {
        return ArrayValue(tensor: try withGenerator(rng, interp) { g in try interp.engine { try Tensor.uniform(d, shape, &g) } })
    }

    /// An array of `dims` filled one draw at a time, in column-major order.
    static func drawArray(_ dims: [Value], _ rng: RNGObject?, _ interp: Interpreter, elementType: FlxType, _ draw: (inout Xoshiro) -> Value) throws -> Value {
        let shape = try ArrayBuiltins.dimsShape(dims, interp)
        var values = try MemoryGuard.values(repeating: Value.nothing, count: shape.count)
        withGenerator(rng, interp) { g in
            for i in 0..<values.count { values[i] = draw(&g) }
        }
        return .array(try interp.makeArray(values, shape: shape, elementType: elementType))
    }

    /// `randn`/`randexp`: a Float64 or Float32 scalar (`draw`), or an array (`fill`).
    static func generateFloats(_ a: Args, _ interp: Interpreter, name: String, _ draw: (inout Xoshiro) -> Double,
                               fill: (Tensor, inout Xoshiro) throws -> Void) throws -> Value {
        let (rng, rest) = splitRNG(a)
        var args = rest
        var d = DType.float64
        if name == "randn", case .type(let t)? = args.first, t === BuiltinTypes.float16 {
            return try RandomHalf.generate(Array(args.dropFirst()), rng, normal: true, interp)
        }
        if case .type(let t)? = args.first {
            guard let dt = ArrayValue.dtype(of: t), dt.isFloat else { throw Exceptions.method(.str(name), a.values) }
            d = dt
            args.removeFirst()
        }
        if args.isEmpty {
            let x = withGenerator(rng, interp) { draw(&$0) }
            return d == .float32 ? .float32(Float(x)) : .float64(x)
        }
        let t = try interp.engine { try Tensor.zeros(d, try ArrayBuiltins.dimsShape(args, interp)) }
        try withGenerator(rng, interp) { g in try interp.engine { try fill(t, &g) } }
        return .array(ArrayValue(tensor: t))
    }

    /// `rand(Char)`: a Unicode scalar value, skipping the surrogates (Julia draws from 0:0x10f7ff).
    static func randomChar(_ g: inout Xoshiro) -> Value {
        let c = g.offset32(below: 0x10f800)
        return .char(c < 0xd800 ? c : c + 0x800)
    }

    /// `rand(Int8)`, `rand(UInt16, 3)`, `rand(Int128)`, ...: bit integers other than Int64. One
    /// value takes the top bits of a draw (two draws for 128 bits, the first the high word);
    /// an array is filled byte-wise by Julia's bulk generation.
    static func bitIntegers(_ kind: IntKind, _ dims: [Value], _ rng: RNGObject?, _ interp: Interpreter) throws -> Value {
        let bytesEach = kind.bitWidth / 8
        if dims.isEmpty {
            return withGenerator(rng, interp) { g in
                if kind.bitWidth == 128 {
                    let high = g.next(), low = g.next()
                    return FixedInt(kind, bits: UInt128(high) << 64 | UInt128(low)).value
                }
                return FixedInt(kind, bits: UInt128(g.topBits(kind.bitWidth))).value
            }
        }
        let shape = try ArrayBuiltins.dimsShape(dims, interp)
        try MemoryGuard.reserve(count: shape.count, bytesEach: bytesEach + MemoryLayout<Value>.stride)
        var bytes = try MemoryGuard.buffer(repeating: UInt8(0), count: shape.count * bytesEach)
        withGenerator(rng, interp) { g in
            bytes.withUnsafeMutableBytes { buf in
                if let base = buf.baseAddress { g.fillBulk(base, byteCount: buf.count, kind: .raw) }
            }
        }
        var values = try MemoryGuard.values(repeating: Value.nothing, count: shape.count)
        for i in 0..<shape.count {
            var bits: UInt128 = 0
            for b in 0..<bytesEach { bits |= UInt128(bytes[i * bytesEach + b]) << UInt128(8 * b) }
            values[i] = FixedInt(kind, bits: bits).value
        }
        return .array(try interp.makeArray(values, shape: shape, elementType: kind.type))
    }
}
