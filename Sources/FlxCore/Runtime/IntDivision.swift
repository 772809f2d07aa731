/// Julia's `fld` and `cld` of Ints by a positive divisor, for sizes a script chooses:
/// the usual `(a + b - 1) / b` overflows when `a` or `b` is near typemax(Int) (a batch
/// size of typemax(Int), a dilated kernel's padding), these never do.
package enum IntDivision {
    /// Floor of a / b; b must be positive.
    package static func fld(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return a % b < 0 ? q - 1 : q
    }

    /// Ceiling of a / b; b must be positive.
    package static func cld(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return a % b > 0 ? q + 1 : q
    }
}
