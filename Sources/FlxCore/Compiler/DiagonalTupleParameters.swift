import FlxSyntax

/// `x::Tuple{T, T} where T`: a `where` variable inside a tuple type of a signature. The
/// tuple type keeps the variable as a parameter (`DiagonalVariables.variable`), so the
/// method asks that the elements in its positions share one concrete type (Julia's diagonal
/// rule), and differs from a method on plain `Tuple` instead of replacing it.
extension Compiler {
    /// The signature node for a parameter declared with such a tuple type, or nil when the
    /// type is not a `Tuple{...}` naming a `where` variable as one of its parameters.
    func diagonalTupleType(_ t: Expr, _ whereParams: [(name: String, bound: Expr?)]) throws -> Node? {
        guard case .curly(let base, let params) = t.kind, case .identifier("Tuple") = base.kind else { return nil }
        func variable(_ p: Expr) -> (name: String, bound: Expr?)? {
            guard case .identifier(let n) = p.kind else { return nil }
            return whereParams.first { $0.name == n }
        }
        guard params.contains(where: { variable($0) != nil }) else { return nil }
        let nodes = try params.map { p -> Node in
            guard let v = variable(p) else { return try compileTypeParameter(p) }
            return TypeVariableNode(name: v.name, bound: try v.bound.map(compile), span: p.span)
        }
        return ApplyTypeParameters(try compile(base), nodes, span: t.span)
    }
}

extension Compiler {
    /// The parameters written in a curly type expression (none for any other expression).
    func tupleParameters(_ t: Expr) -> [Expr] {
        if case .curly(_, let params) = t.kind { return params }
        return []
    }
}

/// A `where` variable used as a tuple type's parameter in a signature.
final class TypeVariableNode: Node {
    let name: String
    let bound: Node?
    init(name: String, bound: Node?, span: Span) {
        self.name = name
        self.bound = bound
        super.init(span: span)
    }
    override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        var upper = BuiltinTypes.any
        if let bound {
            guard case .type(let b) = try bound.eval(interp, fp) else { throw locate(Exceptions.error("expected a type as the bound of \(name)")) }
            upper = b
        }
        return .type(DiagonalVariables.variable(name, bound: upper))
    }
}
