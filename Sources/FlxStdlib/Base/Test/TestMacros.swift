import FlxSyntax
import FlxCore

/// Julia's `Test` standard library: the test macros, compiled into the nodes of this
/// folder, and the module's names. The macros exist where `using Test` (or `import
/// Test`) has made them visible, as in Julia.
package enum TestLibrary {
    package static func install(_ interp: Interpreter) {
        let test = ModuleValue(name: "Test", parent: interp.base)
        test.usings = [interp.base]
        test.define("TestSetException", .type(TestExceptionObject.testSetType))
        for (name, type) in [("Pass", TestResult.passType), ("Fail", TestResult.failType), ("Error", TestResult.errorType),
                             ("Broken", TestResult.brokenType), ("Result", TestResult.resultType), ("DefaultTestSet", TestSet.type),
                             ("AbstractTestSet", TestSet.type.supertype ?? BuiltinTypes.any), ("LogTestFailure", TestResult.logFailureType)] {
            test.define(name, .type(type), export: false)
        }
        interp.modules["Test"] = test
        TestHelp.install(interp)

        macro("test", interp) { c, args, span in try testMacro(c, args, span, mode: .test) }
        macro("test_broken", interp) { c, args, span in try testMacro(c, args, span, mode: .broken) }
        macro("test_skip", interp) { c, args, span in try testMacro(c, args, span, mode: .skip) }
        macro("test_throws", interp) { c, args, span in
            guard args.count == 2 else { throw c.syntaxError("@test_throws takes an exception type (or value, or message) and an expression", span) }
            return TestThrowsNode(expected: try c.compile(args[0]), body: try c.compile(args[1]),
                                  expression: TestReports.expressionText(args[1]), span: span)
        }
        macro("testset", interp) { c, args, span in try TestSetMacro.compile(c, args, span) }
        interp.registerMacro(TestSetMacro.iterationMacro) { c, args, span in try TestSetMacro.compileIteration(c, args, span) }
        interp.registerMacro(TestSetMacro.contextMacro) { c, args, span in try TestSetMacro.compileContext(c, args, span) }
        macro("inferred", interp) { c, args, span in try InferredMacro.compile(c, args, span) }
        macro("test_logs", interp) { c, args, span in try TestLogsMacro.compile(c, args, span) }
        macro("test_warn", interp) { c, args, span in
            guard args.count == 2 else { throw c.syntaxError("@test_warn takes a message pattern and an expression", span) }
            return TestWarnNode(pattern: try c.compile(args[0]), patternText: TestReports.expressionText(args[0]), body: try c.compile(args[1]), span: span)
        }
        // Julia runs scripts with `--depwarn=no`, where `@test_deprecated [pattern] ex` is
        // just `ex` (flx has no deprecation warnings to test for).
        macro("test_deprecated", interp) { c, args, span in
            guard (1...2).contains(args.count), let ex = args.last else {
                throw c.syntaxError("`@test_deprecated` expects one or two arguments.\nUsage: `@test_deprecated [pattern] expr_to_run`", span)
            }
            return try c.compile(ex)
        }
        macro("test_nowarn", interp) { c, args, span in
            guard args.count == 1 else { throw c.syntaxError("@test_nowarn takes an expression", span) }
            return TestWarnNode(pattern: nil, patternText: "isempty", body: try c.compile(args[0]), span: span)
        }
    }

    /// Registers `@name`, answering Julia's UndefVarError where Test is not in scope.
    private static func macro(_ name: String, _ interp: Interpreter, _ expand: @escaping MacroExpander) {
        interp.registerMacro(name) { c, args, span in
            guard visible(c) else { return Throw(Exceptions.undefVar("@" + name, scope: c.module.name), span: span) }
            return try expand(c, args, span)
        }
    }

    /// Whether the module being compiled (or one it is nested in) uses or imports Test.
    private static func visible(_ c: Compiler) -> Bool {
        guard let test = c.interp.modules["Test"] else { return false }
        var m: ModuleValue? = c.module
        while let cur = m {
            if cur.usings.contains(where: { $0 === test }) { return true }
            if case .module(let bound)? = cur.ownBinding("Test")?.value, bound === test { return true }
            m = cur.parent
        }
        return false
    }

    /// `@test`, `@test_broken`, `@test_skip`: the `broken`/`skip` keywords are taken out,
    /// any other `key = value` joins the call (`@test a ≈ b atol=1` is `≈(a, b, atol=1)`).
    static func testMacro(_ c: Compiler, _ args: [Expr], _ span: Span, mode: TestNode.Mode) throws -> Node {
        let name = mode == .test ? "@test" : mode == .broken ? "@test_broken" : "@test_skip"
        guard var ex = args.first else { throw c.syntaxError("\(name) needs an expression", span) }
        var broken: Expr? = nil, skip: Expr? = nil
        var keywords: [Keyword] = []
        for a in args.dropFirst() {
            guard case .assign(let target, let value) = a.kind, case .identifier(let key) = target.kind else {
                throw c.syntaxError("invalid test macro call: \(name) \(TestReports.expressionText(ex)) \(TestReports.expressionText(a))", a.span)
            }
            if mode == .test && key == "broken" {
                if broken != nil { throw c.syntaxError("invalid test macro call: cannot set broken keyword multiple times", a.span) }
                broken = value
            } else if mode == .test && key == "skip" {
                if skip != nil { throw c.syntaxError("invalid test macro call: cannot set skip keyword multiple times", a.span) }
                skip = value
            } else {
                keywords.append(Keyword(name: key, value: value, isSplat: false, positional: true))
            }
        }
        if broken != nil && skip != nil { throw c.syntaxError("invalid test macro call: cannot set both skip and broken keywords", span) }
        if !keywords.isEmpty {
            switch ex.kind {
            case .call(let callee, let cargs, let kw, let broadcast):
                ex = Expr(.call(callee: callee, args: cargs, kwargs: kw + keywords, broadcast: broadcast), ex.span)
            case .binary(let op, let l, let r) where !op.hasPrefix("."):
                ex = Expr(.call(callee: Expr(.identifier(op), ex.span), args: [l, r], kwargs: keywords, broadcast: false), ex.span)
            default:
                throw c.syntaxError("invalid test macro call: \(name) \(TestReports.expressionText(ex)) \(keywords.map { "\($0.name) = \(TestReports.expressionText($0.value))" }.joined(separator: " "))", span)
            }
        }
        let plan: TestPlan = mode == .skip ? .plain(Literal(.nothing, span: span)) : try TestPlan.compile(ex, c)
        return TestNode(plan: plan, expression: TestReports.expressionText(ex), mode: mode,
                        skip: try skip.map(c.compile), broken: try broken.map(c.compile), span: span)
    }
}
