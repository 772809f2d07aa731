import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `gradient`, `withgradient` and `pullback` (module Zygote, re-exported by Flux):
/// the arguments' float arrays are marked on a tape, the function runs with every
/// engine op recording, and the gradients come back shaped like the arguments
/// (Zygote's explicit mode), or keyed by array for implicit `Params`.
package enum AutodiffBuiltins {
    package static func install(_ interp: Interpreter) {
        let zygote = ModuleValue(name: "Zygote", parent: interp.base)
        interp.modules["Zygote"] = zygote
        zygote.define("Fill", .type(FillArraysModule.fill), export: false)  // FillArrays' Fill, which Zygote re-exports
        zygote.usings = [interp.base]
        // Inside another differentiation these record their own backward pass, so a gradient
        // that comes back off the tape is a constant one (a function linear in its argument),
        // not a dropped one: `.forwarded`, not checked.
        let gradient = GenericFunction(name: "gradient", module: "Zygote")
        let gradientMethod = Method(signature: [], vararg: BuiltinTypes.any, body: .native { interp, a in
            let (_, grads) = try differentiate(a, interp, name: "gradient")
            return grads
        })
        gradientMethod.differentiation = .forwarded
        gradient.add(gradientMethod)
        let withgradient = GenericFunction(name: "withgradient", module: "Zygote")
        let withgradientMethod = Method(signature: [], vararg: BuiltinTypes.any, body: .native { interp, a in
            let (value, grads) = try differentiate(a, interp, name: "withgradient")
            return .namedTuple(NamedTupleValue(names: ["val", "grad"], values: [value, grads]))
        })
        withgradientMethod.differentiation = .forwarded
        withgradient.add(withgradientMethod)
        let pullback = GenericFunction(name: "pullback", module: "Zygote")
        pullback.add(Method(signature: [], vararg: BuiltinTypes.any, body: .native { interp, a in try makePullback(a, interp) }))
        zygote.define("gradient", .function(gradient))
        zygote.define("withgradient", .function(withgradient))
        zygote.define("pullback", .function(pullback))
        zygote.define("Params", .type(ParamsObject.type))
        zygote.define("Grads", .type(GradsObject.type))
        TypeBuiltins.setConstructor(ParamsObject.type) { interp, a in
            let p = ParamsObject()
            for v in a.values { for item in try interp.collect(v) { p.add(item) } }
            return .native(p)
        }
        zygote.register(ZygoteJacobian.table, helpInto: interp.builtinHelp)
        ZygoteBuffer.install(interp, zygote)
        ZygoteHessian.install(interp, zygote)
        zygote.native("params") { interp, a in try params(a.values, interp) }
        zygote.exports.remove("params")
        interp.base.define("#gradientTape", .nothing, export: false)
    }

    /// Flux.params / Zygote.params: every float array reachable in the arguments, once each.
    /// `complex` adds arrays of complex numbers, as Optimisers' `isnumeric` counts them
    /// (`destructure` flattens them; implicit-mode gradients do not take them).
    package static func params(_ values: [Value], _ interp: Interpreter, complex: Bool = false) throws -> Value {
        let p = ParamsObject()
        var seen = Set<ObjectIdentifier>()
        func walk(_ v: Value) throws {
            // An array of Any that holds itself recurses, as Functors' walk does in Julia
            // (its cache is filled after the children): StackOverflowError, not a crash.
            try NativeStack.check()
            switch v {
            case .array(let a):
                if let t = a.tensor {
                    if t.dtype.isFloat, seen.insert(ObjectIdentifier(a)).inserted { p.arrays.append(a) }
                } else if complex, ComplexObject.partType(of: a.elementType) != nil {
                    if seen.insert(ObjectIdentifier(a)).inserted { p.arrays.append(a) }
                } else if seen.insert(ObjectIdentifier(a)).inserted {
                    // Once each, as Zygote's params! keeps an IdSet: a vector that holds itself ends.
                    for x in a.boxedValues { try walk(x) }
                }
            case .tuple(let t): for x in t.items { try walk(x) }
            case .namedTuple(let nt): for x in nt.values { try walk(x) }
            case .object(let o):
                // Visit a mutable struct once (Functors' identity cache): a model that
                // contains itself would otherwise recurse until the process crashes.
                if o.type.isMutable && !seen.insert(ObjectIdentifier(o)).inserted { return }
                let fields = interp.trainableFields(o)
                for (i, f) in o.fields.enumerated() where fields.contains(i) { try walk(f) }
            case .native(let n):
                if let tree = n as? ParameterTree { for x in tree.children(interp) { try walk(x) } }
            default: break
            }
        }
        for v in values { try walk(v) }
        return .native(p)
    }

    /// Runs `f(args...)` on a tape; returns the (plain) value and the gradient tuple.
    package static func differentiate(_ a: Args, _ interp: Interpreter, name: String) throws -> (Value, Value) {
        guard a.count >= 1 else { throw Exceptions.method(.str(name), a.values) }
        return try differentiate(a[0], Array(a.values.dropFirst()), keywords: a.keywords, interp, name: name)
    }

    /// `gradient(f, args...; keywords...)` on values.
    package static func differentiate(_ f: Value, _ args: [Value], keywords: [(String, Value)], _ interp: Interpreter,
                                      name: String) throws -> (Value, Value) {
        // Inside another differentiation: recorded on its tape, backward pass included.
        if let outer = interp.enclosingTape { return try differentiateNested(f, args, keywords: keywords, on: outer, interp, name: name) }
        // The shared tape is busy when an enclosing differentiation is only paused
        // (`Zygote.ignore(() -> gradient(...))` inside a loss): resetting it would erase the
        // enclosing one's records, so this one gets a tape of its own.
        let tape = interp.sharedTape.isIdle ? interp.sharedTape : Tape()
        defer { tape.reset() }
        return try interp.recording(on: tape) { try differentiate(f, args, keywords: keywords, on: tape, interp, name: name) }
    }

    /// `gradient` called while an enclosing one records (a gradient penalty, `hessian`, a
    /// derivative of a derivative): the function runs on the same tape, its arguments as new
    /// nodes (`Tape.identity`), and the backward pass is recorded there too
    /// (`Tape.backwardRecorded`), so the gradients it returns are values the enclosing
    /// differentiation sees through, as Zygote's reverse-over-reverse does. Numbers and arrays
    /// the function captures from the enclosing one stay on the tape: the inner derivative
    /// depends on them, and the outer one gets that dependence.
    private static func differentiateNested(_ f: Value, _ args: [Value], keywords: [(String, Value)], on tape: Tape,
                                            _ interp: Interpreter, name: String) throws -> (Value, Value) {
        let mark = tape.beginNested()
        defer { tape.endNested() }
        if case .native(let p as ParamsObject) = args.first, args.count == 1, !p.arrays.isEmpty {
            throw Exceptions.error("Can't differentiate \(name)(f, ::Params) inside another gradient: nested differentiation works with explicit arguments, `\(name)(f, x...)`")
        }
        let watched = try args.map { try watch($0, tape, interp) }
        let out = try interp.call(f, watched, keywords: keywords)
        let loss = try scalarLoss(out, name: name, interp)
        let grads: [Value]
        if let lt = loss.tensor {
            try interp.engine { _ in try tape.backwardRecorded(from: lt, since: mark) }
            grads = try zip(args, watched).map { try structural($0, $1, tape, interp) }
        } else {
            grads = args.map { _ in .nothing }
        }
        // withgradient's `val` is the whole output, and stays a value of the enclosing
        // differentiation.
        return (out, .tuple(grads))
    }

    /// `differentiate`'s body, run with `tape` active.
    private static func differentiate(_ f: Value, _ args: [Value], keywords: [(String, Value)], on tape: Tape,
                                      _ interp: Interpreter, name: String) throws -> (Value, Value) {
        // Implicit mode: `gradient(() -> loss(...), ps::Params)`.
        if args.count == 1, case .native(let p as ParamsObject) = args[0] {
            for arr in p.arrays { if let t = arr.tensor { tape.watch(t) } }
            let out = try interp.call(f, [])
            let loss = try scalarLoss(out, name: name, interp)
            let grads = GradsObject(params: p)
            if let lt = loss.tensor {
                try interp.engine { try tape.backward(from: lt) }
                for arr in p.arrays {
                    if let t = interp.tensorBeforeWrite(arr) ?? arr.tensor, let g = tape.gradient(of: t) { grads.grads.append(.array(ArrayValue(tensor: g))) } else { grads.grads.append(.nothing) }
                }
            } else {
                grads.grads = p.arrays.map { _ in .nothing }
            }
            return (loss.value, .native(grads))
        }
        // A top-level call (on the shared tape) reuses the stand-ins an earlier one made for
        // the same arrays and structs (`reuse`); a nested one or a pullback, whose tape may
        // still be read later, makes its own.
        let reuse = tape === interp.sharedTape
        let watched = try args.map { arg -> Value in
            // A model given again: its last stand-in, checked and marked without rebuilding.
            if reuse, case .object(let o) = arg, let kept = o.gradientCopy, rewatch(arg, .object(kept), tape) { return .object(kept) }
            return try watch(arg, tape, interp, reuse: reuse)
        }
        let out = try interp.call(f, watched, keywords: keywords)
        let loss = try scalarLoss(out, name: name, interp)
        let grads: [Value]
        if let lt = loss.tensor {
            try interp.engine { try tape.backward(from: lt) }
            grads = try zip(args, watched).map { try structural($0, $1, tape, interp) }
        } else {
            grads = args.map { _ in .nothing }
        }
        var value = loss.value
        // withgradient returns the whole output when the loss came with auxiliary values.
        switch out {
        case .tuple, .namedTuple: value = try plainTree(out)
        default: break
        }
        return (value, .tuple(grads))
    }

    /// The scalar to differentiate: the output, or the first element of a tuple.
    package static func scalarLoss(_ out: Value, name: String, _ interp: Interpreter) throws -> (value: Value, tensor: Tensor?) {
        var v = out
        if case .tuple(let t) = out, let first = t.items.first, name == "withgradient" { v = first }
        if case .namedTuple(let nt) = out, let first = nt.values.first, name == "withgradient" { v = first }
        switch v {
        case .tracked(let s): return (s.plain, try interp.engine { try s.tensor })
        case .int, .float32, .float64, .bool: return (v, nil)
        case .array(let arr) where arr.count == 1 && arr.tensor != nil:
            if interp.isTracked(v) {
                throw Exceptions.error("Output should be scalar; gradients are not defined for output \(try Display.repr(v, interp))")
            }
            return (v, nil)
        default:
            throw Exceptions.error("Output should be scalar; gradients are not defined for output \(try Display.repr(v, interp))")
        }
    }

    package static func plainTree(_ v: Value) throws -> Value {
        switch v {
        case .tracked(let s): return s.plain
        case .tuple(let t): return .tuple(try t.items.map(plainTree))
        case .namedTuple(let nt): return .namedTuple(NamedTupleValue(names: nt.names, values: try nt.values.map(plainTree)))
        default: return v
        }
    }

    /// Marks the float arrays in `v` on the tape (in place) and replaces float
    /// scalars by tracked ones; returns what the function should receive.
    /// A differentiated argument as the function sees it: float arrays are watched under a new
    /// identity sharing their elements (`Tensor.alias`), so only this reference is tracked and
    /// the same array reached another way (a global) stays a constant, as in Zygote; numbers
    /// become tracked scalars; containers are rebuilt around what changed. A mutable struct
    /// keeps its identity (code may mutate it), so its arrays are watched as they are.
    /// Inside a struct (`inStruct`), Int fields are settings (a pool's window, a stride) and stay
    /// plain, as Zygote gives them no gradient; an Int argument itself is differentiated as a float.
    /// With `reuse` (top-level calls only), an array's alias and a struct's rebuilt copy are kept
    /// on the original and used again by the next call when still equivalent (`train!` calls
    /// `gradient` on the same model every step, and these allocations showed in its cost).
    package static func watch(_ v: Value, _ tape: Tape, _ interp: Interpreter, alias: Bool = true, inStruct: Bool = false,
                              reuse: Bool = false, visiting: Visiting? = nil) throws -> Value {
        try NativeStack.check()
        // A container met again below itself (a vector or struct that holds itself) is passed
        // as it is: rebuilding it recursed until memory or the stack ran out (SIGABRT).
        // The set is made at the first container, so a call on plain arrays and numbers (every
        // `gradient` step of a small model) allocates none.
        var visiting = visiting
        let identity: ObjectIdentifier?
        switch v {
        case .array(let a) where a.tensor == nil: identity = ObjectIdentifier(a)
        case .object(let o): identity = ObjectIdentifier(o)
        case .native(let n): identity = ObjectIdentifier(n)
        default: identity = nil
        }
        if let identity {
            let set = visiting ?? Visiting()
            visiting = set
            guard set.ids.insert(identity).inserted else { return v }
        }
        defer { if let identity { visiting?.ids.remove(identity) } }
        switch v {
        case .array(let a):
            // Float16 arrays hold numbers without a tensor to record: refused by name, where
            // a gradient of `nothing` would be a silent wrong answer.
            if a.tensor == nil, a.elementType === BuiltinTypes.float16 {
                throw Exceptions.error("Can't differentiate with respect to a \(TypeNames.show(a.type)): flx's gradients support Float32 and Float64 arrays (convert with f32)")
            }
            if let t = a.tensor {
                // An Int array argument is differentiated as a Float64 copy (its gradient is a
                // Float64 array, as ChainRules projects an integer primal), like an Int number.
                if t.dtype == .int64, !inStruct {
                    let floated = try interp.engine { try t.converted(to: .float64) }
                    tape.watch(floated)
                    return .array(ArrayValue(tensor: floated))
                }
                guard t.dtype.isFloat else { return v }
                // An inner differentiation's argument already on the tape: a new node for it.
                if tape.nesting > 0, tape.isTracked(t) {
                    guard alias else {
                        throw Exceptions.error("Can't differentiate a mutable struct's array that an enclosing gradient is differentiating: nested differentiation needs the array passed as an argument")
                    }
                    return .array(ArrayValue(tensor: tape.identity(t)))
                }
                if !alias || tape.isTracked(t) {
                    tape.watch(t)
                    return v
                }
                // The kept alias still stands for this array if it views the same elements and
                // is not already an argument of this call (`gradient(f, W, W)`: two of them).
                if reuse, let kept = a.gradientAlias, let k = kept.tensor, k.isAlias(of: t), !tape.isTracked(k) {
                    tape.watch(k)
                    return .array(kept)
                }
                let watched = t.alias()
                tape.watch(watched)
                let stand = ArrayValue(tensor: watched)
                if reuse { a.gradientAlias = stand }
                return .array(stand)
            }
            var changed = false
            var items: [Value] = []
            for e in a.boxedValues {
                let w = try watch(e, tape, interp, alias: alias, inStruct: inStruct, reuse: reuse, visiting: visiting)
                if !OperatorBuiltins.egal(w, e) { changed = true }
                items.append(w)
            }
            return changed ? .array(ArrayValue(boxed: items, shape: a.shape, elementType: a.elementType)) : v
        case .native(let c as ComplexObject) where c.partType === BuiltinTypes.float64 || c.partType === BuiltinTypes.float32:
            // The tape records real numbers only: a complex argument would silently get no
            // gradient (Zygote gives it one), so it is an error instead.
            throw Exceptions.error("Can't differentiate with respect to the complex number \(try Display.repr(v, interp)): flx's gradients are for real numbers and arrays")
        case .tracked(let s):
            // A number of the enclosing differentiation, given to an inner one: a new node.
            guard tape.nesting > 0 else { return v }
            return .tracked(TrackedScalar(tape.identity(try interp.engine { _ in try s.tensor })))
        case .float64(let d):
            let t = try interp.engine { try Tensor.scalar(d, dtype: .float64) }
            tape.watch(t)
            return .tracked(TrackedScalar(t))
        case .float32(let f):
            let t = try interp.engine { try Tensor.scalar(Double(f), dtype: .float32) }
            tape.watch(t)
            return .tracked(TrackedScalar(t))
        case .float16:
            throw Exceptions.error("Can't differentiate with respect to the Float16 number \(try Display.repr(v, interp)): flx's gradients support Float32 and Float64 numbers")
        case .int(let n):
            guard !inStruct else { return v }
            let t = try interp.engine { try Tensor.scalar(Double(n), dtype: .float64) }
            tape.watch(t)
            return .tracked(TrackedScalar(t))
        case .tuple(let t): return .tuple(try t.items.map { try watch($0, tape, interp, alias: alias, inStruct: inStruct, reuse: reuse, visiting: visiting) })
        case .namedTuple(let nt):
            return .namedTuple(NamedTupleValue(names: nt.names, values: try nt.values.map {
                try watch($0, tape, interp, alias: alias, inStruct: inStruct, reuse: reuse, visiting: visiting)
            }))
        case .object(let o):
            let keepIdentity = o.type.isMutable
            var fields: [Value] = []
            var changed = false
            for f in o.fields {
                let w = try watch(f, tape, interp, alias: alias && !keepIdentity, inStruct: true, reuse: reuse, visiting: visiting)
                if !OperatorBuiltins.egal(w, f) { changed = true }
                fields.append(w)
            }
            guard changed else { return v }
            // The copy made last time holds the very same stand-ins: it is this call's copy too.
            if reuse, let kept = o.gradientCopy, kept.fields.count == fields.count,
               zip(kept.fields, fields).allSatisfy({ OperatorBuiltins.egal($0, $1) }) {
                return .object(kept)
            }
            // Rebuilt around the aliases and tracked numbers (a mutable struct only for its
            // numbers); array elements are shared, so in-place updates (BatchNorm's running
            // statistics) reach the original.
            let copy = StructInstance(type: o.type, fields: fields)
            if reuse { o.gradientCopy = copy }
            return .object(copy)
        case .native(let dict as DictObject):
            // A Dict's values are differentiated like a struct's fields: a copy holds the stand-ins.
            let copy = dict.copy()
            var changed = false
            for (key, value) in dict.pairs {
                let w = try watch(value, tape, interp, alias: alias, inStruct: inStruct, reuse: reuse, visiting: visiting)
                if !OperatorBuiltins.egal(w, value) {
                    try copy.set(key, w, interp)
                    changed = true
                }
            }
            return changed ? .native(copy) : v
        case .native(let n):
            if let tree = n as? ParameterTree { for c in tree.children(interp) { _ = try watch(c, tape, interp, visiting: visiting) } }
            return v
        default:
            return v
        }
    }

    /// Whether `kept`, the stand-in an earlier top-level call made for the struct field or
    /// struct `v`, still stands for it exactly, marking its arrays on `tape` as `watch` would:
    /// each float array's kept alias views the same elements (and is not yet an argument of
    /// this call), each struct's kept copy is the one made from it, and everything else is the
    /// same value. What `watch` would rebuild differently (numbers, which become new tracked
    /// ones; Dicts; arrays of values) answers false, and the caller calls `watch`. Walking the
    /// model this way allocates nothing, where rebuilding it allocated every stand-in anew.
    /// Below `depth` 32 it gives up (false, so `watch` runs, which ends cycles): a mutable
    /// struct that holds itself keeps its identity, and walking it would never end.
    private static func rewatch(_ v: Value, _ kept: Value, _ tape: Tape, depth: Int = 0) -> Bool {
        guard depth < 32 else { return false }
        switch (v, kept) {
        case (.array(let a), .array(let k)):
            guard let t = a.tensor, let kt = k.tensor else { return false }
            if a === k {
                // A mutable struct's own array (watched as it is) or a non-float one (left alone).
                if t.dtype.isFloat { tape.watch(t) }
                return true
            }
            guard a.gradientAlias === k, kt.isAlias(of: t), !tape.isTracked(kt) else { return false }
            tape.watch(kt)
            return true
        case (.object(let o), .object(let c)):
            guard o === c || o.gradientCopy === c, o.fields.count == c.fields.count else { return false }
            for (f, g) in zip(o.fields, c.fields) where !rewatch(f, g, tape, depth: depth + 1) { return false }
            return true
        case (.tuple(let a), .tuple(let b)):
            guard a.items.count == b.items.count else { return false }
            for (x, y) in zip(a.items, b.items) where !rewatch(x, y, tape, depth: depth + 1) { return false }
            return true
        case (.namedTuple(let a), .namedTuple(let b)):
            guard a.names == b.names else { return false }
            for (x, y) in zip(a.values, b.values) where !rewatch(x, y, tape, depth: depth + 1) { return false }
            return true
        case (.int, _), (.bool, _), (.nothing, _), (.function, _), (.symbol, _), (.string, _), (.type, _), (.char, _):
            // Settings inside a struct (`watch` leaves them): unchanged if the same.
            return OperatorBuiltins.egal(v, kept)
        default:
            return false
        }
    }

    /// The containers `watch` is inside of, so a cycle back to one of them ends the walk.
    package final class Visiting {
        var ids = Set<ObjectIdentifier>()
        init() {}
    }

    /// The gradient with the shape of the argument: arrays for arrays, numbers for
    /// numbers, NamedTuples for structs, `nothing` where nothing flowed.
    package static func structural(_ orig: Value, _ watched: Value, _ tape: Tape, _ interp: Interpreter) throws -> Value {
        try NativeStack.check()
        switch watched {
        case .array(let a):
            // An argument the function wrote into has its gradient on the tensor it held.
            if let t = interp.tensorBeforeWrite(a) ?? a.tensor {
                guard t.dtype.isFloat, let g = tape.gradient(of: t) else { return .nothing }
                return .array(ArrayValue(tensor: g))
            }
            var origItems: [Value] = a.boxedValues
            if case .array(let oa) = orig { origItems = oa.boxedValues }
            let items = try zip(origItems, a.boxedValues).map { try structural($0, $1, tape, interp) }
            if items.allSatisfy({ $0.isNothing }) { return .nothing }
            return .array(ArrayValue(boxed: items, shape: a.shape, elementType: BuiltinTypes.any))
        case .tracked(let s):
            guard let g = tape.gradient(of: try interp.engine { try s.tensor }) else { return .nothing }
            // A nested differentiation's gradient is itself on the tape.
            if tape.isTracked(g) { return .tracked(TrackedScalar(g)) }
            if case .float32 = orig { return .float32(g.floatValue(0)) }
            return .float64(g.numericValue(0))
        case .tuple(let t):
            var origItems = t.items
            if case .tuple(let ot) = orig { origItems = ot.items }
            let items = try zip(origItems, t.items).map { try structural($0, $1, tape, interp) }
            if items.allSatisfy({ $0.isNothing }) { return .nothing }
            return .tuple(items)
        case .namedTuple(let nt):
            var origItems = nt.values
            if case .namedTuple(let ont) = orig { origItems = ont.values }
            let items = try zip(origItems, nt.values).map { try structural($0, $1, tape, interp) }
            if items.allSatisfy({ $0.isNothing }) { return .nothing }
            return .namedTuple(NamedTupleValue(names: nt.names, values: items))
        case .object(let o):
            var origFields = o.fields
            if case .object(let oo) = orig { origFields = oo.fields }
            let items = try zip(origFields, o.fields).map { try structural($0, $1, tape, interp) }
            if items.allSatisfy({ $0.isNothing }) { return .nothing }
            return .namedTuple(NamedTupleValue(names: o.type.fieldNames, values: items))
        case .native(let dict as DictObject):
            // Zygote's gradient of a Dict is a `Dict{Any, Any}` of the keys that got one.
            let grads = DictObject(identity: dict.identity)
            grads.keyType = BuiltinTypes.any
            grads.valueType = BuiltinTypes.any
            var any = false
            for (key, value) in dict.pairs {
                let g = try structural(value, value, tape, interp)
                if !g.isNothing {
                    try grads.set(key, g, interp)
                    any = true
                }
            }
            return any ? .native(grads) : .nothing
        case .native(let n):
            if let tree = n as? ParameterTree { return try tree.gradient(interp) { try structural($0, $0, tape, interp) } }
            return .nothing
        default:
            return .nothing
        }
    }

    package static func makePullback(_ a: Args, _ interp: Interpreter) throws -> Value {
        guard a.count >= 1 else { throw Exceptions.method(.str("pullback"), a.values) }
        let f = a[0]
        let args = Array(a.values.dropFirst())
        if let outer = interp.enclosingTape { return try ZygoteNestedPullback.make(f, args, keywords: [], on: outer, interp) }
        let tape = Tape()
        var watched: [Value] = []
        let out: Value = try interp.recording(on: tape) {
            for v in args { watched.append(try watch(v, tape, interp)) }
            return try interp.call(f, watched)
        }
        switch out {
        case .array, .tuple, .namedTuple:
            // Arrays and containers: `back(dy)` takes a cotangent of the same shape.
            if interp.carriesGradient(out, tape, depth: 0) {
                return try ZygotePullback.treePullback(out, args: args, watched: watched, tape: tape, interp)
            }
        default: break
        }
        let loss = try scalarLoss(out, name: "pullback", interp)
        var cached: [Value]? = nil
        let back = NativeClosure(name: "back") { interp, b in
            try b.expect("back", 1...1)
            if cached == nil {
                if let lt = loss.tensor {
                    try interp.engine { try tape.backward(from: lt) }
                    cached = try zip(args, watched).map { try structural($0, $1, tape, interp) }
                    tape.reset()
                } else {
                    cached = args.map { _ in .nothing }
                }
            }
            let dy = b[0]
            if scalarRank(dy) != nil && asDouble(dy) == 1 { return .tuple(cached!) }
            return .tuple(try cached!.map { try scaleTree($0, dy, interp) })
        }
        return .tuple([loss.value, .function(back)])
    }


    package static func scaleTree(_ g: Value, _ s: Value, _ interp: Interpreter) throws -> Value {
        switch g {
        case .nothing: return .nothing
        case .tuple(let t): return .tuple(try t.items.map { try scaleTree($0, s, interp) })
        case .namedTuple(let nt): return .namedTuple(NamedTupleValue(names: nt.names, values: try nt.values.map { try scaleTree($0, s, interp) }))
        default: return try OperatorBuiltins.binaryValues(.mul, g, s, interp)
        }
    }
}

