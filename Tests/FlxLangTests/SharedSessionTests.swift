import Testing
import Foundation

/// Interpreters share one process (the test runner, an embedding program) and with it the
/// types made once per process. Starting many at once must not crash, and what one script
/// adds to a shared type must stay in its own session.
@Suite struct SharedSessionTests {
    @Test func sessionsStartedTogetherKeepTheirConstructorsApart() {
        // Each session gives the built-in Float64 and Adam a constructor of its own, then
        // checks it does not see the others'. Several rounds, all sessions at once.
        let rounds = 4, perRound = 6
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var outputs: [Int: String] = [:]
        }
        let results = Results()
        for round in 0..<rounds {
            DispatchQueue.concurrentPerform(iterations: perRound) { k in
                let id = round * perRound + k
                let code = """
                using Flux
                struct Tag\(id) end
                Base.Float64(::Tag\(id)) = \(id).5
                Optimisers.Adam(::Tag\(id)) = "adam \(id)"
                println(Float64(Tag\(id)()), " ", Optimisers.Adam(Tag\(id)()), " ", Float64(2), " ", Optimisers.Adam(0.1).eta)
                println(Float64(Int32(3)) === 3.0)
                """
                let r = run(code)
                results.lock.lock()
                results.outputs[id] = r.out + r.err
                results.lock.unlock()
            }
        }
        for id in 0..<(rounds * perRound) {
            #expect(results.outputs[id] == "\(id).5 adam \(id) 2.0 0.1\ntrue\n")
        }
    }

    @Test func aConstructorAddedInOneSessionIsUnknownInTheNext() {
        let first = run("Base.Float64(s::String) = parse(Float64, s)\nprintln(Float64(\"3\"))")
        #expect(first.out == "3.0\n")
        let second = run("Float64(\"3\")")
        #expect(second.err.contains("MethodError: no method matching Float64(::String)"))
    }
}
