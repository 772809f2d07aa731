import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// Small public utilities of Flux: `Flux.nfan` (the fans the initialisers use),
/// `Flux.activations` (every layer's output of a Chain), `Flux.throttle`, and the
/// training callbacks `Flux.patience`, `Flux.early_stopping` and `Flux.plateau`.
package enum FluxUtilities {
    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        flux.native("nfan", export: false) { interp, a in
            // nfan(dims::Tuple) is nfan(dims...).
            var values = a.values
            if values.count == 1, case .tuple(let t) = values[0] { values = t.items }
            let dims = try values.map { v -> Int in
                guard case .int(let i) = v else { throw Exceptions.method(.str("nfan"), a.values) }
                return Int(i)
            }
            // (fan_in, fan_out): () → (1, 1), n → (1, n), (out, in) → (in, out), a
            // convolution kernel (k..., in, out) → prod(k) .* (in, out).
            switch dims.count {
            case 0: return .tuple([.int(1), .int(1)])
            case 1: return .tuple([.int(1), .int(Int64(dims[0]))])
            case 2: return .tuple([.int(Int64(dims[1])), .int(Int64(dims[0]))])
            default:
                var receptive: Int64 = 1
                for d in dims.dropLast(2) { receptive = receptive &* Int64(d) }  // Julia's prod wraps
                return .tuple([.int(receptive &* Int64(dims[dims.count - 2])), .int(receptive &* Int64(dims[dims.count - 1]))])
            }
        }
        flux.native("activations", export: false) { interp, a in
            try a.expect("activations", 2...2)
            guard case .object(let c) = a[0], c.type.name == "Chain", let layers = c.fields.first else {
                throw Exceptions.method(.str("activations"), a.values)
            }
            var outputs: [Value] = []
            var x = a[1]
            for layer in try items(layers) {
                x = try interp.call(layer, [x])
                outputs.append(x)
            }
            return .tuple(outputs)
        }
        flux.native("throttle", export: false) { interp, a in
            try a.expect("throttle", 2...2)
            let f = a[0]
            let timeout = asDouble(OperatorBuiltins.plain(a[1]))
            // Flux re-arms after `timeout` on an async task; without tasks, flx runs only the
            // leading edge, which needs none: a call at least `timeout` seconds after the
            // last run runs f, an earlier one returns the last result.
            if case .bool(false)? = a.keyword("leading") { throw Exceptions.argument("throttle: leading = false needs asynchronous tasks, which flx does not have") }
            if case .bool(true)? = a.keyword("trailing") { throw Exceptions.argument("throttle: trailing = true needs asynchronous tasks, which flx does not have") }
            let state = ThrottleState()
            let g = GenericFunction(name: "throttled", module: "Flux")
            g.add(Method(signature: [], vararg: BuiltinTypes.any, body: .native { interp, args in
                let now = Clock.seconds()  // monotonic, as a timeout wants
                if let last = state.lastRun, now - last < timeout { return state.result }
                state.lastRun = now
                state.result = try interp.call(f, args.values, keywords: args.keywords)
                return state.result
            }))
            return .function(g)
        }
        installCallbacks(interp, flux)
        installDeviceAndBias(interp, flux)
        flux.native("modules", export: false) { interp, a in
            try a.expect("modules", 1...1)
            let found = try modules(a[0], interp)
            return .array(ArrayValue(boxed: found, shape: try Shape([found.count]), elementType: BuiltinTypes.any))
        }
    }

    /// Flux's `modules(m)`: every node of the model tree that is not leaf-like, depth
    /// first, each once (Functors' `fcollect` without the leaves): structs, the tuples and
    /// named tuples of layers inside them, vectors of values; not arrays of numbers,
    /// numbers, functions, or tuples of only numbers or only numeric arrays.
    static func modules(_ root: Value, _ interp: Interpreter) throws -> [Value] {
        var out: [Value] = []
        var seen = Set<ObjectIdentifier>()
        func walk(_ v: Value, _ depth: Int) throws {
            guard depth < 64 else { throw Exceptions.stackOverflow() }
            let children: [Value]
            switch v {
            case .object(let o):
                guard seen.insert(ObjectIdentifier(o)).inserted else { return }
                // A recurrent wrapper's children are its cell; Recurrence's too.
                let fields = ["RNN", "LSTM", "GRU", "GRUv3", "Recurrence"].contains(o.type.name) && LayerKit.type(interp, o.type.name) === o.type
                    ? [o.fields[0]] : o.fields
                children = fields
            case .tuple(let t):
                let numbers = t.items.allSatisfy { if case .int = $0 { return true }; if case .float64 = $0 { return true }; if case .float32 = $0 { return true }; return false }
                let arrays = t.items.allSatisfy { if case .array(let a) = $0 { return a.tensor != nil }; return false }
                if t.items.isEmpty || numbers || arrays { return }
                children = t.items
            case .namedTuple(let nt):
                if nt.values.isEmpty { return }
                children = nt.values
            case .array(let arr) where arr.tensor == nil:
                guard seen.insert(ObjectIdentifier(arr)).inserted, arr.count > 0 else { return }
                children = arr.boxedValues
            default:
                return
            }
            if case .object(let o) = v, o.fields.isEmpty { return }
            out.append(v)
            for c in children { try walk(c, depth + 1) }
        }
        try walk(root, 0)
        return out
    }

    /// `Flux.create_bias`, `Flux.rng_from_array`, `cpu`, and Zygote's `jacobian` /
    /// `withjacobian`, which Flux makes public.
    static func installDeviceAndBias(_ interp: Interpreter, _ flux: ModuleValue) {
        flux.native("create_bias", export: false) { interp, a in
            guard a.count >= 2, let w = try interp.tensor(of: a[0]), a[0].isLayerArrayInput else { throw Exceptions.method(.str("create_bias"), a.values) }
            let dims = try a.values.dropFirst(2).map { v -> Int in
                guard case .int(let i) = v else { throw Exceptions.method(.str("create_bias"), a.values) }
                return Int(i)
            }
            switch a[1] {
            // true: zeros like the weights; false: false, which AD treats as no parameter.
            case .bool(true): return LayerKit.wrapArray(try interp.engine { try Tensor.zeros(w.dtype, try Shape(dims)) })
            case .bool(false): return .bool(false)
            case .array(let b):
                guard b.dims == dims else {
                    throw Exceptions.dimensionMismatch("expected bias of size \(LayerKit.tupleText(dims)), got size \(LayerKit.tupleText(b.dims))")
                }
                guard let bt = b.tensor, bt.dtype != w.dtype else { return a[1] }
                return LayerKit.wrapArray(try interp.engine { tape in try Conversion.convert(bt, to: w.dtype, tape: tape) })
            default: throw Exceptions.method(.str("create_bias"), a.values)
            }
        }
        flux.native("rng_from_array", export: false) { interp, a in
            try a.expect("rng_from_array", 1...1)
            // Every flx array lives on the CPU, whose generator is the default one.
            guard let f = interp.modules["Random"]?.member("default_rng")?.value else { throw Exceptions.undefVar("default_rng") }
            return try interp.call(f, [])
        }
        // Flux's cpu(x) moves arrays to the CPU, where every flx array already is.
        flux.native("cpu") { _, a in
            try a.expect("cpu", 1...1)
            return a[0]
        }
        if let zygote = interp.modules["Zygote"] {
            for n in ["jacobian", "withjacobian"] where zygote.member(n) != nil {
                flux.reexport(n, from: zygote)
                flux.exports.remove(n)
            }
        }
    }

    /// The training callbacks: each returns a function that counts consecutive calls
    /// meeting a condition and answers whether the count has reached its limit.
    static func installCallbacks(_ interp: Interpreter, _ flux: ModuleValue) {
        flux.native("patience", export: false) { _, a in
            try a.expect("patience", 2...2)
            return try patience(a[0], a[1], a)
        }
        flux.native("early_stopping", export: false) { interp, a in
            try a.expect("early_stopping", 2...2)
            // Counts calls whose distance(best, score) is below min_dist; the best score
            // moves only when the distance is not negative.
            let (f, distance, minDist) = (a[0], a.keyword("distance") ?? interp.base.binding("-").value, a.keyword("min_dist") ?? .int(0))
            let best = Box(a.keyword("init_score") ?? .float64(.infinity))
            let trigger = function("early_stopping_trigger") { interp, args in
                let score = try interp.call(f, args.values, keywords: args.keywords)
                let delta = try interp.call(distance, [best.value, score])
                if try !truth(try interp.call(interp.base.binding("<").value, [delta, .int(0)]), "early_stopping") { best.value = score }
                return try interp.call(interp.base.binding("<").value, [delta, minDist])
            }
            return try patience(trigger, a[1], a)
        }
        flux.native("plateau", export: false) { interp, a in
            try a.expect("plateau", 2...2)
            // Counts calls whose |distance(last, score)| is below min_dist.
            let (f, distance, minDist) = (a[0], a.keyword("distance") ?? interp.base.binding("-").value, a.keyword("min_dist") ?? .float32(1e-6))
            let last = Box(a.keyword("init_score") ?? .float64(.infinity))
            let trigger = function("plateau_trigger") { interp, args in
                let score = try interp.call(f, args.values, keywords: args.keywords)
                let delta = try interp.call(interp.base.binding("abs").value, [try interp.call(distance, [last.value, score])])
                last.value = score
                return try interp.call(interp.base.binding("<").value, [delta, minDist])
            }
            return try patience(trigger, a[1], a)
        }
    }

    /// `patience(predicate, wait)`: true once `predicate` has held `wait` calls in a row.
    static func patience(_ predicate: Value, _ wait: Value, _ a: Args) throws -> Value {
        let count = Box(.int(0))
        return function("on_trigger") { interp, args in
            let hit = try truth(try interp.call(predicate, args.values, keywords: args.keywords), "patience")
            count.value = hit ? try interp.call(interp.base.binding("+").value, [count.value, .int(1)]) : .int(0)
            return try interp.call(interp.base.binding(">=").value, [count.value, wait])
        }
    }

    static func truth(_ v: Value, _ name: String) throws -> Bool {
        guard case .bool(let b) = v else { throw Exceptions.typeError(name, expected: "Bool", got: v) }
        return b
    }

    static func function(_ name: String, _ body: @escaping NativeFunction) -> Value {
        let g = GenericFunction(name: name, module: "Flux")
        g.add(Method(signature: [], vararg: BuiltinTypes.any, body: .native(body)))
        return .function(g)
    }

    /// A value a callback's closure updates between calls.
    final class Box {
        var value: Value
        init(_ value: Value) { self.value = value }
    }

    /// The layers of a Chain, in order (a tuple, named tuple or vector).
    static func items(_ layers: Value) throws -> [Value] {
        switch layers {
        case .tuple(let t): return t.items
        case .namedTuple(let nt): return nt.values
        case .array(let arr): return (0..<arr.count).map { arr.element($0) }
        default: throw Exceptions.argument("activations: the Chain's layers are not a collection")
        }
    }

    final class ThrottleState {
        var lastRun: Double?
        var result: Value = .nothing
    }
}
