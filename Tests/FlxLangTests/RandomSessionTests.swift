import Testing
import FlxCore
import FlxStdlib
import FlxREPL

/// The session's generator: system entropy when unseeded, Julia's stream once seeded.
@Suite(.serialized) struct RandomSessionTests {
    /// Julia seeds its generator from system entropy at start-up, so two runs differ.
    @Test func unseededSessionsStartFromEntropy() {
        let a = run("print(rand(), \" \", randn(Float32, 2))").out
        let b = run("print(rand(), \" \", randn(Float32, 2))").out
        #expect(!a.isEmpty && a != b)
    }

    /// `Random.seed!(1234); rand(2)` as Julia 1.10's `Random.seed!` docstring shows it.
    @Test func seedingGivesJuliasNumbers() {
        #expect(run("using Random; Random.seed!(1234); print(rand(), \" \", rand())").out == "0.32597672886359486 0.5490511363155669")
        #expect(run("using Random; print(rand(Xoshiro(1234), 2) == (Random.seed!(1234); rand(2)))").out == "true")
    }

    /// Julia 1.10 refuses a negative seed (`make_seed`): a DomainError, not a trap.
    @Test func negativeSeedIsADomainError() {
        let r = run("using Random; Random.seed!(-1)")
        #expect(r.status == 1)
        #expect(r.err.contains("DomainError with -1:\n`n` must be non-negative."))
    }

    /// Every `@testset` starts from the last seed, as Julia's Test does.
    @Test func testsetsRestartFromTheSeed() {
        let code = "using Test, Random; Random.seed!(5); x = rand(); @testset \"a\" begin; @test rand() == x; end; print(rand() != x)"
        #expect(run(code).out.hasSuffix("true"))
    }
}
