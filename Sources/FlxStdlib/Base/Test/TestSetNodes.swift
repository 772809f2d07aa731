import FlxSyntax
import FlxCore

/// `@testset ["description"] [options...] begin ... end` (and one iteration of the
/// `for` form): runs the body in a new test set, which records the tests in it. An
/// exception outside any `@test` is recorded as an error of the set, not raised. The
/// default random generator starts from the last `Random.seed!` state and is put back
/// afterwards, as Julia's `@testset` does.
package final class TestSetNode: Node {
    let description: Node?
    let defaultDescription: String
    let options: [(String, Node)]
    let body: Node
    /// One iteration of an `@testset for` loop, whose finished set the loop collects.
    let isIteration: Bool

    init(description: Node?, defaultDescription: String, options: [(String, Node)], body: Node, isIteration: Bool, span: Span) {
        self.description = description
        self.defaultDescription = defaultDescription
        self.options = options
        self.body = body
        self.isIteration = isIteration
        super.init(span: span)
    }

    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let stack = TestSetStack.of(interp)
        let ts: TestSet
        do {
            let text = try description.map { try Display.printString(try $0.eval(interp, fp), interp) } ?? defaultDescription
            ts = TestSet(description: text, source: TestSource(span))
            ts.failFast = stack.sets.last?.failFast ?? false
            for (name, node) in options {
                let v = try node.eval(interp, fp)
                switch name {
                case "verbose": ts.verbose = try truthValue(v, node)
                case "showtiming": ts.showTiming = try truthValue(v, node)
                case "failfast": ts.failFast = try truthValue(v, node)
                default: throw Exceptions.method(.str("Test.DefaultTestSet"), [.str(text)], keywords: [(name, v)])
                }
            }
        } catch { throw locate(error) }
        stack.sets.append(ts)
        let savedRandom = interp.random
        interp.random = RandomSeedMemory.of(interp).state
        let mark = InterpreterMark(interp)
        do {
            _ = try body.eval(interp, fp)
        } catch {
            guard let e = interp.flxError(from: error), e.typeName != "InterruptException" else {
                interp.random = savedRandom
                stack.sets.removeLast()
                throw error
            }
            mark.restore(interp)
            if case .native(let x as TestExceptionObject) = e.value, x.isFailFast {
                // Julia: a nested set passes the fail-fast signal up after finishing;
                // the outermost says so and finishes; a loop's iteration just ends.
                if !isIteration && stack.sets.count > 1 {
                    interp.random = savedRandom
                    stack.sets.removeLast()
                    _ = try TestRecording.finish(ts, interp)
                    throw error
                }
                if !isIteration { interp.output("\nFail-fast enabled: Fail or Error occurred\n\n") }
                return try end(ts, savedRandom, interp)
            }
            _ = locate(e)
            let f = TestResult.Failure(form: .outsideTest, expression: "()", value: (try? Display.repr(e.value, interp)) ?? e.typeName,
                                       backtrace: TestReports.backtrace(e, interp), source: TestSource(span))
            do { _ = try TestRecording.record(TestResult(.error(f)), interp) } catch let e as FlxError {
                // A fail-fast set stops here too; the error is recorded already.
                guard case .native(let x as TestExceptionObject) = e.value, x.isFailFast else { throw e }
            }
        }
        return try end(ts, savedRandom, interp)
    }

    /// Puts the generator back, pops the set and finishes it.
    private func end(_ ts: TestSet, _ savedRandom: RandomState, _ interp: Interpreter) throws -> Value {
        let stack = TestSetStack.of(interp)
        interp.random = savedRandom
        stack.sets.removeLast()
        let finished: Value
        do { finished = try TestRecording.finish(ts, interp) } catch { throw locate(error) }
        if isIteration { stack.finishedIterations.last?.append(finished) }
        return finished
    }
}

/// `@testset ["description $i"] for i in xs ... end`: the loop, each iteration a test set;
/// its value is the vector of the finished sets.
package final class TestSetLoopNode: Node {
    let loop: Node

    init(loop: Node, span: Span) {
        self.loop = loop
        super.init(span: span)
    }

    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let stack = TestSetStack.of(interp)
        let collected = FinishedSets()
        stack.finishedIterations.append(collected)
        defer { stack.finishedIterations.removeLast() }
        _ = try loop.eval(interp, fp)
        return .array(ArrayValue(boxed: collected.values, shape: (try? .init([collected.values.count])) ?? .scalar, elementType: BuiltinTypes.any))
    }
}

/// The sets an `@testset for` loop has finished so far.
package final class FinishedSets {
    package var values: [Value] = []
    package func append(_ v: Value) { values.append(v) }
}

/// The body of `@testset let x = ...`: Julia's `ContextTestSet`, transparent (results go
/// to the enclosing set) but adding `Context: x = value` to the failures recorded
/// directly inside it.
final class TestContextNode: Node {
    let names: [String]
    let values: [Node]
    let body: Node

    init(names: [String], values: [Node], body: Node, span: Span) {
        self.names = names
        self.values = values
        self.body = body
        super.init(span: span)
    }

    override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let stack = TestSetStack.of(interp)
        var texts: [String] = []
        do {
            for (name, node) in zip(names, values) { texts.append(name + " = " + (try Display.printString(try node.eval(interp, fp), interp))) }
        } catch { throw locate(error) }
        let saved = stack.contexts.count
        // Julia pushes the last binding first, so the first is the innermost.
        for text in texts.reversed() { stack.contexts.append((text, stack.sets.count)) }
        defer { stack.contexts.removeLast(stack.contexts.count - saved) }
        return try body.eval(interp, fp)
    }
}