/// Objects that hold parameters but are not plain structs (Flux layers written in Swift).
package protocol ParameterTree: AnyObject {
    func children(_ interp: Interpreter) -> [Value]
    func gradient(_ interp: Interpreter, _ child: (Value) throws -> Value) throws -> Value
}

/// Zygote's `Params`: the arrays implicit-mode `gradient` differentiates.
package final class ParamsObject: NativeObject, NativeIterable, NativeShowable, NativeIndexable {
    package var arrays: [ArrayValue] = []
    package static let type = FlxType(name: "Params", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { ParamsObject.type }

    package func add(_ v: Value) {
        if case .array(let a) = v, !arrays.contains(where: { $0 === a }) { arrays.append(a) }
    }
    package var iterationLength: Int? { arrays.count }
    package func makeIterator(_ interp: Interpreter) throws -> ValueIterator { ListIterator(arrays.map { .array($0) }) }
    package func getIndex(_ indices: [Value], _ interp: Interpreter) throws -> Value {
        guard indices.count == 1, case .int(let i) = indices[0], i >= 1 && Int(i) <= arrays.count else { throw Exceptions.bounds(.native(self), .tuple(indices)) }
        return .array(arrays[Int(i) - 1])
    }
    package func setIndex(_ indices: [Value], _ value: Value, _ interp: Interpreter) throws {
        throw Exceptions.method(.str("setindex!"), [.native(self), value])
    }
    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        "Params([" + (try arrays.map { try Display.repr(.array($0), interp) }.joined(separator: ", ")) + "])"
    }
    package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }
}

