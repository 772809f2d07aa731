import FlxSyntax
import FlxCore
import FlxStdlib

/// Optimisers' rule-writing helpers: `maywrite(x)` (may a rule write into `x`? a dense
/// array, yes; anything else, no) and `@.. x = rhs`, which broadcasts `rhs` like `@.` and
/// writes it into `x` when `maywrite(x)`, else rebinds `x` to the result.
enum OptimiserMacros {
    static func install(_ interp: Interpreter, optimisers: ModuleValue) {
        optimisers.native("maywrite") { _, a in
            try a.expect("maywrite", 1...1)
            return .bool(maywrite(a[0]))
        }
        // `subtract!(x, dx)`: the step `update!` takes, `x .= x .- dx` in place when `x` may be
        // written, else a new array of x's element type; no gradient (nothing, ZeroTangent)
        // leaves `x` itself.
        optimisers.native("subtract!", export: false) { interp, a in
            try a.expect("subtract!", 2...2)
            var dx = a[1]
            if dx.isNothing { return a[0] }
            if case .native(let marker) = dx, marker is TangentMarker { return a[0] }
            if case .native(let lazy as LazyArrayStandIn) = dx { dx = try lazy.materialize(interp) }
            guard let minus = interp.base.member("-")?.value else { throw Exceptions.method(.str("subtract!"), a.values) }
            let difference = try Broadcast.evaluate(.call(minus, [.leaf(0), .leaf(1)]), [a[0], dx], interp)
            if maywrite(a[0]) {
                try Broadcast.assign(into: a[0], difference, interp)
                return a[0]
            }
            guard case .array(let x) = a[0] else { return difference }
            return try Broadcast.evaluate(.call(.type(x.elementType), [.leaf(0)]), [difference], interp)
        }
        // `_norm(dx, p)`: the norm ClipNorm takes, of an array or of a lazy `Broadcasted`.
        optimisers.native("_norm", export: false) { interp, a in
            try a.expect("_norm", 2...2)
            var dx = a[0]
            if case .native(let lazy as LazyArrayStandIn) = dx { dx = try lazy.materialize(interp) }
            guard let norm = interp.base.member("norm")?.value else { throw Exceptions.method(.str("_norm"), a.values) }
            return try interp.call(norm, [dx, a[1]])
        }
        interp.registerMacro("lazy") { [unowned interp] c, args, span in
            guard args.count == 1 else { throw c.syntaxError("the macro @lazy takes one expression, like @lazy x + y * z", span) }
            return try c.compile(LazyBroadcast.lazyExpression(args[0], interp))
        }
        interp.registerMacro("..") { c, args, span in
            guard args.count == 1, case .assign(let target, let value) = args[0].kind else {
                throw c.syntaxError("the macro @.. only accepts assignment, like @.. x = y + z", span)
            }
            let dotted = Expr(.macroCall(name: ".", module: [], args: [value]), value.span)
            return SometimesInPlace(target: try c.compile(target),
                                    inPlace: try c.compile(Expr(.dotAssign(target: target, value: dotted), span)),
                                    rebind: try c.compile(Expr(.assign(target: target, value: dotted), span)), span: span)
        }
    }

    /// Optimisers' `maywrite(::DenseArray) = true`, `maywrite(_) = false` (a StaticArrays
    /// `SArray` is not a DenseArray).
    static func maywrite(_ v: Value) -> Bool {
        if case .array(let a) = v { return a.isWritable }
        return false
    }
}

/// `@.. x = rhs`: `x .= rhs` when `x` may be written, else `x = rhs` (both broadcast).
final class SometimesInPlace: Node {
    let target: Node
    let inPlace: Node
    let rebind: Node

    init(target: Node, inPlace: Node, rebind: Node, span: Span) {
        self.target = target
        self.inPlace = inPlace
        self.rebind = rebind
        super.init(span: span)
    }

    override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let current = try target.eval(interp, fp)
        if OptimiserMacros.maywrite(current) { return try inPlace.eval(interp, fp) }
        return try rebind.eval(interp, fp)
    }
}
