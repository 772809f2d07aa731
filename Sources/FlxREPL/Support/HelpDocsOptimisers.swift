import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
/// Help entries for training and automatic differentiation; the rules' own entries (chains
/// and wrappers too) come from `OptimiserRegistry`, one line per rule.
extension HelpDocs {
    package static let optimisers: [String: Doc] = OptimiserRegistry.helpEntries.merging([
        "train!": Doc("Flux.train!(loss, model, data, opt)  /  train!(loss, model, opt)  /  train!(loss, ps::Params, data, opt)",
                      "One pass over `data`: for each item `d`, the gradient of `loss(model, d...)` with respect to the model updates it in place through `opt` (a tree from `Flux.setup`, a `FluxState` such as `Flux.Adam()`, or a stateless rule). In flx it returns the vector of losses (Julia's returns nothing). A NaN or Inf loss stops training before the update. When stderr is a terminal a progress bar (done/total, it/s, ETA, mean loss) is redrawn in place and cleared at the end; keyword `progress = false` turns it off.",
                      "opt = Flux.setup(Adam(), model)\nlosses = Flux.train!(model, data, opt) do m, x, y\n    Flux.mse(m(x), y)\nend"),
        "setup": Doc("Flux.setup(rule, model)  /  Optimisers.setup(rule, model)",
                     "Builds the optimiser state: a tree shaped like the model with a `Leaf(rule, state)` at each trainable array.",
                     "opt_state = Flux.setup(Adam(0.01), model)"),
        "unsqueeze": Doc("MLUtils.unsqueeze(x; dims)", "`x` reshaped with a new dimension of size 1 at `dims`.", "size(MLUtils.unsqueeze(rand(2, 3); dims = 1))  # (1, 2, 3)"),
        "stack": Doc("MLUtils.stack(xs; dims)", "The arrays of `xs` (all of one size) joined along a new dimension `dims`.", "MLUtils.stack([[1, 2], [3, 4]]; dims = 2)  # [1 3; 2 4]"),
        "unstack": Doc("MLUtils.unstack(x; dims)", "The slices of `x` along dimension `dims`, as a vector of arrays (the inverse of `stack`).", "MLUtils.unstack([1 3; 2 4]; dims = 2)  # [[1, 2], [3, 4]]"),
        "batch": Doc("MLUtils.batch(xs)", "The observations `xs` (arrays of one size, or numbers, or tuples of them) joined along a new last dimension.", "MLUtils.batch([[1, 2], [3, 4]])  # [1 3; 2 4]"),
        "chunk": Doc("MLUtils.chunk(x, n; dims)  /  chunk(x; size, dims)  /  chunk(x, partition_idxs; npartitions, dims)",
                     "`x` split along `dims` (its last dimension by default) into `n` parts of `cld(length, n)` (the last one shorter), into parts of `size`, of the sizes in a collection, or by sorted part numbers. A range gives ranges; an array's parts are copies in flx (views in MLUtils).",
                     "MLUtils.chunk(1:10, 3)  # [1:4, 5:8, 9:10]"),
        "batchseq": Doc("MLUtils.batchseq(seqs, val = 0, n = nothing)", "N sequences (time along their last dimension) turned into one sequence of batches of N, the shorter ones padded with `val` up to the longest (or to `n`).",
                        "MLUtils.batchseq([[1, 2, 3], [4, 5]], 0)  # [[1, 4], [2, 5], [3, 0]]"),
        "unbatch": Doc("MLUtils.unbatch(x)", "The observations of `x`, the slices along its last dimension, as a vector (the inverse of `batch`).", "MLUtils.unbatch([1 3; 2 4])  # [[1, 2], [3, 4]]"),
        "xlogx": Doc("Flux.Losses.xlogx(x)", "`x * log(x)`, but 0 where `x` is 0 (the limit, where the product would be NaN); used by the entropy losses.", "Flux.Losses.xlogx(0)  # 0.0"),
        "xlogy": Doc("Flux.Losses.xlogy(x, y)", "`x * log(y)`, but 0 where `x` is 0 (even if `y` is 0 too).", "Flux.Losses.xlogy(0, 0)  # 0.0"),
        "subtract!": Doc("Optimisers.subtract!(x, dx)", "The step `update!` takes: `x .= x .- dx` in place when `maywrite(x)`, else a new array of x's element type; `nothing` or a `ZeroTangent` leaves `x` itself.", "x = [1.0, 2.0]; Optimisers.subtract!(x, [0.5, 0.5])  # x is now [0.5, 1.5]"),
        "_norm": Doc("Optimisers._norm(dx, p)", "The p-norm `ClipNorm` takes of a gradient, an array or a lazy `Broadcasted` (computed first).", "Optimisers._norm(Broadcast.broadcasted(-, [3.0, -4.0], 0), 2)  # 5.0"),
        "KeyPath": Doc("Functors.KeyPath(keys...)", "The keys that lead from a model to one of its parts: field names as Symbols, positions as Ints, Dict keys as themselves. `trainables(x; path = true)` pairs each array with one.", "KeyPath(:layers, 1, :weight)"),
        "getkeypath": Doc("Functors.getkeypath(x, kp::KeyPath)", "The part of `x` that the key path leads to.", "getkeypath((a = [1.0], b = (2, 3)), KeyPath(:b, 2))  # 3"),
        "haskeypath": Doc("Functors.haskeypath(x, kp::KeyPath)", "Whether every key of the path exists along the way in `x`.", "haskeypath((a = [1.0],), KeyPath(:b,))  # false"),
        "maywrite": Doc("Optimisers.maywrite(x)", "Whether a rule may write into `x` in place: true for an array, false for anything else (a range, a number). `Optimisers.@.. x = rhs` uses it to broadcast into `x` or rebind it.", "Optimisers.maywrite([1.0, 2.0])  # true"),
        "@..": Doc("Optimisers.@.. x = rhs", "Broadcasts `rhs` like `@.`; writes the result into `x` when `maywrite(x)`, else rebinds `x` to it. For writing `apply!` rules.", "x = [1.0, 2.0]\nOptimisers.@.. x = x * 2"),
        "update!": Doc("Flux.update!(opt_state, model, grad)",
                       "Applies one optimiser step to every array of `model` that has a gradient, mutating the model and the state; returns `(opt_state, model)`.",
                       "g = gradient(m -> loss(m, x, y), model)[1]\nFlux.update!(opt_state, model, g)"),
        "update": Doc("Optimisers.update(opt_state, model, grad)", "Like `update!` but leaves its inputs alone: returns a new state tree and a new model.", "using Optimisers\nopt_state, model = Optimisers.update(opt_state, model, g)"),
        "adjust!": Doc("Optimisers.adjust!(opt_state, η)  /  adjust!(opt_state; kw...)", "Changes hyper-parameters of every rule in a state tree in place: a number sets the learning rate, keywords set named fields (`beta = (0.8, 0.99)`). The rest of the state is kept.", "Flux.adjust!(opt_state, 1e-4)\nFlux.adjust!(opt_state; beta = (0.8, 0.99))"),
        "adjust": Doc("Optimisers.adjust(opt_state, η)  /  adjust(opt_state; kw...)", "Like `adjust!` but returns a changed copy of the state tree.", "using Optimisers\nnew_state = Optimisers.adjust(opt_state, 0.001)"),
        "freeze!": Doc("Optimisers.freeze!(tree)", "Marks every `Leaf` in a state tree (or subtree) so that `update!` skips it until `thaw!`.", "Flux.freeze!(opt_state.layers[1])  # train only the later layers"),
        "thaw!": Doc("Optimisers.thaw!(tree)", "Undoes `freeze!`: the leaves of the tree are updated again.", "Flux.thaw!(opt_state)"),
        "init": Doc("Optimisers.init(rule, x)", "The initial state that `rule` keeps for the parameter array `x` (e.g. momentum buffers of zeros).", "using Optimisers\nOptimisers.init(Momentum(), zeros(2))  # [0.0, 0.0]"),
        "apply!": Doc("Optimisers.apply!(rule, state, x, g)", "One step of a rule on one array: returns `(new_state, Δ)`; the parameter update is then `x .-= Δ`.", "using Optimisers\nx = [1.0, 2.0]; g = [0.5, 0.5]\nst = Optimisers.init(Descent(0.1), x)\nst, Δ = Optimisers.apply!(Descent(0.1), st, x, g)  # Δ == [0.05, 0.05]"),
        "Leaf": Doc("Optimisers.Leaf(rule, state)", "One node of a state tree from `setup`: the rule for one parameter array and its current state (plus a frozen flag).", "opt_state = Flux.setup(Descent(), Dense(1 => 1))\nopt_state.weight  # Leaf(Descent(0.1), nothing)"),
        "AbstractRule": Doc("Optimisers.AbstractRule", "The abstract type of every optimiser rule (`Adam(...)`, `Descent(...)`, ...).", "using Optimisers\nAdam() isa Optimisers.AbstractRule  # true"),
        "FluxState": Doc("Flux.FluxState(rule)", "flx's mutable optimiser (Flux PR #2029): a rule and its state, built on first use as an explicit state tree or, for implicit `Params`, an IdDict. `Flux.Adam()` and the other rule names under `Flux.` return one, and it is accepted wherever a rule is.", "opt = Flux.Adam()\nFlux.train!(model, data, opt) do m, x, y\n    Flux.mse(m(x), y)\nend"),
        "explicit_withgradient": Doc("Flux.Train.explicit_withgradient(f, args...)", "The function `train!` calls to get the loss and gradient; by default Zygote's `withgradient`. A script may redefine it to plug in another AD.", "Flux.Train.explicit_withgradient(m -> sum(m.weight), Dense(2 => 1))"),
    ]) { registry, _ in registry }

