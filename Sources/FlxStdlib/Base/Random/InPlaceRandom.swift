import FlxSyntax
import FlxCore
import FlxEngine

/// `rand!`, `randn!` and `randsubseq`: filling an existing array, or sampling a
/// collection, from the same streams `rand` and `randn` draw.
extension RandomBuiltins {
    package static var inPlaceRandom: [Builtin] {
        [
            fill("rand!", from: "rand", "Fills `A` with `rand` numbers of its element type (from `rng` when given); returns `A`.", "rand!(zeros(3))"),
            fill("randn!", from: "randn", "Fills `A` with standard normal numbers of its element type (from `rng` when given); returns `A`.", "randn!(zeros(3))"),
            Builtin("randsubseq", { interp, a in
                let (rng, rest) = splitRNG(a)
                guard rest.count == 2 else { throw Exceptions.method(.str("randsubseq"), a.values) }
                let p = asDouble(OperatorBuiltins.plain(rest[1]))
                guard p >= 0 && p <= 1 else { throw Exceptions.argument("probability \(p) not in [0,1]") }
                // Each element is kept when its own uniform draw falls below p.
                var kept: [Value] = []
                let rand = interp.base.binding("rand").value
                for v in try interp.collect(rest[0]) {
                    let u = asDouble(try interp.call(rand, rng.map { [.native($0)] } ?? []))
                    if u < p { kept.append(v) }
                }
                var et: FlxType? = nil
                if case .array(let arr) = rest[0] { et = arr.elementType }
                return .array(try interp.makeVector(kept, elementType: et ?? (kept.isEmpty ? try interp.makeVector(try interp.collect(rest[0])).elementType : nil)))
            }, help: BuiltinHelp("randsubseq([rng,] A, p)", "A random subsequence of `A`: each element is kept, in order, with probability `p`.", "randsubseq(1:10, 0.3)")),
        ]
    }

    /// `rand!(A)`/`randn!(A)`: the numbers `rand(T, size(A)...)` would give, written into `A`.
    static func fill(_ name: String, from source: String, _ text: String, _ example: String) -> Builtin {
        Builtin(name, { interp, a in
            let (rng, rest) = splitRNG(a)
            guard rest.count == 1, case .array(let arr) = rest[0] else { throw Exceptions.method(.str(name), a.values) }
            let dims = arr.dims.map { Value.int(Int64($0)) }
            let args: [Value] = (rng.map { [.native($0)] } ?? []) + [.type(arr.elementType)] + dims
            let fresh = try interp.call(interp.base.binding(source).value, args)
            try Broadcast.assign(into: rest[0], fresh, interp)
            return rest[0]
        }, help: BuiltinHelp("\(name)([rng,] A)", text, example))
    }
}
