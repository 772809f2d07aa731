import FlxSyntax
import FlxCore
import FlxEngine

/// Base.Broadcast's `Broadcasted`: a function and its arguments, not yet computed.
/// `broadcasted(f, args...)` makes one (arguments may be other `Broadcasted`s, which is
/// how `x .+ y .* z` looks before it runs), `instantiate` checks that the shapes agree and
/// fixes the axes, and `materialize`, `copy`, `collect`, or use inside another broadcast
/// compute it. Computing is deferred, as Julia's: an array the arguments hold that is
/// written before then is seen with its new elements.
package final class BroadcastedObject: NativeObject, NativeShowable, NativeFields, LazyArrayStandIn {
    let f: Value
    let args: [Value]
    /// The broadcast shape, once `instantiate` fixed it (Julia's `axes` field, `nothing` before).
    let axes: Shape?

    init(f: Value, args: [Value], axes: Shape?) {
        self.f = f
        self.args = args
        self.axes = axes
    }

    package static let abstractType = FlxType(name: "AbstractBroadcasted", kind: .abstract, supertype: BuiltinTypes.any)
    package static let type = FlxType(name: "Broadcasted", supertype: abstractType)
    package override var flxType: FlxType { BroadcastedObject.type }

    package func materialize(_ interp: Interpreter) throws -> Value {
        try Broadcast.evaluate(.call(f, args.indices.map { .leaf($0) }), args, interp)
    }

    /// The shape the broadcast will have (nil for numbers only); a mismatch is Julia's
    /// DimensionMismatch, as `instantiate` raises it.
    func shape(_ interp: Interpreter) throws -> Shape? {
        if let axes { return axes }
        var shape: Shape? = nil
        var first: Value = .nothing
        for a in args {
            let s: Shape?
            if case .native(let inner as BroadcastedObject) = a { s = try inner.shape(interp) } else { s = Broadcast.shape(of: a, interp) }
            guard let s else { continue }
            if let cur = shape { shape = try Broadcast.combine(cur, s, first, a, interp) } else { shape = s; first = a }
        }
        return shape
    }

    /// Julia's broadcast style, which `show` prints for an instantiated one: the highest
    /// rank of the array arguments, `Style{Tuple}` for tuples alone.
    func styleText(_ interp: Interpreter) -> String {
        var rank = 0, arrays = false, tuples = false
        func visit(_ v: Value) {
            switch v {
            case .native(let inner as BroadcastedObject): inner.args.forEach(visit)
            case .tuple: tuples = true
            default:
                if let s = Broadcast.shape(of: v, interp) { arrays = true; rank = max(rank, s.rank) }
            }
        }
        args.forEach(visit)
        if tuples && !arrays { return "Base.Broadcast.Style{Tuple}" }
        return "Base.Broadcast.DefaultArrayStyle{\(rank)}"
    }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        let style = axes != nil ? "{" + styleText(interp) + "}" : ""
        return "Base.Broadcast.Broadcasted\(style)(\(try Display.repr(f, interp)), \(try Display.repr(.tuple(args), interp)))"
    }

    package func display(_ interp: Interpreter) throws -> String? { nil }

    package func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "f": return f
        case "args": return .tuple(args)
        case "axes":
            guard let axes else { return .nothing }
            return .tuple(axes.dims.map { .range(RangeValue(.int(start: 1, step: 1, stop: Int64($0), unit: true))) })
        default: return nil
        }
    }

    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
}

/// The functions of Base.Broadcast that build and run a `Broadcasted`, and `@lazy`'s
/// rewriting of an expression into nested `broadcasted` calls.
package enum LazyBroadcast {
    package static var functions: [Builtin] {
        [
            Builtin("broadcasted", export: false, { interp, a in
                guard a.count >= 1, a.keywords.isEmpty else { throw Exceptions.method(.str("broadcasted"), a.values) }
                return .native(BroadcastedObject(f: a[0], args: Array(a.values.dropFirst()), axes: nil))
            }, help: BuiltinHelp("Base.Broadcast.broadcasted(f, args...)", "The lazy form of `f.(args...)`: a `Broadcasted` that computes nothing until `materialize`, `copy` or `collect`.", "bc = Base.Broadcast.broadcasted(+, [1, 2], 10); copy(bc)  # [11, 12]")),
            Builtin("instantiate", export: false, { interp, a in
                try a.expect("instantiate", 1...1)
                guard case .native(let bc as BroadcastedObject) = a[0] else { return a[0] }
                if bc.axes != nil { return a[0] }
                let shape = try bc.shape(interp) ?? Shape.scalar
                return .native(BroadcastedObject(f: bc.f, args: bc.args, axes: shape))
            }, help: BuiltinHelp("Base.Broadcast.instantiate(bc)", "Checks that the arguments of a `Broadcasted` have compatible shapes (else DimensionMismatch) and fixes its axes.", "Base.Broadcast.instantiate(Base.Broadcast.broadcasted(+, [1, 2], 1))")),
            Builtin("materialize", export: false, { interp, a in
                try a.expect("materialize", 1...1)
                guard case .native(let bc as BroadcastedObject) = a[0] else { return a[0] }
                return try bc.materialize(interp)
            }, help: BuiltinHelp("Base.Broadcast.materialize(bc)", "Computes a `Broadcasted` (anything else is returned as it is).", "Base.Broadcast.materialize(Base.Broadcast.broadcasted(*, [1, 2], 3))  # [3, 6]")),
        ]
    }

    package static func install(_ interp: Interpreter) {
        let b = interp.base
        b.register(functions, helpInto: interp.builtinHelp)
        let m = ModuleValue(name: "Broadcast", parent: b)
        for name in ["broadcasted", "instantiate", "materialize", "broadcast", "broadcast!"] {
            if let binding = b.member(name) { m.define(name, binding.value) }
        }
        m.define("Broadcasted", .type(BroadcastedObject.type))
        m.define("AbstractBroadcasted", .type(BroadcastedObject.abstractType))
        interp.modules["Broadcast"] = m
        b.define("Broadcast", .module(m))
    }

    /// `@lazy ex` (Optimisers): `ex` with every call and operator broadcast as `@.` would,
    /// but built as nested `broadcasted` calls and instantiated, not computed.
    package static func lazyExpression(_ e: Expr, _ interp: Interpreter) -> Expr {
        let broadcasted = interp.base.binding("broadcasted").value
        let instantiate = interp.base.binding("instantiate").value
        func embedded(_ v: Value, _ span: Span) -> Expr { Expr(.embedded(EmbeddedValue(v)), span) }
        func lazy(_ e: Expr) -> Expr {
            func call(_ f: Expr, _ args: [Expr]) -> Expr {
                Expr(.call(callee: embedded(broadcasted, e.span), args: [f] + args.map(lazy), kwargs: [], broadcast: false), e.span)
            }
            func op(_ name: String) -> Expr {
                Expr(.identifier(name.hasPrefix(".") ? String(name.dropFirst()) : name), e.span)
            }
            switch e.kind {
            case .call(let callee, let args, let kwargs, _) where kwargs.isEmpty:
                return call(callee, args)
            case .binary(let name, let l, let r):
                return call(op(name), [l, r])
            case .unary(let name, let x):
                return call(name == "√" ? Expr(.identifier("sqrt"), e.span) : op(name), [x])
            default:
                return e
            }
        }
        return Expr(.call(callee: embedded(instantiate, e.span), args: [lazy(e)], kwargs: [], broadcast: false), e.span)
    }
}
