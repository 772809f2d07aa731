import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// Optimisers.jl in flx: rules as values (`Adam(0.01)`), state trees of `Leaf`s from
/// `setup`, and `update!` walking tree, model and gradient together.
package enum OptimiserBinding {
    package static func install(_ interp: Interpreter, flux: ModuleValue) {
        let optimisers = ModuleValue(name: "Optimisers", parent: interp.base)
        optimisers.usings = [interp.base]
        interp.modules["Optimisers"] = optimisers
        // Each rule name is its type, as in Optimisers.jl: calling it constructs the rule, and it
        // works in `isa`, in method signatures (`name(o::RMSProp) = ...`) and in `fieldnames`.
        for rule in OptimiserRegistry.rules + OptimiserRegistry.composites {
            optimisers.define(rule.name, .type(ruleType(rule.kind)))
        }
        optimisers.define("AbstractRule", .type(RuleObject.abstractRule))
        OptimiserMacros.install(interp, optimisers: optimisers)
        if let functors = interp.modules["Functors"] { FunctorsKeyPath.install(interp, functors: functors, optimisers: optimisers) }
        optimisers.define("Leaf", .type(LeafObject.type))
        optimisers.native("setup") { interp, a in
            try a.expect("setup", 2...2)
            return try setup(try rule(of: a[0], interp), a[1], interp)
        }
        optimisers.native("update!") { interp, a in try updateBang(a, interp) }
        optimisers.native("update") { interp, a in
            try a.expect("update", 3...3)
            var seen: [ObjectIdentifier: Value] = [:]
            let tree = try ArrayBuiltins.deepCopy(a[0], interp, &seen)
            let model = try ArrayBuiltins.deepCopy(a[1], interp, &seen)
            return .tuple([tree, try update(tree, model, a[2], interp)])
        }
        optimisers.native("adjust!") { interp, a in
            try a.expect("adjust!", 1...2)
            try adjust(a[0], eta: a.count == 2 ? a[1] : nil, a.keywords, interp)
            return .nothing  // Optimisers' adjust! is a foreach over the tree
        }
        optimisers.native("adjust") { interp, a in
            try a.expect("adjust", 1...2)
            if case .native(let r as RuleObject) = a[0] {
                // `adjust(rule, η)` / `adjust(rule; kw...)`: a new rule (a tree's Leaves are adjusted below).
                let changes = try adjustChanges(eta: a.count == 2 ? a[1] : nil, a.keywords, rules: [r.rule], interp)
                return .native(RuleObject(try adjusted(r.rule, changes, interp)))
            }
            var seen: [ObjectIdentifier: Value] = [:]
            let tree = try ArrayBuiltins.deepCopy(a[0], interp, &seen)
            try adjust(tree, eta: a.count == 2 ? a[1] : nil, a.keywords, interp)
            return tree
        }
        optimisers.native("freeze!") { interp, a in try a.expect("freeze!", 1...1); try setFrozen(a[0], true, interp); return .nothing }
        optimisers.native("thaw!") { interp, a in try a.expect("thaw!", 1...1); try setFrozen(a[0], false, interp); return .nothing }
        optimisers.reexport("trainables", from: flux)
        // Flux's `trainable` is Optimisers' (Flux 0.14+ imports it), so a method added as
        // `Optimisers.trainable(x::T) = ...` restricts setup, trainables and destructure too;
        // `destructure` is Optimisers' own, exported.
        if let b = flux.member("trainable") { optimisers.define("trainable", b.value, export: false) }
        optimisers.reexport("destructure", from: flux)
        optimisers.native("init") { interp, a in
            try a.expect("init", 2...2)
            let t = try interp.requireTensor(a[1], "init")
            let r = try rule(of: a[0], interp)
            return stateValue(try OptimiserErrors.run(interp) { try Rule.initState(r, for: t) })
        }
        optimisers.native("apply!") { interp, a in
            try a.expect("apply!", 4...4)
            let xt = try interp.requireTensor(a[2], "apply!"), gt = try interp.requireTensor(a[3], "apply!")
            let r = try rule(of: a[0], interp), s0 = try optState(a[1], interp)
            if r.kind == .descent, let eta = r.field("eta")?.number, xt.dtype.isFloat {
                // Optimisers' Descent returns `@lazy dx * η`, η in x's element type: a
                // Broadcasted that `x .-= Δ` fuses (the other rules' Δ is computed here).
                let η: Value = xt.dtype == .float32 ? .float32(Float(eta)) : .float64(eta)
                let lazy = try interp.call(interp.base.binding("broadcasted").value, [interp.base.binding("*").value, a[3], η])
                // `@lazy` materialises to an instantiated Broadcasted (axes checked and fixed).
                return .tuple([a[1], try interp.call(interp.base.binding("instantiate").value, [lazy])])
            }
            let (s, d) = try OptimiserErrors.run(interp) { try Rule.apply(r, state: s0, x: xt, g: gt) }
            return .tuple([stateValue(s), d.map { .array(ArrayValue(tensor: $0)) } ?? .nothing])
        }
        for n in ["setup", "update!", "update", "adjust!", "adjust", "freeze!", "thaw!", "init", "apply!"] { optimisers.exports.remove(n) }
        optimisers.exports.insert("destructure")

        // Flux.Optimise: the Flux ≤ 0.14 names, including the schedules.
        let legacy = ModuleValue(name: "Optimise", parent: flux)
        legacy.usings = [interp.base]
        for rule in OptimiserRegistry.rules where !OptimiserRegistry.legacy.contains(where: { $0.name == rule.name }) {
            legacy.define(rule.name, .type(ruleType(rule.kind)))
        }
        for rule in OptimiserRegistry.legacy {
            legacy.native(rule.name) { interp, a in .native(RuleObject(try makeRule(rule.kind, a, interp))) }
        }
        flux.define("Optimise", .module(legacy), export: false)
        for n in ["ExpDecay", "InvDecay", "ClipValue", "Optimiser"] { flux.reexport(n, from: legacy) }
        for n in ["setup", "update!", "adjust!", "freeze!", "thaw!"] { flux.define(n, optimisers.binding(n).value, export: false) }
        flux.reexport("OptimiserChain", from: optimisers)
    }

    // MARK: rules

    /// The type of the rules of `kind`, a subtype of `AbstractRule` whose fields are the
    /// rule's Julia fields and whose constructor is the rule's constructor.
    package static func ruleType(_ kind: RuleKind) -> FlxType {
        let t = RuleObject.type(named: kind.spec.name)
        t.installShared { $0.fieldNames = kind.spec.fields.filter { $0.role.isJuliaField }.map(\.name) }
        TypeBuiltins.setConstructor(t) { interp, a in .native(RuleObject(try makeRule(kind, a, interp))) }
        return t
    }

    package static func hyper(_ v: Value, _ interp: Interpreter) throws -> HyperValue {
        switch v {
        case .float64(let d): return .real(d, float32: false)
        case .float32(let f): return .real(Double(f), float32: true)
        case .int(let n): return .int(Int(truncatingIfNeeded: n))
        case .bool(let b): return .bool(b)
        case .tuple(let t) where t.items.count == 2: return .pair(try hyper(t.items[0], interp), try hyper(t.items[1], interp))
        default: throw Exceptions.argument("optimiser hyper-parameters must be numbers, got \(try Display.repr(v, interp))")
        }
    }

    package static func value(_ h: HyperValue) -> Value {
        switch h {
        case .real(let d, let f32): return f32 ? .float32(Float(d)) : .float64(d)
        case .int(let n): return .int(Int64(n))
        case .bool(let b): return .bool(b)
        case .pair(let a, let b): return .tuple([value(a), value(b)])
        }
    }

    /// A field's value as `getfield` returns it.
    package static func value(_ f: RuleFieldValue) -> Value {
        switch f {
        case .hyper(let h): return value(h)
        case .precision(let d): return .type(ArrayValue.flxType(of: d))
        case .member(let r): return .native(RuleObject(r))
        case .members(let rs): return .tuple(rs.map { .native(RuleObject($0)) })
        }
    }

    /// The rule `kind`'s Julia constructor applied to `a`: rules made from other rules take flx
    /// values (`OptimiserComposition`), the others numbers (`OptimiserConstruction`).
    package static func makeRule(_ kind: RuleKind, _ a: Args, _ interp: Interpreter) throws -> Rule {
        switch kind.spec.style {
        case .chain: return try OptimiserComposition.chain(kind, a, interp)
        case .dispatched: return try OptimiserComposition.dispatched(kind, a, interp)
        case .def, .descent, .rmsprop, .adamw, .clipNorm, .accumGrad, .legacy: break
        }
        let positional = try a.values.map { try hyper($0, interp) }
        let keywords = try a.keywords.map { ($0.name, try hyper($0.value, interp)) }
        do {
            return try OptimiserConstruction.make(kind, positional: positional, keywords: keywords)
        } catch let e as EngineError {
            if case .domain(_, _, let m) = e, let eta = a.values.first ?? a.keyword("eta") ?? a.keyword("η") {
                // Julia's DomainError holds the learning rate as the user gave it.
                throw Exceptions.domain(eta, EngineAdapter.render(m))
            }
            throw interp.convertEngineError(e)
        } catch let e as RuleError {
            throw OptimiserErrors.exception(e, interp)
        }
    }

    /// The rule a value stands for: a rule, or the rule inside a `FluxState`.
    package static func rule(of v: Value, _ interp: Interpreter) throws -> Rule {
        if case .native(let n) = v {
            if let r = n as? RuleObject { return r.rule }
            if let s = n as? FluxState { return s.rule }
        }
        throw Exceptions.argument("expected an optimisation rule such as Adam() or Descent(0.1), got \(try Display.repr(v, interp))")
    }

    // MARK: state trees

    /// `Optimisers.setup(rule, model)`: a tree shaped like the model with a `Leaf` at
    /// every trainable array (one `Leaf` per distinct array) and `()` elsewhere.
    package static func setup(_ rule: Rule, _ model: Value, _ interp: Interpreter) throws -> Value {
        var cache: [ObjectIdentifier: LeafObject] = [:]
        var found = false
        let tree = try setupTree(rule, model, interp, &cache, &found)
        if !found {
            interp.errorOutput(try Logging.format(level: .warn, message: .str("setup found no trainable parameters in this model"), pairs: [], location: "@ Optimisers ~/.julia/packages/Optimisers/src/interface.jl:32", interp))
        }
        return tree
    }

    package static func setupTree(_ rule: Rule, _ v: Value, _ interp: Interpreter, _ cache: inout [ObjectIdentifier: LeafObject], _ found: inout Bool) throws -> Value {
        try NativeStack.check()  // a model that contains itself
        switch v {
        case .array(let a):
            if let t = a.tensor {
                guard t.dtype.isFloat else { return .tuple([]) }
                if let leaf = cache[ObjectIdentifier(a)] { return .native(leaf) }
                found = true
                let leaf = LeafObject(rule: rule, state: try OptimiserErrors.run(interp) { try Rule.initState(rule, for: t) }, shape: t.shape.dims)
                cache[ObjectIdentifier(a)] = leaf
                return .native(leaf)
            }
            // flx's rules run on real tensors: an array of complex numbers (which Optimisers
            // trains) is refused rather than silently left out of the state tree.
            if ComplexObject.partType(of: a.elementType) != nil {
                throw Exceptions.argument("Optimisers.setup: flx's rules train real arrays only; this model holds a \(TypeNames.show(a.type))")
            }
            // Nor half-precision ones: the engine has no Float16 tensors (refused, not skipped).
            if a.elementType === BuiltinTypes.float16 {
                throw Exceptions.argument("Optimisers.setup: flx's rules train Float32 and Float64 arrays; this model holds a \(TypeNames.show(a.type)) (convert it with f32)")
            }
            return .tuple(try a.boxedValues.map { try setupTree(rule, $0, interp, &cache, &found) })
        case .tuple(let t): return .tuple(try t.items.map { try setupTree(rule, $0, interp, &cache, &found) })
        case .namedTuple(let nt):
            return .namedTuple(NamedTupleValue(names: nt.names, values: try nt.values.map { try setupTree(rule, $0, interp, &cache, &found) }))
        case .native(let d as DictObject):
            // Optimisers walks a Dict by its keys (Functors): a Dict of the same keys, with
            // Any values (Leaves and `()`s).
            let states = DictObject(identity: d.identity)
            states.keyType = d.keyType
            states.valueType = BuiltinTypes.any
            for p in d.pairs { try states.set(p.key, try setupTree(rule, p.value, interp, &cache, &found), interp) }
            return .native(states)
        case .object(let o):
            let keep = Set(interp.trainableFields(o))
            var values: [Value] = []
            for (i, f) in o.fields.enumerated() {
                values.append(keep.contains(i) ? try setupTree(rule, f, interp, &cache, &found) : .tuple([]))
            }
            return .namedTuple(NamedTupleValue(names: o.type.fieldNames, values: values))
        default:
            return .tuple([])
        }
    }

    /// `update!(tree, model, grad)`, with Flux's guards for common mix-ups.
    package static func updateBang(_ a: Args, _ interp: Interpreter) throws -> Value {
        try a.expect("update!", 3...3)
        if case .native(let n) = a[0], n is RuleObject {
            throw Exceptions.argument("Invalid input to `update!`.\n* The first argument should be the state from optimiser `state = Flux.setup(opt, model)`, not the rule itself.")
        }
        switch a[0] {
        case .int, .float64, .float32, .bool, .string, .char, .symbol, .range, .function, .type:
            // A number or string cannot hold optimiser state; without this the walk below
            // matches nothing and update! silently does no training at all.
            throw Exceptions.argument("Invalid input to `update!`.\n* The first argument should be the state from optimiser `state = Flux.setup(opt, model)`, got \(try Display.repr(a[0], interp))")
        default: break
        }
        if case .native(let s as FluxState) = a[0] {
            // The PR's implicit form: update!(opt::FluxState, ps::Params, gs::Grads).
            if case .native(let ps as ParamsObject) = a[1], case .native(let gs as GradsObject) = a[2] {
                try Training.updateImplicit(s, ps, gs, interp)
                return .nothing
            }
            let tree = try s.explicitTree(model: a[1], interp)
            return .tuple([tree, try update(tree, a[1], a[2], interp)])
        }
        var grad = a[2]
        switch grad {
        case .int, .float64, .float32, .bool, .string, .char, .symbol, .range, .function, .type:
            // A gradient is an array or a (named) tuple of them; anything else matched
            // nothing in the walk below, so update! silently did nothing.
            throw Exceptions.argument("Invalid input to `update!`: the gradient should be `gradient(loss, model)[1]`, got \(try Display.repr(grad, interp))")
        default: break
        }
        if case .tuple(let t) = grad, t.items.count >= 1, case .object = a[1], case .namedTuple = t.items[0] {
            interp.warnOnce(key: "update-whole-gradient", try Logging.format(level: .warn, message: .str("explicit `update!(opt, model, grad)` wants the gradient for the model alone,\nnot the whole tuple from `gradient(m -> loss(m, x, y), model)`. You probably want `grads[1]`."), pairs: [], location: "@ Flux ~/.julia/packages/Flux/src/train.jl:71", interp))
            grad = t.items[0]
        }
        return .tuple([a[0], try update(a[0], a[1], grad, interp)])
    }

    /// Applies each `Leaf`'s rule to its array; shared arrays get their gradients summed.
    /// Returns the model: the same one, unless it holds arrays that may not be written
    /// (StaticArrays' `SArray`), whose new values are new arrays in a rebuilt model, as
    /// Optimisers' `update!` returns them (the old model keeps the old arrays).
    @discardableResult
    package static func update(_ tree: Value, _ model: Value, _ grad: Value, _ interp: Interpreter) throws -> Value {
        var work = UpdateWork()
        var path = StateTreePath()
        try collect(tree, model, grad, interp, &work, &path)
        // DistributedOptimizer leaves: all of the step's gradients are averaged across the
        // processes with one allreduce per backend (not one per array), then each leaf's
        // inner rule runs on its averaged gradient. (Asked of the Leaf first: the parts are
        // copies of the rule, which the ordinary step need not pay for.)
        var averaging: [ObjectIdentifier: (GradientAverager, [Tensor])] = [:]
        var order: [ObjectIdentifier] = []
        for item in work.items where !item.leaf.frozen && item.leaf.isDistributed {
            guard let parts = item.leaf.rule.distributedParts else { continue }
            let key = ObjectIdentifier(parts.averager)
            if averaging[key] == nil { order.append(key); averaging[key] = (parts.averager, []) }
            averaging[key]?.1.append(item.grad)
        }
        for key in order {
            guard let (averager, grads) = averaging[key] else { continue }
            try OptimiserErrors.run(interp) { try MPIModule.run(interp) { try averager.average(grads) } }
        }
        var fresh: [ObjectIdentifier: ArrayValue] = [:]
        for item in work.items where !item.leaf.frozen {
            let leaf = item.leaf
            var x = item.param
            if let old = item.readOnly {
                x = try interp.engine { try item.param.copy() }
                fresh[ObjectIdentifier(old)] = ArrayValue(tensor: x, type: old.type)
            }
            let target = x, g = item.grad
            if leaf.isDistributed, let inner = leaf.rule.distributedParts?.opt {
                try OptimiserErrors.run(interp) { try Rule.update(inner, state: &leaf.state, x: target, g: g) }
            } else {
                try OptimiserErrors.run(interp) { try Rule.update(leaf.rule, state: &leaf.state, x: target, g: g) }
            }
        }
        return fresh.isEmpty ? model : replacing(model, fresh)
    }

    /// The model with the arrays in `fresh` put in place of the ones they replace; the
    /// containers on the way are new, the rest is shared (Functors' `fmap` rebuilds so).
    private static func replacing(_ v: Value, _ fresh: [ObjectIdentifier: ArrayValue]) -> Value {
        switch v {
        case .array(let a):
            if let n = fresh[ObjectIdentifier(a)] { return .array(n) }
            guard a.tensor == nil else { return v }
            let items = a.boxedValues
            let new = items.map { replacing($0, fresh) }
            guard zip(items, new).contains(where: { !sameObject($0, $1) }) else { return v }
            return .array(ArrayValue(boxed: new, shape: a.shape, elementType: a.elementType, type: a.type))
        case .tuple(let t):
            let new = t.items.map { replacing($0, fresh) }
            return zip(t.items, new).contains(where: { !sameObject($0, $1) }) ? .tuple(new) : v
        case .namedTuple(let nt):
            let new = nt.values.map { replacing($0, fresh) }
            return zip(nt.values, new).contains(where: { !sameObject($0, $1) }) ? .namedTuple(NamedTupleValue(names: nt.names, values: new)) : v
        case .object(let o):
            let new = o.fields.map { replacing($0, fresh) }
            return zip(o.fields, new).contains(where: { !sameObject($0, $1) }) ? .object(StructInstance(type: o.type, fields: new)) : v
        default:
            return v
        }
    }

    /// Whether `replacing` left a part as it was (arrays and containers by identity).
    private static func sameObject(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.array(let x), .array(let y)): return x === y
        case (.object(let x), .object(let y)): return x === y
        case (.tuple(let x), .tuple(let y)): return x === y
        case (.namedTuple(let x), .namedTuple(let y)): return x === y
        default: return true
        }
    }

    /// Walks state tree, model and gradient together. Where the three part ways the
    /// walk used to skip the branch, so `train!` with the state of another model trained
    /// nothing and said nothing; now the first such place is an error naming its path.
    package static func collect(_ tree: Value, _ model: Value, _ grad: Value, _ interp: Interpreter,
                        _ work: inout UpdateWork, _ path: inout StateTreePath) throws {
        try NativeStack.check()  // a state tree or model that holds itself
        if case .nothing = grad { return }
        // ChainRulesCore's gradients: a Tangent is walked as its fields; ZeroTangent and
        // NoTangent are no gradient at all.
        if case .native(let tangent as TangentObject) = grad {
            return try collect(tree, model, tangent.structural, interp, &work, &path)
        }
        if case .native(let marker) = grad, marker is TangentMarker { return }
        // A lazy gradient (`Optimisers.@lazy`, `Broadcast.broadcasted`) is computed here.
        if case .native(let lazy as LazyArrayStandIn) = grad {
            return try collect(tree, model, try lazy.materialize(interp), interp, &work, &path)
        }
        switch tree {
        case .native(let leaf as LeafObject):
            guard case .array(let a) = model, let t = a.tensor else {
                throw path.mismatch("the state has a Leaf for an array, the model has \(try ErrorDisplay.summary(model, interp))")
            }
            // Compared without building `dims` arrays: `update!` runs this per array per step.
            if let shape = leaf.shape, shape.count != t.rank || shape.indices.contains(where: { shape[$0] != t.shape[$0] }) {
                throw path.mismatch("the state was set up for a \(StateTreePath.sizeText(shape)) array, the model has a \(StateTreePath.sizeText(t.shape.dims)) array")
            }
            guard let g = try interp.tensor(of: grad) else {
                throw path.gradientMismatch("it is \(try ErrorDisplay.summary(grad, interp)), not an array")
            }
            if g.shape != t.shape {
                throw Exceptions.dimensionMismatch("the gradient at \(path.text) is a \(StateTreePath.sizeText(g.shape.dims)) array, the parameter a \(StateTreePath.sizeText(t.shape.dims)) array")
            }
            if let i = work.position(of: leaf) {
                let sum = try interp.engine { try Arithmetic.binary(.add, work.items[i].grad, g, tape: nil) }
                work.addGradient(sum, at: i)
            } else {
                // An array that may not be written (an SArray) is noted: its new value goes into a new array.
                work.append(PendingUpdate(leaf: leaf, param: t, grad: g.dtype == t.dtype ? g : try interp.engine { try g.converted(to: t.dtype) },
                                          readOnly: a.isWritable ? nil : a))
            }
        case .tuple(let tt):
            if tt.items.isEmpty { return }  // `()`: nothing trainable here
            let ms: [Value]
            switch model {
            case .tuple(let mt): ms = mt.items
            case .array(let ma) where ma.tensor == nil: ms = ma.boxedValues
            default: throw path.mismatch("the state has a Tuple of \(tt.items.count), the model has \(try ErrorDisplay.summary(model, interp))")
            }
            guard ms.count == tt.items.count else {
                throw path.mismatch("the state has \(tt.items.count) entries, the model \(ms.count)")
            }
            let gs: [Value]
            switch grad {
            case .tuple(let gt): gs = gt.items
            case .array(let ga) where ga.tensor == nil: gs = ga.boxedValues
            default: throw path.gradientMismatch("it is \(try ErrorDisplay.summary(grad, interp)) where the model has \(ms.count) entries")
            }
            guard gs.count == ms.count else {
                throw path.gradientMismatch("it has \(gs.count) entries, the model \(ms.count)")
            }
            for i in 0..<ms.count {
                path.push(.index(i + 1))
                try collect(tt.items[i], ms[i], gs[i], interp, &work, &path)
                path.pop()
            }
        case .namedTuple(let nt):
            let modelNames: [String]
            switch model {
            case .object(let o): modelNames = o.type.fieldNames
            case .namedTuple(let mnt): modelNames = mnt.names
            default: throw path.mismatch("the state has fields \(StateTreePath.namesText(nt.names)), the model has \(try ErrorDisplay.summary(model, interp))")
            }
            guard modelNames == nt.names else {
                throw path.mismatch("the state has fields \(StateTreePath.namesText(nt.names)), the model \(StateTreePath.namesText(modelNames))")
            }
            guard case .namedTuple(let gnt) = grad else {
                throw path.gradientMismatch("it is \(try ErrorDisplay.summary(grad, interp)) where the model has fields \(StateTreePath.namesText(modelNames))")
            }
            for (i, name) in nt.names.enumerated() {
                if case .tuple(let sub) = nt.values[i], sub.items.isEmpty { continue }
                guard let k = gnt.index(of: name) else {
                    throw path.gradientMismatch("it has no field `\(name)`")
                }
                let m: Value
                switch model {
                case .object(let o): m = o.fields[i]
                case .namedTuple(let mnt): m = mnt.values[i]
                default: continue
                }
                path.push(.field(name))
                try collect(nt.values[i], m, gnt.values[k], interp, &work, &path)
                path.pop()
            }
        case .native(let states as DictObject):
            guard case .native(let md as DictObject) = model else {
                throw path.mismatch("the state has a Dict, the model has \(try ErrorDisplay.summary(model, interp))")
            }
            for p in states.pairs {
                if case .tuple(let sub) = p.value, sub.items.isEmpty { continue }
                guard let m = try md.get(p.key, interp) else { throw path.mismatch("the model's Dict has no key \(try Display.repr(p.key, interp))") }
                let g: Value
                switch grad {
                case .native(let gd as DictObject): g = try gd.get(p.key, interp) ?? .nothing
                default: throw path.gradientMismatch("it is \(try ErrorDisplay.summary(grad, interp)) where the model is a Dict")
                }
                path.push(.key(try Display.repr(p.key, interp)))
                try collect(p.value, m, g, interp, &work, &path)
                path.pop()
            }
        default:
            return
        }
    }

    package static func leaves(_ tree: Value) -> [LeafObject] {
        // Each vector is entered once, so a tree that holds itself ends instead of
        // recursing until the native stack runs out.
        var seen = Set<ObjectIdentifier>()
        var out: [LeafObject] = []
        func walk(_ v: Value) {
            switch v {
            case .native(let l as LeafObject): out.append(l)
            case .tuple(let t): t.items.forEach(walk)
            case .namedTuple(let nt): nt.values.forEach(walk)
            case .native(let d as DictObject): if seen.insert(ObjectIdentifier(d)).inserted { d.values.forEach(walk) }
            case .array(let a) where a.tensor == nil:
                if seen.insert(ObjectIdentifier(a)).inserted { a.boxedValues.forEach(walk) }
            default: break
            }
        }
        walk(tree)
        return out
    }

    /// The field changes `adjust` is given: its keywords, then `eta` for a positional η.
    /// Optimisers' `_adjust` reads only the keywords that name a field of the rule, so a
    /// keyword none of `rules` (or their members) has is ignored whatever its value
    /// (`beta = "no such field"` on a Nesterov tree); it is kept as a change nothing matches.
    package static func adjustChanges(eta: Value?, _ keywords: [(name: String, value: Value)], rules: [Rule], _ interp: Interpreter) throws -> [(String, HyperValue)] {
        var fieldNames = Set<String>()
        func addFields(_ r: Rule) {
            for f in r.fieldValues {
                fieldNames.insert(f.spec.name)
                switch f.value {
                case .member(let m): addFields(m)
                case .members(let ms): ms.forEach(addFields)
                default: break
                }
            }
        }
        rules.forEach(addFields)
        var changes = try keywords.map { kw -> (String, HyperValue) in
            if !fieldNames.contains(kw.name) { return (kw.name, (try? hyper(kw.value, interp)) ?? .bool(false)) }
            return (kw.name, try hyper(kw.value, interp))
        }
        if let eta { changes.append(("eta", try hyper(eta, interp))) }
        return changes
    }

    package static func adjust(_ tree: Value, eta: Value?, _ keywords: [(name: String, value: Value)], _ interp: Interpreter) throws {
        if case .native(let s as FluxState) = tree {
            let changes = try adjustChanges(eta: eta, keywords, rules: [s.rule], interp)
            s.rule = try adjusted(s.rule, changes, interp)
            for l in s.allLeaves { l.rule = try adjusted(l.rule, changes, interp) }
            return
        }
        let ls = leaves(tree)
        if ls.isEmpty, case .array = tree { throw Exceptions.argument("adjust! must be given the optimiser state tree from setup, not the model") }
        let changes = try adjustChanges(eta: eta, keywords, rules: ls.map(\.rule), interp)
        var seen = Set<ObjectIdentifier>()
        for l in ls where seen.insert(ObjectIdentifier(l)).inserted { l.rule = try adjusted(l.rule, changes, interp) }
    }

    package static func adjusted(_ rule: Rule, _ changes: [(String, HyperValue)], _ interp: Interpreter) throws -> Rule {
        try OptimiserErrors.run(interp) { try OptimiserConstruction.adjusted(rule, changes) }
    }

    package static func setFrozen(_ tree: Value, _ frozen: Bool, _ interp: Interpreter) throws {
        // Optimisers' freeze! is a foreach over the tree that throws at a number or numeric
        // array: a model (or a tree holding one of its arrays) is refused wherever the array is.
        func holdsModel(_ v: Value) throws -> Bool {
            try NativeStack.check()  // a tree that holds itself
            switch v {
            case .object, .int, .float64, .float32, .bool: return true
            case .array(let a): return try a.tensor != nil || a.boxedValues.contains(where: holdsModel)
            case .tuple(let t): return try t.items.contains(where: holdsModel)
            case .namedTuple(let nt): return try nt.values.contains(where: holdsModel)
            default: return false
            }
        }
        if try holdsModel(tree) { throw Exceptions.argument("`\(frozen ? "freeze!" : "thaw!")` must not be applied to a model, only to the state tree from `setup`") }
        for l in leaves(tree) { l.frozen = frozen }
    }

    // MARK: states as values

    package static func stateValue(_ s: OptState) -> Value {
        switch s {
        case .nothing: return .nothing
        case .tensor(let t): return .array(ArrayValue(tensor: t))
        case .real(let d, let f32): return f32 ? .float32(Float(d)) : .float64(d)
        case .int(let n): return .int(Int64(n))
        case .bool(let b): return .bool(b)
        case .tuple(let items): return .tuple(items.map(stateValue))
        }
    }

    package static func optState(_ v: Value, _ interp: Interpreter) throws -> OptState {
        switch v {
        case .nothing: return .nothing
        case .array(let a):
            guard let t = a.tensor else { throw Exceptions.argument("optimiser state arrays must be numeric") }
            return .tensor(t)
        case .float32(let f): return .real(Double(f), float32: true)
        case .float64(let d): return .real(d, float32: false)
        case .int(let n): return .int(Int(n))
        case .bool(let b): return .bool(b)
        case .tuple(let t): return .tuple(try t.items.map { try optState($0, interp) })
        default: throw Exceptions.argument("not an optimiser state: \(try Display.repr(v, interp))")
        }
    }
}

