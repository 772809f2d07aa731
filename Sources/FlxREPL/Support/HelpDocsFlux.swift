import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
/// Help entries for Flux layers, NNlib activations, initialisers and losses.
extension HelpDocs {
    package static let flux: [String: Doc] = [
        "Dense": Doc("Dense(in => out, σ = identity; bias = true, init = glorot_uniform)",
                     "A fully connected layer: `σ.(W * x .+ b)` with weight `W` of size out × in and bias `b` of length out. Input columns are samples; extra dimensions are treated as batch.",
                     "d = Dense(3 => 2, relu)\nd(rand(Float32, 3, 5))  # 2×5 Matrix{Float32}"),
        "Chain": Doc("Chain(layers...)  /  Chain(name = layer, ...)  /  Chain([layers])",
                     "Calls each layer on the output of the previous one. Index it like a tuple: `model[1]`, `model[1:2]`, `model[:name]`.",
                     "model = Chain(Dense(3 => 7, relu), Dense(7 => 1))\nmodel(rand(Float32, 3, 2))"),
        "Flux": Doc("Flux", "The Flux module: layers (`Dense`, `Chain`), activations, losses (`Flux.mse`, ...), `Flux.setup`, `Flux.train!` and the optimiser rules. `using Flux` makes the module and its exports available.", "using Flux\nmodel = Chain(Dense(2 => 3, relu), Dense(3 => 1))"),
        "NNlib": Doc("NNlib", "The module of activation functions and `softmax`-style functions that Flux re-exports.", "using NNlib\nNNlib.relu(-1.5)  # 0.0"),
        "Functors": Doc("Functors", "The module that walks nested structs: `fmap` and `children`.", "using Flux, Functors\nkeys(Functors.children(Dense(2 => 1)))  # (:weight, :bias, :σ)"),
        "Losses": Doc("Flux.Losses", "The loss functions (`mse`, `mae`, `crossentropy`, ...). They are reachable as `Flux.mse` as well as `Flux.Losses.mse`; they are not exported.", "Flux.Losses.mae([1.0, 2.0], [2.0, 2.0])  # 0.5"),
        "Train": Doc("Flux.Train", "The module holding `train!` and `explicit_withgradient`, the hook that `train!` calls to differentiate.", "Flux.Train.train!"),
        "Optimise": Doc("Flux.Optimise", "The legacy optimiser module: the old rules `ExpDecay`, `InvDecay`, `ClipValue`, `Optimiser` and the legacy forms of `WeightDecay` (default 0), `ClipNorm` and `AdamW` (decoupled decay).", "opt = Flux.Optimise.Optimiser(Flux.Optimise.Adam(), Flux.Optimise.ExpDecay(1.0))"),

        // Initialisers
        "glorot_uniform": Doc("glorot_uniform(dims...; gain = 1)", "Float32 array uniform in ±gain·√(6/(fan_in + fan_out)); Dense's default weight initialiser.", "glorot_uniform(3, 2)"),
        "glorot_normal": Doc("glorot_normal(dims...; gain = 1)", "Float32 array drawn from a normal distribution with mean 0 and standard deviation gain·√(2/(fan_in + fan_out)).", "Dense(3 => 2; init = glorot_normal)"),
        "kaiming_uniform": Doc("kaiming_uniform(dims...; gain = √2)", "Float32 array uniform in ±gain·√(3/fan_in); suited to relu layers.", "kaiming_uniform(4, 3)"),
        "kaiming_normal": Doc("kaiming_normal(dims...; gain = √2)", "Float32 array normal with standard deviation gain/√fan_in.", "Dense(3 => 4, relu; init = kaiming_normal)"),
        "zeros32": Doc("zeros32(dims...)", "Shorthand for `zeros(Float32, dims...)`; usable as an `init` function.", "zeros32(2, 2)"),
        "ones32": Doc("ones32(dims...)", "Shorthand for `ones(Float32, dims...)`; usable as an `init` function.", "ones32(3)"),
        "rand32": Doc("rand32(dims...)", "Shorthand for `rand(Float32, dims...)`: uniform in [0, 1).", "rand32(2, 3)"),
        "randn32": Doc("randn32(dims...)", "Shorthand for `randn(Float32, dims...)`: standard normal Float32 values.", "randn32(4)"),

        // Activations (scalar; broadcast over arrays with f.(x))
        "relu": Doc("relu(x)", "Rectified linear unit: `max(0, x)`. Broadcast it over arrays: `relu.(x)`.", "relu.([-1.0, 2.0])  # [0.0, 2.0]"),
        "σ": Doc("σ(x)  /  sigmoid(x)", "The logistic sigmoid `1 / (1 + exp(-x))`, computed stably.", "σ(0.0)  # 0.5"),
        "sigmoid": Doc("sigmoid(x)  /  σ(x)", "The logistic sigmoid `1 / (1 + exp(-x))`; `σ` is the same function.", "sigmoid.([-1f0, 0f0, 1f0])"),
        "hardσ": Doc("hardσ(x)  /  hardsigmoid(x)", "Piecewise linear sigmoid: `clamp((x + 3) / 6, 0, 1)`.", "hardσ(0.0)  # 0.5"),
        "hardsigmoid": Doc("hardsigmoid(x)  /  hardσ(x)", "Piecewise linear sigmoid: `clamp((x + 3) / 6, 0, 1)`.", "hardsigmoid.([-4.0, 0.0, 4.0])  # [0.0, 0.5, 1.0]"),
        "logσ": Doc("logσ(x)  /  logsigmoid(x)", "Log of the sigmoid, `-softplus(-x)`, computed without overflow.", "logσ(0.0)  # -0.6931471805599453"),
        "logsigmoid": Doc("logsigmoid(x)  /  logσ(x)", "Log of the sigmoid, `-softplus(-x)`, computed without overflow.", "logsigmoid.([-1.0, 1.0])"),
        "hardtanh": Doc("hardtanh(x)", "Clamps `x` to [-1, 1].", "hardtanh.([-2.0, 0.5, 3.0])  # [-1.0, 0.5, 1.0]"),
        "leakyrelu": Doc("leakyrelu(x, a = 0.01)", "`x` for positive input, `a * x` otherwise.", "leakyrelu(-2.0)  # -0.02"),
        "relu6": Doc("relu6(x)", "relu capped at 6: `clamp(x, 0, 6)`.", "relu6.([-1.0, 3.0, 9.0])  # [0.0, 3.0, 6.0]"),
        "elu": Doc("elu(x, α = 1)", "Exponential linear unit: `x` for x ≥ 0, else `α * (exp(x) - 1)`.", "elu(-1.0)  # -0.6321205588285577"),
        "celu": Doc("celu(x, α = 1)", "Continuously differentiable elu: `x` for x ≥ 0, else `α * (exp(x / α) - 1)`.", "celu.([-1.0, 2.0])"),
        "selu": Doc("selu(x)", "Scaled elu with the self-normalising constants λ ≈ 1.0507 and α ≈ 1.6733.", "selu.([-1.0, 1.0])"),
        "gelu": Doc("gelu(x)", "Gaussian error linear unit, tanh approximation (same as `gelu_tanh`): `x/2 * (1 + tanh(√(2/π) * (x + 0.044715x³)))`.", "gelu(1.0)  # ≈ 0.8412"),
        "gelu_tanh": Doc("gelu_tanh(x)", "The tanh approximation of gelu; `gelu` is this function.", "gelu_tanh.([-1f0, 1f0])"),
        "swish": Doc("swish(x)  /  silu(x)", "`x * σ(x)`.", "swish(1.0)  # ≈ 0.7311"),
        "silu": Doc("silu(x)  /  swish(x)", "Sigmoid linear unit `x * σ(x)`, the same as `swish`.", "silu.([-1.0, 1.0])"),
        "lisht": Doc("lisht(x)", "`x * tanh(x)`.", "lisht(1.0)  # ≈ 0.7616"),
        "softsign": Doc("softsign(x)", "`x / (1 + abs(x))`, a smooth map into (-1, 1).", "softsign(1.0)  # 0.5"),
        "softplus": Doc("softplus(x)", "`log(1 + exp(x))`, a smooth relu, computed without overflow.", "softplus(0.0)  # 0.6931471805599453"),
        "logcosh": Doc("logcosh(x)", "`log(cosh(x))`, computed stably as `x + softplus(-2x) - log(2)`.", "logcosh(0.0)  # 0.0"),
        "mish": Doc("mish(x)", "`x * tanh(softplus(x))`.", "mish.([-1.0, 1.0])"),
        "tanhshrink": Doc("tanhshrink(x)", "`x - tanh(x)`.", "tanhshrink(1.0)  # ≈ 0.2384"),
        "softmax": Doc("softmax(x; dims = 1)", "Exponentials normalised to sum to 1 along `dims` (the class dimension is 1, columns are samples).", "softmax([1.0, 2.0, 3.0])"),
        "logsoftmax": Doc("logsoftmax(x; dims = 1)", "`log.(softmax(x; dims))` computed stably: `x .- max .- log(sum(exp.(x .- max)))`.", "logsoftmax([1.0, 2.0, 3.0])"),
        "logsumexp": Doc("logsumexp(x; dims = :)", "`log(sum(exp.(x)))` without overflow, over all elements or along `dims`.", "logsumexp([1000.0, 1000.0])  # ≈ 1000.6931"),

        // Losses: prediction first, then target; agg = mean unless given.
        "mse": Doc("Flux.mse(ŷ, y)", "Mean squared error between prediction and target (sizes must match). flx supports only the default `agg = mean`.", "Flux.mse([1.0, 2.0], [1.0, 4.0])  # 2.0"),
        "mae": Doc("Flux.mae(ŷ, y)", "Mean absolute error `mean(abs.(ŷ .- y))`; sizes must match. flx supports only the default `agg = mean`.", "Flux.mae([1.0, 2.0], [2.0, 4.0])  # 1.5"),
        "huber_loss": Doc("Flux.huber_loss(ŷ, y; delta = 1)", "Squared error `e²/2` for errors `e` below `delta`, linear `delta * (e - delta/2)` above, averaged; less sensitive to outliers than mse.", "Flux.huber_loss([0.0, 3.0], [0.0, 0.0])  # 1.25"),
        "crossentropy": Doc("Flux.crossentropy(ŷ, y)", "Cross entropy `-sum(y .* log.(ŷ .+ ϵ))` of probabilities `ŷ` against targets `y`, with classes along dimension 1, averaged over columns (ϵ = eps of the element type). flx does not take Julia's `dims`, `agg` or `eps` keywords.", "Flux.crossentropy(softmax([1.0, 2.0]), [0.0, 1.0])"),
        "logitcrossentropy": Doc("Flux.logitcrossentropy(ŷ, y)", "Cross entropy computed from logits with `logsoftmax` over dimension 1, averaged over columns; numerically stabler than `crossentropy(softmax(ŷ), y)`. flx does not take the `dims` keyword.", "Flux.logitcrossentropy(model(x), y)"),
        "binarycrossentropy": Doc("Flux.binarycrossentropy(ŷ, y)", "Binary cross entropy of probabilities: `-y*log(ŷ+ϵ) - (1-y)*log(1-ŷ+ϵ)`, averaged.", "Flux.binarycrossentropy([0.9, 0.2], [1.0, 0.0])"),
        "logitbinarycrossentropy": Doc("Flux.logitbinarycrossentropy(ŷ, y)", "Binary cross entropy from logits: `(1 - y) * ŷ - logσ(ŷ)`, averaged; stabler than applying `σ` first.", "Flux.logitbinarycrossentropy([2.0, -1.0], [1.0, 0.0])"),

        // Structure walking
        "state": Doc("Flux.state(model)", "The model's state as Flux 0.15 gives it: nested NamedTuples and tuples following the model, holding its arrays (the same arrays, not copies), numbers, strings and `nothing`; functions and other leaves become `()`. Load it into a model of the same structure with `Flux.loadmodel!`.", "s = Flux.state(Dense(2 => 1))  # (weight = Float32[...], bias = Float32[0.0], σ = ())"),
        "loadmodel!": Doc("Flux.loadmodel!(model, state)  /  Flux.loadmodel!(model, path)", "Copies the arrays of `state` (from `Flux.state`, or another model of the same structure) into `model`'s arrays in place and returns `model`. Structures must match (ArgumentError) and sizes too (DimensionMismatch naming both sizes). Given a path, reads a safetensors file written by `Flux.savemodel` (or Python): every array needs its key, with the same size and dtype; everything is checked before anything is copied.", "m2 = Dense(2 => 1)\nFlux.loadmodel!(m2, Flux.state(m1))\nFlux.loadmodel!(m2, \"model.safetensors\")"),
        "savemodel": Doc("Flux.savemodel(path, model)", "Writes the model's arrays to a safetensors file, keyed along the model tree (`layers.1.weight`, `layers.1.bias`, ... for a Chain; `weight`, `bias` for a Dense; field names for structs). Python's `safetensors.numpy.load_file` sees each array with the same shape and values as flx (a Dense weight is out × in). The file is written atomically (temporary file, fsync, rename).", "model = Chain(Dense(2 => 3, relu), Dense(3 => 1))\nFlux.savemodel(\"model.safetensors\", model)"),
        "SafeTensors": Doc("SafeTensors", "The module reading and writing safetensors files, as SafeTensors.jl: `SafeTensors.serialize` and `SafeTensors.deserialize` for Float32, Float64, Int64 and Bool arrays.", "using SafeTensors\nSafeTensors.serialize(\"x.safetensors\", Dict(\"w\" => rand(Float32, 2, 3)))"),
        "serialize": Doc("SafeTensors.serialize(path, dict[, metadata])", "Writes a `Dict{String}` of arrays (Float32, Float64, Int64, Bool) to a safetensors file, with optional `Dict{String, String}` metadata. Shapes and values are as Python sees them; the write is atomic.", "SafeTensors.serialize(tempname(), Dict(\"w\" => [1.0 2.0; 3.0 4.0]))"),
        "deserialize": Doc("SafeTensors.deserialize(path)", "Reads a safetensors file into a `Dict{String, Array}` (in file order). A truncated file, a corrupt header, an unknown dtype or offsets outside the file are an ArgumentError that names the problem.", "d = SafeTensors.deserialize(\"x.safetensors\")\nd[\"w\"]"),
        "fmap": Doc("fmap(f, x)", "Rebuilds the nested structure `x` (a layer, a NamedTuple, a tuple ...) with `f` applied to every leaf, such as each array of a model.", "fmap(x -> 2x, (a = [1.0], b = (c = [2.0],)))  # (a = [2.0], b = (c = [4.0],))"),
        "children": Doc("Functors.children(x)", "The immediate parts of a layer or other struct, as a NamedTuple of its fields; plain values have none.", "using Flux, Functors\nkeys(Functors.children(Dense(2 => 1)))  # (:weight, :bias, :σ)"),
        "trainable": Doc("Flux.trainable(x)", "The parts of a layer that the optimiser may update, as a NamedTuple; by default every field, of which only the arrays get updated. Restrict it for your own type with `Flux.@layer MyLayer trainable=(W,)`.", "keys(Flux.trainable(Dense(2 => 1)))  # (:weight, :bias, :σ)"),
        "trainables": Doc("Flux.trainables(model; path = false)", "A flat vector of all trainable arrays of a model (each once, tied arrays too); with `path = true`, `(KeyPath, array)` tuples.", "length(Flux.trainables(Chain(Dense(2 => 3), Dense(3 => 1))))  # 4"),
        "destructure": Doc("Optimisers.destructure(model)", "Flattens all trainable parameters into one vector and returns it with a function that rebuilds the model from such a vector (differentiably).", "flat, re = Flux.destructure(model)\nm2 = re(flat .* 2)"),
    ]
}
