import Testing
import FlxSyntax
import FlxCore

/// The parser's depth limit on the large stack the binary parses on (`runWithLargeStack`
/// lives in the core, so this test is not with the syntax stage's own).
@Suite struct ParserDepthTests {
    /// flx parses on a thread with a large stack (as the binary does); nesting beyond
    /// the parser's depth limit is a ParseError there, never a native stack overflow.
    @Test func deeplyNestedInputIsAnErrorNotACrash() {
        final class Box: @unchecked Sendable { var failed = false }
        let box = Box()
        runWithLargeStack {
            let text = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
            do { _ = try Parser.parseProgram(SourceFile(name: "t", text: text)) } catch let e as ParseError { box.failed = e.message.contains("nested too deeply") } catch {}
        }
        #expect(box.failed)
    }
}
