import Testing
import FlxCore
import FlxREPL

/// The guard that keeps a native function without a derivative rule from returning a
/// gradient-less value in silence (`Differentiation.checked`), tried on natives written
/// for the test: one that computes on plain numbers, as a builtin without a rule does.
@Suite(.serialized) struct DifferentiationGuardTests {
    func run(_ code: String) -> (out: String, err: String, status: Int32) {
        final class Box: @unchecked Sendable { var out = "", err = "", status: Int32 = 0 }
        let box = Box()
        runWithLargeStack {
            let s = Session(output: { box.out += $0 }, errorOutput: { box.err += $0 })
            // The number behind a value, tracked or not.
            func number(_ interp: Interpreter, _ v: Value) throws -> Double { try interp.tensor(of: v)?.numericValue(0) ?? .nan }
            // x² computed on the plain value: its result carries no gradient.
            s.interp.main.native("plain_square") { interp, a in let x = try number(interp, a[0]); return .float64(x * x) }
            // The same, declared a constant: its gradient is knowingly nothing.
            s.interp.main.native("constant_square", differentiation: .constant) { interp, a in let x = try number(interp, a[0]); return .float64(x * x) }
            // An Int result has no gradient to lose.
            s.interp.main.native("plain_count") { interp, a in .int(Int64(try number(interp, a[0]).rounded())) }
            box.status = s.runText(code, name: "guard.flx")
        }
        return (box.out, box.err, box.status)
    }

    @Test func aCheckedNativeWithoutARuleIsAnErrorNamingIt() {
        let r = run("using Zygote\ngradient(x -> plain_square(x) + x, 3.0)\n")
        #expect(r.status == 1)
        #expect(r.err.hasPrefix("ERROR: Can't differentiate plain_square(::Float64)"))
        #expect(r.err.contains("guard.flx:2"))
    }

    @Test func outsideGradientItRunsAsUsual() {
        let r = run("println(plain_square(3.0))\n")
        #expect(r.out == "9.0\n")
    }

    @Test func constantsAndIntegerResultsPass() {
        let r = run("using Zygote\nprintln(gradient(x -> constant_square(x) + x, 3.0))\nprintln(gradient(x -> plain_count(x) * x, 3.0))\n")
        #expect(r.out == "(1.0,)\n(3.0,)\n")
        #expect(r.status == 0)
    }

    @Test func untrackedArgumentsPass() {
        let r = run("using Zygote\nprintln(gradient(x -> plain_square(2.0) * x, 3.0))\n")
        #expect(r.out == "(4.0,)\n")
    }
}
