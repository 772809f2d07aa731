import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `Flux.train!` as Flux PR #2029 proposed it: explicit (`loss(model, d...)`),
/// implicit (`loss(d...)` with `Params`) and one-step forms, returning the losses;
/// `FluxState` holding a rule and its state; gradients always obtained through
/// `Flux.Train.explicit_withgradient`, which a script may redefine.
package enum Training {
    package static func install(_ interp: Interpreter, flux: ModuleValue) {
        let train = ModuleValue(name: "Train", parent: flux)
        train.usings = [interp.base]
        flux.define("Train", .module(train), export: false)
        // The default AD: Zygote's withgradient.
        // Signature (f, args...), like the PR's, so a script's redefinition replaces it.
        let explicit = GenericFunction(name: "explicit_withgradient", module: "Flux.Train")
        let zygoteDefault = Method(signature: [BuiltinTypes.any], vararg: BuiltinTypes.any, body: .native { interp, a in
            try interp.call(try zygoteWithGradient(interp), a.values)
        })
        explicit.add(zygoteDefault)
        train.define("explicit_withgradient", .function(explicit), export: false)
        interp.extensions["explicitWithGradient"] = explicit
        interp.extensions["explicitWithGradientDefault"] = zygoteDefault
        let trainFunction = train.native("train!") { interp, a in try Training.trainBang(a, interp) }
        train.exports.remove("train!")
        flux.define("train!", .function(trainFunction), export: false)
        flux.define("FluxState", .type(FluxState.type), export: false)
        TypeBuiltins.setConstructor(FluxState.type) { interp, a in
            try a.expect("FluxState", 1...2)
            return .native(FluxState(rule: try OptimiserBinding.rule(of: a[0], interp)))
        }
        // `Flux.Adam()` and friends make a FluxState (PR #2029); it stands for its rule
        // everywhere a rule is accepted, so unqualified names work with Optimisers too.
        for rule in OptimiserRegistry.rules {
            flux.native(rule.name) { interp, a in .native(FluxState(rule: try OptimiserBinding.makeRule(rule.kind, a, interp))) }
        }
        flux.resolvesAheadOfOtherModules = true

        let diffractor = ModuleValue(name: "Diffractor", parent: interp.base)
        diffractor.usings = [interp.base]
        interp.modules["Diffractor"] = diffractor
        diffractor.native("∂⃖¹") { interp, a in
            // (y, back) with back(dy) giving the gradient for f itself first, then the arguments.
            let pb = try AutodiffBuiltins.makePullback(a, interp)
            guard case .tuple(let t) = pb, t.items.count == 2 else { return pb }
            let back = t.items[1]
            return .tuple([t.items[0], .function(NativeClosure(name: "back") { interp, b in
                let grads = try interp.call(back, b.values)
                guard case .tuple(let g) = grads else { return grads }
                return .tuple([.nothing] + g.items)
            })])
        }
    }

    package static var explicitWithGradient: (Interpreter) -> Value {
        { interp in (interp.extensions["explicitWithGradient"] as? GenericFunction).map { .function($0) } ?? .nothing }
    }

    /// How `train!` takes each step's gradient, decided once per call: as Julia's world age
    /// has it, a method a step adds to `explicit_withgradient` is not seen by the `train!`
    /// already running. (Looked up every step, the two lookups were a measurable part of it.)
    package enum StepGradient {
        /// Zygote's `withgradient`, as the default `explicit_withgradient` calls it.
        case zygote(Value)
        /// `explicit_withgradient` has a method of the script's.
        case custom

        package static func resolve(_ interp: Interpreter) throws -> StepGradient {
            usesDefaultGradient(interp) ? .zygote(try zygoteWithGradient(interp)) : .custom
        }
    }

    package static func zygoteWithGradient(_ interp: Interpreter) throws -> Value {
        guard let zygote = interp.modules["Zygote"], let wg = zygote.member("withgradient") else { throw Exceptions.error("Zygote is not available") }
        return wg.value
    }

    /// Whether `explicit_withgradient` is still only its default (no method of a script's).
    package static func usesDefaultGradient(_ interp: Interpreter) -> Bool {
        guard let f = interp.extensions["explicitWithGradient"] as? GenericFunction, f.methods.count == 1,
              let d = interp.extensions["explicitWithGradientDefault"] as? Method else { return false }
        return f.methods[0] === d
    }

    // MARK: train!

    package static func trainBang(_ a: Args, _ interp: Interpreter) throws -> Value {
        if a.keyword("cb") != nil {
            throw Exceptions.error("train! does not support callback functions.\nFor more control use a loop with `gradient` and `update!`.")
        }
        guard a.count == 3 || a.count == 4 else { throw Exceptions.method(.str("train!"), a.values) }
        let loss = a[0], model = a[1]
        if case .native(let ps as ParamsObject) = model {
            if a.count == 3 { return try implicitStep(loss, ps, a[2], data: nil, interp) }
            return try implicitTrain(loss, ps, a[2], a[3], progress: try TrainingProgress.make(a, data: a[2], interp), interp)
        }
        if a.count == 3 {
            // One step: loss(m) closes over its data.
            let (tree, _) = try resolveExplicit(a[2], model, interp)
            return try explicitStep(loss, model, [], tree, item: 1, gradient: try StepGradient.resolve(interp), interp)
        }
        let (tree, _) = try resolveExplicit(a[3], model, interp)
        let gradient = try StepGradient.resolve(interp)
        var losses: [Value] = []
        let it = try interp.makeIterator(a[2])
        let progress = try TrainingProgress.make(a, data: a[2], interp)
        defer { progress?.finish() }
        var i = 0
        while let d = try it.next() {
            i += 1
            let args: [Value]
            if case .tuple(let t) = d { args = t.items } else { args = [d] }
            let l = try explicitStep(loss, model, args, tree, item: i, gradient: gradient, interp)
            losses.append(l)
            progress?.step(l)
            if Interrupts.requested { throw Interrupts.take() }
        }
        let et = losses.isEmpty ? BuiltinTypes.float32 : interp.joinedType(losses)
        return .array(try interp.makeArray(losses, shape: try Shape([losses.count]), elementType: et))
    }

    /// The state tree to update for `opt`: a tree from `setup`, a `FluxState` (its tree,
    /// built on first use), or a rule without state (a fresh tree each call).
    package static func resolveExplicit(_ opt: Value, _ model: Value, _ interp: Interpreter) throws -> (Value, Bool) {
        switch opt {
        case .native(let s as FluxState):
            return (try s.explicitTree(model: model, interp), true)
        case .native(let r as RuleObject):
            let tree = try OptimiserBinding.setup(r.rule, model, interp)
            if OptimiserBinding.leaves(tree).contains(where: { if case .nothing = $0.state { return false }; return true }) {
                throw Exceptions.argument("""
                    train! was given the rule \(r.rule.juliaShow()), which keeps state between steps (momenta).
                    Create that state once with `opt = Flux.setup(\(r.rule.name)(), model)` (or use `Flux.\(r.rule.name)()`, a FluxState) and pass `opt` to train!.
                    """)
            }
            return (tree, false)
        case .int, .float64, .float32, .bool, .string, .char, .symbol, .range, .function, .type, .nothing:
            // Not a state tree: training would silently update nothing.
            throw Exceptions.argument("train! expects the optimiser state from `opt = Flux.setup(rule, model)` as its last argument, got \(try Display.repr(opt, interp))")
        default:
            return (opt, false)
        }
    }

    /// One explicit step: gradient of `loss(model, args...)` with respect to the model,
    /// a finiteness check, then the update. Returns the loss.
    package static func explicitStep(_ loss: Value, _ model: Value, _ args: [Value], _ tree: Value, item: Int,
                                     gradient how: StepGradient, _ interp: Interpreter) throws -> Value {
        let result: Value
        switch how {
        case .zygote(let withgradient) where !args.isEmpty:
            // The default is Zygote's withgradient over (model, args...), and train! drops the
            // gradients for the data. Flux ≥ 0.14 differentiates only the model,
            // `withgradient(m -> loss(m, d...), model)`: the same model gradient without the
            // backward products into the data (a third of an MLP step's arithmetic).
            let closure = NativeClosure(name: "#train_loss", differentiation: .forwarded) { interp, a in try interp.call(loss, a.values + args) }
            result = try interp.call(withgradient, [.function(closure), model])
        case .zygote, .custom:
            result = try interp.call(explicitWithGradient(interp), [loss, model] + args)
        }
        let (value, gradient) = try valueAndGradient(result, interp)
        let l = try checkedLoss(value, item: item, interp)
        guard case .tuple(let g) = gradient, let modelGrad = g.items.first else {
            throw Exceptions.error("explicit_withgradient must return (; value, gradient) with a tuple of gradients")
        }
        try OptimiserBinding.update(tree, model, modelGrad, interp)
        return l
    }

    package static func valueAndGradient(_ r: Value, _ interp: Interpreter) throws -> (Value, Value) {
        switch r {
        case .namedTuple(let nt) where nt.values.count >= 2: return (nt.values[0], nt.values[1])
        case .tuple(let t) where t.items.count >= 2: return (t.items[0], t.items[1])
        default: throw Exceptions.error("explicit_withgradient must return (; value, gradient), got \(try Display.repr(r, interp))")
        }
    }

    /// The loss as a number; NaN or Inf stops training before any update.
    package static func checkedLoss(_ v: Value, item: Int, _ interp: Interpreter) throws -> Value {
        var l = OperatorBuiltins.plain(v)
        if case .tuple(let t) = l, let first = t.items.first { l = OperatorBuiltins.plain(first) }
        guard scalarRank(l) != nil else {
            throw Exceptions.error("Output of the loss function should be a real number, got \(try Display.repr(l, interp))")
        }
        let d = asDouble(l)
        if !d.isFinite {
            // Flux's `DomainError(l, msg)`: prints "DomainError with NaN:" and then the message.
            throw Exceptions.domain(l, "Loss is \(try Display.printString(l, interp)) on data item \(item), stopping training")
        }
        return l
    }

    // MARK: implicit mode

    package static func implicitTrain(_ loss: Value, _ ps: ParamsObject, _ data: Value, _ opt: Value, progress: TrainingProgress?, _ interp: Interpreter) throws -> Value {
        var losses: [Value] = []
        let it = try interp.makeIterator(data)
        defer { progress?.finish() }
        var i = 0
        while let d = try it.next() {
            i += 1
            let l = try implicitStep(loss, ps, opt, data: d, item: i, interp)
            losses.append(l)
            progress?.step(l)
            if Interrupts.requested { throw Interrupts.take() }
        }
        let et = losses.isEmpty ? BuiltinTypes.float32 : interp.joinedType(losses)
        return .array(try interp.makeArray(losses, shape: try Shape([losses.count]), elementType: et))
    }

    package static func implicitStep(_ loss: Value, _ ps: ParamsObject, _ opt: Value, data: Value?, item: Int = 1, _ interp: Interpreter) throws -> Value {
        guard case .native(let state as FluxState) = opt else {
            throw Exceptions.argument("implicit train! with Params needs a FluxState such as `Flux.Adam()`, got \(try Display.repr(opt, interp))")
        }
        var args: [Value] = []
        if let d = data { if case .tuple(let t) = d { args = t.items } else { args = [d] } }
        let closure = NativeClosure(name: "#loss", differentiation: .forwarded) { interp, _ in try interp.call(loss, args) }
        guard let zygote = interp.modules["Zygote"], let wg = zygote.member("withgradient") else { throw Exceptions.error("Zygote is not available") }
        let r = try interp.call(wg.value, [.function(closure), .native(ps)])
        let (value, grads) = try valueAndGradient(r, interp)
        let l = try checkedLoss(value, item: item, interp)
        guard case .native(let gs as GradsObject) = grads else { throw Exceptions.error("implicit gradient did not return Grads") }
        try updateImplicit(state, ps, gs, interp)
        return l
    }

    /// `update!(opt::FluxState, ps, gs)`: each array keeps its own `Leaf` in an IdDict.
    package static func updateImplicit(_ s: FluxState, _ ps: ParamsObject, _ gs: GradsObject, _ interp: Interpreter) throws {
        if s.mode == .explicit {
            throw Exceptions.argument("this FluxState already holds an explicit state tree (from `train!(loss, model, data, opt)`); it cannot also be used with implicit Params. Make a new one, e.g. `Flux.\(s.rule.name)()`.")
        }
        s.mode = .implicit
        for (i, arr) in ps.arrays.enumerated() {
            guard i < gs.grads.count, let t = arr.tensor, let g = try interp.tensor(of: gs.grads[i]) else { continue }
            let key = ObjectIdentifier(arr)
            let leaf: LeafObject
            if let l = s.implicit[key]?.1 { leaf = l } else {
                leaf = LeafObject(rule: s.rule, state: try OptimiserErrors.run(interp) { try Rule.initState(s.rule, for: t) })
                s.implicit[key] = (arr, leaf)
                s.implicitOrder.append(key)
            }
            try OptimiserErrors.run(interp) { try Rule.update(leaf.rule, state: &leaf.state, x: t, g: g) }
        }
    }
}

