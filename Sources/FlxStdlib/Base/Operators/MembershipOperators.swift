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

    static func isMember(_ interp: Interpreter, _ a: Args) throws -> Value {
        if a.count == 1 {
            let collection = a[0]
            return .function(NativeClosure(name: "in") { interp, args in try interp.call(interp.base.binding("in").value, [args[0], collection]) })
        }
        try a.expect("in", 2...2)
        if case .range(let r) = a[1], case .int(let v) = a[0], case .int(let start, let step, _, _) = r.kind {
            let n = r.count
            guard n > 0, step != 0 else { return .bool(false) }
            let off = v &- start
            return .bool(off % step == 0 && off / step >= 0 && off / step < n)
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
