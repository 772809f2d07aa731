import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
/// Help entries for data handling: MLUtils' observation helpers, DelimitedFiles,
/// MLDatasets and the file helpers around them.
extension HelpDocs {
    package static let data: [String: Doc] = [
        "numobs": Doc("MLUtils.numobs(data)", "The number of observations: the size of the last dimension of an array, shared by every array of a tuple or named tuple.", "numobs((rand(4, 10), 1:10))  # 10"),
        "getobs": Doc("MLUtils.getobs(data, i)", "Observation `i` (without the last dimension) or observations `idxs` (keeping it) of an array, tuple or named tuple of arrays.", "getobs(reshape(1:6, 2, 3), 2)  # [3, 4]"),
        "shuffleobs": Doc("MLUtils.shuffleobs([rng], data)", "A copy of `data` with its observations (last dimension) in a random order drawn from `rng` or the session's generator.", "Random.seed!(1); shuffleobs(1:5)"),
        "splitobs": Doc("MLUtils.splitobs(data; at = 0.7, shuffle = false, rng)", "Splits the observations into consecutive parts: `at` is a fraction (two parts), a tuple of fractions (one more part than fractions) or counts. Each part takes `round(Int, at[k] * n)` observations; `shuffle = true` permutes first. Returns a tuple of parts, each of the same kind as `data`.", "(Xtrain, ytrain), (Xtest, ytest) = splitobs((X, y); at = 0.8, shuffle = true)"),
        "eachobs": Doc("MLUtils.eachobs(data; batchsize = -1, shuffle = false, partial = true, rng)", "Iterates over single observations (or batches with `batchsize`), like a `DataLoader` whose batch size defaults to -1.", "for (x, y) in eachobs((X, Y))\n    # one column and one label at a time\nend"),
        "normalise": Doc("Flux.normalise(x; dims = ndims(x), eps = 1e-5)", "`(x .- mean(x; dims)) ./ (std(x; dims, corrected = false) .+ eps)`: mean 0 and standard deviation 1 along `dims` (`ϵ` is accepted for `eps`). Differentiable.", "Flux.normalise([90, 100, 110, 130, 70])"),
        "readdlm": Doc("readdlm(source, delim = whitespace, T = auto; header = false, skipstart = 0)", "Reads a delimited text file into a matrix (module DelimitedFiles). With a type `T` (Float64, Float32, Int, String, Any) every field is converted, and a ragged row or a field that is not a number is an ArgumentError naming `file:line`, the row and the column. Without one, the result is a `Matrix{Float64}` when every field is a number, else a `Matrix{Any}` of Int, Bool, Float64 and strings (short rows padded with \"\"). `header = true` returns `(data, header)` with the header a 1×n `Matrix{AbstractString}`. Quoted fields may contain the delimiter; blank lines are skipped.", "using DelimitedFiles\ndata, header = readdlm(\"iris.csv\", ',', Float32; header = true)"),
        "writedlm": Doc("writedlm(path, A, delim = '\\t')", "Writes a vector (one element, or one row of a vector/tuple, per line) or a matrix (one row per line) with `delim` between fields, as `print` shows each element; strings holding the delimiter or a quote are quoted. The file is written to a temporary name and renamed into place, so it is never half-written (module DelimitedFiles).", "using DelimitedFiles\nwritedlm(\"out.csv\", [1 2; 3 4], ',')"),
        "Iris": Doc("MLDatasets.Iris()", "Fisher's iris data (150 flowers, 3 species), shipped with flx: `d.features` is a 4×150 `Matrix{Float64}` (sepal length, sepal width, petal length, petal width in cm), `d.targets` a 1×150 `Matrix{String}` of \"Iris-setosa\", \"Iris-versicolor\" and \"Iris-virginica\", as MLDatasets' `Iris(as_df = false)` (the `as_df` keyword is accepted; flx has no DataFrames). `X, y = d[:]`; `d[i]` is one observation.", "using MLDatasets\nd = Iris()\nX, y = d[:]"),
        "Digits": Doc("MLDatasets.Digits(; Tx = Float64)", "UCI's optical recognition of handwritten digits (1797 images of 8×8 pixels, counts 0–16), shipped with flx: `d.features` is 64×1797 (each column an image, row by row), `d.targets` a `Vector{Int64}` of labels 0–9. MLDatasets.jl has no such set; flx names it in the same style, with fields laid out as MLDatasets' `MNIST` (flattened).", "using MLDatasets\nd = Digits(Tx = Float32)\nsize(d.features)  # (64, 1797)"),
        "joinpath": Doc("joinpath(parts...)", "Joins path components with `/`; an absolute component restarts the path.", "joinpath(@__DIR__, \"data\", \"iris.csv\")"),
        "isfile": Doc("isfile(path)", "Whether `path` names an existing regular file.", "isfile(\"/etc/hostname\")"),
        "tempname": Doc("tempname()", "A fresh path in the temporary directory (`TMPDIR` or /tmp); nothing is created.", "p = tempname()"),
        "rm": Doc("rm(path; force = false)", "Deletes a file; a missing file is a SystemError unless `force = true`.", "rm(p; force = true)"),
        "read": Doc("read(path, String)", "The whole content of a file as a string.", "read(\"notes.txt\", String)"),
        "readlines": Doc("readlines(path)", "The lines of a file, without their line endings.", "readlines(\"notes.txt\")"),
        "@__DIR__": Doc("@__DIR__", "The absolute directory of the file being run (the working directory at the REPL or with -e), for paths next to a script.", "joinpath(@__DIR__, \"data.csv\")"),
    ]
}
