import Testing
import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
import FlxREPL

/// The type-specialising tier must not change what any script prints: each script here
/// runs with the tier on and off, and stdout, stderr and exit status must agree. Each
/// also checks that the tier really specialised the functions it names, so that a tier
/// which silently never runs cannot pass.
@Suite(.serialized)
struct TierTests {
    struct Run {
        var result: GoldenRun.Result
        /// Names of the Main functions with at least one specialised signature.
        var specialised: Set<String>
    }

    static func run(_ source: String, name: String, tier: Bool) -> Run {
        final class Names: @unchecked Sendable { var set: Set<String> = [] }
        let names = Names()
        let result = GoldenRun.run(source: Array(source.utf8), name: name, directory: ".",
                                   configure: { $0.interp.tierEnabled = tier },
                                   inspect: { names.set = TierTests.specialisedFunctions($0) })
        return Run(result: result, specialised: names.set)
    }

    static func specialisedFunctions(_ session: Session) -> Set<String> {
        var names: Set<String> = []
        for (name, binding) in session.interp.main.bindings {
            guard case .function(let c) = binding.value, let g = c as? GenericFunction else { continue }
            for m in g.methods {
                if case .compiled(let code) = m.body, code.tierSpecializations.contains(where: { $0.function != nil }) { names.insert(name) }
            }
        }
        return names
    }

    static func expectSame(_ source: String, name: String, specialises: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let on = run(source, name: name, tier: true)
        let off = run(source, name: name, tier: false)
        #expect(on.result.stdout == off.result.stdout, Comment(rawValue: "stdout differs:\n" + Diff.unified(expected: off.result.stdout, actual: on.result.stdout)), sourceLocation: sourceLocation)
        #expect(on.result.stderr == off.result.stderr, Comment(rawValue: "stderr differs:\n" + Diff.unified(expected: off.result.stderr, actual: on.result.stderr)), sourceLocation: sourceLocation)
        #expect(on.result.status == off.result.status, sourceLocation: sourceLocation)
        #expect(off.specialised.isEmpty, "the tier ran while switched off: \(off.specialised)", sourceLocation: sourceLocation)
        for f in specialises {
            #expect(on.specialised.contains(f), "\(f) was not specialised", sourceLocation: sourceLocation)
        }
    }

    @Test("the tier goldens print the same with the tier off", arguments: [
        ("tier_scalars.flx", ["fib", "addw", "mulw", "negw", "idiv", "irem", "ipow", "idivf", "mixed", "f32", "conv32",
                              "odd_sum", "reassign_loop_var", "count_range", "nested", "between", "either", "sign_of",
                              "first_square_above", "noop", "hyp", "g", "h", "depth"]),
        ("tier_errors.flx", ["divide_all", "inner", "outer"]),
    ])
    func goldenBothWays(_ file: String, _ specialises: [String]) throws {
        let path = GoldenTests.root + "/language/" + file
        let source = try #require(GoldenFiles.read(path))
        TierTests.expectSame(source, name: "language/" + file, specialises: specialises)
    }

    /// Every binary operator on every pair of scalar types, over edge values (zeros of
    /// both signs, ±1, typemin/typemax, NaN, ±Inf, values that round in Float32): the
    /// tier's single instructions against the generic path's scalar code.
    @Test("every scalar operator agrees with the generic path on edge values")
    func operatorSweep() {
        let values: [String: [String]] = [
            "Int": ["0", "1", "-1", "2", "-7", "3", "typemax(Int)", "typemin(Int)", "1 << 40"],
            "Float64": ["0.0", "-0.0", "1.0", "-2.5", "0.1", "1e308", "NaN", "Inf", "-Inf", "3.0"],
            "Float32": ["0.0f0", "-0.0f0", "1.0f0", "0.1f0", "3.4f38", "NaN32", "-Inf32", "16777217.0f0"],
            "Bool": ["true", "false"],
        ]
        let ops = ["+", "-", "*", "/", "^", "÷", "%", "<", "<=", ">", ">=", "==", "!="]
        var script = "show_result(f, a, b) = try\n    r = f(a, b)\n    println(typeof(r), \" \", r)\ncatch e\n    println(typeof(e))\nend\n"
        var names: [String] = []
        var k = 0
        for op in ops {
            for (ln, lv) in values.sorted(by: { $0.key < $1.key }) {
                for (rn, rv) in values.sorted(by: { $0.key < $1.key }) {
                    k += 1
                    let f = "op\(k)"
                    names.append(f)
                    script += "\(f)(a, b) = a \(op) b\n"
                    script += "println(\"\(ln) \(op) \(rn)\")\n"
                    script += "for a in [\(lv.joined(separator: ", "))], b in [\(rv.joined(separator: ", "))]\n    show_result(\(f), a, b)\nend\n"
                }
            }
        }
        TierTests.expectSame(script, name: "operator_sweep.flx", specialises: ["op1", "op20", "op100", "op150"])
        #expect(names.count == ops.count * 16)
    }

    /// Redefining a function a specialised body calls, in the middle of a loop that runs
    /// the specialised caller: the next call must see the new definition (world age).
    @Test("a redefinition reaches callers that were specialised against the old one")
    func redefinition() {
        let script = """
        g(x) = x + 1
        h(x) = g(x) * 2
        total = 0
        for i in 1:6
            global total += h(i)
            i == 3 && @eval g(x) = x - 1
        end
        println(total)
        """
        // The answer is the generic path's, whatever world-age rule that follows.
        TierTests.expectSame(script, name: "redefine.flx", specialises: ["h"])
    }
}
