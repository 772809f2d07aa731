import FlxSyntax
extension Compiler {
    package func compileCall(_ callee: Expr, _ args: [Expr], _ kwargs: [Keyword], broadcast: Bool, span: Span) throws -> Node {
        if broadcast {
            return try compileBroadcast(Expr(.call(callee: callee, args: args, kwargs: kwargs, broadcast: true), span))
        }
        if case .identifier("new") = callee.kind, let box = structUnderConstruction, kwargs.isEmpty {
            return NewInstance(box: box, args: try args.map(compile), span: span)
        }
        let f = try compile(callee)
        let hasSplat = args.contains { if case .splat = $0.kind { return true }; return false }
        if !hasSplat && kwargs.isEmpty {
            return Call(callee: f, args: try args.map(compile), span: span)
        }
        let positional = try args.map { a -> (node: Node, splat: Bool) in
            if case .splat(let inner) = a.kind { return (try compile(inner), true) }
            return (try compile(a), false)
        }
        let keywords = try kwargs.map { k in (name: k.name, node: try compile(k.value), splat: k.isSplat) }
        return GeneralCall(callee: f, args: positional, keywords: keywords, span: span)
    }

    package func compileBinary(_ op: String, _ l: Expr, _ r: Expr, span: Span) throws -> Node {
        if op.hasPrefix(".") && op.count > 1 {
            return try compileBroadcast(Expr(.binary(op: op, l, r), span))
        }
        switch op {
        case "|>":
            return Call(callee: try compile(r), args: [try compile(l)], span: span)
        case "<|":
            return Call(callee: try compile(l), args: [try compile(r)], span: span)
        case "∉":
            let inNode = Call(callee: GlobalGet(operatorBinding("in"), span: span), args: [try compile(l), try compile(r)], span: span)
            return Call(callee: GlobalGet(interp.base.binding("!"), span: span), args: [inNode], span: span)
        default:
            break
        }
        if let arith = BinaryOperator(symbol: op) {
            return BinaryOperation(arith, try compile(l), try compile(r), function: operatorBinding(arith.rawValue), span: span)
        }
        return Call(callee: GlobalGet(operatorBinding(op), span: span), args: [try compile(l), try compile(r)], span: span)
    }

    package func compileUnary(_ op: String, _ operand: Expr, span: Span) throws -> Node {
        if op.hasPrefix(".") {
            return try compileBroadcast(Expr(.unary(op: op, operand), span))
        }
        if op == "<:" || op == "::" { throw syntaxError("unexpected `\(op)`", span) }
        let name = op == "√" ? "sqrt" : op == "¬" ? "!" : op
        return Call(callee: GlobalGet(operatorBinding(name), span: span), args: [try compile(operand)], span: span)
    }

    // MARK: broadcasting

    /// Compiles a dotted expression tree into one broadcast: the non-dotted parts are
    /// its leaves, evaluated first; the dotted calls run elementwise in a single pass.
    package func compileBroadcast(_ e: Expr) throws -> Node {
        var leaves: [Node] = []
        let tree = try broadcastTree(e, leaves: &leaves)
        return BroadcastNode(tree: tree, leaves: leaves, span: e.span)
    }

    package func broadcastTree(_ e: Expr, leaves: inout [Node]) throws -> BroadcastTree {
        switch e.kind {
        case .call(let callee, let args, let kwargs, true):
            var f = try compile(callee)
            if !kwargs.isEmpty {
                // `round.(x; digits = 2)`: the keywords are fixed, the positional arguments broadcast.
                f = BindKeywords(function: f, keywords: try kwargs.map { k in
                    if k.isSplat { throw syntaxError("keyword splatting in a broadcast call is not supported", k.value.span) }
                    return (k.name, try compile(k.value))
                }, span: e.span)
            }
            var children: [BroadcastTree] = []
            for a in args {
                if case .splat = a.kind { throw syntaxError("splatting inside a broadcast call is not supported", a.span) }
                children.append(try broadcastTree(a, leaves: &leaves))
            }
            return .call(f, children)
        case .binary(let op, let l, let r) where op.hasPrefix(".") && op.count > 1:
            let base = String(op.dropFirst())
            let f: Node
            switch base {
            case "&&": f = Literal(interp.base.binding("&").value)
            case "||": f = Literal(interp.base.binding("|").value)
            default: f = GlobalGet(operatorBinding(base), span: e.span)
            }
            return .call(f, [try broadcastTree(l, leaves: &leaves), try broadcastTree(r, leaves: &leaves)])
        case .unary(let op, let operand) where op.hasPrefix("."):
            let f = GlobalGet(operatorBinding(String(op.dropFirst())), span: e.span)
            return .call(f, [try broadcastTree(operand, leaves: &leaves)])
        case .int, .float64, .float32, .bool:
            return .constant(try compile(e))
        case .block(let items) where items.count == 1:
            return try broadcastTree(items[0], leaves: &leaves)
        default:
            leaves.append(try compile(e))
            return .leaf(leaves.count - 1)
        }
    }

