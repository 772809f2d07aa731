import FlxSyntax
import FlxCore

/// `@inferred [AllowedType] f(x)`: returns `f(x)`. Julia also compares the value's type
/// with the return type its compiler infers; flx infers no types, so the only type it
/// knows is the value's own, which is always concrete, and the check cannot fail. What is
/// checked is what Julia checks before that: a call expression, and a type as the
/// optional first argument.
enum InferredMacro {
    static func compile(_ c: Compiler, _ args: [Expr], _ span: Span) throws -> Node {
        guard (1...2).contains(args.count), let ex = args.last else { throw c.syntaxError("@inferred takes an optional type and a call", span) }
        switch ex.kind {
        case .call, .index: break
        case .binary(let op, _, _) where !op.hasPrefix("."): break
        default: throw c.syntaxError("@inferred requires a call expression", ex.span)
        }
        return InferredNode(allowed: try args.count == 2 ? c.compile(args[0]) : nil, call: try c.compile(ex), span: span)
    }
}

final class InferredNode: Node {
    let allowed: Node?
    let call: Node

    init(allowed: Node?, call: Node, span: Span) {
        self.allowed = allowed
        self.call = call
        super.init(span: span)
    }

    override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        if let allowed {
            guard case .type = try allowed.eval(interp, fp) else { throw locate(Exceptions.argument("@inferred requires a type as second argument")) }
        }
        return try call.eval(interp, fp)
    }
}
