import Testing
import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
import FlxREPL

/// Runs code in a fresh interpreter and returns what it printed.
func run(_ code: String) -> (out: String, err: String, status: Int32) {
    final class Box: @unchecked Sendable { var out = "", err = "", status: Int32 = 0 }
    let box = Box()
    runWithLargeStack {
        let s = Session(output: { box.out += $0 }, errorOutput: { box.err += $0 })
        box.status = s.runText(code, name: "test.flx")
    }
    return (box.out, box.err, box.status)
}

@Suite(.serialized) struct ResolverTests {
    @Test func functionAssignmentCreatesALocal() {
        #expect(run("x = 1\nf() = (x = 2; x)\nprintln(f(), x)").out == "21\n")
    }

    @Test func closuresShareTheCapturedVariable() {
        #expect(run("function f()\n n = 0\n g() = (n += 1)\n g(); g()\n n\nend\nprintln(f())").out == "2\n")
    }

    @Test func eachLoopIterationHasItsOwnCapturedVariable() {
        #expect(run("fs = [() -> i for i in 1:3]\nprintln([f() for f in fs])").out == "[1, 2, 3]\n")
    }

    @Test func softScopeInAFileShadowsWithAWarning() {
        let r = run("s = 0\nfor i in 1:2\n s = i\nend\nprintln(s)")
        #expect(r.out == "0\n")
        #expect(r.err.contains("soft scope is ambiguous"))
    }

    @Test func readBeforeAssignmentInAFunctionIsALocalUndefVarError() {
        let r = run("x = 1\nfunction f()\n y = x\n x = 2\n y\nend\nf()")
        #expect(r.status == 1)
        // The local x shadows the global one from the start of the body (Julia 1.10's text).
        #expect(r.err.hasPrefix("ERROR: UndefVarError: `x` not defined\n"))
    }

    @Test func breakOutsideALoopIsASyntaxError() {
        let r = run("break")
        #expect(r.status == 1)
        #expect(r.err.contains("break or continue outside loop"))
    }
}

@Suite(.serialized) struct InterpreterTests {
    @Test func integerArithmeticWrapsInsteadOfTrapping() {
        #expect(run("println(typemax(Int) + 1)").out == "-9223372036854775808\n")
    }

    @Test func integerDivisionByZeroIsADivideError() {
        #expect(run("1 ÷ 0").err.hasPrefix("ERROR: DivideError: integer division error"))
    }

    @Test func infiniteRecursionIsAStackOverflowError() {
        let r = run("f(n) = f(n + 1)\nf(1)")
        #expect(r.status == 1)
        #expect(r.err.hasPrefix("ERROR: StackOverflowError:"))
    }

    @Test func mostSpecificMethodWins() {
        #expect(run("f(x) = 1\nf(x::Number) = 2\nf(x::Int) = 3\nprintln(f(1), f(1.0), f(\"a\"))").out == "321\n")
    }

    @Test func methodErrorListsCandidates() {
        let r = run("g(x::Int) = x\ng(\"a\")")
        #expect(r.err.contains("MethodError: no method matching g(::String)"))
        #expect(r.err.contains("g(x::Int64)"))
    }

    @Test func returnInsideLoopsAndTryFinally() {
        #expect(run("function f()\n try\n for i in 1:10\n i == 3 && return i\n end\n finally\n print(\"f\")\n end\nend\nprintln(f())").out == "f3\n")
    }

    @Test func keywordArgumentsAndDefaults() {
        #expect(run("f(a, b = 2; c = 3, d...) = (a, b, c, length(d))\nprintln(f(1), f(1, 5; c = 7, z = 1))").out == "(1, 2, 3, 0)(1, 5, 7, 1)\n")
    }

    @Test func exitCodeOfAnUncaughtErrorIsOne() {
        #expect(run("error(\"x\")").status == 1)
        #expect(run("println(1)").status == 0)
    }

    @Test func mutationThroughAFunctionIsVisible() {
        #expect(run("a = [1, 2]\nf!(v) = (v[1] = 9; nothing)\nf!(a)\nprintln(a)").out == "[9, 2]\n")
    }
}
