import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif
import FlxEngine

/// Random numbers and orders from the session's generator (or a given `rng`): `rand`,
/// `randn`, `randperm`, `shuffle`.
extension RandomBuiltins {
    package static var randomSampling: [Builtin] {
        [
            Builtin("rand", { interp, a in try generate(a, interp, normal: false) },
                help: BuiltinHelp("rand([rng], [T = Float64], dims...)  /  rand(collection)", "Uniform random numbers in [0, 1), from the seedable generator (`Random.seed!`); with a collection, a random element of it.", "rand(Float32, 3)")),
            Builtin("randn", { interp, a in try generate(a, interp, normal: true) },
                help: BuiltinHelp("randn([rng], [T = Float64], dims...)", "Normally distributed random numbers (mean 0, standard deviation 1).", "randn(Float32, 2, 2)")),
            Builtin("randperm", { interp, a in
                let (rng, rest) = splitRNG(a)
                guard rest.count == 1, case .int(let n) = rest[0], n >= 0 else { throw Exceptions.method(.str("randperm"), a.values) }
                // The permutation is held twice while it is built (Int64s, then Values).
                try MemoryGuard.reserveArray(count: Int(n), juliaBytes: 8, bytesEach: 8 + MemoryLayout<Value>.stride)
                var p = (0..<n).map { $0 + 1 }
                shuffle(&p, rng, interp)
                return .array(try interp.makeVector(p.map { .int($0) }, elementType: BuiltinTypes.int64))
            }, help: BuiltinHelp("randperm([rng], n)", "A random permutation of `1:n`.", "randperm(4)  # a shuffled [1, 2, 3, 4]")),
            Builtin("shuffle!", { interp, a in
                let (rng, rest) = splitRNG(a)
                guard rest.count == 1, case .array(let arr) = rest[0] else { throw Exceptions.method(.str("shuffle!"), a.values) }
                var items = arr.boxedValues
                shuffle(&items, rng, interp)
                for (i, v) in items.enumerated() { try arr.setElement(i, v) }
                return rest[0]
            }, help: BuiltinHelp("shuffle!([rng], v)", "Permutes `v` randomly in place.", "v = collect(1:5); shuffle!(v)")),
            Builtin("shuffle", { interp, a in
                let (rng, rest) = splitRNG(a)
                guard rest.count == 1 else { throw Exceptions.method(.str("shuffle"), a.values) }
                var items = try interp.collect(rest[0])
                shuffle(&items, rng, interp)
                var et: FlxType? = nil
                var shape = try Shape([items.count])
                if case .array(let arr) = rest[0] { et = arr.elementType; shape = arr.shape }
                return .array(try interp.makeArray(items, shape: shape, elementType: et ?? (items.isEmpty ? BuiltinTypes.any : interp.joinedType(items))))
            }, help: BuiltinHelp("shuffle([rng], v)", "A randomly permuted copy of `v`.", "shuffle([1, 2, 3, 4])")),
        ]
    }
}
