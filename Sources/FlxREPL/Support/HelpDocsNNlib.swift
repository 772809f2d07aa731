import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
/// Help entries for the Flux utilities and NNlib functions of issue 22: `outputsize`,
/// the structured initialisers, `ConvTranspose`, padding, upsampling, batched products,
/// gather/scatter and NNlib's functional `dropout`.
extension HelpDocs {
    package static let nnlib: [String: Doc] = [
        "outputsize": Doc("Flux.outputsize(m, inputsize::Tuple...; padbatch = false)",
                          "The size of `m(x)` for an input `x` of size `inputsize`, with `(inputsize..., 1)` when `padbatch = true`. A tuple or vector of layers is applied like a `Chain`; several sizes make a tuple of inputs. flx runs the model once on Float32 zeros (Flux uses its zero-cost `Nil` numbers).",
                          "Flux.outputsize(Chain(Conv((3, 3), 3 => 16), Flux.flatten), (10, 10, 3); padbatch = true)  # (1024, 1)"),
        "lecun_normal": Doc("Flux.lecun_normal([rng], dims...; gain = 1)  /  Flux.lecun_normal([rng]; kw...)",
                            "Float32 array from a normal distribution truncated to [-2, 2], with standard deviation gain/√fan_in. Without sizes it returns the initialiser with `rng` and keywords fixed.",
                            "Dense(10 => 100, selu; init = Flux.lecun_normal())"),
        "sparse_init": Doc("Flux.sparse_init([rng], rows, cols; sparsity, std = 0.01)",
                           "Float32 matrix whose every column has ⌈sparsity·rows⌉ zeros at random places; the other entries are normal with standard deviation `std`.",
                           "count(iszero, Flux.sparse_init(10, 10, sparsity = 1/5))  # 20"),
        "identity_init": Doc("Flux.identity_init(dims...; gain = 1, shift = 0)",
                             "Float32 array that makes a layer an identity map: zeros for a vector, `gain` on the diagonal of a matrix, and for a convolution kernel `gain` at the centre of each filter (i, i). `shift` applies `circshift`.",
                             "Dense(3 => 3; init = Flux.identity_init)([1.0, 2.0, 3.0])  # [1.0, 2.0, 3.0]"),
        "ConvTranspose": Doc("ConvTranspose(filter, in => out, σ = identity; stride = 1, pad = 0, outpad = 0, dilation = 1, bias = true, init = glorot_uniform)  /  ConvTranspose(weight, bias = true, σ = identity; ...)",
                             "The transposed convolution, which grows WHCN arrays: each spatial size becomes (n - 1)·stride + 1 + (k - 1)·dilation - pad + outpad. The weight is (k..., out, in). `pad = SamePad()` gives size n·stride; `outpad` adds to the output size only.",
                             "ConvTranspose((5, 5), 3 => 7, stride = 2)(rand(Float32, 100, 100, 3, 1)) |> size  # (203, 203, 7, 1)"),
    
        // Activations
        "hardswish": Doc("hardswish(x)", "`x * hardσ(x)`: 0 below -3, `x` above 3, a parabola between. On an array it broadcasts, as every NNlib activation does.", "hardswish.(-5:5)'"),
        "gelu_sigmoid": Doc("gelu_sigmoid(x)", "GELU written with the sigmoid: `x * σ(√(8/π) * (x + 0.044715x³))`, equal to `gelu_tanh` in exact arithmetic.", "gelu_sigmoid(1.0)  # 0.8411919906082768"),
        "trelu": Doc("trelu(x, theta = 1)  /  thresholdrelu(x, theta = 1)", "Threshold ReLU: `x` when `x > theta`, else `zero(x)`.", "trelu.([0.5, 1.5])  # [0.0, 1.5]"),
        "thresholdrelu": Doc("thresholdrelu(x, theta = 1)", "The same function as `trelu`: `x` when `x > theta`, else `zero(x)`.", "thresholdrelu(2.0)  # 2.0"),
        "softshrink": Doc("softshrink(x, λ = 0.5)", "Soft thresholding: `x - λ` above λ, `x + λ` below -λ, 0 between.", "softshrink.((-10f0, 10f0))  # (-9.5f0, 9.5f0)"),
        "rrelu": Doc("rrelu(x, lo = 1/8, hi = 1/3)", "Randomised leaky ReLU: `leakyrelu(x, a)` with the slope `a` drawn uniformly from [lo, hi) at every call (from the session's generator).", "extrema(rrelu.(fill(-10f0, 1000)))"),
    
        // Padding
        "pad_constant": Doc("pad_constant(x, pad, val = 0; dims = :)", "Pads `x` with the constant `val` (converted to x's element type). `pad` is an Int for both sides of every dimension in `dims`, a tuple of one amount per dimension, or of (lo, hi) per dimension.", "pad_constant([1 2; 3 4], (1, 0, 0, 2), 9)"),
        "pad_zeros": Doc("pad_zeros(x, pad; dims = :)", "`pad_constant(x, pad, 0; dims)`.", "pad_zeros(Float32[1 2], 1)"),
        "pad_repeat": Doc("pad_repeat(x, pad; dims)", "Pads by repeating the edge values. `pad` is (l1, r1, l2, r2, ...) for `dims` (default the first length ÷ 2), or an Int for both sides of every dimension but the last two.", "pad_repeat([1, 2, 3], (2, 1))  # [1, 1, 1, 2, 3, 3]"),
        "pad_reflect": Doc("pad_reflect(x, pad; dims)", "Pads by mirroring across the edge, not repeating it; `pad` as in `pad_repeat`.", "pad_reflect([1, 2, 3, 4], (2, 1))  # [3, 2, 1, 2, 3, 4, 3]"),
        "pad_symmetric": Doc("pad_symmetric(x, pad; dims)", "Pads by mirroring including the edge; `pad` as in `pad_repeat`.", "pad_symmetric([1, 2, 3], (2, 0))  # [2, 1, 1, 2, 3]"),
        "pad_circular": Doc("pad_circular(x, pad; dims)", "Pads by wrapping round (periodic); `pad` as in `pad_repeat`.", "pad_circular([1, 2, 3], (1, 1))  # [3, 1, 2, 3, 1]"),
        // Upsampling
        "upsample_nearest": Doc("upsample_nearest(x, scale::Tuple)  /  upsample_nearest(x; size)", "Repeats each element `scale[d]` times along each of the first length(scale) dimensions; the element type is kept.", "upsample_nearest([1 2; 3 4], (2, 1))"),
        "upsample_linear": Doc("upsample_linear(x, scale; align_corners = true)  /  upsample_linear(x; size, align_corners = true)", "Linear interpolation over the dimensions before channel and batch: the new size is floor(scale·size), or `size`. Integer arrays are interpolated in Float64 and rounded back.", "upsample_linear(reshape([1.0, 3.0], 2, 1, 1), 2) |> vec"),
        "upsample_bilinear": Doc("upsample_bilinear(x, scale; align_corners = true)  /  upsample_bilinear(x; size, align_corners = true)", "`upsample_linear` for WHCN arrays: bilinear interpolation of the first two dimensions; non-integer scales are allowed.", "upsample_bilinear(reshape(Float32[1 2 3; 4 5 6], 2, 3, 1, 1), (2, 3))"),
        "upsample_trilinear": Doc("upsample_trilinear(x, scale; align_corners = true)  /  upsample_trilinear(x; size, align_corners = true)", "`upsample_linear` for 5-dimensional arrays: trilinear interpolation of the first three dimensions.", "size(upsample_trilinear(rand(2, 2, 2, 1, 1), 2))  # (4, 4, 4, 1, 1)"),
        "pixel_shuffle": Doc("pixel_shuffle(x, r)", "Moves channels into space: (W, H, r²·C, N) becomes (r·W, r·H, C, N), for any number of spatial dimensions.", "size(pixel_shuffle(rand(2, 3, 8, 1), 2))  # (4, 6, 2, 1)"),
        "Upsample": Doc("Upsample(mode = :nearest; scale, size)  /  Upsample(scale, mode = :nearest)", "A layer calling `upsample_nearest`, `upsample_bilinear` or `upsample_trilinear` (mode `:nearest`, `:bilinear`, `:trilinear`); exactly one of `scale` and `size` is given, an Int scale applies to every dimension before channel and batch.", "Upsample(scale = 2)(rand(Float32, 4, 4, 1, 1)) |> size  # (8, 8, 1, 1)"),
        "PixelShuffle": Doc("PixelShuffle(r)", "A layer calling `pixel_shuffle(x, r)`.", "PixelShuffle(2)(rand(Float32, 3, 3, 4, 1)) |> size  # (6, 6, 1, 1)"),
    
        // Batched products
        "batched_mul": Doc("batched_mul(A, B)  /  A ⊠ B", "Matrix products over a batch: `C[:, :, k] = A[:, :, k] * B[:, :, k]`. A batch of size 1, or a plain matrix, on either side is shared by every k; more trailing dimensions are batch dimensions too.", "size(randn(2, 5, 17) ⊠ randn(5, 9, 17))  # (2, 9, 17)"),
        "⊠": Doc("A ⊠ B", "`batched_mul(A, B)` (typed \\boxtimes).", "size(randn(16, 8, 32) ⊠ randn(8, 4))  # (16, 4, 32)"),
        "batched_vec": Doc("batched_vec(A, B)  /  batched_vec(A, b)", "Batched matrix-vector products: `C[:, k...] = A[:, :, k...] * B[:, k...]`, or `A[:, :, k] * b` for one vector b.", "size(batched_vec(randn(16, 8, 32), randn(8, 32)))  # (16, 32)"),
        "batched_transpose": Doc("batched_transpose(A)", "Transposes each matrix `A[:, :, k]` of a 3-dimensional array. NNlib returns a lazy wrapper; flx returns `permutedims(A, (2, 1, 3))`.", "size(batched_transpose(rand(2, 5, 3)))  # (5, 2, 3)"),
        "batched_adjoint": Doc("batched_adjoint(A)", "The adjoint of each matrix `A[:, :, k]`; for real arrays the same as `batched_transpose`.", "size(batched_adjoint(rand(2, 5, 3)))  # (5, 2, 3)"),
    
        // Gather and scatter
        "gather": Doc("NNlib.gather(src, idx)  /  NNlib.gather(src, I, J, K...)", "`dst[:, ..., k] = src[:, ..., idx[k]...]` for every k of the index array, whose elements are Ints or tuples of Ints naming the last dimensions of `src`; several Int vectors are read as tuples. Differentiable (the gradient is a scatter-add).", "NNlib.gather([1 2 3; 4 5 6], [1, 3, 1])  # [1 3 1; 4 6 4]"),
        "gather!": Doc("NNlib.gather!(dst, src, idx)", "`gather` written into `dst`, which is returned.", "NNlib.gather!(zeros(Int, 2), reshape(1:15, 3, 5), [1, 2], [2, 4])  # [4, 11]"),
        "scatter": Doc("NNlib.scatter(op, src, idx; init, dstsize)", "The reverse of `gather`: a new array (of size `dstsize`, by default just large enough) filled with `init` (by default op's neutral element), then `dst[:, ..., idx[k]...] = op(dst[:, ..., idx[k]...], src[:, ..., k])`. `+`, `-` and `mean` are differentiable; other functions are applied element by element.", "NNlib.scatter(+, [10, 100, 1000], [3, 1, 2])  # [100, 1000, 10]"),
        "scatter!": Doc("NNlib.scatter!(op, dst, src, idx)", "`scatter` into the existing array `dst`, which is returned.", "NNlib.scatter!(+, ones(3), [10, 100], [1, 3])  # [11.0, 1.0, 101.0]"),
    
        "dropout": Doc("dropout([rng], A, p; dims = :)", "Zeros each element of `A` with probability `p` and scales the rest by 1/(1 - p); with `dims`, one choice per slice along those dimensions. Always applied: the `Dropout` layer is the one that follows train/test mode. Differentiable.", "dropout(ones(5, 5), 0.7, dims = 1)  # whole rows kept or zeroed"),
    
        "conv": Doc("conv(x, w; stride = 1, pad = 0, dilation = 1, flipped = false, groups = 1)", "The convolution under the `Conv` layer: x is (spatial..., Cin, N), w is (kernel..., Cin, Cout). `flipped = false` flips the kernel (a true convolution); `flipped = true` is a cross-correlation. Output size per dimension: (n + padding - (dilation·(k - 1) + 1)) ÷ stride + 1. Differentiable in x and w; only groups = 1 in flx.", "size(conv(rand(Float32, 28, 28, 3, 16), rand(Float32, 5, 5, 3, 8)))  # (24, 24, 8, 16)"),
    
        "DepthwiseConv": Doc("DepthwiseConv(filter, in => out, σ = identity; stride, pad, dilation, bias, init)  /  DepthwiseConv(weight, bias = true, σ = identity; ...)", "A `Conv` with `groups = in`: each input channel has its own filters. Returns a `Conv`.", "DepthwiseConv((5, 5), 3 => 6, relu; bias = false)  # Conv((5, 5), 3 => 6, relu, groups=3, bias=false)"),
        "AdaptiveMaxPool": Doc("AdaptiveMaxPool(out::Tuple)", "Max pooling whose window is chosen so that the output's spatial size is `out`: stride in ÷ out, window in - (out - 1)·stride.", "AdaptiveMaxPool((25, 25))(rand(Float32, 100, 100, 3, 1)) |> size  # (25, 25, 3, 1)"),
        "AdaptiveMeanPool": Doc("AdaptiveMeanPool(out::Tuple)", "Mean pooling whose window is chosen so that the output's spatial size is `out`.", "AdaptiveMeanPool((1, 1))(rand(Float32, 7, 7, 8, 2)) |> size  # (1, 1, 8, 2)"),
            // Losses
        "poisson_loss": Doc("Flux.poisson_loss(ŷ, y; agg = mean)", "agg(ŷ .- xlogy.(y, ŷ)): how far the predicted rates ŷ are from Poisson-distributed counts y.", "Flux.poisson_loss([1, 3, 3], 1:3)  # 0.5023128522198171"),
        "dice_coeff_loss": Doc("Flux.dice_coeff_loss(ŷ, y; smooth = 1)", "1 - (2·sum(y .* ŷ) + smooth) / (sum(y .^ 2) + sum(ŷ .^ 2) + smooth), for segmentation masks.", "Flux.dice_coeff_loss([1.1, 2.1, 3.1], 1:3)  # 0.000992391663909964"),
        "tversky_loss": Doc("Flux.tversky_loss(ŷ, y; beta = 0.7)", "1 - (sum(y .* ŷ) + 1) / (sum(y .* ŷ + β(1 .- y) .* ŷ + (1 - β) y .* (1 .- ŷ)) + 1); larger β weighs false negatives more.", "Flux.tversky_loss([0.9, 0.1], [1, 0])"),
        "binary_focal_loss": Doc("Flux.binary_focal_loss(ŷ, y; agg = mean, gamma = 2, eps = eps(eltype(ŷ)))", "Binary cross-entropy down-weighted on well-classified examples by (1 - p_t)^γ; γ = 0 is `binarycrossentropy`.", "Flux.binary_focal_loss([0.27 0.5; 0.73 0.5], [0 1; 1 0])"),
        "siamese_contrastive_loss": Doc("Flux.siamese_contrastive_loss(ŷ, y; agg = mean, margin = 1)", "agg(@. (1 - y) * ŷ^2 + y * max(0, margin - ŷ)^2), for pairs of a Siamese network; a negative margin is a DomainError.", "Flux.siamese_contrastive_loss([0.5, 1.5, 2.5], 1:3)  # -4.833333333333333"),
        "label_smoothing": Doc("Flux.label_smoothing(y, α; dims = 1)", "Smoothed labels y .* (1 - α) .+ α / k, with k = size(y, 1) (dims = 1) or 2 (dims = 0, binary labels in one number); 0 < α < 1.", "Flux.label_smoothing(Flux.onehotbatch([1, 0], 0:1), 0.2f0)"),
        // Layers
        "EmbeddingBag": Doc("EmbeddingBag(in => out, reduction = mean; init = randn32)", "An embedding table applied to bags of indices, each bag's vectors reduced to one: a vector of Ints is one bag, a matrix is bags along its columns, a vector of vectors several bags, `(data, at)` splits data where `at` says; one-hot matrices work too.", "EmbeddingBag(26 => 3)([[3, 1, 3], [2, 1]]) |> size  # (3, 2)"),
        "InstanceNorm": Doc("InstanceNorm(channels, λ = identity; initβ, initγ, affine = false, track_stats = false, eps = 1f-5, momentum = 0.1f0)", "Normalises each sample's channel over the spatial dimensions; `affine` adds per-channel β and γ, `track_stats` keeps running statistics for test mode.", "InstanceNorm(3)(rand(3, 3, 3, 2)) |> size"),
        "GroupNorm": Doc("GroupNorm(channels, G, λ = identity; initβ, initγ, affine = true, eps = 1f-5)", "Normalises over the spatial dimensions and groups of channels/G channels, per sample, then scales and shifts per channel.", "GroupNorm(4, 2)(rand(3, 3, 4, 2)) |> size"),
        // Utilities
        "nfan": Doc("Flux.nfan(dims...)  /  Flux.nfan(dims::Tuple)", "(fan_in, fan_out) of a weight of size dims: (1, n) for a vector, (in, out) for an out×in matrix, prod(k)·(in, out) for a convolution kernel (k..., in, out).", "Flux.nfan(size(Conv((3, 3), 2 => 10).weight))  # (18, 90)"),
        "activations": Doc("Flux.activations(c::Chain, input)", "Like calling the Chain, but returns a tuple of every layer's output.", "Flux.activations(Chain(x -> x + 1, x -> x * 2), 1)  # (2, 4)"),
        "throttle": Doc("Flux.throttle(f, timeout; leading = true, trailing = false)", "A function that runs f at most once per `timeout` seconds and otherwise returns f's last result. flx has no asynchronous tasks, so only the leading edge is supported.", "a = Flux.throttle(() -> println(\"Flux\"), 2)"),
        "patience": Doc("Flux.patience(predicate, wait)", "A function that counts consecutive calls where `predicate(...)` is true (a false resets the count) and returns whether the count has reached `wait`.", "trigger = Flux.patience(() -> true, 3)"),
        "early_stopping": Doc("Flux.early_stopping(f, delay; distance = -, init_score = Inf, min_dist = 0)", "A function that is true once `distance(best, f(...)) < min_dist` has held `delay` calls in a row, `best` being the best score seen: stop when the loss stops improving.", "es = Flux.early_stopping(() -> loss(), 3)"),
        "plateau": Doc("Flux.plateau(f, width; distance = -, init_score = Inf, min_dist = 1f-6)", "A function that is true once |distance(last, f(...))| < min_dist has held `width` calls in a row: stop when the score stops moving.", "trigger = Flux.plateau(() -> loss(), 3)"),
            "unfold": Doc("NNlib.unfold(x, kernel_size; stride = 1, pad = 0, dilation = 1, flipped = true)", "The sliding windows of a convolution with a weight of size `kernel_size` (spatial..., Cin, Cout) as rows: an array (windows, prod(k)·Cin, batch), so that `unfold(x, size(w)) ⊠ w` is `conv(x, w; flipped = true)`. Differentiable.", "size(NNlib.unfold(rand(7, 1, 1), (3, 1, 1)))  # (5, 3, 1)"),
        "fold": Doc("NNlib.fold(y, output_size, kernel_size; stride = 1, pad = 0, dilation = 1, flipped = true)", "The adjoint of `unfold`: adds every window of `y` back into an array of size `output_size`. Differentiable.", "NNlib.fold(NNlib.unfold(ones(7, 1, 1), (3, 1, 1)), (7, 1, 1), (3, 1, 1)) |> vec  # [1, 2, 3, 3, 3, 2, 1]"),
            "hamming_window": Doc("hamming_window(N, T = Float32; periodic = true, α = 0.54, β = 0.46)", "The Hamming window w[k] = α - β·cos(2πk/n), k = 0…N-1, with n = N when periodic, N - 1 when symmetric; computed in T.", "hamming_window(5, Float64; periodic = false)  # [0.08, 0.54, 1.0, 0.54, 0.08]"),
        "hann_window": Doc("hann_window(N, T = Float32; periodic = true)", "The Hann window: `hamming_window` with α = β = 0.5.", "hann_window(4)  # Float32[0.0, 0.5, 1.0, 0.5]"),
            "imrotate": Doc("imrotate(arr, θ; method = :bilinear, rotation_center = size(arr) .÷ 2 .+ 1)", "Rotates each image of a 4-dimensional (W, H, C, N) array by θ radians about `rotation_center`, reading the rotated coordinates bilinearly or (`method = :nearest`) from the nearest pixel, zero outside. Differentiable in `arr`.", "NNlib.imrotate(rand(4, 4, 1, 1), deg2rad(90))"),
            "Optimisers": Doc("Optimisers", "The module of optimisation rules (`Adam`, `Descent`, ...) and of `setup`, `update!`, `adjust!`, `freeze!`; Flux re-exports it, so `using Flux` also makes the name `Optimisers` available.", "using Flux\nOptimisers.setup(Optimisers.Adam(), Dense(2 => 1))"),
            // Recurrent layers
        "RNNCell": Doc("RNNCell(in => out, σ = tanh; init_kernel = glorot_uniform, init_recurrent_kernel = glorot_uniform, bias = true)", "One step of a plain recurrent layer: `cell(x, h)` returns `(h′, h′)` with h′ = σ(Wi x + Wh h + b); `cell(x)` starts from `initialstates(cell)`.", "y, h = RNNCell(3 => 5)(rand(Float32, 3, 4), zeros(Float32, 5))"),
        "LSTMCell": Doc("LSTMCell(in => out; init_kernel, init_recurrent_kernel, bias = true)", "One LSTM step: `cell(x, (h, c))` returns `(h′, (h′, c′))`; the input, forget, cell and output gates are the four row blocks of Wi x + Wh h + b.", "y, (h, c) = LSTMCell(3 => 5)(rand(Float32, 3, 4), (zeros(Float32, 5), zeros(Float32, 5)))"),
        "GRUCell": Doc("GRUCell(in => out; init_kernel, init_recurrent_kernel, bias = true)", "One GRU step (v1 of the paper): `cell(x, h)` returns `(h′, h′)`, h′ = (1 - z) h̃ + z h.", "y, h = GRUCell(3 => 5)(rand(Float32, 3, 4), zeros(Float32, 5))"),
        "GRUv3Cell": Doc("GRUv3Cell(in => out; init_kernel, init_recurrent_kernel, bias = true)", "One GRU step as in v3 of the paper: the candidate uses Wh_h̃ (r ⊙ h).", "y, h = GRUv3Cell(3 => 5)(rand(Float32, 3))"),
        "Recurrence": Doc("Recurrence(cell; return_state = false)", "Runs a cell over the second dimension of x (in × len or in × len × batch), stacking the outputs along it; with `return_state = true` returns (outputs, final state).", "Recurrence(RNNCell(2 => 3))(rand(Float32, 2, 5, 4)) |> size  # (3, 5, 4)"),
        "RNN": Doc("RNN(in => out, σ = tanh; return_state = false, cell keywords...)", "An RNNCell run over a sequence, as `Recurrence`; `rnn(x, h)` starts from the state h.", "RNN(4 => 6)(rand(Float32, 4, 3, 5)) |> size  # (6, 3, 5)"),
        "LSTM": Doc("LSTM(in => out; return_state = false, cell keywords...)", "An LSTMCell run over a sequence; the state is the pair (h, c).", "LSTM(3 => 5)(rand(Float32, 3, 10)) |> size  # (5, 10)"),
        "GRU": Doc("GRU(in => out; return_state = false, cell keywords...)", "A GRUCell run over a sequence.", "GRU(3 => 5)(rand(Float32, 3, 10)) |> size  # (5, 10)"),
        "GRUv3": Doc("GRUv3(in => out; return_state = false, cell keywords...)", "A GRUv3Cell run over a sequence.", "GRUv3(3 => 5)(rand(Float32, 3, 10)) |> size  # (5, 10)"),
        "initialstates": Doc("Flux.initialstates(layer)", "The zero state a recurrent cell or layer starts from: zeros of the hidden size (a pair of them for LSTM).", "Flux.initialstates(LSTMCell(2 => 3))"),
            "modules": Doc("Flux.modules(m)", "Every non-leaf node of the model tree, depth first: the model, the tuples of layers inside containers, each layer (Functors' fcollect without the leaves). Handy for regularising only some layers.", "L2(m) = sum(sum(abs2, l.weight) for l in Flux.modules(m) if l isa Dense)"),
            "WeightNorm": Doc("WeightNorm(layer, which = :weight; dims = -1)", "Reparametrises the field `which` of `layer` as w = g · v / ‖v‖ (the norm over `dims`, by default the last dimension), training the magnitude g apart from the direction v.", "wc = WeightNorm(Conv((3,), 1 => 2), :weight)"),
        "remove_weight_norms": Doc("Flux.remove_weight_norms(model)", "The model with every `WeightNorm` folded back into its layer (the weight set to g · v / ‖v‖).", "Flux.remove_weight_norms(Chain(WeightNorm(Dense(2 => 3))))"),
            "PairwiseFusion": Doc("PairwiseFusion(connection, layers...)  /  PairwiseFusion(connection; name = layer, ...)", "Runs layers in a chain where each one after the first takes `connection(previous output, next input)`; returns the tuple of every layer's output. Given one input x, every step fuses with x.", "PairwiseFusion(+, Dense(2 => 3), Dense(3 => 1))((rand32(2), rand32(3)))"),
            // Attention
        "dot_product_attention": Doc("dot_product_attention(query, key, value, [bias]; fdrop = identity, mask = nothing, nheads = 1)", "Multi-head dot-product attention: query (qk, q_len, batch...), key (qk, kv_len, batch...), value (v, kv_len, batch...). Returns the output (v, q_len, batch...) and the scores (kv_len, q_len, nheads, batch...), softmax over keys of kᵀq/√d plus bias, masked entries -Inf. Differentiable.", "y, α = dot_product_attention(rand(10, 20, 2), rand(10, 30, 2), rand(20, 30, 2))"),
        "dot_product_attention_scores": Doc("dot_product_attention_scores(query, key, [bias]; fdrop = identity, mask = nothing)", "The attention scores for query and key already split into heads: (d, nheads, len, batch) arrays.", "size(dot_product_attention_scores(rand(2, 1, 3, 1), rand(2, 1, 4, 1)))  # (4, 3, 1, 1)"),
        "make_causal_mask": Doc("make_causal_mask(x; dims = 2)", "A square BitMatrix of side size(x, dims) with m[i, j] = i ≤ j: each query sees only keys up to its own position.", "make_causal_mask(rand(3, 4))"),
        "MultiHeadAttention": Doc("MultiHeadAttention(dims; nheads = 8, bias = false, init = glorot_uniform, dropout_prob = 0.0)", "Dense projections of query, key and value, `dot_product_attention` over `nheads` heads (Dropout on the scores), and an output projection. `dims` is an Int or `in => qkv => out`. `mha(q, k, v, [bias]; mask)` returns (output, scores); `mha(x)` is self-attention.", "y, α = MultiHeadAttention(64, nheads = 8)(rand(Float32, 64, 10, 32))"),
    ]
}
