import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
/// Help entries for training, the Optimisers.jl rules and automatic differentiation.
extension HelpDocs {
    package static let optimisers: [String: Doc] = [
        "train!": Doc("Flux.train!(loss, model, data, opt)  /  train!(loss, model, opt)  /  train!(loss, ps::Params, data, opt)",
                      "One pass over `data`: for each item `d`, the gradient of `loss(model, d...)` with respect to the model updates it in place through `opt` (a tree from `Flux.setup`, a `FluxState` such as `Flux.Adam()`, or a stateless rule). In flx it returns the vector of losses (Julia's returns nothing). A NaN or Inf loss stops training before the update. When stderr is a terminal a progress bar (done/total, it/s, ETA, mean loss) is redrawn in place and cleared at the end; keyword `progress = false` turns it off.",
                      "opt = Flux.setup(Adam(), model)\nlosses = Flux.train!(model, data, opt) do m, x, y\n    Flux.mse(m(x), y)\nend"),
        "setup": Doc("Flux.setup(rule, model)  /  Optimisers.setup(rule, model)",
                     "Builds the optimiser state: a tree shaped like the model with a `Leaf(rule, state)` at each trainable array.",
                     "opt_state = Flux.setup(Adam(0.01), model)"),
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

        // Rules. Hyper-parameters are converted to the parameter eltype when applied.
        "Descent": Doc("Descent(η = 0.1f0)", "Plain gradient descent: `x .-= η .* g`. It keeps no state. Note the Float32 default: with Float64 parameters η is 0.10000000149011612.", "Flux.train!(loss, model, data, Descent(0.01))"),
        "Momentum": Doc("Momentum(η = 0.01, ρ = 0.9)", "Gradient descent with momentum: `v = ρv + ηg; x .-= v`.", "Flux.setup(Momentum(0.01, 0.9), model)"),
        "Nesterov": Doc("Nesterov(η = 0.001, ρ = 0.9)", "Gradient descent with Nesterov momentum (the look-ahead variant of `Momentum`).", "Flux.setup(Nesterov(0.01), model)"),
        "RMSProp": Doc("RMSProp(η = 0.001, ρ = 0.9, ϵ = 1e-8; centred = false)", "Divides the step by a running root mean square of the gradient: `q = ρq + (1-ρ)g²; Δ = ηg / (√q + ϵ)`. `centred = true` (alias `centered`) also subtracts the squared running mean.", "Flux.setup(RMSProp(0.01), model)"),
        "Rprop": Doc("Rprop(η = 1e-3, ℓ = (0.5, 1.2), Γ = (1e-6, 50.0))", "Resilient backprop: uses only the sign of the gradient, with a per-element step that grows by ℓ[2] while the sign holds and shrinks by ℓ[1] when it flips, kept within Γ.", "Flux.setup(Rprop(), model)"),
        "Adam": Doc("Adam(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)", "The Adam optimiser: bias-corrected running means of the gradient and its square. `Flux.Adam()` (and plain `Adam()` after `using Flux`) makes a `FluxState`, a rule with its own state that `train!` accepts directly and `Flux.setup` unwraps; `Optimisers.Adam()` is the plain rule. Keywords use the field names: `Adam(eta = 0.01)`.", "opt = Flux.setup(Adam(0.01), model)"),
        "RAdam": Doc("RAdam(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)", "Rectified Adam: like Adam, but damps the step while the variance estimate is still unreliable in early iterations.", "Flux.setup(RAdam(), model)"),
        "AdaMax": Doc("AdaMax(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)", "Adam variant that scales by a running maximum of `abs(g)` instead of a root mean square.", "Flux.setup(AdaMax(), model)"),
        "OAdam": Doc("OAdam(η = 0.001, β = (0.5, 0.9), ϵ = 1e-8)", "Optimistic Adam: each step is twice the current Adam step minus the previous one; meant for adversarial training.", "Flux.setup(OAdam(), model)"),
        "AdaGrad": Doc("AdaGrad(η = 0.1, ϵ = 1e-8)", "Scales each element by the root of its accumulated squared gradients, so often-updated elements slow down.", "Flux.setup(AdaGrad(), model)"),
        "AdaDelta": Doc("AdaDelta(ρ = 0.9, ϵ = 1e-8)", "AdaGrad variant with running averages of squared gradients and squared steps; it has no learning rate.", "Flux.setup(AdaDelta(), model)"),
        "AMSGrad": Doc("AMSGrad(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)", "Adam variant that divides by the running maximum of the second-moment estimate (and has no bias correction).", "Flux.setup(AMSGrad(), model)"),
        "NAdam": Doc("NAdam(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)", "Adam with Nesterov momentum.", "Flux.setup(NAdam(), model)"),
        "AdamW": Doc("AdamW(η = 0.001, β = (0.9, 0.999), λ = 0, ϵ = 1e-8; couple = true)", "Adam with weight decay λ: the step is `η * (adam_direction + λx)`; with `couple = false` the decay `λx` is not scaled by η. (`Flux.Optimise.AdamW` is the legacy, decoupled form.)", "Flux.setup(AdamW(1e-3, (0.9, 0.999), 1e-2), model)"),
        "AdaBelief": Doc("AdaBelief(η = 0.001, β = (0.9, 0.999), ϵ = 1e-16)", "Adam variant whose second moment tracks `(g - m)²`, the deviation of the gradient from its running mean.", "Flux.setup(AdaBelief(), model)"),
        "Lion": Doc("Lion(η = 0.001, β = (0.9, 0.999))", "Evolved sign momentum: the step is η times the sign of a blend of the momentum and the gradient. Use a smaller η than for Adam.", "Flux.setup(Lion(1e-4), model)"),
        "WeightDecay": Doc("WeightDecay(λ = 5e-4)", "L2 regularisation as a rule: adds `λ * x` to the gradient. Put it before the main rule in an `OptimiserChain`. (Legacy `Flux.Optimise.WeightDecay` defaults to 0.)", "OptimiserChain(WeightDecay(1e-4), Adam())"),
        "SignDecay": Doc("SignDecay(λ = 1e-3)", "L1 regularisation as a rule: adds `λ * sign(x)` to the gradient.", "OptimiserChain(SignDecay(1e-4), Descent(0.1))"),
        "ClipGrad": Doc("ClipGrad(δ = 10.0)", "Clamps each gradient element to [-δ, δ].", "OptimiserChain(ClipGrad(1.0), Adam())"),
        "ClipNorm": Doc("ClipNorm(ω = 10, p = 2; throw = true)", "Rescales each gradient array so that its p-norm is at most ω. A non-finite norm throws a DomainError unless `throw = false`.", "OptimiserChain(ClipNorm(1.0), Adam())"),
        "AccumGrad": Doc("AccumGrad(n)", "Averages the gradients of n calls and lets the next rule act only every n-th call (no update in between).", "Flux.setup(OptimiserChain(AccumGrad(4), Adam()), model)"),
        "OptimiserChain": Doc("OptimiserChain(rules...)", "Applies each rule in turn to the gradient, e.g. clipping before Adam.", "OptimiserChain(ClipGrad(1.0), Adam(1e-3))"),
        "Optimiser": Doc("Flux.Optimiser(rules...)", "Legacy (`Flux.Optimise`) name for a chain of rules applied one after another; prefer `OptimiserChain`.", "Flux.Optimiser(Adam(), ExpDecay(1.0))"),
        "ExpDecay": Doc("ExpDecay(η = 0.001, decay = 0.1, decay_step = 1000, clip = 1e-4, start = 0)", "Legacy learning-rate schedule: multiplies the step by η, and every `decay_step` steps multiplies η by `decay` (not below `clip`). Put it last in a chain.", "Flux.Optimiser(Adam(), ExpDecay(1.0))"),
        "InvDecay": Doc("InvDecay(γ = 0.001)", "Legacy schedule: divides the step by `1 + γn`, where n counts the updates of each array. Put it after another rule.", "Flux.Optimiser(Adam(1f-3), InvDecay(1f-2))"),
        "ClipValue": Doc("ClipValue(thresh)", "Legacy rule: clamps each gradient element to [-thresh, thresh] (the old name of `ClipGrad`).", "Flux.Optimiser(ClipValue(1.0), Descent())"),
    ]

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
