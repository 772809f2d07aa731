import FlxCore

/// `?` help for the Test and Logging modules: their macros, types and levels.
enum TestHelp {
    static func install(_ interp: Interpreter) {
        for (name, help) in entries { interp.builtinHelp.add(help, for: name) }
    }

    static let entries: [String: BuiltinHelp] = [
        "Test": BuiltinHelp("Test", "Julia's unit-test module: `@test`, `@test_throws`, `@testset` and the rest, with Julia's failure reports and `Test Summary:` table.", "using Test\n@testset \"arith\" begin\n    @test 1 + 1 == 2\nend"),
        "Logging": BuiltinHelp("Logging", "Julia's logging module; flx has its levels `Logging.Debug`, `Info`, `Warn`, `Error` (for `@test_logs min_level = ...`).", "using Test, Logging\n@test_logs min_level = Logging.Warn @info(\"not kept\")"),
        "@test": BuiltinHelp("@test ex  /  @test f(args...) key = val ...  /  @test ex broken = c  /  @test ex skip = c", "Tests that `ex` is `true`: records a Pass, a Fail (showing the evaluated operands of a comparison or of `≈`, `isapprox`, `occursin`, ...) or an Error. Trailing `key = val` join the call (`@test a ≈ b atol = 1e-6`). Outside a `@testset` a failure is printed and throws.", "using Test\n@test π ≈ 3.14 atol = 0.01"),
        "@test_throws": BuiltinHelp("@test_throws T ex", "Tests that `ex` throws: an exception of type `T`, equal to the exception value `T`, or whose message contains the string `T` (or every string of a list, or satisfies a predicate).", "using Test\n@test_throws BoundsError [1, 2, 3][4]"),
        "@test_broken": BuiltinHelp("@test_broken ex", "A test expected to fail: recorded as Broken while `ex` is false or throws, an error (Unexpected Pass) once it passes.", "using Test\n@test_broken 1 == 2"),
        "@test_skip": BuiltinHelp("@test_skip ex", "A test that is not run, recorded as Broken.", "using Test\n@test_skip 1 == 2"),
        "@testset": BuiltinHelp("@testset [\"description\"] [verbose = true] [showtiming = false] begin ... end  /  @testset [\"d $i\"] for i in xs ... end", "Runs the tests in the block as a set: results are recorded (an exception outside `@test` is an error of the set), the outermost set prints the `Test Summary:` table and throws `TestSetException` if something failed. The `for` form makes a set per iteration.", "using Test\n@testset \"square $i\" for i in 1:3\n    @test i^2 == i * i\nend"),
        "@test_logs": BuiltinHelp("@test_logs [(level, message)...] [min_level = L] [match_mode = :all] ex", "Collects the log records `ex` makes (instead of printing them), tests that they match the patterns in order and returns the value of `ex`.", "using Test\n@test_logs (:warn, \"careful\") @warn(\"careful\")"),
        "@test_warn": BuiltinHelp("@test_warn msg ex", "Tests that `ex` writes text containing `msg` to stderr; returns the value of `ex`. Log messages (`@warn`) are not stderr output here: use `@test_logs`.", "using Test\n@test_warn \"oops\" print(stderr, \"oops\")"),
        "@test_nowarn": BuiltinHelp("@test_nowarn ex", "Tests that `ex` writes nothing to stderr; returns the value of `ex`.", "using Test\n@test_nowarn 1 + 1"),
        "@test_deprecated": BuiltinHelp("@test_deprecated [pattern] ex", "Returns the value of `ex`: Julia checks for a deprecation warning only when run with `--depwarn=yes`; scripts run with `--depwarn=no`, as flx does (it has no deprecation warnings).", "using Test\n@test_deprecated 1 + 1  # 2"),
        "@inferred": BuiltinHelp("@inferred [AllowedType] f(x)", "Returns `f(x)`. Julia also checks that the value's type is the one its compiler inferred; flx infers no types, so this check always passes.", "using Test\n@inferred max(1, 2)  # 2"),
        "TestSetException": BuiltinHelp("TestSetException", "Thrown when the outermost `@testset` finishes with failures or errors; it prints the counts.", "using Test\ntry\n    @testset begin @test false end\ncatch e\n    println(e)\nend"),
        "Pass": BuiltinHelp("Test.Pass", "The result of a test that passed: what `@test` returns, shown as `Test Passed`.", "using Test\nr = @test true\nr isa Test.Pass  # true"),
        "Fail": BuiltinHelp("Test.Fail", "The result of a test whose expression was false, or whose exception was not the expected one.", "using Test\nTest.Fail"),
        "Error": BuiltinHelp("Test.Error  /  Logging.Error", "Test's result of a test that threw or gave a non-Bool; also the Error log level.", "using Test\nTest.Error"),
        "Broken": BuiltinHelp("Test.Broken", "The result of a broken (`@test_broken`) or skipped (`@test_skip`) test.", "using Test\n@test_skip 1 == 2"),
        "Result": BuiltinHelp("Test.Result", "The abstract type of test results: `Pass`, `Fail`, `Error`, `Broken`.", "using Test\nTest.Pass <: Test.Result  # true"),
        "LogTestFailure": BuiltinHelp("Test.LogTestFailure", "The result of a `@test_logs` whose records did not match; counted as a failure.", "using Test\nTest.LogTestFailure"),
        "DefaultTestSet": BuiltinHelp("Test.DefaultTestSet", "The test set `@testset` makes: it records results and prints the summary.", "using Test\nts = @testset \"t\" begin @test true end;\ntypeof(ts)"),
        "AbstractTestSet": BuiltinHelp("Test.AbstractTestSet", "The abstract type of test sets.", "using Test\nTest.DefaultTestSet <: Test.AbstractTestSet  # true"),
        "LogLevel": BuiltinHelp("LogLevel", "The type of the log levels `Logging.Debug`, `Info`, `Warn`, `Error`.", "using Logging\nLogging.Warn"),
        "Debug": BuiltinHelp("Logging.Debug", "The Debug log level (below Info): `@debug` messages, shown by no default logger.", "using Test, Logging\n@test_logs (:debug, \"d\") min_level = Logging.Debug @debug(\"d\")"),
        "Info": BuiltinHelp("Logging.Info", "The Info log level, `@info`'s.", "using Logging\nLogging.Info"),
        "Warn": BuiltinHelp("Logging.Warn", "The Warn log level, `@warn`'s.", "using Logging\nLogging.Warn"),
    ]
}
