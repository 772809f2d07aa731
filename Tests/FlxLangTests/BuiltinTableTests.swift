import Testing
import FlxSyntax
import FlxCore
import FlxStdlib
import FlxREPL

/// The library tables (`Builtin` entries registered with `ModuleValue.register`) define
/// what they list, and their help reaches `?name` unchanged.
@Suite(.serialized) struct BuiltinTableTests {
    func session() -> Session {
        Session(output: { _ in }, errorOutput: { _ in }, interactive: true)
    }

    var tables: [[Builtin]] {
        MathBuiltins.tables + StringBuiltins.tables + CollectionBuiltins.tables + ArrayBuiltins.tables
            + OperatorBuiltins.tables + ReflectionBuiltins.tables + IOBuiltins.tables + IOContextBuiltins.tables
            + FileBuiltins.tables + RandomBuiltins.tables + StdlibModules.tables
    }

    @Test func everyEntryIsDefinedAndExportedAsItSays() {
        let base = session().interp.base
        for entry in tables.joined() {
            guard case .function(let f)? = base.ownBinding(entry.name)?.value, let g = f as? GenericFunction else {
                Issue.record("\(entry.name) is not a function of Base")
                continue
            }
            #expect(g.methods.contains { if case .native = $0.body { true } else { false } }, "\(entry.name) has no native method")
            #expect(base.exports.contains(entry.name) == entry.isExported, "\(entry.name) export differs from its entry")
            #expect((g.elementwise != nil) == (entry.fusedKernel != nil), "\(entry.name) broadcast kernel differs from its entry")
        }
    }

