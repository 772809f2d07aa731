import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// Flux's initialisers have a second form: called without sizes, with at most an RNG and
/// keywords (`glorot_uniform(rng; gain = 2)`, `Flux.lecun_normal()`), they return the
/// initialiser with those fixed, `(dims...; kw...) -> f(rng, dims...; init_kw..., kw...)`,
/// so that `Dense(3 => 4; init = Flux.identity_init(gain = 2))` works.
extension ModuleValue {
    /// Defines the initialiser `name`; `make` runs when the call gives sizes.
    package func initialiser(_ name: String, export: Bool = true, _ make: @escaping NativeFunction) {
        native(name, export: export) { [unowned self] interp, a in
            let (rng, rest) = RandomBuiltins.splitRNG(a)
            guard rest.isEmpty else { return try make(interp, a) }
            return Initialisers.fixed(self.binding(name).value, name: name, rng: rng, keywords: a.keywords)
        }
    }
}

extension Initialisers {
    /// The initialiser `f` with its RNG and keywords fixed; keywords of the later call win.
    static func fixed(_ f: Value, name: String, rng: RNGObject?, keywords: [(name: String, value: Value)]) -> Value {
        let g = GenericFunction(name: "#" + name, module: "Flux")
        g.add(Method(signature: [], vararg: BuiltinTypes.any, body: .native { interp, a in
            let later = a.keywords
            let kept = keywords.filter { kw in !later.contains { $0.name == kw.name } }
            let args = (rng.map { [Value.native($0)] } ?? []) + a.values
            return try interp.call(f, args, keywords: later + kept)
        }))
        return .function(g)
    }
}
