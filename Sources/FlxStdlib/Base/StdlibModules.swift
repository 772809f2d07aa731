import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif
import FlxEngine

/// The standard-library modules a script can `using`: Random, Statistics,
/// LinearAlgebra, Printf, and the places Flux users reach for them.
package enum StdlibModules {
    package static var tables: [[Builtin]] {
        [statisticsFunctions, linearAlgebraFunctions, determinantFunctions, normFunctions, DiagonalMatrices.functions,
         factorizationFunctions, matrixPropertyFunctions, inPlaceProducts, statisticsCorrelation]
    }

    package static func install(_ interp: Interpreter) {
        let b = interp.base
        for table in tables { b.register(table, helpInto: interp.builtinHelp) }
        b.define("⋅", b.binding("dot").value)
        b.define("×", b.binding("cross").value)
        installLinearAlgebraNames(interp)

        let random = module("Random", interp, names: ["seed!", "shuffle", "shuffle!", "randperm", "rand", "randn", "rand!", "randn!",
                                                       "randexp", "randexp!", "bitrand", "randstring", "randsubseq", "Xoshiro", "MersenneTwister",
                                                       "default_rng", "TaskLocalRNG"])
        for name in ["seed!", "default_rng", "TaskLocalRNG"] { random.exports.remove(name) }
        _ = module("Statistics", interp, names: ["mean", "std", "var", "median", "quantile", "cor", "cov"])
        installBLAS(interp, into: module("LinearAlgebra", interp, names: linearAlgebraNames))
        _ = module("Printf", interp, names: [])
        let iterators = module("Iterators", interp, names: ["enumerate", "zip", "only"])
        for name in ["take", "repeated", "drop", "cycle", "countfrom", "filter", "map", "flatten", "partition", "product",
                     "takewhile", "dropwhile", "rest", "accumulate", "peel", "reverse"] {
            iterators.define(name, b.binding("Iterators." + name).value)
            // `?Iterators.drop` and the module listing look the help up by the bare name
            // (`take`, `repeated` and Flux's `flatten` have theirs in the REPL's tables).
            if !["take", "repeated", "flatten"].contains(name), let help = interp.builtinHelp["Iterators." + name] {
                interp.builtinHelp.add(help, for: name)
            }
        }
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
}