    @Test func everyBinaryOperatorHasAnEntry() {
        let names = Set(OperatorBuiltins.binaryOperators.map(\.name))
        for op in BinaryOperator.allCases { #expect(names.contains(op.rawValue), "\(op.rawValue) has no entry") }
    }

    @Test func namesAreUniqueAcrossTheTables() {
        var seen: Set<String> = []
        for entry in tables.joined() { #expect(seen.insert(entry.name).inserted, "\(entry.name) is listed twice") }
    }

    @Test func registeredHelpIsTheEntrysAndNotAlsoWrittenInTheREPL() {
        let s = session()
        for entry in tables.joined() {
            #expect(s.interp.builtinHelp[entry.name] == entry.help, "\(entry.name): registered help differs from its entry")
        }
        let both = Set(s.interp.builtinHelp.names).intersection(HelpDocs.docs.keys)
        #expect(both.isEmpty, "help written twice, the REPL's copy is never shown: \(both.sorted())")
    }

    /// `?name` output for converted functions, as the REPL's HelpDocs*.swift tables printed it.
    @Test func helpTextIsUnchangedForConvertedFunctions() {
        let s = session()
        let expected: [String: String] = [
            "hypot": "  hypot(x, y)\n\n  `sqrt(x² + y²)` without overflow.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  hypot(3, 4)  # 5.0\n",
            "round": "  round([T], x; digits, sigdigits)\n\n  Rounds to the nearest integer (ties to even), or to `digits` decimals; with `T`, converts (`round(Int, x)`).\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  round(2.5)  # 2.0\n  round(Int, 2.7)  # 3\n",
            "mod": "  mod(a, b)\n\n  The remainder after floored division; its sign follows `b`.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  mod(-7, 3)  # 2\n",
            "Base.sqrt": "  sqrt(x)  /  √x\n\n  The square root; a DomainError for negative real `x`.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  sqrt(2f0)  # 1.4142135f0\n",
            "identity": "  identity(x)\n\n  Returns its argument; the default activation of Dense.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  identity(3)  # 3\n",
            "split": "  split(s, [delim]; limit = 0, keepempty = true)\n\n  Splits a string at `delim` (a string, Char, chars, predicate or Regex; whitespace by default, dropping empty parts) into a vector of SubStrings, at most `limit` of them.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  split(\"a,b,c\", \",\")  # [\"a\", \"b\", \"c\"]\n",
            "lpad": "  lpad(s, n, [p = ' '])\n\n  Pads the `string` form of `s` on the left to n characters.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  lpad(7, 3, '0')  # \"007\"\n",
            "repr": "  repr(x)\n\n  The String that `show` writes for `x`, i.e. how it would be typed back in.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  repr(\"a\")  # \"\\\"a\\\"\"\n",
            "length": "  length(x)\n\n  The number of elements of an array, tuple, string (in characters), dict or range.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  length([1, 2, 3])  # 3\n",
            "reduce": "  reduce(op, itr; init)\n\n  Combines the elements with the binary function `op`, e.g. `+`.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  reduce(*, [1, 2, 3, 4])  # 24\n",
            "mergewith!": "  mergewith!(combine, d, others...)\n\n  Like `merge!`, but the values of a key already in `d` are combined with `combine(old, new)`; returns `d`.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  mergewith!(+, Dict(1 => 2), Dict(1 => 3))\n",
            "tail": "  Base.tail(t)\n\n  A tuple without its first element.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  Base.tail((1, 2, 3))  # (2, 3)\n",
            "Iterators.take": "  Iterators.take(itr, n)\n\n  Lazily yields at most the first n elements of `itr`.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  collect(Iterators.take(1:10, 3))  # [1, 2, 3]\n",
            "get": "  get(d, key, default)  /  get(f, d, key)\n\n  The value for `key`, or `default` (or `f()`) when the key is missing.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  get(Dict(:a => 1), :b, 0)  # 0\n",
            "zeros": "  zeros([T = Float64], dims...)\n\n  An array of zeros of element type `T`.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  zeros(Float32, 2, 3)\n",
            "setindex!": "  setindex!(A, value, inds...)\n\n  What `A[inds...] = value` calls; stores `value` in place.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  A = zeros(2); setindex!(A, 1.0, 2); A  # [0.0, 1.0]\n",
            "push!": "  push!(v, items...)\n\n  Appends items to a vector (or adds them to a set), in place.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  v = Float32[]\n  push!(v, 1)\n",
            "+": "  x + y\n\n  Addition; for arrays of equal size elementwise. Use `.+` to broadcast (e.g. add a bias vector to each column).\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  [1, 2] + [3, 4]  # [4, 6]\n",
            "\\": "  a \\ b\n\n  Left division: for numbers `b / a`; for a square matrix `A`, the solution `x` of `A * x = b` (SingularException when there is none).\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  [2 0; 0 4] \\ [2, 4]  # [1.0, 1.0]\n",
            "in": "  in(x, collection)  /  x ∈ collection\n\n  Whether `x` is an element of `collection`, compared with `==`. For a dict, test keys with `haskey`.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  2 in [1, 2, 3]  # true\n",
            "∈": "  x ∈ collection\n\n  Membership, same as `in(x, collection)`.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  3 ∈ 1:5  # true\n",
            "∉": "  x ∉ collection\n\n  Not a member: `!(x ∈ collection)`.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  0 ∉ 1:5  # true\n",
            "isa": "  isa(x, T)  /  x isa T\n\n  Whether `x` is of type `T` (or a subtype).\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  1.0 isa AbstractFloat  # true\n",
            "adjoint": "  adjoint(A)  /  A'\n\n  The conjugate transpose, an `Adjoint` (for real arrays the same as `transpose`). `x'` of a vector is a row: `x' * y` is the number `dot(x, y)`, `x * y'` the outer product.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  [1, 2]' * [3, 4]  # 11\n",
            "setfield!": "  setfield!(x, name, v)\n\n  Sets a field of a mutable struct.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  mutable struct C; n; end\n  c = C(1); setfield!(c, :n, 0)\n",
            "typeof": "  typeof(x)\n\n  The concrete type of a value.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  typeof(1.0f0)  # Float32\n",
            "println": "  println([io], args...)\n\n  Prints each argument with `print`, then a newline.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  println(\"x = \", 1.5f0)  # x = 1.5\n",
            "displaysize": "  displaysize([io])\n\n  The (rows, columns) limited output fits: the terminal's size when `io` is one, else ENV LINES and COLUMNS, else (24, 80).\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  displaysize(stdout)\n",
            "joinpath": "  joinpath(parts...)\n\n  Joins path components with `/`; an absolute component starts over.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  joinpath(tempdir(), \"model.safetensors\")\n",
            "seed!": "  Random.seed!([rng], seed)\n\n  Seeds the default generator (or `rng`) as Julia 1.10 does, so that later `rand`, `randn`, `shuffle` and Flux's initialisers give Julia's numbers; without a seed, from system entropy.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  Random.seed!(42); rand()\n",
            "Random.seed!": "  Random.seed!([rng], seed)\n\n  Seeds the default generator (or `rng`) as Julia 1.10 does, so that later `rand`, `randn`, `shuffle` and Flux's initialisers give Julia's numbers; without a seed, from system entropy.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  Random.seed!(42); rand()\n",
            "rand": "  rand([rng], [T = Float64], dims...)  /  rand([rng], collection, [dims...])\n\n  Uniform random numbers in [0, 1) (or random values of the bit integer type `T`, or `Bool`), or random elements of a collection; Julia's numbers for a given `Random.seed!`.\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  rand(Float32, 3)\n",
            "median": "  median(x)\n\n  The middle value of the sorted elements (the mean of the two middle ones for even length).\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  median([3, 1, 4, 2])  # 2.5\n",
            "LinearAlgebra.dot": "  dot(a, b)  /  a ⋅ b\n\n  The inner product `sum(a .* b)` (conjugating `a`).\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  dot([1, 2], [3, 4])  # 11\n",
            "⋅": "  a ⋅ b\n\n  The dot product, `dot(a, b)` (from LinearAlgebra).\n\n  Example\n  ≡≡≡≡≡≡≡\n\n  [1, 2] ⋅ [3, 4]  # 11\n",
        ]
        for (query, text) in expected {
            #expect(HelpDocs.help(query, session: s) == text, "?\(query) changed")
        }
    }
}
