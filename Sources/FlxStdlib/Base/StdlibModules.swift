import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif
import FlxEngine

/// The standard-library modules a script can `using`: Random, Statistics,
/// LinearAlgebra, Printf, and the places Flux users reach for them.
package enum StdlibModules {
    package static func install(_ interp: Interpreter) {
        let b = interp.base
        b.native("std") { interp, a in try spread(a, interp, std: true) }
        b.native("var") { interp, a in try spread(a, interp, std: false) }
        b.native("median") { interp, a in
            try a.expect("median", 1...1)
            let v = try interp.collect(a[0]).map { asDouble(OperatorBuiltins.plain($0)) }.sorted()
            guard !v.isEmpty else { throw Exceptions.argument("median of an empty array is undefined, Float64[]") }
            let m = v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
            if case .array(let arr) = a[0], arr.elementType === BuiltinTypes.float32 { return .float32(Float(m)) }
            return .float64(m)
        }
        b.native("norm") { interp, a in
            try a.expect("norm", 1...2)
            let p = a.count == 2 ? asDouble(a[1]) : 2
            if case .array(let arr) = a[0], let t = arr.tensor {
                let input = t.dtype.isFloat ? t : try interp.engine { try t.converted(to: .float64) }
                return interp.wrap(try interp.engine { try LinearAlgebra.norm(input, p: p, tape: interp.activeTape) })
            }
            if scalarRank(a[0]) != nil { return .float64(Swift.abs(asDouble(a[0]))) }
            let items = try interp.collect(a[0]).map { asDouble($0) }
            return .float64(items.map { $0 * $0 }.reduce(0, +).squareRoot())
        }
        b.native("dot") { interp, a in
            try a.expect("dot", 2...2)
            let p = try interp.requireTensor(a[0], "dot", args: a.values), q = try interp.requireTensor(a[1], "dot", args: a.values)
            return interp.wrap(try interp.engine { try LinearAlgebra.dot(p, q, tape: interp.activeTape) })
        }
        b.define("⋅", b.binding("dot").value)
        b.native("diag") { interp, a in
            try a.expect("diag", 1...1)
            guard case .array(let arr) = a[0], arr.rank == 2 else { throw Exceptions.method(.str("diag"), a.values) }
            let n = min(arr.dims[0], arr.dims[1])
            return .array(try interp.makeVector((0..<n).map { arr.element($0 * arr.dims[0] + $0) }, elementType: arr.elementType))
        }
        b.native("tr") { interp, a in
            guard case .array(let arr) = a[0], arr.rank == 2 else { throw Exceptions.method(.str("tr"), a.values) }
            let n = min(arr.dims[0], arr.dims[1])
            return try ArrayBuiltins.genericReduce("sum", (0..<n).map { arr.element($0 * arr.dims[0] + $0) }, interp)
        }

        let random = module("Random", interp, names: ["seed!", "shuffle", "shuffle!", "randperm", "rand", "randn", "Xoshiro", "MersenneTwister", "default_rng"])
        random.exports.remove("seed!")
        random.exports.remove("default_rng")
        _ = module("Statistics", interp, names: ["mean", "std", "var", "median"])
        _ = module("LinearAlgebra", interp, names: ["norm", "dot", "⋅", "transpose", "adjoint", "diag", "tr"])
        _ = module("Printf", interp, names: [])
        _ = module("Test", interp, names: [])
        let iterators = module("Iterators", interp, names: ["take", "enumerate", "zip"])
        iterators.define("take", b.binding("Iterators.take").value)
        iterators.define("repeated", b.binding("Iterators.repeated").value)
        b.define("Iterators", .module(iterators))
        // `Base.x` names the base module itself.
        b.define("Base", .module(b))
        b.define("Main", .module(interp.main))
        b.define("Core", .module(b))
    }

    @discardableResult
    package static func module(_ name: String, _ interp: Interpreter, names: [String]) -> ModuleValue {
        let m = ModuleValue(name: name, parent: interp.base)
        for n in names { m.reexport(n, from: interp.base) }
        interp.modules[name] = m
        return m
    }

    package static func spread(_ a: Args, _ interp: Interpreter, std: Bool) throws -> Value {
        let name = std ? "std" : "var"
        try a.expect(name, 1...1)
        let corrected = (try a.keywordBool("corrected")) ?? true
        if let dims = a.keyword("dims"), case .array(let arr) = a[0], let t = arr.tensor {
            // var = mean((x .- mean(x; dims)).^2; dims) * n/(n-1)
            let ds = try ArrayBuiltins.dimSet(dims, interp)
            let input = t.dtype.isFloat ? t : try interp.engine { try t.converted(to: .float64) }
            let mu = try interp.engine { try Reductions.reduce(.mean, input, dims: ds, tape: interp.activeTape) }
            let n = arr.count / max(1, mu.count)
            let centred = try interp.engine { try Arithmetic.binary(.sub, input, mu, tape: interp.activeTape) }
            let sq = try interp.engine { try Unary.apply(.abs2, centred, tape: interp.activeTape) }
            var v = try interp.engine { try Reductions.reduce(.sum, sq, dims: ds, tape: interp.activeTape) }
            let denom = try Tensor.scalar(Double(corrected ? n - 1 : n), dtype: v.dtype)
            v = try interp.engine { try Arithmetic.binary(.div, v, denom, tape: interp.activeTape) }
            if std { v = try interp.engine { try Unary.apply(.sqrt, v, tape: interp.activeTape) } }
            return .array(ArrayValue(tensor: v))
        }
        let values = try interp.collect(a[0]).map { asDouble(OperatorBuiltins.plain($0)) }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let ss = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let v = ss / (corrected ? n - 1 : n)
        let r = std ? v.squareRoot() : v
        if case .array(let arr) = a[0], arr.elementType === BuiltinTypes.float32 { return .float32(Float(r)) }
        return .float64(r)
    }
}
