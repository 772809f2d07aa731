import FlxSyntax
/// Prints an expression the way Julia's `show_unquoted` does, for `@show`: binary
/// operators spaced (`x ^ 2`, `a + b`), ranges tight (`1:3`), keywords as `k = v`,
/// parentheses where precedence needs them (`1 / (2x)`).
package enum ExpressionPrinter {
    package static func print(_ e: Expr) -> String? {
        var p = Printer()
        return p.expr(e, 0) ? p.out : nil
    }

    private struct Printer {
        package var out = ""

        /// Appends `e`; parenthesised when its precedence is below `context`. Returns
        /// false for forms it does not know (the caller then uses the source text).
        package mutating func expr(_ e: Expr, _ context: Int) -> Bool {
            switch e.kind {
            case .int(let v): out += String(v)
            case .sizedInt(let lit):
                // As Julia shows the literal's value: `0x01`, an Int128 in decimal.
                guard let kind = IntKind(literal: lit) else { return false }
                out += FixedInt(kind, bits: lit.bits).shown
            case .float64(let v): out += FloatFormat.show(v)
            case .float32(let v): out += FloatFormat.show(v, typed: true)
            case .bool(let b): out += b ? "true" : "false"
            case .string(let s): out += Display.stringRepr(s)
            case .char(let c): out += Display.charRepr(c.unicodeScalars.first?.value ?? 0)
            case .symbol(let s): out += ":" + s
            case .identifier(let n): out += n
            case .nothingLiteral: out += "nothing"
            case .colon: out += ":"
            case .endIndex: out += "end"
            case .beginIndex: out += "begin"
            case .binary(let op, let l, let r):
                let prec = precedence(op)
                let (lp, rp) = rightAssoc(op) ? (prec + 1, prec) : (prec, prec + 1)
                let tight = op == ":" || op == "//"
                if op == "^" || op == ".^", isNegativeLiteral(l) {
                    return wrap(prec < context) { p in p.append("(") && p.expr(l, 0) && p.append(") \(op) ") && p.expr(r, rp) }
                }
                // Julia prints `2x` style products of a literal and a name unspaced.
                var juxtaposed = false
                if op == "*", case .int = l.kind, case .identifier = r.kind, isJuxtaposition(e) { juxtaposed = true }
                return wrap(prec < context) { p in
                    if juxtaposed { return p.expr(l, lp) && p.expr(r, rp) }
                    return p.expr(l, lp) && p.append(tight ? op : " \(op) ") && p.expr(r, rp)
                }
            case .unary(let op, let x):
                // Julia parenthesises an operator expression under a unary operator: `-(2 ^ 2)`.
                var operandIsOperator = false
                switch x.kind {
                case .binary, .unary, .comparison: operandIsOperator = true
                default: break
                }
                return wrap(14 < context) { p in p.append(op) && p.wrap(operandIsOperator) { q in q.expr(x, 0) } }
            case .comparison(let xs, let ops):
                return wrap(7 < context) { p in
                    var ok = p.expr(xs[0], 8)
                    for (i, op) in ops.enumerated() { ok = ok && p.append(" \(op) ") && p.expr(xs[i + 1], 8) }
                    return ok
                }
            case .and(let a, let b): return wrap(6 < context) { p in p.expr(a, 7) && p.append(" && ") && p.expr(b, 6) }
            case .or(let a, let b): return wrap(5 < context) { p in p.expr(a, 6) && p.append(" || ") && p.expr(b, 5) }
            case .ternary(let c, let a, let b):
                return wrap(3 < context) { p in p.expr(c, 4) && p.append(" ? ") && p.expr(a, 4) && p.append(" : ") && p.expr(b, 3) }
            case .pair(let a, let b): return wrap(2 < context) { p in p.expr(a, 3) && p.append(" => ") && p.expr(b, 2) }
            case .range(let a, let s, let b):
                return wrap(9 < context) { p in
                    var ok = p.expr(a, 10) && p.append(":")
                    if let s { ok = ok && p.expr(s, 10) && p.append(":") }
                    return ok && p.expr(b, 10)
                }
            case .call(let f, let args, let kwargs, let broadcast):
                guard expr(f, 17) else { return false }
                out += broadcast ? ".(" : "("
                guard list(args) else { return false }
                // `f(x, k = v)` keeps its keywords among the arguments (Julia's `:kw`),
                // `f(x; k = v)` after the semicolon (`:parameters`).
                for k in kwargs where k.positional && !k.isSplat {
                    if !(args.isEmpty && out.hasSuffix("(")) { out += ", " }
                    out += k.name + " = "
                    guard expr(k.value, 0) else { return false }
                }
                let parameters = kwargs.filter { !$0.positional || $0.isSplat }
                if !parameters.isEmpty {
                    out += "; "
                    for (i, k) in parameters.enumerated() {
                        if i > 0 { out += ", " }
                        if k.isSplat { guard expr(k.value, 0) else { return false }; out += "..."; continue }
                        out += k.name + " = "
                        guard expr(k.value, 0) else { return false }
                    }
                }
                out += ")"
            case .index(let b, let idx):
                guard expr(b, 17) else { return false }
                out += "["
                guard list(idx) else { return false }
                out += "]"
            case .field(let b, let n):
                guard expr(b, 17) else { return false }
                out += "." + n
            case .adjoint(let x):
                guard expr(x, 17) else { return false }
                out += "'"
            case .splat(let x):
                guard expr(x, 17) else { return false }
                out += "..."
            case .tuple(let xs):
                out += "("
                guard list(xs) else { return false }
                out += xs.count == 1 ? ",)" : ")"
            case .vect(let xs):
                out += "["
                guard list(xs) else { return false }
                out += "]"
            case .typedVect(let t, let xs):
                guard expr(t, 17) else { return false }
                out += "["
                guard list(xs) else { return false }
                out += "]"
            case .matrix(let rows):
                out += "["
                for (i, row) in rows.enumerated() {
                    if i > 0 { out += "; " }
                    for (j, x) in row.enumerated() {
                        if j > 0 { out += " " }
                        guard expr(x, 0) else { return false }
                    }
                }
                out += "]"
            case .ncat(let t, let xs, let seps, let trailing):
                if let t { guard expr(t, 17) else { return false } }
                out += "["
                for (i, x) in xs.enumerated() {
                    if i > 0 { out += seps[i - 1] == 0 ? " " : " " + (0..<seps[i - 1]).map { _ in ";" }.joined() + " " }
                    guard expr(x, 0) else { return false }
                }
                out += (0..<trailing).map { _ in ";" }.joined() + "]"
            case .namedTuple(let fields):
                out += "("
                for (i, f) in fields.enumerated() {
                    if i > 0 { out += ", " }
                    out += f.name + " = "
                    guard expr(f.value, 0) else { return false }
                }
                out += fields.count == 1 ? ",)" : ")"
            case .curly(let b, let ps):
                guard expr(b, 17) else { return false }
                out += "{"
                guard list(ps) else { return false }
                out += "}"
            case .typeAssert(let x, let t):
                guard expr(x, 16) else { return false }
                out += "::"
                return expr(t, 17)
            case .generator(let body, let loops, let cond):
                // Julia shows generators parenthesised, with `for x = xs`.
                out += "("
                guard expr(body, 0) else { return false }
                for l in loops {
                    out += " for "
                    guard expr(l.target, 0) else { return false }
                    out += " = "
                    guard expr(l.iterable, 0) else { return false }
                }
                if let cond { out += " if "; guard expr(cond, 0) else { return false } }
                out += ")"
            case .block(let items) where items.count == 1:
                return expr(items[0], context)
            default:
                return false
            }
            return true
        }

        package mutating func append(_ s: String) -> Bool {
            out += s
            return true
        }

        package mutating func list(_ xs: [Expr]) -> Bool {
            for (i, x) in xs.enumerated() {
                if i > 0 { out += ", " }
                guard expr(x, 0) else { return false }
            }
            return true
        }

        package mutating func wrap(_ parens: Bool, _ body: (inout Printer) -> Bool) -> Bool {
            if parens { out += "(" }
            guard body(&self) else { return false }
            if parens { out += ")" }
            return true
        }

        package func isNegativeLiteral(_ e: Expr) -> Bool {
            switch e.kind {
            case .int(let v): return v < 0
            case .float64(let v): return v < 0
            case .float32(let v): return v < 0
            default: return false
            }
        }

        /// The source wrote `2x` (no operator between the literal and the name).
        package func isJuxtaposition(_ e: Expr) -> Bool {
            guard case .binary(_, let l, let r) = e.kind else { return false }
            return l.span.end == r.span.start
        }

        package func precedence(_ op: String) -> Int {
            var base = op
            if op.count > 1 && op.hasPrefix(".") { base = String(op.dropFirst()) }
            switch base {
            case "=>": return 2
            case "||": return 5
            case "&&": return 6
            case "==", "!=", "===", "!==", "<", "<=", ">", ">=", "≤", "≥", "≠", "≈", "in", "∈", "isa", "<:": return 7
            case "|>", "<|": return 8
            case ":": return 9
            case "+", "-", "|", "⊻": return 10
            case "*", "/", "÷", "%", "&", "∘", "⋅", "×", "\\": return 11
            case "//": return 12
            case "<<", ">>", ">>>": return 13
            case "^": return 15
            default: return 10
            }
        }

        package func rightAssoc(_ op: String) -> Bool {
            var base = op
            if op.count > 1 && op.hasPrefix(".") { base = String(op.dropFirst()) }
            return base == "^" || base == "=>"
        }
    }
}
