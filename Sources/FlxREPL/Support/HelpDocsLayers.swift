import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
/// Help entries for the layers beyond Dense and Chain, train/test mode, data loading
/// and one-hot encoding.
extension HelpDocs {
    package static let layers: [String: Doc] = [
        "Dropout": Doc("Dropout(p; dims = :)", "Sets each input to zero with probability `p` and scales the rest by 1/(1 - p), but only while differentiating (inside `gradient` or `train!`) unless `trainmode!`/`testmode!` say otherwise.", "m = Chain(Dense(4 => 8, relu), Dropout(0.5), Dense(8 => 2))"),
        "AlphaDropout": Doc("AlphaDropout(p)", "Dropout for selu networks: dropped values are set to selu's negative saturation and the result is rescaled to keep mean and variance.", "Chain(Dense(4 => 4, selu), AlphaDropout(0.2))"),
        "BatchNorm": Doc("BatchNorm(channels, σ = identity; momentum = 0.1f0, eps = 1f-5, affine = true, track_stats = true)", "Normalises each channel (dimension N-1) by the batch mean and variance while training, and by running statistics otherwise; trainable shift `β` and scale `γ`.", "m = Chain(Dense(4 => 8), BatchNorm(8, relu), Dense(8 => 2))"),
        "LayerNorm": Doc("LayerNorm(size...; affine = true, eps = 1f-5)", "Normalises over the first `length(size)` dimensions of each sample, then applies a learned scale and shift.", "LayerNorm(8)(rand(Float32, 8, 3))"),
        "Embedding": Doc("Embedding(in => out)", "A lookup table: index `i` gives column `i` of the out × in weight; arrays of indices give arrays of columns.", "e = Embedding(26 => 4)\ne([1, 3])  # 4×2 Matrix{Float32}"),
        "Bilinear": Doc("Bilinear((in1, in2) => out, σ = identity; bias = true, init = glorot_uniform)", "Bilinear layer: `z[o, s] = σ(Σᵢⱼ W[o, i, j] x[i, s] y[j, s] + b[o])` for two inputs `B(x, y)` or `B((x, y))`; `B(x)` is `B(x, x)` and `Bilinear(in => out)` takes equal sizes. The weight has size `(out, in1, in2)`.", "B = Flux.Bilinear((4, 5) => 3)\nB(rand(Float32, 4, 8), rand(Float32, 5, 8)) |> size"),
        "Scale": Doc("Scale(size...; bias = true)", "Elementwise `σ.(scale .* x .+ bias)` with learned arrays of the given size.", "Scale(3)(Float32[1, 2, 3])"),
        "SkipConnection": Doc("SkipConnection(layer, connection)", "Computes `connection(layer(x), x)`, e.g. a residual `+`.", "SkipConnection(Dense(3 => 3, relu), +)"),
        "Parallel": Doc("Parallel(connection, layers...)  /  Parallel(connection; name = layer, ...)", "Feeds the input to every layer (or the i-th input to the i-th layer) and combines the outputs with `connection`.", "Parallel(vcat, Dense(2 => 3), Dense(2 => 1))(rand(Float32, 2))"),
        "Maxout": Doc("Maxout(layers...)", "The elementwise maximum of several layers' outputs on the same input.", "Maxout(Dense(3 => 2), Dense(3 => 2))"),
        "Conv": Doc("Conv((k1, k2), in => out, σ = identity; stride = 1, pad = 0, dilation = 1, groups = 1, bias = true)", "A convolution over WHCN arrays (width, height, channels, batch) with weight (k1, k2, in ÷ groups, out); Flux flips the kernel (true convolution). `pad = SamePad()` keeps the size; `groups` splits the channels into independent groups.", "c = Conv((3, 3), 1 => 4, relu)\nsize(c(rand(Float32, 28, 28, 1, 8)))  # (26, 26, 4, 8)"),
        "CrossCor": Doc("CrossCor((k1, k2), in => out, σ = identity; stride, pad, dilation)", "Like `Conv` but without flipping the kernel (what PyTorch calls convolution).", "CrossCor((3, 3), 1 => 2)"),
        "SamePad": Doc("SamePad()", "Padding for `Conv` and pooling that keeps the spatial size (with stride 1).", "Conv((3, 3), 1 => 1; pad = SamePad())"),
        "MaxPool": Doc("MaxPool((k1, k2); stride = (k1, k2), pad = 0)", "The maximum of each window of the spatial dimensions.", "size(MaxPool((2, 2))(rand(Float32, 4, 4, 1, 1)))  # (2, 2, 1, 1)"),
        "MeanPool": Doc("MeanPool((k1, k2); stride = (k1, k2), pad = 0)", "The mean of each window of the spatial dimensions (padding counts in the window).", "MeanPool((2, 2))(rand(Float32, 4, 4, 1, 1))"),
        "GlobalMaxPool": Doc("GlobalMaxPool()", "The maximum over all spatial positions, keeping singleton spatial dimensions.", "size(GlobalMaxPool()(rand(Float32, 4, 4, 3, 2)))  # (1, 1, 3, 2)"),
        "GlobalMeanPool": Doc("GlobalMeanPool()", "The mean over all spatial positions, keeping singleton spatial dimensions.", "GlobalMeanPool()(rand(Float32, 4, 4, 3, 2))"),
        "flatten": Doc("Flux.flatten(x)", "Reshapes to a matrix with the last dimension as columns: `reshape(x, :, size(x)[end])`.", "size(Flux.flatten(rand(Float32, 2, 3, 4)))  # (6, 4)"),
        "trainmode!": Doc("trainmode!(model)", "Makes `Dropout`, `BatchNorm` and the like behave as in training everywhere, not only inside `gradient`.", "trainmode!(model)"),
        "testmode!": Doc("testmode!(model, mode = true)", "Makes `Dropout`, `BatchNorm` and the like behave as in testing everywhere; `testmode!(m, :auto)` restores the automatic behaviour.", "testmode!(model)"),
        "f32": Doc("f32(model)", "A copy of the model with every float array converted to Float32.", "f32(Chain(Dense(ones(2, 2))))"),
        "f16": Doc("f16(model)", "A copy of the model with every float array converted to Float16 (each element rounded to the nearest half). flx stores and prints such models; running, differentiating or training them is refused (no half-precision tensors): convert back with `f32`.", "f16(Dense(2 => 1)).weight isa Matrix{Float16}  # true"),
        "f64": Doc("f64(model)", "A copy of the model with every float array converted to Float64.", "f64(Dense(2 => 1)).weight isa Matrix{Float64}  # true"),
        "orthogonal": Doc("orthogonal(dims...; gain = 1)", "A Float32 array with orthonormal rows or columns (from this session's generator), scaled by `gain`.", "Dense(3 => 3; init = orthogonal)"),
        "truncated_normal": Doc("truncated_normal(dims...; mean = 0, std = 1, lo = -2, hi = 2)", "Float32 normal samples restricted to [lo, hi].", "truncated_normal(3, 2)"),
        "msle": Doc("Flux.msle(ŷ, y; agg = mean, eps)", "Mean squared logarithmic error: `(log((ŷ + ϵ) / (y + ϵ)))^2`, aggregated.", "Flux.msle([1.0, 2.0], [1.0, 4.0])"),
        "kldivergence": Doc("Flux.kldivergence(ŷ, y; dims = 1, agg = mean, eps)", "Kullback–Leibler divergence of the distribution `y` from `ŷ` (columns are samples).", "Flux.kldivergence([0.5, 0.5], [0.9, 0.1])"),
        "focal_loss": Doc("Flux.focal_loss(ŷ, y; dims = 1, agg = mean, gamma = 2, eps)", "Cross entropy down-weighted for well-classified samples by (1 - ŷ)^γ.", "Flux.focal_loss(softmax(logits), y)"),
        "hinge_loss": Doc("Flux.hinge_loss(ŷ, y; agg = mean)", "`max(0, 1 - ŷ·y)` for labels ±1.", "Flux.hinge_loss([0.5, -2.0], [1.0, -1.0])  # 0.25"),
        "squared_hinge_loss": Doc("Flux.squared_hinge_loss(ŷ, y; agg = mean)", "The square of `max(0, 1 - ŷ·y)`.", "Flux.squared_hinge_loss([0.5], [1.0])  # 0.25"),
        "DataLoader": Doc("Flux.DataLoader(data; batchsize = 1, shuffle = false, partial = true, rng, collate = nothing)", "Iterates over batches of observations along the last dimension of an array, or of each array in a tuple or named tuple; `length` is the number of batches. With `shuffle = true` the order is redrawn each epoch from `rng` (default: the session's generator, so `Random.seed!` makes it repeatable). `partial = false` drops a short last batch; `batchsize = -1` yields single observations. `collate = true` stacks a vector of observations into one array; a function is called on each vector of observations.", "loader = Flux.DataLoader((X, Y), batchsize = 32, shuffle = true)\nfor (x, y) in loader\n    # ...\nend"),
        "onehot": Doc("Flux.onehot(x, labels[, default])", "A `OneHotVector`: Bool, with a single true at the position of `x` in `labels` (of `default` when `x` is not there).", "Flux.onehot(:b, [:a, :b, :c])  # 3-element OneHotVector(::UInt32) with eltype Bool"),
        "onehotbatch": Doc("Flux.onehotbatch(xs, labels[, default])", "A `OneHotMatrix`, length(labels) × length(xs), with column k the one-hot encoding of xs[k] (of `default` for values not in `labels`). It prints its zeros as `⋅` and multiplies like the Bool matrix it is.", "Flux.onehotbatch([1, 3], 1:3)"),
        "OneHotVector": Doc("OneHotVector(i, L)", "OneHotArrays' one-hot vector type (what `onehot` returns): length L, true at index i only. flx keeps the Bool elements; results computed from it are plain arrays.", "Flux.OneHotVector(2, 3) == [false, true, false]"),
        "OneHotArray": Doc("OneHotArray{T, N, N+1, I}", "OneHotArrays' one-hot array type: what `onehotbatch` returns for an N-dimensional array of labels, of size (length(labels), size(data)...), each column true at its label's row only.", "size(Flux.onehotbatch([1 2; 3 1], 1:3))  # (3, 2, 2)"),
        "OneHotMatrix": Doc("OneHotMatrix(indices, L)", "OneHotArrays' one-hot matrix type (what `onehotbatch` returns): L × length(indices), column k true at row indices[k] only.", "Flux.OneHotMatrix([2, 1], 3)"),
        "_channels_in": Doc("Flux._channels_in(layer)", "Flux's internal count of a convolution layer's input channels (Conv, CrossCor, ConvTranspose), read off its weight and groups.", "Flux._channels_in(Conv((3,), 2 => 4))  # 2"),
        "_channels_out": Doc("Flux._channels_out(layer)", "Flux's internal count of a convolution layer's output channels (Conv, CrossCor, ConvTranspose), read off its weight and groups.", "Flux._channels_out(Conv((3,), 2 => 4))  # 4"),
        "_splitat": Doc("Flux._splitat(data, at)", "Flux's internal helper for `EmbeddingBag`: the pieces of vector `data` starting at each index in `at` (which must start at 1 and increase strictly).", "Flux._splitat([1, 2, 3, 4], [1, 3])  # [[1, 2], [3, 4]]"),
        "onecold": Doc("Flux.onecold(y, labels = 1:size(y, 1))", "The inverse of one-hot: the label at the position of each column's maximum.", "Flux.onecold([0.1, 0.9], [:no, :yes])  # :yes"),
        "gelu_erf": Doc("gelu_erf(x)", "The exact GELU, `x/2·(1 + erf(x/√2))` (PyTorch's default GELU); `gelu` is the tanh approximation.", "gelu_erf(1.0)  # 0.8413447460685429"),
        "tanh_fast": Doc("tanh_fast(x)", "NNlib's fast tanh; in flx it is `tanh`.", "tanh_fast(0.5)"),
        "sigmoid_fast": Doc("sigmoid_fast(x)", "NNlib's fast sigmoid; in flx it is `σ`.", "sigmoid_fast(0.0)  # 0.5"),
        "ifelse": Doc("ifelse(condition, a, b)", "`a` if the condition is true, else `b`; both are evaluated first. Broadcast it over arrays: `ifelse.(x .> 0, x, 0)`.", "ifelse(1 > 2, \"yes\", \"no\")  # \"no\""),
    ]
}