/// An optimisation rule as a flx value: `Adam(eta=0.001, beta=(0.9, 0.999), epsilon=1.0e-8)`.
package final class RuleObject: NativeObject, NativeShowable, NativeFields, NativeImmutableValue {
    package var rule: Rule
    package init(_ rule: Rule) { self.rule = rule }

    /// Optimisers' rules are immutable structs: `Nesterov(rho = 0.8, eta = 0.1) === Nesterov(0.1, 0.8)`.
    /// The same kind with the same fields (their values and number types) shows the same.
    package func isIdentical(to other: NativeObject) -> Bool {
        guard let o = other as? RuleObject else { return false }
        return rule.kind == o.rule.kind && rule.juliaShow() == o.rule.juliaShow()
    }

    package static let abstractRule = FlxType(name: "AbstractRule", kind: .abstract, supertype: BuiltinTypes.any)
    nonisolated(unsafe) private static var types: [String: FlxType] = [:]

    /// One type per rule name, all subtypes of `Optimisers.AbstractRule`.
    package static func type(named name: String) -> FlxType {
        typeTableLock.withLock { _ in
            if let t = types[name] { return t }
            let t = FlxType(name: name, supertype: abstractRule)
            types[name] = t
            return t
        }
    }

    package override var flxType: FlxType { RuleObject.type(named: rule.name) }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String { rule.juliaShow(compact: compact) }
    package func display(_ interp: Interpreter) throws -> String? { rule.juliaShow() }

    package func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        if name == "backend", let parts = rule.distributedParts, let b = parts.averager as? MPIBackendObject { return .native(b) }
        guard let f = rule.fieldValues.first(where: { $0.spec.name == name }), f.spec.role.isJuliaField else { return nil }
        return OptimiserBinding.value(f.value)
    }

    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
}

