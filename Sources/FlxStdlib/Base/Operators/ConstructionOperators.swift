import FlxSyntax
import FlxCore
import FlxEngine

/// Operators that build a value: a pair `a => b`, a range `a:b`, a composition `f ∘ g`.
extension OperatorBuiltins {
    package static var constructionOperators: [Builtin] {
        [
            Builtin("=>", { _, a in try a.expect("=>", 2...2); return .pair(PairValue(a[0], a[1])) },
                help: BuiltinHelp("key => value", "Makes a `Pair`; used for Dict entries and layer sizes `Dense(in => out)`.", "p = :a => 1; p.first  # :a")),
            Builtin(":", { interp, a in
                // A range of numbers being differentiated has no derivative rule: refused by name.
                for i in 0..<a.count { _ = try interp.settingArgument(a, i + 1, of: ":") }
                return try makeRange(a, interp)
            },
                help: BuiltinHelp("a:b  /  a:step:b", "A range from a to b inclusive; as an index, `:` alone selects a whole dimension. `:name` is a Symbol.", "collect(1:2:7)  # [1, 3, 5, 7]")),
            Builtin("∘", { interp, a in
                let fs = a.values
                guard let innermost = fs.last else { throw Exceptions.method(.str("∘"), []) }
                return .function(NativeClosure(name: fs.map { Display.functionName(fCallable($0)) }.joined(separator: " ∘ "), differentiation: .forwarded) { interp, args in
                    var v = try interp.call(innermost, args.values, keywords: args.keywords)
                    for f in fs.dropLast().reversed() { v = try interp.call(f, [v]) }
                    return v
                })
            }, help: BuiltinHelp("f ∘ g", "Function composition: `(f ∘ g)(x) == f(g(x))`.", "(sqrt ∘ abs)(-16)  # 4.0")),
            // `Base.Fix1(f, x)` is `y -> f(x, y)`, `Base.Fix2(f, x)` is `y -> f(y, x)` (not exported).
            Builtin("Fix1", export: false, { interp, a in try fixed(a, interp, first: true) },
                help: BuiltinHelp("Base.Fix1(f, x)", "The function `y -> f(x, y)`.", "Base.Fix1(-, 10)(3)  # 7")),
            Builtin("Fix2", export: false, { interp, a in try fixed(a, interp, first: false) },
                help: BuiltinHelp("Base.Fix2(f, x)", "The function `y -> f(y, x)`.", "Base.Fix2(-, 10)(3)  # -7")),
            Builtin("|>", differentiation: .forwarded, { interp, a in
                try a.expect("|>", 2...2)
                return try interp.call(a[1], [a[0]])
            }, help: BuiltinHelp("x |> f", "Applies `f` to `x`: `x |> f == f(x)`; `.|>` applies it elementwise.", "[1, 4, 9] .|> sqrt  # [1.0, 2.0, 3.0]")),
        ]
    }
}

extension OperatorBuiltins {
    /// `Base.Fix1(f, x)` / `Base.Fix2(f, x)`: `f` with its first (second) argument fixed to `x`.
    static func fixed(_ a: Args, _ interp: Interpreter, first: Bool) throws -> Value {
        try a.expect(first ? "Fix1" : "Fix2", 2...2)
        let f = a[0], x = a[1]
        let name = "Base.Fix\(first ? 1 : 2)(\(Display.functionName(fCallable(f))), \((try? Display.repr(x, interp)) ?? ""))"
        return .function(NativeClosure(name: name, differentiation: .forwarded) { interp, args in
            try args.expect(name, 1...1)
            return try interp.call(f, first ? [x, args[0]] : [args[0], x])
        })
    }
}
