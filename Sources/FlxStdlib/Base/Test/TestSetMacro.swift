import FlxSyntax
import FlxCore

/// Compiles `@testset`: the description (a string, interpolation allowed), options
/// (`verbose = true`, `showtiming = false`, `failfast = true`), an optional test set
/// type (only `DefaultTestSet` here), and the body: `begin ... end`, a call, or a `for`
/// loop whose every iteration is a set.
enum TestSetMacro {
    /// The hidden macro an `@testset for` loop's body becomes: one iteration's set.
    static let iterationMacro = "#testset_iteration"
    /// The hidden macro inside an `@testset let`: the body, with the let's names as context.
    static let contextMacro = "#testset_context"

    struct Arguments {
        var description: Expr?
        var options: [(String, Expr)] = []
    }

    static func parse(_ c: Compiler, _ args: ArraySlice<Expr>) throws -> Arguments {
        var parsed = Arguments()
        for a in args {
            switch a.kind {
            case .string, .interpolated:
                parsed.description = a
            case .assign(let target, let value):
                guard case .identifier(let key) = target.kind else { throw c.syntaxError("Unexpected argument \(TestReports.expressionText(a)) to @testset", a.span) }
                parsed.options.append((key, value))
            case .identifier("DefaultTestSet"), .field(_, "DefaultTestSet"):
                break
            case .identifier, .field:
                throw c.syntaxError("@testset with a custom test set type (\(TestReports.expressionText(a))) is not supported by flx; only DefaultTestSet", a.span)
            default:
                throw c.syntaxError("Unexpected argument \(TestReports.expressionText(a)) to @testset", a.span)
            }
        }
        return parsed
    }

    static func compile(_ c: Compiler, _ args: [Expr], _ span: Span) throws -> Node {
        guard let tests = args.last else { throw c.syntaxError("No arguments to @testset", span) }
        let parsed = try parse(c, args.dropLast())
        switch tests.kind {
        case .forLoop(let specs, let body):
            // Without a description each iteration is named by its loop variables: "i = 1, j = 2".
            var description = parsed.description
            if description == nil {
                var parts: [InterpolationPart] = []
                for (i, spec) in specs.enumerated() {
                    parts.append(.text((i == 0 ? "" : ", ") + TestReports.expressionText(spec.target) + " = "))
                    parts.append(.expr(spec.target))
                }
                description = Expr(.interpolated(parts), span)
            }
            var iterationArgs: [Expr] = [description!]
            for (k, v) in parsed.options { iterationArgs.append(Expr(.assign(target: Expr(.identifier(k), v.span), value: v), v.span)) }
            iterationArgs.append(body)
            let iteration = Expr(.macroCall(name: iterationMacro, module: [], args: iterationArgs), span)
            let loop = try c.compile(Expr(.forLoop(specs, iteration), tests.span))
            return TestSetLoopNode(loop: loop, span: span)
        case .block, .call:
            var fallback = "test set"
            if case .call(let callee, _, _, _) = tests.kind { fallback = TestReports.expressionText(callee) }
            let body = try c.compile(Expr(.letBlock([], tests), tests.span))
            return TestSetNode(description: try parsed.description.map(c.compile), defaultDescription: fallback,
                               options: try parsed.options.map { ($0.0, try c.compile($0.1)) }, body: body, isIteration: false, span: span)
        case .letBlock(let bindings, let body):
            // A context set: each failure inside shows `Context: name = value`.
            guard parsed.description == nil else { throw c.syntaxError("@testset with a `let` argument cannot be customized", span) }
            var names: [Expr] = []
            for b in bindings {
                guard case .assign(let target, _) = b.kind else { throw c.syntaxError("Malformed `let` expression is given", b.span) }
                names.append(target)
            }
            guard !names.isEmpty else { throw c.syntaxError("Malformed `let` expression is given", span) }
            let inner = Expr(.macroCall(name: contextMacro, module: [], args: names + [body]), body.span)
            return try c.compile(Expr(.letBlock(bindings, inner), tests.span))
        default:
            throw c.syntaxError("Expected function call, begin/end block or for loop as argument to @testset", span)
        }
    }

    /// One iteration of an `@testset for`: compiled inside the loop, so the description
    /// sees the loop variables; the body is the loop body's own scope.
    static func compileIteration(_ c: Compiler, _ args: [Expr], _ span: Span) throws -> Node {
        guard let body = args.last else { throw c.syntaxError("@testset for needs a body", span) }
        let parsed = try parse(c, args.dropLast())
        return TestSetNode(description: try parsed.description.map(c.compile), defaultDescription: "test set",
                           options: try parsed.options.map { ($0.0, try c.compile($0.1)) }, body: try c.compile(body), isIteration: true, span: span)
    }

    /// The body of an `@testset let`, with the names it binds: `Context:` lines while it runs.
    static func compileContext(_ c: Compiler, _ args: [Expr], _ span: Span) throws -> Node {
        guard let body = args.last else { throw c.syntaxError("@testset let needs a body", span) }
        let names = Array(args.dropLast())
        return TestContextNode(names: names.map(TestReports.expressionText), values: try names.map(c.compile), body: try c.compile(body), span: span)
    }
}
