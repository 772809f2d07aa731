import FlxSyntax
import FlxCore
import FlxEngine

/// Filling existing arrays with random values (`rand!`, `randn!`, `randexp!`) and `bitrand`,
/// in Julia 1.10's order.
extension RandomBuiltins {
    package static var randomArrays: [Builtin] {
        [
            Builtin("rand!", { interp, a in
                let (rng, rest) = splitRNG(a)
                guard (1...2).contains(rest.count), case .array(let arr) = rest[0] else { throw Exceptions.method(.str("rand!"), a.values) }
                if rest.count == 2 {
                    let pool = try DrawPool(rest[1], repeated: true, interp)
                    try fillEach(arr, rng, interp) { pool.draw(&$0) }
                } else if arr.subArray == nil, let t = arr.writableTensor {
                    withGenerator(rng, interp) { t.fillUniform(&$0) }
                } else {
                    try fillEach(arr, rng, interp) { g in try scalarDraw(arr.elementType, &g, a) }
                }
                return rest[0]
            }, help: BuiltinHelp("rand!([rng], A, [collection])", "Fills `A` with uniform random numbers of its element type (or random elements of `collection`), as `rand` would make them.", "rand!(zeros(3))")),
            Builtin("randn!", { interp, a in try fillFloatsInPlace(a, interp, name: "randn!", { $0.normal() }, fill: { t, g in try t.fillNormal(&g) }) },
                help: BuiltinHelp("randn!([rng], A)", "Fills the floating-point array `A` with normally distributed random numbers.", "randn!(zeros(3))")),
            Builtin("randexp!", { interp, a in try fillFloatsInPlace(a, interp, name: "randexp!", { $0.exponential() }, fill: { t, g in try t.fillExponential(&g) }) },
                help: BuiltinHelp("randexp!([rng], A)", "Fills the floating-point array `A` with exponentially distributed random numbers.", "randexp!(zeros(3))")),
            Builtin("bitrand", { interp, a in
                let (rng, rest) = splitRNG(a)
                let shape = try ArrayBuiltins.dimsShape(rest, interp)
                // Julia fills the BitArray's 64-bit chunks: element i is bit i % 64 of chunk i ÷ 64.
                let chunks = (shape.count + 63) / 64
                var words = try MemoryGuard.buffer(repeating: UInt64(0), count: chunks)
                withGenerator(rng, interp) { g in
                    words.withUnsafeMutableBytes { buf in
                        if let base = buf.baseAddress { g.fillBulk(base, byteCount: buf.count, kind: .raw) }
                    }
                }
                let t = try interp.engine { try Tensor.zeros(.bool, shape) }
                try interp.engine {
                    try t.withUnsafeMutableBufferPointer(as: Bool.self) { p in
                        for i in 0..<p.count { p[i] = (UInt64(littleEndian: words[i / 64]) >> UInt64(i % 64)) & 1 == 1 }
                    }
                }
                return .array(ArrayValue(bits: t))
            }, help: BuiltinHelp("bitrand([rng], dims...)", "A BitArray of random Bools.", "bitrand(10)")),
        ]
    }

    /// Sets every element of `arr`, in column-major order, to the next draw.
    static func fillEach(_ arr: ArrayValue, _ rng: RNGObject?, _ interp: Interpreter, _ draw: (inout Xoshiro) throws -> Value) throws {
        try withGenerator(rng, interp) { g in
            for i in 0..<arr.count { try arr.setElement(i, try draw(&g)) }
        }
    }

    /// One `rand(T)` for an array's element type, where Julia fills element by element
    /// (a view, a boxed array).
    static func scalarDraw(_ t: FlxType, _ g: inout Xoshiro, _ a: Args) throws -> Value {
        if let kind = IntKind(type: t), kind != .int64 {
            if kind.bitWidth == 128 {
                let high = g.next(), low = g.next()
                return FixedInt(kind, bits: UInt128(high) << 64 | UInt128(low)).value
            }
            return FixedInt(kind, bits: UInt128(g.topBits(kind.bitWidth))).value
        }
        switch ArrayValue.dtype(of: t) {
        case .float64?: return .float64(g.float64())
        case .float32?: return .float32(g.float32())
        case .int64?: return .int(Int64(bitPattern: g.next()))
        case .bool?: return .bool(g.bool())
        case nil: throw Exceptions.method(.str("rand!"), a.values)
        }
    }

    /// `randn!`/`randexp!` on a Float64 or Float32 array: an Array as Julia fills one (`fill`),
    /// a view or boxed array one `draw` per element.
    static func fillFloatsInPlace(_ a: Args, _ interp: Interpreter, name: String, _ draw: @escaping (inout Xoshiro) -> Double,
                                  fill: (Tensor, inout Xoshiro) throws -> Void) throws -> Value {
        let (rng, rest) = splitRNG(a)
        guard rest.count == 1, case .array(let arr) = rest[0], let d = ArrayValue.dtype(of: arr.elementType), d.isFloat else {
            throw Exceptions.method(.str(name), a.values)
        }
        if arr.subArray == nil, let t = arr.writableTensor {
            try withGenerator(rng, interp) { g in try interp.engine { try fill(t, &g) } }
        } else {
            try fillEach(arr, rng, interp) { g in
                let x = draw(&g)
                return d == .float32 ? .float32(Float(x)) : .float64(x)
            }
        }
        return rest[0]
    }
}
