import FlxSyntax
import FlxCore
import FlxEngine

/// Relations between values and types: `isa`, `<:` and `>:`.
extension OperatorBuiltins {
    package static var typeOperators: [Builtin] {
        [
            Builtin("isa", { interp, a in
                try a.expect("isa", 2...2)
                guard case .type(let t) = a[1] else { throw Exceptions.typeError("isa", expected: "Type", got: a[1]) }
                return .bool(interp.isa(a[0], t))
            }, help: BuiltinHelp("isa(x, T)  /  x isa T", "Whether `x` is of type `T` (or a subtype).", "1.0 isa AbstractFloat  # true")),
            Builtin("<:", { _, a in
                try a.expect("<:", 2...2)
                guard case .type(let s) = a[0], case .type(let t) = a[1] else { throw Exceptions.method(.str("<:"), a.values) }
                return .bool(s.isSubtype(of: t))
            }, help: BuiltinHelp("S <: T", "Whether type S is a subtype of T; also declares a supertype in `struct A <: B`.", "Float32 <: Real  # true")),
            Builtin(">:", { _, a in
                try a.expect(">:", 2...2)
                guard case .type(let s) = a[0], case .type(let t) = a[1] else { throw Exceptions.method(.str(">:"), a.values) }
                return .bool(t.isSubtype(of: s))
            }, help: BuiltinHelp("T >: S", "Whether type T is a supertype of S.", "Real >: Int  # true")),
        ]
    }
}