/// `Optimisers.Leaf`: a rule and its state for one array; mutable, and shared by
/// every place the same array appears in the model.
package final class LeafObject: NativeObject, NativeShowable, NativeFields, DeepCopyable, NativeEquality {
    package var rule: Rule { didSet { isDistributed = rule.kind == .distributed } }
    /// Whether `rule` is a DistributedOptimizer, kept beside it: `update!` asks every Leaf
    /// every step, and reading a rule's kind opens its existential box each time.
    package private(set) var isDistributed: Bool
    package var state: OptState
    package var frozen = false
    /// The size of the array this Leaf was set up for, so a state tree used with a
    /// differently shaped model is reported instead of updating the wrong arrays.
    package let shape: [Int]?
    /// The arrays `leaf.state` last handed out, by the tensor each holds: asking again while
    /// the state keeps its tensors (an in-place `update!`) gives the same arrays, so
    /// `leaf.state === leaf.state`, as a Leaf's field is one object in Julia. Rebuilt on
    /// every read, so it holds only the current state's tensors.
    private var stateArrays: [ObjectIdentifier: ArrayValue] = [:]

    private func shownState() -> Value {
        var kept: [ObjectIdentifier: ArrayValue] = [:]
        func value(_ s: OptState) -> Value {
            switch s {
            case .tensor(let t):
                let key = ObjectIdentifier(t)
                let a = stateArrays[key].flatMap { $0.tensor === t ? $0 : nil } ?? ArrayValue(tensor: t)
                kept[key] = a
                return .array(a)
            case .tuple(let items): return .tuple(items.map(value))
            default: return OptimiserBinding.stateValue(s)
            }
        }
        let v = value(state)
        stateArrays = kept
        return v
    }

    package init(rule: Rule, state: OptState, shape: [Int]? = nil) {
        self.rule = rule
        isDistributed = rule.kind == .distributed
        self.state = state
        self.shape = shape
    }

    package static let type = FlxType(name: "Leaf", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { LeafObject.type }

    /// Optimisers' `==` of Leaves: the same rule, state and frozen flag.
    package func isEqual(to other: NativeObject, _ interp: Interpreter) throws -> Bool {
        guard let o = other as? LeafObject else { return false }
        guard frozen == o.frozen, RuleObject(rule).isIdentical(to: RuleObject(o.rule)) else { return false }
        return try OperatorBuiltins.isEqual(OptimiserBinding.stateValue(state), OptimiserBinding.stateValue(o.state), interp)
    }

    /// A new Leaf with copies of the state's arrays (one per Leaf, so tied parameters stay
    /// tied): `Optimisers.update` works on such a copy and leaves the caller's tree alone.
    package func deepCopy(_ interp: Interpreter, _ seen: inout [ObjectIdentifier: Value]) throws -> Value {
        if let done = seen[ObjectIdentifier(self)] { return done }
        func copied(_ s: OptState) throws -> OptState {
            switch s {
            case .tensor(let t): return .tensor(try t.copy())
            case .tuple(let items): return .tuple(try items.map(copied))
            default: return s
            }
        }
        let c = LeafObject(rule: rule, state: try interp.engine { try copied(state) }, shape: shape)
        c.frozen = frozen
        seen[ObjectIdentifier(self)] = .native(c)
        return .native(c)
    }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        var out = "Leaf(" + rule.juliaShow(compact: true) + ", "
        try Display.show(OptimiserBinding.stateValue(state), interp, Display.Context(compact: true), into: &out)
        if frozen { out += ", frozen = true" }
        return out + ")"
    }

    package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: true) }

    package func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "rule": return .native(RuleObject(rule))
        case "state": return shownState()
        case "frozen": return .bool(frozen)
        default: return nil
        }
    }

    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        switch name {
        case "state": state = try OptimiserBinding.optState(value, interp); return true
        case "frozen":
            guard case .bool(let b) = value else { return false }
            frozen = b
            return true
        default: return false
        }
    }
}
