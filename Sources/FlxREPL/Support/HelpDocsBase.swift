import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
/// Help entries for Base: arrays and collections.
extension HelpDocs {
    package static let collections: [String: Doc] = [
        // Construction

        // Shape

        // Mutation of vectors and dicts

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
