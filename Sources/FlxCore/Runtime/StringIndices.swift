/// Julia's string indices: 1-based byte offsets into the UTF-8 code units, valid where a
/// character starts (`isvalid(s, i)`); `thisind`, `nextind` and `prevind` move between
/// them with Julia's bounds rules. Every function here takes and returns 1-based indices.
///
/// The byte-level functions are `@inlinable` so that the string builtins in other modules
/// get them specialised for their byte arrays: called generically, every byte read went
/// through the Collection witness table (a third of `split`'s time).
package enum StringIndices {
    @inlinable @inline(__always) package static func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }

    /// Whether a character starts at byte `i` (false outside `1...count`).
    @inlinable package static func isValid<B: RandomAccessCollection>(_ bytes: B, _ i: Int) -> Bool where B.Element == UInt8, B.Index == Int {
        i >= 1 && i <= bytes.count && !isContinuation(bytes[i - 1])
    }

    /// The start of the character containing byte `i`; `count + 1` and 0 map to themselves.
    package static func thisind<B: RandomAccessCollection>(_ s: Value, _ bytes: B, _ i: Int) throws -> Int where B.Element == UInt8, B.Index == Int {
        let z = bytes.count + 1
        if i == z { return i }
        guard i >= 0 && i <= z else { throw Exceptions.bounds(s, .int(Int64(i))) }
        var j = i
        while j > 1 && !isValid(bytes, j) { j -= 1 }
        return j
    }

    /// Julia's `nextind(s, i, n)`: `n` characters on from `i`, counting one per index
    /// past the end.
    package static func nextind<B: RandomAccessCollection>(_ s: Value, _ bytes: B, _ i: Int, _ n: Int = 1) throws -> Int where B.Element == UInt8, B.Index == Int {
        guard n >= 0 else { throw Exceptions.argument("n cannot be negative: \(n)") }
        let z = bytes.count
        guard i >= 0 && i <= z else { throw Exceptions.bounds(s, .int(Int64(i))) }
        if n == 0 {
            if try thisind(s, bytes, i) == i { return i }
            throw stringIndexError(s, i)
        }
        var i = i, n = n
        while n > 0 && i < z {
            i += 1
            if isValid(bytes, i) { n -= 1 }
        }
        return i + n
    }

    /// Julia's `prevind(s, i, n)`: `n` characters back from `i`, one per index before 1.
    package static func prevind<B: RandomAccessCollection>(_ s: Value, _ bytes: B, _ i: Int, _ n: Int = 1) throws -> Int where B.Element == UInt8, B.Index == Int {
        guard n >= 0 else { throw Exceptions.argument("n cannot be negative: \(n)") }
        let z = bytes.count + 1
        guard i > 0 && i <= z else { throw Exceptions.bounds(s, .int(Int64(i))) }
        if n == 0 {
            if try thisind(s, bytes, i) == i { return i }
            throw stringIndexError(s, i)
        }
        var i = i, n = n
        while n > 0 && i > 1 {
            i -= 1
            if isValid(bytes, i) { n -= 1 }
        }
        return i - n
    }

    /// The last byte of the character that starts at `i`.
    @inlinable package static func lastByte<B: RandomAccessCollection>(_ bytes: B, ofCharAt i: Int) -> Int where B.Element == UInt8, B.Index == Int {
        var j = i + 1
        while j <= bytes.count && isContinuation(bytes[j - 1]) { j += 1 }
        return j - 1
    }

    /// The code point of the character starting at byte `i` (valid UTF-8 assumed).
    @inlinable package static func char<B: RandomAccessCollection>(_ bytes: B, at i: Int) -> UInt32 where B.Element == UInt8, B.Index == Int {
        let b0 = bytes[i - 1]
        if b0 < 0x80 { return UInt32(b0) }
        let len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : 2
        var v = UInt32(b0) & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07)
        var k = 1
        while k < len && i - 1 + k < bytes.count && isContinuation(bytes[i - 1 + k]) {
            v = v << 6 | UInt32(bytes[i - 1 + k] & 0x3F)
            k += 1
        }
        return v
    }

    /// The byte indices where characters start: `collect(eachindex(s))`.
    package static func starts(_ bytes: [UInt8]) -> [Int] {
        var out: [Int] = []
        for (k, b) in bytes.enumerated() where !isContinuation(b) { out.append(k + 1) }
        return out
    }

    /// The last valid index (`lastindex(s)`), 0 for an empty string.
    package static func lastIndex<B: RandomAccessCollection>(_ bytes: B) -> Int where B.Element == UInt8, B.Index == Int {
        var j = bytes.count
        while j > 1 && !isValid(bytes, j) { j -= 1 }
        return j
    }

    /// Runs `body` on the UTF-8 bytes of `s` without copying them when the string is
    /// stored contiguously (native Swift strings are), else on a copy.
    package static func withBytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let r = try s.utf8.withContiguousStorageIfAvailable(body) { return r }
        return try Array(s.utf8).withUnsafeBufferPointer(body)
    }

    package static func stringIndexError(_ s: Value, _ i: Int) -> FlxError {
        Exceptions.make("StringIndexError", [s, .int(Int64(i))])
    }

    /// UTF-8 of a code point, including the surrogates and code points above U+10FFFF
    /// (below 0x200000) that a Julia `Char` can hold.
    package static func utf8(_ c: UInt32) -> [UInt8] {
        switch c {
        case 0..<0x80: return [UInt8(c)]
        case 0x80..<0x800: return [UInt8(0xC0 | c >> 6), UInt8(0x80 | c & 0x3F)]
        case 0x800..<0x10000: return [UInt8(0xE0 | c >> 12), UInt8(0x80 | (c >> 6) & 0x3F), UInt8(0x80 | c & 0x3F)]
        default: return [UInt8(0xF0 | (c >> 18) & 0x07), UInt8(0x80 | (c >> 12) & 0x3F), UInt8(0x80 | (c >> 6) & 0x3F), UInt8(0x80 | c & 0x3F)]
        }
    }
}