/// Zygote's `Grads`: gradients looked up by the parameter array (`gs[W]`).
package final class GradsObject: NativeObject, NativeIndexable, NativeShowable, NativeIterable {
    package let params: ParamsObject
    package var grads: [Value] = []
    package init(params: ParamsObject) { self.params = params }
    package static let type = FlxType(name: "Grads", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { GradsObject.type }

    package func getIndex(_ indices: [Value], _ interp: Interpreter) throws -> Value {
        guard indices.count == 1, case .array(let a) = indices[0] else { throw Exceptions.method(.str("getindex"), [.native(self)] + indices) }
        guard let i = params.arrays.firstIndex(where: { $0 === a }) else { throw Exceptions.key(indices[0]) }
        return grads[i]
    }
    package func setIndex(_ indices: [Value], _ value: Value, _ interp: Interpreter) throws {
        guard indices.count == 1, case .array(let a) = indices[0], let i = params.arrays.firstIndex(where: { $0 === a }) else {
            throw Exceptions.method(.str("setindex!"), [.native(self), value] + indices)
        }
        grads[i] = value
    }
    package var iterationLength: Int? { grads.count }
    package func makeIterator(_ interp: Interpreter) throws -> ValueIterator { ListIterator(grads) }
    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        "Grads(...)"
    }
    package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }
}

extension Interpreter {
    /// Field indices of a struct that hold parameters (all, unless `Flux.trainable` says less).
    package func trainableFields(_ o: StructInstance) -> [Int] {
        if let hook = trainableHook { return hook(o, self) }
        return Array(o.fields.indices)
    }
}
