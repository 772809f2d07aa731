import FlxCore
import FlxEngine

/// What `rand(collection)` draws from, with the sampler Julia 1.10 uses for it
/// (stdlib/Random/src/generation.jl), so a seeded draw picks Julia's element:
/// an integer unit range by Lemire's nearly-division-less method over its length, any
/// other array or range by the same method over its indices, tuples by their length's
/// special case, a string by byte position. A range is indexed in place, as Julia's
/// `rand(1:10^12)` is: materialising it would take memory proportional to its length.
enum DrawPool {
    case unitRange(start: Int64, count: UInt64)
    case range(RangeValue)
    case values([Value])
    case tuple([Value])
    /// A String drawn from once: its UTF-8 bytes, redrawn until a character starts there.
    case string([UInt8])

    /// `repeated`: the pool serves an array of draws (Julia's `Val(Inf)` samplers), for
    /// which a string is first collected into its characters.
    init(_ collection: Value, repeated: Bool, _ interp: Interpreter) throws {
        switch collection {
        case .range(let r):
            if case .int(let start, 1, let stop, _) = r.kind {
                guard stop >= start else { throw DrawPool.empty }
                self = .unitRange(start: start, count: UInt64(bitPattern: stop &- start) &+ 1)
            } else {
                self = .range(r)
            }
        case .tuple(let t): self = .tuple(t.items)
        case .string(let s) where !repeated: self = .string(Array(s.value.utf8))
        default: self = .values(try interp.collect(collection))
        }
        if count == 0 { throw DrawPool.empty }
    }

    static let empty = Exceptions.argument("collection must be non-empty")

    var count: Int {
        switch self {
        case .unitRange(_, let n): return n > UInt64(Int.max) ? Int.max : Int(n)
        case .range(let r): return Int(r.count)
        case .values(let v), .tuple(let v): return v.count
        case .string(let b): return b.count
        }
    }

    /// One element, drawing what Julia draws for it.
    func draw(_ g: inout Xoshiro) -> Value {
        switch self {
        case .unitRange(let start, let n):
            // n == 2^64 (all of Int64) wraps to 0, which `offset` reads as the full range.
            return .int(start &+ Int64(bitPattern: g.offset(below: n)))
        case .range(let r): return r.element(Int64(g.offset(below: UInt64(r.count))))
        case .values(let v): return v[Int(g.offset(below: UInt64(v.count)))]
        case .tuple(let v): return v[DrawPool.tupleIndex(v.count, &g)]
        case .string(let bytes):
            while true {
                let i = Int(g.offset(below: UInt64(bytes.count)))
                if bytes[i] & 0xc0 != 0x80 { return .char(DrawPool.scalar(at: i, bytes)) }
            }
        }
    }

    /// Julia's tuple samplers: one element needs no draw; two take a Bool; three a 52-bit
    /// draw cut in thirds; a power of two a UInt32's low bits; any other length its indices.
    static func tupleIndex(_ n: Int, _ g: inout Xoshiro) -> Int {
        switch n {
        case 1: return 0
        case 2: return g.bool() ? 1 : 0
        case 3:
            while true {
                let r = g.bits52()
                if r != 0x000f_ffff_ffff_ffff { return Int(r / 0x0005_5555_5555_5555) }
            }
        default:
            if n & (n - 1) == 0 { return Int(g.topBits(32) & UInt64(n - 1)) }
            return Int(g.offset(below: UInt64(n)))
        }
    }

    /// The Unicode scalar whose UTF-8 encoding starts at byte `i`.
    static func scalar(at i: Int, _ bytes: [UInt8]) -> UInt32 {
        let lead = bytes[i]
        let length = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4
        var code = length == 1 ? UInt32(lead) : UInt32(lead) & (0xff >> UInt32(length + 1))
        var k = 1
        while k < length, i + k < bytes.count {
            code = code << 6 | UInt32(bytes[i + k] & 0x3f)
            k += 1
        }
        return code
    }

    func elementType(_ interp: Interpreter) -> FlxType {
        switch self {
        case .unitRange: return BuiltinTypes.int64
        case .range(let r):
            if case .int = r.kind { return BuiltinTypes.int64 }
            return BuiltinTypes.float64
        case .values(let v), .tuple(let v): return interp.joinedType(v)
        case .string: return BuiltinTypes.char
        }
    }
}
