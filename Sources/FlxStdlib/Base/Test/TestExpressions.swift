import FlxSyntax
import FlxCore

/// How `@test` evaluates its expression so that a failure can show the operands, as
/// Julia's `get_test_result` lowers it: a comparison (`a == b`, `a < b <= c`, `x isa T`)
/// evaluates its terms first and then applies the operators; a call to one of the
/// functions in `displayFailed` (`≈`, `isapprox`, `occursin`, ...) evaluates its
/// arguments first; anything else is evaluated whole and shows no `Evaluated:` line.
/// The evaluated terms live in hidden locals, so the operators are compiled as ordinary
/// calls (with `isa`, `in` and `===` as the compiler treats them).
package enum TestPlan {
    /// `terms` are stored in `slots`; `steps[i]` applies `ops[i]` to slots i and i+1.
    case comparison(terms: [Node], slots: [Int], ops: [String], steps: [Node], negate: Bool)
    /// `args` and the keyword values are stored in `slots` (positional first); `call`
    /// calls `name` on them.
    case call(name: String, args: [Node], keywords: [(String, Node)], slots: [Int], call: Node, negate: Bool)
    case plain(Node)
}

extension TestPlan {
    /// Julia's `DISPLAY_FAILED`: boolean functions whose failing calls show their arguments.
    static let displayFailed: Set<String> = ["≈", "contains", "endswith", "isapprox", "isempty", "isequal", "occursin", "startswith"]

    static func compile(_ ex: Expr, _ compiler: Compiler) throws -> TestPlan {
        var inner = ex
        var negate = false
        if case .unary("!", let x) = ex.kind { inner = x; negate = true }
        var terms: [Expr] = []
        var ops: [String] = []
        switch inner.kind {
        case .binary(let op, let l, let r) where OperatorNames.comparison.contains(op):
            terms = [l, r]; ops = [op]
        case .comparison(let xs, let os) where !os.contains(where: { $0.hasPrefix(".") }):
            terms = xs; ops = os
        default: break
        }
        if !terms.isEmpty && !terms.contains(where: isSplat) {
            let nodes = try terms.map(compiler.compile)
            return try compiler.withScope(.hard) {
                let vars = terms.indices.map { compiler.declareLocal("#test\($0)") }
                var steps: [Node] = []
                for (i, op) in ops.enumerated() {
                    let a = Expr(.identifier(vars[i].name), terms[i].span), b = Expr(.identifier(vars[i + 1].name), terms[i + 1].span)
                    steps.append(try compiler.compile(Expr(.binary(op: op, a, b), inner.span)))
                }
                return .comparison(terms: nodes, slots: vars.map(\.slot), ops: ops, steps: steps, negate: negate)
            }
        }
        if case .call(let callee, let args, let kwargs, false) = inner.kind, case .identifier(let name) = callee.kind,
           displayFailed.contains(name), !args.contains(where: isSplat), !kwargs.contains(where: { $0.isSplat }) {
            let argNodes = try args.map(compiler.compile)
            let keywordNodes = try kwargs.map { ($0.name, try compiler.compile($0.value)) }
            return try compiler.withScope(.hard) {
                let vars = (0..<(args.count + kwargs.count)).map { compiler.declareLocal("#test\($0)") }
                let ids = vars.enumerated().map { i, v in
                    Expr(.identifier(v.name), i < args.count ? args[i].span : kwargs[i - args.count].value.span)
                }
                let keywords = kwargs.enumerated().map { i, k in Keyword(name: k.name, value: ids[args.count + i], isSplat: false) }
                let call = Expr(.call(callee: callee, args: Array(ids.prefix(args.count)), kwargs: keywords, broadcast: false), inner.span)
                return .call(name: name, args: argNodes, keywords: keywordNodes, slots: vars.map(\.slot), call: try compiler.compile(call), negate: negate)
            }
        }
        return .plain(try compiler.compile(ex))
    }

    private static func isSplat(_ e: Expr) -> Bool { if case .splat = e.kind { return true }; return false }

    /// Runs the plan: the value of the test expression and, unless it is `true`, the
    /// `Evaluated:` text (nil for a plain expression).
    func run(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> (Value, String?) {
        switch self {
        case .plain(let node):
            return (try node.eval(interp, fp), nil)
        case .comparison(let terms, let slots, let ops, let steps, let negate):
            var values: [Value] = []
            for (t, slot) in zip(terms, slots) {
                let v = try t.eval(interp, fp)
                fp[slot] = v
                values.append(v)
            }
            var result: Value = .bool(true)
            for step in steps {
                guard case .bool(let ok) = result else {
                    throw Exceptions.make("TypeError", [.sym("if"), .str(""), .str("Bool"), result])
                }
                if !ok { break }
                result = try step.eval(interp, fp)
            }
            if negate { result = try not(result, interp) }
            if case .bool(true) = result { return (result, nil) }
            var text = try TestPlan.term(values[0], interp)
            for (i, op) in ops.enumerated() { text += " \(op) " + (try TestPlan.term(values[i + 1], interp)) }
            return (result, negate ? "!(\(text))" : text)
        case .call(let name, let args, let keywords, let slots, let call, let negate):
            var values: [Value] = []
            for (node, slot) in zip(args.map { $0 } + keywords.map { $0.1 }, slots) {
                let v = try node.eval(interp, fp)
                fp[slot] = v
                values.append(v)
            }
            var result = try call.eval(interp, fp)
            let positional = try values.prefix(args.count).map { try TestPlan.term($0, interp) }
            let keywordValues = Array(values.dropFirst(args.count))
            let isTrue: Bool = { if case .bool(true) = result { return true }; return false }()
            var text: String
            var suffix = ""
            if keywords.isEmpty || (name == "≈" && !isTrue) {
                text = name == "≈" && positional.count == 2 ? positional.joined(separator: " ≈ ") : name + "(" + positional.joined(separator: ", ") + ")"
                if !keywords.isEmpty {
                    suffix = " (" + (try zip(keywords, keywordValues).map { k, v in k.0 + "=" + (try Display.printString(v, interp)) }.joined(separator: ", ")) + ")"
                }
            } else {
                let kws = try zip(keywords, keywordValues).map { k, v in k.0 + " = " + (try TestPlan.term(v, interp)) }
                text = name + "(" + positional.joined(separator: ", ") + "; " + kws.joined(separator: ", ") + ")"
            }
            if negate {
                result = try not(result, interp)
                text = "!(\(text))"
            }
            if case .bool(true) = result { return (result, nil) }
            return (result, text + suffix)
        }
    }

    private func not(_ v: Value, _ interp: Interpreter) throws -> Value {
        try interp.call(interp.base.binding("!").value, [v])
    }

    /// A value spliced into the shown expression: Julia prints it with `show` under
    /// `:limit` (a Symbol as a bare name, as in an `Expr`).
    static func term(_ v: Value, _ interp: Interpreter) throws -> String {
        if case .symbol(let s) = v { return s.name }
        return try Display.repr(v, interp, size: DisplaySize.stream(interp))
    }
}

/// Operator names the test macros treat specially.
enum OperatorNames {
    /// The operators of comparison precedence, which `@test` splits into terms.
    static let comparison: Set<String> = ["==", "!=", "===", "!==", "<", "<=", ">", ">=", "≤", "≥", "≠", "≈", "∈", "∉", "<:", ">:", "≡", "≢", "⊆", "⊇", "⊊", "in", "isa", "≉"]
}
