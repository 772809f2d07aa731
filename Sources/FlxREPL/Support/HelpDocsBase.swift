import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
/// Help entries for Base: arrays and collections.
extension HelpDocs {
    package static let collections: [String: Doc] = [
        // Construction
        "randperm": Doc("randperm([rng], n)", "A random permutation of `1:n`.", "randperm(4)  # a shuffled [1, 2, 3, 4]"),
        "rand": Doc("rand([rng], [T = Float64], dims...)  /  rand(collection)", "Uniform random numbers in [0, 1), from the seedable generator (`Random.seed!`); with a collection, a random element of it.", "rand(Float32, 3)"),
        "randn": Doc("randn([rng], [T = Float64], dims...)", "Normally distributed random numbers (mean 0, standard deviation 1).", "randn(Float32, 2, 2)"),
        "seed!": Doc("Random.seed!(n)", "Seeds the default random generator so that later `rand`, `randn`, `shuffle` and Flux initialisers repeat. flx's stream differs from Julia's.", "Random.seed!(42); rand()"),
        "default_rng": Doc("Random.default_rng()", "The global random number generator used when no `rng` is passed.", "rand(Random.default_rng(), 2)"),
        "shuffle": Doc("shuffle([rng], v)", "A randomly permuted copy of `v`.", "shuffle([1, 2, 3, 4])"),
        "shuffle!": Doc("shuffle!([rng], v)", "Permutes `v` randomly in place.", "v = collect(1:5); shuffle!(v)"),

        // Shape

        // Mutation of vectors and dicts
        "take!": Doc("take!(io::IOBuffer)", "Returns the bytes written to an IOBuffer and empties it; `String(take!(io))` gives the text.", "io = IOBuffer(); print(io, 42); String(take!(io))  # \"42\""),

        // Iteration and higher-order functions
        "Iterators": Doc("Iterators", "Lazy iterator helpers: `Iterators.take`, `Iterators.repeated`, `enumerate`, `zip`.", "collect(Iterators.take(1:10, 3))  # [1, 2, 3]"),
        "take": Doc("Iterators.take(itr, n)", "Lazily yields at most the first n elements of `itr`.", "collect(Iterators.take(Iterators.repeated(0), 2))  # [0, 0]"),
        "repeated": Doc("Iterators.repeated(x[, n])", "Yields `x` n times, or forever without n; handy to train several epochs on one batch.", "data = Iterators.repeated((x, y), 100)"),

        // Statistics and LinearAlgebra
        "Statistics": Doc("Statistics", "The module with `mean`, `median`, `std` and `var`.", "using Statistics\nmean([1, 2, 3])  # 2.0"),
        "LinearAlgebra": Doc("LinearAlgebra", "The module with `dot`, `norm`, `tr`, `diag`, `transpose` and `adjoint`.", "using LinearAlgebra\nnorm([3.0, 4.0])  # 5.0"),
        "Random": Doc("Random", "The module with `rand`, `randn`, `randperm`, `shuffle`, `Random.seed!` and the generator types.", "using Random\nRandom.seed!(1)"),
        "median": Doc("median(x)", "The middle value of the sorted elements (the mean of the two middle ones for even length).", "median([3, 1, 4, 2])  # 2.5"),
        "std": Doc("std(x; dims, corrected = true)", "The standard deviation; divides by n - 1 unless `corrected = false`.", "std([1.0, 2.0, 3.0])  # 1.0"),
        "var": Doc("var(x; dims, corrected = true)", "The variance; divides by n - 1 unless `corrected = false`.", "var([1.0, 2.0, 3.0])  # 1.0"),
        "dot": Doc("dot(a, b)  /  a ⋅ b", "The inner product `sum(a .* b)` (conjugating `a`).", "dot([1, 2], [3, 4])  # 11"),
        "norm": Doc("norm(x, p = 2)", "The p-norm of the elements of `x` (Euclidean by default).", "norm([3.0, 4.0])  # 5.0"),
        "tr": Doc("tr(A)", "The trace: the sum of the diagonal of a square matrix.", "tr([1 2; 3 4])  # 5"),
        "diag": Doc("diag(A)", "The diagonal of a matrix, as a vector.", "diag([1 2; 3 4])  # [1, 4]"),
    ]
}
