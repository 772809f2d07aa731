/// A range indexed by a range of integers is a range again, as Julia's
/// `getindex(::AbstractRange, ::AbstractRange{<:Integer})` makes it: `(1:10)[2:4]` is the
/// `UnitRange` `2:4`, `(1:10)[1:2:9]` the `StepRange` `1:2:9`, and a float range gives a
/// float range. Materialising it would answer a `Vector` where Julia's code (and its
/// printing) sees a range.
extension RangeValue {
    /// `self[s]`, or nil when `s` does not pick elements of `self` (the caller reports the
    /// BoundsError with the original values).
    package func indexed(by s: RangeValue) -> RangeValue? {
        guard case .int(let s0, let sstep, _, let sunit) = s.kind else { return nil }
        let n = s.count
        if n > 0 {
            guard case .int(let lastIndex)? = s.last else { return nil }
            // Every index lies between the two ends, so checking them checks all.
            guard Swift.min(s0, lastIndex) >= 1, Swift.max(s0, lastIndex) <= count else { return nil }
        }
        switch kind {
        case .int(let start, let step, _, let unit):
            // An empty selection keeps Julia's empty form (`(1:10)[3:2]` is `3:2`), so its
            // ends are computed with wrapping arithmetic rather than checked.
            let first = start &+ (s0 &- 1) &* step
            let newStep = step &* sstep
            let stop = first &+ (n &- 1) &* newStep
            return RangeValue(.int(start: first, step: newStep, stop: stop, unit: unit && sunit))
        case .float(let start, let step, _):
            return RangeValue(.float(start: start + Double(s0 - 1) * step, step: step * Double(sstep), count: n), float32: isFloat32)
        }
    }
}

extension RangeValue {
    /// What Julia 1.10's `length` answers for this range. For an Int range longer than
    /// typemax(Int) it wraps as Julia's does (`length(typemin(Int):typemax(Int))` is 0,
    /// `length(0:typemax(Int))` is typemin(Int)); `count` saturates instead, which is what
    /// iteration needs.
    package var juliaLength: Int64 {
        guard case .int(let start, let step, _, _) = kind, count > 0, case .int(let stop)? = last else { return count }
        let diff = stop &- start
        let quotient: Int64
        if (-1...1).contains(step) || step == .min {
            quotient = step == -1 ? 0 &- diff : diff / step
        } else if step < 0 {
            quotient = Int64(truncatingIfNeeded: UInt64(bitPattern: 0 &- diff) / UInt64(0 &- step))
        } else {
            quotient = Int64(truncatingIfNeeded: UInt64(bitPattern: diff) / UInt64(step))
        }
        return quotient &+ 1
    }
}