    /// `x .= rhs`, `x[i, :] .= rhs`, `x .+= rhs`: broadcast into existing storage.
    package func compileDotAssign(_ target: Expr, _ value: Expr, span: Span) throws -> Node {
        var leaves: [Node] = []
        let tree = try broadcastTree(value, leaves: &leaves)
        let rhs = BroadcastNode(tree: tree, leaves: leaves, span: value.span)
        switch target.kind {
        case .index(let base, let indices):
            return BroadcastAssign(target: try compile(base), indices: try indices.map(compile), value: rhs, span: span)
        default:
            return BroadcastAssign(target: try compile(target), indices: nil, value: rhs, span: span)
        }
    }

    /// `@. expr`: every call and operator becomes its dotted form; assignment becomes `.=`.
    package func dotted(_ e: Expr) -> Expr {
        switch e.kind {
        case .call(let callee, let args, let kwargs, _):
            return Expr(.call(callee: callee, args: args.map(dotted), kwargs: kwargs, broadcast: true), e.span)
        case .binary(let op, let l, let r):
            let dop = op.hasPrefix(".") ? op : "." + op
            return Expr(.binary(op: dop, dotted(l), dotted(r)), e.span)
        case .unary(let op, let operand):
            if op == "√" { return Expr(.call(callee: Expr(.identifier("sqrt"), e.span), args: [dotted(operand)], kwargs: [], broadcast: true), e.span) }
            return Expr(.unary(op: op.hasPrefix(".") ? op : "." + op, dotted(operand)), e.span)
        case .assign(let target, let value):
            return Expr(.dotAssign(target: target, value: dotted(value)), e.span)
        case .updateAssign(let op, let target, let value, _):
            return Expr(.updateAssign(op: op, target: target, value: dotted(value), broadcast: true), e.span)
        case .block(let items):
            return Expr(.block(items.map(dotted)), e.span)
        case .comparison(let operands, let ops):
            var result = Expr(.binary(op: "." + ops[0], dotted(operands[0]), dotted(operands[1])), e.span)
            for i in 1..<ops.count {
                let next = Expr(.binary(op: "." + ops[i], dotted(operands[i]), dotted(operands[i + 1])), e.span)
                result = Expr(.binary(op: ".&", result, next), e.span)
            }
            return result
        default:
            return e
        }
    }

    // MARK: indexing and collections

    package func compileIndex(_ base: Expr, _ indices: [Expr], span: Span) throws -> Node {
        let b = try compile(base)
        let idx = try indices.map { i -> Node in
            if case .splat = i.kind { throw syntaxError("splatting in indices is not supported", i.span) }
            return try compile(i)
        }
        return IndexGet(b, idx, view: inViews > 0, span: span)
    }

    package func compileTuple(_ items: [Expr], span: Span) throws -> Node {
        let parts = try items.map { i -> (Node, Bool) in
            if case .splat(let inner) = i.kind { return (try compile(inner), true) }
            return (try compile(i), false)
        }
        return TupleNode(parts: parts, span: span)
    }

    package func compileVect(_ items: [Expr], type: Expr?, span: Span) throws -> Node {
        let parts = try items.map { i -> (Node, Bool) in
            if case .splat(let inner) = i.kind { return (try compile(inner), true) }
            return (try compile(i), false)
        }
        return VectNode(parts: parts, elementType: try type.map(compile), span: span)
    }

    package func compileMatrix(_ rows: [[Expr]], type: Expr?, span: Span) throws -> Node {
        let compiled = try rows.map { try $0.map(compile) }
        return MatrixNode(rows: compiled, elementType: try type.map(compile), span: span)
    }

    package func compileComprehension(_ body: Expr, _ loops: [ForSpec], _ cond: Expr?, typed: Expr?, span: Span) throws -> Node {
        let elementType = try typed.map(compile)
        return try withScope(.hard) {
            var levels: [(iterable: Node, target: Assigner, nested: Bool)] = []
            for spec in loops {
                let it = try compile(spec.iterable)
                let (target, _) = try loopTarget(spec.target)
                levels.append((it, target, spec.startsNestedFor))
            }
            declareAssignedLocals(body)
            let b = try compile(body)
            let c = try cond.map(compile)
            return Comprehension(levels: levels, body: b, condition: c, elementType: elementType, freshCells: scope.declaredCells.map { $0.slot }, span: span)
        }
    }

    package func compileInterpolation(_ parts: [InterpolationPart], span: Span) throws -> Node {
        let nodes = try parts.map { p -> Node in
            switch p {
            case .text(let s): return Literal(.str(s), span: span)
            case .expr(let e): return try compile(e)
            }
        }
        return StringInterpolation(nodes, span: span)
    }

    package func compileTypeParameter(_ e: Expr) throws -> Node {
        if case .unary(let op, let bound) = e.kind, op == "<:" {
            return UpperBoundNode(try compile(bound), span: e.span)
        }
        return try compile(e)
    }
}

/// The shape of a fused broadcast: leaves are indices into the evaluated operands.
package indirect enum BroadcastTree {
    case leaf(Int)
    case constant(Node)
    case call(Node, [BroadcastTree])
}