    package static let autodiff: [String: Doc] = [
        "Zygote": Doc("Zygote", "The reverse-mode AD module: `gradient`, `withgradient`, `pullback`, `Params`, `Grads`.", "using Zygote\nZygote.gradient(x -> 3x^2, 2.0)  # (12.0,)"),
        "Diffractor": Doc("Diffractor", "A small module holding `∂⃖¹`, a first-order pullback in Diffractor.jl's form.", "using Diffractor\ny, back = Diffractor.∂⃖¹(sin, 0.0)"),
        "gradient": Doc("gradient(f, args...)  /  gradient(() -> loss, ps::Params)", "Reverse-mode derivative of the scalar `f(args...)` with respect to each argument, as a tuple; structs give NamedTuples of their fields' gradients and `nothing` marks no dependence. The implicit form returns `Grads` indexed by the arrays of `ps`.", "gradient(x -> sum(abs2, x), [1.0, 2.0])  # ([2.0, 4.0],)"),
        "withgradient": Doc("withgradient(f, args...)", "Like `gradient`, but also returns the value: `(val = f(args...), grad = (...))`.", "withgradient(x -> x^2, 3.0)  # (val = 9.0, grad = (6.0,))"),
        "pullback": Doc("pullback(f, args...)", "Returns `(y, back)` where `back(dy)` gives the gradient of each argument scaled by `dy`.", "y, back = pullback(x -> 3x^2, 2.0)\nback(1.0)  # (12.0,)"),
        "∂⃖¹": Doc("Diffractor.∂⃖¹(f, args...)", "Returns `(y, back)` like `pullback`, but `back(dy)` gives the gradient for `f` itself first (`nothing` for a function without captured state), then one per argument.", "using Diffractor\ny, back = Diffractor.∂⃖¹(x -> x^2, 3.0)\nback(1.0)  # (nothing, 6.0)"),
        "params": Doc("Flux.params(model)", "The trainable arrays of a model as `Params`, for implicit-mode `gradient(() -> loss(...), ps)`.", "ps = Flux.params(model)\ngs = gradient(() -> Flux.mse(model(x), y), ps)\ngs[model[1].weight]"),
        "Params": Doc("Params(arrays)", "An ordered set of arrays (by identity) to differentiate with respect to in implicit mode; usually made by `Flux.params`.", "using Zygote\nps = Params([W, b])\ngs = gradient(() -> sum(W * x .+ b), ps)"),
        "Grads": Doc("Grads", "The result of implicit `gradient(() -> ..., ps)`: index it with a parameter array to get that array's gradient (`nothing` if unused).", "using Zygote\ngs = gradient(() -> sum(W), Params([W]))\ngs[W]"),
    ]
}
