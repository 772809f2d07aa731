import FlxSyntax

/// `f(dims::NTuple{N}, ...) where N`: N is the length of the tuple. flx's `where` variables
/// are bound to types only, so the compiler reads N in the method itself: the parameter is
/// declared `Tuple` and the body starts with `N = length(dims)`. Julia's `NTuple{N}` also
/// asks that the elements share one type; flx's method takes a mixed tuple as well.
/// (`NTuple{N, T}` is left alone: flx does not dispatch on a tuple's element types yet.)
extension FunctionDef {
    func bindingTupleLengths() -> FunctionDef {
        let free = Set(whereParams.filter { $0.bound == nil }.map(\.name))
        guard !free.isEmpty else { return self }
        var def = self
        var prologue: [Expr] = []
        for (i, p) in params.enumerated() {
            guard let t = p.type, case .curly(let base, let args) = t.kind, case .identifier("NTuple") = base.kind, args.count == 1,
                  let first = args.first, case .identifier(let n) = first.kind, free.contains(n), let name = p.name, !p.isVararg
            else { continue }
            // N must come from this argument alone.
            guard !params.indices.contains(where: { $0 != i && params[$0].type.map { FunctionDef.names($0, [n]) } == true }) else { continue }
            let span = t.span
            def.params[i].type = Expr(.identifier("Tuple"), span)
            def.whereParams.removeAll { $0.name == n }
            let length = Expr(.embedded(EmbeddedValue(Value.native(TupleLength.shared))), span)
            prologue.append(Expr(.assign(target: Expr(.identifier(n), span),
                                         value: Expr(.call(callee: length, args: [Expr(.identifier(name), span)], kwargs: [], broadcast: false), span)), span))
        }
        guard !prologue.isEmpty else { return self }
        def.body = Expr(.block(prologue + [def.body]), def.body.span)
        return def
    }

    /// Whether a type expression mentions any of `names`.
    private static func names(_ e: Expr, _ names: Set<String>) -> Bool {
        switch e.kind {
        case .identifier(let n): return names.contains(n)
        case .curly(let base, let args): return FunctionDef.names(base, names) || args.contains { FunctionDef.names($0, names) }
        default: return false
        }
    }
}

/// The length of the tuple an `NTuple{N}` argument brought (see `bindingTupleLengths`).
final class TupleLength: NativeObject, NativeCallable {
    nonisolated(unsafe) static let shared = TupleLength()

    func call(_ interp: Interpreter, _ args: Args) throws -> Value {
        guard args.count == 1, case .tuple(let t) = args[0] else { throw Exceptions.method(.str("length"), args.values) }
        return .int(Int64(t.items.count))
    }
}
