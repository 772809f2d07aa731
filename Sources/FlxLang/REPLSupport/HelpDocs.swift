/// Help mode (`?name` at the REPL): a docstring per built-in, and close matches for
/// names it does not know.
public enum HelpDocs {
    struct Doc {
        let signature: String
        let text: String
        let example: String
    }

    static let docs: [String: Doc] = [
        "Dense": Doc(signature: "Dense(in => out, σ = identity; bias = true, init = glorot_uniform)",
                     text: "A fully connected layer: `σ.(W * x .+ b)` with weight `W` of size out × in and bias `b` of length out. Input columns are samples; extra dimensions are treated as batch.",
                     example: "d = Dense(3 => 2, relu)\nd(rand(Float32, 3, 5))  # 2×5 Matrix{Float32}"),
        "Chain": Doc(signature: "Chain(layers...)  /  Chain(name = layer, ...)  /  Chain([layers])",
                     text: "Calls each layer on the output of the previous one. Index it like a tuple: `model[1]`, `model[1:2]`, `model[:name]`.",
                     example: "model = Chain(Dense(3 => 7, relu), Dense(7 => 1))\nmodel(rand(Float32, 3, 2))"),
        "train!": Doc(signature: "Flux.train!(loss, model, data, opt)  /  train!(loss, model, opt)  /  train!(loss, ps::Params, data, opt)",
                      text: "One pass over `data`: for each item `d`, the gradient of `loss(model, d...)` with respect to the model updates it in place through `opt` (a tree from `Flux.setup`, a `FluxState` such as `Flux.Adam()`, or a stateless rule). Returns the vector of losses. A NaN or Inf loss stops training before the update.",
                      example: "opt = Flux.setup(Adam(), model)\nlosses = Flux.train!(model, data, opt) do m, x, y\n    Flux.mse(m(x), y)\nend"),
        "setup": Doc(signature: "Flux.setup(rule, model)",
                     text: "Builds the optimiser state: a tree shaped like the model with a `Leaf(rule, state)` at each trainable array.",
                     example: "opt_state = Flux.setup(Adam(0.01), model)"),
        "update!": Doc(signature: "Flux.update!(opt_state, model, grad)",
                       text: "Applies one optimiser step to every array of `model` that has a gradient, mutating the model and the state; returns both.",
                       example: "g = gradient(m -> loss(m, x, y), model)[1]\nFlux.update!(opt_state, model, g)"),
        "gradient": Doc(signature: "gradient(f, args...)",
                        text: "Reverse-mode derivative of the scalar `f(args...)` with respect to each argument, as a tuple; structs give NamedTuples of their fields' gradients and `nothing` marks no dependence.",
                        example: "gradient(x -> sum(abs2, x), [1.0, 2.0])  # ([2.0, 4.0],)"),
        "withgradient": Doc(signature: "withgradient(f, args...)",
                            text: "Like `gradient`, but also returns the value: `(val = f(args...), grad = (...))`.",
                            example: "withgradient(x -> x^2, 3.0)  # (val = 9.0, grad = (6.0,))"),
        "pullback": Doc(signature: "pullback(f, args...)",
                        text: "Returns `(y, back)` where `back(dy)` gives the gradient of each argument scaled by `dy`.",
                        example: "y, back = pullback(x -> 3x^2, 2.0)\nback(1.0)  # (12.0,)"),
        "Adam": Doc(signature: "Adam(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)",
                    text: "The Adam optimiser. `Flux.Adam()` makes a `FluxState` (a rule with its own state) that `train!` accepts directly; `Optimisers.Adam()` is the plain rule for `Flux.setup`.",
                    example: "opt = Flux.setup(Adam(0.01), model)"),
        "Descent": Doc(signature: "Descent(η = 0.1f0)", text: "Plain gradient descent: `x .-= η .* g`. It keeps no state, so it can be passed to `train!` directly.", example: "Flux.train!(loss, model, data, Descent(0.01))"),
        "Momentum": Doc(signature: "Momentum(η = 0.01, ρ = 0.9)", text: "Gradient descent with momentum: `v = ρv + ηg; x .-= v`.", example: "Flux.setup(Momentum(0.01, 0.9), model)"),
        "OptimiserChain": Doc(signature: "OptimiserChain(rules...)", text: "Applies each rule in turn to the gradient, e.g. clipping before Adam.", example: "OptimiserChain(ClipGrad(1.0), Adam(1e-3))"),
        "FluxState": Doc(signature: "FluxState(rule)", text: "PR #2029's mutable optimiser: a rule and its state, built on first use as an explicit state tree or, for implicit `Params`, an IdDict.", example: "opt = Flux.Adam()\nFlux.train!(model, data, opt) do m, x, y\n    Flux.mse(m(x), y)\nend"),
        "params": Doc(signature: "Flux.params(model)", text: "The trainable arrays of a model as `Params`, for implicit-mode `gradient(() -> loss(...), ps)`.", example: "ps = Flux.params(model)\ngs = gradient(() -> loss(x, y), ps)\ngs[model[1].weight]"),
        "mse": Doc(signature: "Flux.mse(ŷ, y; agg = mean)", text: "Mean squared error between prediction and target (sizes must match).", example: "Flux.mse([1.0, 2.0], [1.0, 4.0])  # 2.0"),
        "crossentropy": Doc(signature: "Flux.crossentropy(ŷ, y; dims = 1)", text: "Cross entropy of probabilities `ŷ` against targets `y`, averaged over columns.", example: "Flux.crossentropy(softmax(logits), y)"),
        "logitcrossentropy": Doc(signature: "Flux.logitcrossentropy(ŷ, y; dims = 1)", text: "Cross entropy computed from logits with `logsoftmax`, numerically stable.", example: "Flux.logitcrossentropy(model(x), y)"),
        "relu": Doc(signature: "relu(x)", text: "Rectified linear unit: `max(0, x)`. Broadcast it over arrays: `relu.(x)`.", example: "relu.([-1.0, 2.0])  # [0.0, 2.0]"),
        "σ": Doc(signature: "σ(x)  /  sigmoid(x)", text: "The logistic sigmoid `1 / (1 + exp(-x))`, computed stably.", example: "σ(0.0)  # 0.5"),
        "softmax": Doc(signature: "softmax(x; dims = 1)", text: "Exponentials normalised to sum to 1 along `dims` (the class dimension is 1).", example: "softmax([1.0, 2.0, 3.0])"),
        "glorot_uniform": Doc(signature: "glorot_uniform(dims...; gain = 1)", text: "Float32 array uniform in ±gain·√(6/(fan_in + fan_out)); Dense's default weight initialiser.", example: "glorot_uniform(3, 2)"),
        "println": Doc(signature: "println(args...)", text: "Prints each argument with `print`, then a newline.", example: "println(\"x = \", 1.5f0)  # x = 1.5"),
        "zeros": Doc(signature: "zeros([T = Float64], dims...)", text: "An array of zeros of element type `T`.", example: "zeros(Float32, 2, 3)"),
        "rand": Doc(signature: "rand([rng], [T = Float64], dims...)", text: "Uniform random numbers in [0, 1), from the seedable generator (`Random.seed!`).", example: "rand(Float32, 3)"),
        "map": Doc(signature: "map(f, collections...)", text: "Applies `f` to each element (or each tuple of elements) and collects the results.", example: "map(x -> x^2, [1, 2, 3])  # [1, 4, 9]"),
        "sum": Doc(signature: "sum([f], x; dims)", text: "Adds the elements (after applying `f`), over everything or along `dims`.", example: "sum(abs2, [1, 2])  # 5"),
        "push!": Doc(signature: "push!(v, items...)", text: "Appends items to a vector, in place.", example: "v = Float32[]\npush!(v, 1)"),
    ]

    /// The help text for a query such as `Dense`, `Flux.train!` or `?Adam`.
    public static func help(_ query: String, session: Session) -> String {
        let name = query.split(separator: ".").last.map(String.init) ?? query
        if let d = docs[name] {
            let example = d.example.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
            return "  \(d.signature)\n\n  \(d.text)\n\n  Example\n  ≡≡≡≡≡≡≡\n\n\(example)\n"
        }
        let known = Set(docs.keys).union(Completion.namesInScope(session)).union(session.interp.modules.values.flatMap { $0.exports })
        if known.contains(name) {
            return "  \(name)\n\n  A built-in of flx; no docstring has been written for it yet.\n"
        }
        let close = known.filter { editDistance($0.lowercased(), name.lowercased()) <= 2 }.sorted().prefix(8)
        var s = "  No documentation found for `\(name)`.\n"
        if !close.isEmpty { s += "\n  Perhaps you meant " + close.joined(separator: ", ") + "\n" }
        return s
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count)
        for i in 1...x.count {
            var cur = [i] + [Int](repeating: 0, count: y.count)
            for j in 1...y.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[y.count]
    }
}
