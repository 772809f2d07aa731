import Testing
import FlxEngine
import FlxCore
import FlxREPL

/// The engine adapter's promise: an engine error thrown anywhere below a native call
/// reaches flx code as the Julia exception it stands for, never as a Swift error that
/// skips `try`/`catch` and `finally`.
@Suite(.serialized) struct EngineBoundaryTests {
    /// Runs `code` with `raw_engine_error()` defined as a native that throws an
    /// unconverted engine error (as a builtin that forgot `interp.engine` would).
    func run(_ code: String) -> (out: String, err: String, status: Int32) {
        final class Box: @unchecked Sendable { var out = "", err = "", status: Int32 = 0 }
        let box = Box()
        runWithLargeStack {
            let s = Session(output: { box.out += $0 }, errorOutput: { box.err += $0 })
            s.interp.main.native("raw_engine_error") { _, _ in throw EngineError.dimensionMismatch("shapes (2,) and (3,) differ") }
            box.status = s.runText(code, name: "boundary.flx")
        }
        return (box.out, box.err, box.status)
    }

    @Test func tryCatchSeesTheJuliaException() {
        let r = run("""
        try
            raw_engine_error()
        catch e
            println(typeof(e), ": ", e.msg)
        finally
            println("finally ran")
        end
        """)
        #expect(r.out == "DimensionMismatch: shapes (2,) and (3,) differ\nfinally ran\n")
        #expect(r.status == 0)
    }

    @Test func uncaughtItIsReportedWithItsPlace() {
        let r = run("x = 1\nraw_engine_error()\n")
        #expect(r.status == 1)
        #expect(r.err.hasPrefix("ERROR: DimensionMismatch: shapes (2,) and (3,) differ"))
        #expect(r.err.contains("boundary.flx:2"))
    }
}