/// PR #2029's mutable optimiser: a rule and, once used, either the explicit state
/// tree or (implicit mode) an IdDict from parameter arrays to their state.
package final class FluxState: NativeObject, NativeShowable, NativeFields {
    package enum Mode { case uninitialised, explicit, implicit }
    package var rule: Rule
    package var mode: Mode = .uninitialised
    package var tree: Value = .missing
    package var implicit: [ObjectIdentifier: (ArrayValue, LeafObject)] = [:]
    package var implicitOrder: [ObjectIdentifier] = []

    package init(rule: Rule) { self.rule = rule }

    package static let type = FlxType(name: "FluxState", supertype: RuleObject.abstractRule)
    package override var flxType: FlxType { FluxState.type }

    package var allLeaves: [LeafObject] {
        switch mode {
        case .explicit: return OptimiserBinding.leaves(tree)
        case .implicit: return implicitOrder.compactMap { implicit[$0]?.1 }
        case .uninitialised: return []
        }
    }

    package func explicitTree(model: Value, _ interp: Interpreter) throws -> Value {
        switch mode {
        case .explicit: return tree
        case .implicit:
            throw Exceptions.argument("this FluxState holds implicit-mode state (an IdDict for Params); it cannot also train a model explicitly. Make a new one, e.g. `Flux.\(rule.name)()`.")
        case .uninitialised:
            tree = try OptimiserBinding.setup(rule, model, interp)
            mode = .explicit
            return tree
        }
    }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        let r = rule.juliaShow()
        switch mode {
        case .uninitialised: return "FluxState(\(r), <uninitialised>)"
        case .explicit: return "FluxState(\(r), <explicit tree: \(Set(allLeaves.map { ObjectIdentifier($0) }).count) leaves>)"
        // The PR's string ends with a doubled parenthesis; kept as the PR printed it.
        case .implicit: return "FluxState(\(r), <implicit IdDict: \(implicit.count) arrays>))"
        }
    }

    package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }

    package func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "rule": return .native(RuleObject(rule))
        case "state":
            switch mode {
            case .uninitialised: return .missing
            case .explicit: return tree
            case .implicit:
                let d = DictObject(identity: true)
                for k in implicitOrder { if let (a, l) = implicit[k] { try d.set(.array(a), .native(l), interp) } }
                return .native(d)
            }
        default: return rule.field(name).map(OptimiserBinding.value)
        }
    }

    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
}
