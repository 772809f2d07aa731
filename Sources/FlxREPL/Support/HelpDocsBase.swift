import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
/// Help entries for Base's names that are not table entries: the Iterators module and
/// its short names, and the standard-library modules. The functions' help is beside
/// them in FlxStdlib (`Base/Collections/`, `Base/Arrays/`, ...).
extension HelpDocs {
    package static let collections: [String: Doc] = [
        // Iterators
        "BLAS": Doc("LinearAlgebra.BLAS", "The BLAS behind matrix products: `BLAS.get_config()` names the library, `BLAS.get_num_threads()`/`BLAS.set_num_threads(n)` the threads products are split across; `versioninfo()` names the kernel set.", "using LinearAlgebra; BLAS.get_config()"),
        "Broadcast": Doc("Base.Broadcast", "Julia's broadcasting machinery as a module: `broadcasted` builds a lazy `Broadcasted`, `instantiate` checks its shapes, `materialize` computes it.", "bc = Broadcast.broadcasted(+, [1, 2], 10); Broadcast.materialize(bc)  # [11, 12]"),
        "Broadcasted": Doc("Base.Broadcast.Broadcasted", "A broadcast not yet computed: a function and its arguments (which may be other `Broadcasted`s). `copy`, `collect`, `materialize` or another broadcast compute it; Optimisers' `@lazy` makes one.", "Broadcast.broadcasted(*, [1, 2], 3) isa Broadcast.Broadcasted  # true"),
        "AbstractBroadcasted": Doc("Base.Broadcast.AbstractBroadcasted", "The abstract type of lazy broadcasts (`Broadcasted`).", "Broadcast.broadcasted(+, 1, 2) isa Broadcast.AbstractBroadcasted  # true"),
        "Iterators": Doc("Iterators", "Lazy iterator helpers: `Iterators.take`, `Iterators.repeated`, `enumerate`, `zip`.", "collect(Iterators.take(1:10, 3))  # [1, 2, 3]"),
        "take": Doc("Iterators.take(itr, n)", "Lazily yields at most the first n elements of `itr`.", "collect(Iterators.take(Iterators.repeated(0), 2))  # [0, 0]"),
        "repeated": Doc("Iterators.repeated(x[, n])", "Yields `x` n times, or forever without n; handy to train several epochs on one batch.", "data = Iterators.repeated((x, y), 100)"),

        // Modules
        "Statistics": Doc("Statistics", "The module with `mean`, `median`, `std` and `var`.", "using Statistics\nmean([1, 2, 3])  # 2.0"),
        "LinearAlgebra": Doc("LinearAlgebra", "The module with `dot`, `norm`, `tr`, `diag`, `transpose` and `adjoint`.", "using LinearAlgebra\nnorm([3.0, 4.0])  # 5.0"),
        "Random": Doc("Random", "The module with `rand`, `randn`, `randperm`, `shuffle`, `Random.seed!` and the generator types.", "using Random\nRandom.seed!(1)"),
    ]
}
