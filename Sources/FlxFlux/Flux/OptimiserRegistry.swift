import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// The optimiser rules the language offers: one line per rule, giving its Julia name, its
/// engine kind and its help entry. The constructors under `Optimisers.`, `Flux.` and
/// `Flux.Optimise.` and the rules' `?help` all come from these lists; how each rule is built,
/// adjusted, read (`getfield`) and shown comes from its kind's `RuleSpec`.
///
/// Adding a rule takes one new file in `Sources/FlxEngine/Optimisers/Rules/` (its typed
/// struct and its `RuleKind`) and one line here, in the list that says where it is bound;
/// nothing else changes.
package enum OptimiserRegistry {
    package typealias Doc = BuiltinHelp

    package struct Entry {
        package let name: String
        package let kind: RuleKind
        /// Nil when another entry of the same name already documents it (legacy namesakes).
        package let help: Doc?
    }

    /// Optimisers.jl's rules of numbers: `Optimisers.X` makes the rule, `Flux.X` a `FluxState`
    /// holding it, and `Flux.Optimise.X` the rule too unless a legacy namesake below replaces it.
    package static let rules: [Entry] = [
        Entry(name: "Descent", kind: .descent, help: Doc("Descent(η = 0.1f0)", "Plain gradient descent: `x .-= η .* g`. It keeps no state. Note the Float32 default: with Float64 parameters η is 0.10000000149011612.", "Flux.train!(loss, model, data, Descent(0.01))")),
        Entry(name: "Momentum", kind: .momentum, help: Doc("Momentum(η = 0.01, ρ = 0.9)", "Gradient descent with momentum: `v = ρv + ηg; x .-= v`.", "Flux.setup(Momentum(0.01, 0.9), model)")),
        Entry(name: "Nesterov", kind: .nesterov, help: Doc("Nesterov(η = 0.001, ρ = 0.9)", "Gradient descent with Nesterov momentum (the look-ahead variant of `Momentum`).", "Flux.setup(Nesterov(0.01), model)")),
        Entry(name: "RMSProp", kind: .rmsprop, help: Doc("RMSProp(η = 0.001, ρ = 0.9, ϵ = 1e-8; centred = false)", "Divides the step by a running root mean square of the gradient: `q = ρq + (1-ρ)g²; Δ = ηg / (√q + ϵ)`. `centred = true` (alias `centered`) also subtracts the squared running mean.", "Flux.setup(RMSProp(0.01), model)")),
        Entry(name: "Rprop", kind: .rprop, help: Doc("Rprop(η = 1e-3, ℓ = (0.5, 1.2), Γ = (1e-6, 50.0))", "Resilient backprop: uses only the sign of the gradient, with a per-element step that grows by ℓ[2] while the sign holds and shrinks by ℓ[1] when it flips, kept within Γ.", "Flux.setup(Rprop(), model)")),
        Entry(name: "Adam", kind: .adam, help: Doc("Adam(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)", "The Adam optimiser: bias-corrected running means of the gradient and its square. `Flux.Adam()` (and plain `Adam()` after `using Flux`) makes a `FluxState`, a rule with its own state that `train!` accepts directly and `Flux.setup` unwraps; `Optimisers.Adam()` is the plain rule. Keywords use the field names: `Adam(eta = 0.01)`.", "opt = Flux.setup(Adam(0.01), model)")),
        Entry(name: "RAdam", kind: .radam, help: Doc("RAdam(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)", "Rectified Adam: like Adam, but damps the step while the variance estimate is still unreliable in early iterations.", "Flux.setup(RAdam(), model)")),
        Entry(name: "AdaMax", kind: .adamax, help: Doc("AdaMax(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)", "Adam variant that scales by a running maximum of `abs(g)` instead of a root mean square.", "Flux.setup(AdaMax(), model)")),
        Entry(name: "OAdam", kind: .oadam, help: Doc("OAdam(η = 0.001, β = (0.5, 0.9), ϵ = 1e-8)", "Optimistic Adam: each step is twice the current Adam step minus the previous one; meant for adversarial training.", "Flux.setup(OAdam(), model)")),
        Entry(name: "AdaGrad", kind: .adagrad, help: Doc("AdaGrad(η = 0.1, ϵ = 1e-8)", "Scales each element by the root of its accumulated squared gradients, so often-updated elements slow down.", "Flux.setup(AdaGrad(), model)")),
        Entry(name: "AdaDelta", kind: .adadelta, help: Doc("AdaDelta(ρ = 0.9, ϵ = 1e-8)", "AdaGrad variant with running averages of squared gradients and squared steps; it has no learning rate.", "Flux.setup(AdaDelta(), model)")),
        Entry(name: "AMSGrad", kind: .amsgrad, help: Doc("AMSGrad(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)", "Adam variant that divides by the running maximum of the second-moment estimate (and has no bias correction).", "Flux.setup(AMSGrad(), model)")),
        Entry(name: "NAdam", kind: .nadam, help: Doc("NAdam(η = 0.001, β = (0.9, 0.999), ϵ = 1e-8)", "Adam with Nesterov momentum.", "Flux.setup(NAdam(), model)")),
        Entry(name: "AdamW", kind: .adamw, help: Doc("AdamW(η = 0.001, β = (0.9, 0.999), λ = 0, ϵ = 1e-8; couple = true)", "Adam with weight decay λ: the step is `η * (adam_direction + λx)`; with `couple = false` the decay `λx` is not scaled by η. (`Flux.Optimise.AdamW` is the legacy, decoupled form.)", "Flux.setup(AdamW(1e-3, (0.9, 0.999), 1e-2), model)")),
        Entry(name: "AdaBelief", kind: .adabelief, help: Doc("AdaBelief(η = 0.001, β = (0.9, 0.999), ϵ = 1e-16)", "Adam variant whose second moment tracks `(g - m)²`, the deviation of the gradient from its running mean.", "Flux.setup(AdaBelief(), model)")),
        Entry(name: "Lion", kind: .lion, help: Doc("Lion(η = 0.001, β = (0.9, 0.999))", "Evolved sign momentum: the step is η times the sign of a blend of the momentum and the gradient. Use a smaller η than for Adam.", "Flux.setup(Lion(1e-4), model)")),
        Entry(name: "WeightDecay", kind: .weightDecay, help: Doc("WeightDecay(λ = 5e-4)", "L2 regularisation as a rule: adds `λ * x` to the gradient. Put it before the main rule in an `OptimiserChain`. (Legacy `Flux.Optimise.WeightDecay` defaults to 0.)", "OptimiserChain(WeightDecay(1e-4), Adam())")),
        Entry(name: "SignDecay", kind: .signDecay, help: Doc("SignDecay(λ = 1e-3)", "L1 regularisation as a rule: adds `λ * sign(x)` to the gradient.", "OptimiserChain(SignDecay(1e-4), Descent(0.1))")),
        Entry(name: "ClipGrad", kind: .clipGrad, help: Doc("ClipGrad(δ = 10.0)", "Clamps each gradient element to [-δ, δ].", "OptimiserChain(ClipGrad(1.0), Adam())")),
        Entry(name: "ClipNorm", kind: .clipNorm, help: Doc("ClipNorm(ω = 10, p = 2; throw = true)", "Rescales each gradient array so that its p-norm is at most ω. A non-finite norm throws a DomainError unless `throw = false`.", "OptimiserChain(ClipNorm(1.0), Adam())")),
        Entry(name: "AccumGrad", kind: .accumGrad, help: Doc("AccumGrad(n)", "Averages the gradients of n calls and lets the next rule act only every n-th call (no update in between).", "Flux.setup(OptimiserChain(AccumGrad(4), Adam()), model)")),
    ]

    /// Optimisers.jl's rules made from other rules, bound under `Optimisers.` only.
    package static let composites: [Entry] = [
        Entry(name: "OptimiserChain", kind: .optimiserChain, help: Doc("OptimiserChain(rules...)", "Applies each rule in turn to the gradient, e.g. clipping before Adam.", "OptimiserChain(ClipGrad(1.0), Adam(1e-3))")),
        Entry(name: "MixedPrecision", kind: .mixedPrecision, help: Doc("MixedPrecision([T = Float32,] rule)", "Keeps a copy of each parameter in precision T (Float32 or Float64) with `rule`'s state for it; each step updates the copy and writes it back rounded to the parameter's type, so steps too small for a low-precision parameter still add up. Wrap a whole `OptimiserChain`, never put it inside one.", "using Optimisers\nopt = Flux.setup(MixedPrecision(Float64, Adam(1e-3)), model)")),
    ]

    /// Flux ≤ 0.14's `Flux.Optimise` rules that behave differently from their namesakes.
    package static let legacy: [Entry] = [
        Entry(name: "ExpDecay", kind: .expDecay, help: Doc("ExpDecay(η = 0.001, decay = 0.1, decay_step = 1000, clip = 1e-4, start = 0)", "Legacy learning-rate schedule: multiplies the step by η, and every `decay_step` steps multiplies η by `decay` (not below `clip`). Put it last in a chain.", "Flux.Optimiser(Adam(), ExpDecay(1.0))")),
        Entry(name: "InvDecay", kind: .invDecay, help: Doc("InvDecay(γ = 0.001)", "Legacy schedule: divides the step by `1 + γn`, where n counts the updates of each array. Put it after another rule.", "Flux.Optimiser(Adam(1f-3), InvDecay(1f-2))")),
        Entry(name: "ClipValue", kind: .clipValue, help: Doc("ClipValue(thresh)", "Legacy rule: clamps each gradient element to [-thresh, thresh] (the old name of `ClipGrad`).", "Flux.Optimiser(ClipValue(1.0), Descent())")),
        Entry(name: "ClipNorm", kind: .legacyClipNorm, help: nil),
        Entry(name: "WeightDecay", kind: .legacyWeightDecay, help: nil),
        Entry(name: "AdamW", kind: .legacyAdamW, help: nil),
        Entry(name: "Optimiser", kind: .legacyOptimiser, help: Doc("Flux.Optimiser(rules...)", "Legacy (`Flux.Optimise`) name for a chain of rules applied one after another; prefer `OptimiserChain`.", "Flux.Optimiser(Adam(), ExpDecay(1.0))")),
    ]

    /// Every entry: modern, composite, legacy.
    package static var all: [Entry] { rules + composites + legacy }

    /// Every kind registered.
    package static var kinds: [RuleKind] { all.map(\.kind) }

    /// The rules' `?help` entries by name.
    package static var helpEntries: [String: Doc] {
        var docs: [String: Doc] = [:]
        for e in all { if let h = e.help { docs[e.name] = h } }
        return docs
    }
}
