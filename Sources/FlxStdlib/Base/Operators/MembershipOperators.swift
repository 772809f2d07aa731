import FlxSyntax
import FlxCore
import FlxEngine

/// `in` (also written `∈`, and curried as `in(collection)`) and `∉`.
extension OperatorBuiltins {
    package static var membershipOperators: [Builtin] {
        [
            Builtin("in", isMember,
                help: BuiltinHelp("in(x, collection)  /  x ∈ collection", "Whether `x` is an element of `collection`, compared with `==`. For a dict, test keys with `haskey`.", "2 in [1, 2, 3]  # true")),
            Builtin("∉", { interp, a in
                guard case .bool(let v) = try interp.call(interp.base.binding("in").value, a.values) else { return .bool(false) }
                return .bool(!v)
            }, help: BuiltinHelp("x ∉ collection", "Not a member: `!(x ∈ collection)`.", "0 ∉ 1:5  # true")),
        ]
    }

    /// For a real number: the integer it equals, or .some(nil) when it equals none (NaN,
    /// ±Inf, 0.5); nil for anything else, which is compared element by element.
    static func exactInteger(_ v: Value) -> Int128?? {
        switch v {
        case .int(let n): return .some(Int128(n))
        case .bool(let b): return .some(b ? 1 : 0)
        case .float64(let d): return .some(Int128(exactly: d))
        case .float32(let f): return .some(Int128(exactly: f))
        default: return nil
        }
    }

    static func isMember(_ interp: Interpreter, _ a: Args) throws -> Value {
        if a.count == 1 {
            let collection = a[0]
            return .function(NativeClosure(name: "in") { interp, args in try interp.call(interp.base.binding("in").value, [args[0], collection]) })
        }
        try a.expect("in", 2...2)
        // A real number in an Int range is answered from the ends and the step, in 128 bits:
        // the offset wrapped (typemax(Int) in typemin(Int):typemax(Int) was false), and a
        // float walked the whole range (-Inf32 in 0:typemax(Int), an argument-matrix hang).
        // Julia's in(::Real, ::AbstractRange) is O(1) too; NaN, ±Inf and non-integers are false.
        if case .range(let r) = a[1], case .int(let start, let step, _, _) = r.kind, let x = exactInteger(a[0]) {
            guard let x, case .int(let last)? = r.last else { return .bool(false) }
            let lo = min(Int128(start), Int128(last)), hi = max(Int128(start), Int128(last))
            return .bool(x >= lo && x <= hi && (x - Int128(start)) % Int128(step) == 0)
        }
        if case .native(let d as DictObject) = a[1] { return .bool(try d.contains(a[0], interp)) }
        if case .string(let s) = a[1] {
            if case .char(let c) = a[0], let u = Unicode.Scalar(c) { return .bool(s.value.unicodeScalars.contains(u)) }
        }
        let it = try interp.makeIterator(a[1])
        while let e = try it.next() { if try isEqual(a[0], e, interp) { return .bool(true) } }
        return .bool(false)
    }
}
