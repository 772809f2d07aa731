import Testing
import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux

/// `@time`'s report, worked out from base/timing.jl's `time_print`, `format_bytes` and
/// `prettyprint_getunits`, and the counts `@allocated`/`@allocations`/`@timed` take.
@Suite(.serialized) struct TimeReportTests {
    @Test func juliasLayout() {
        #expect(TimeReport.line(seconds: 0.000009, bytes: 896, allocations: 1, padded: true) == "  0.000009 seconds (1 allocation: 896 bytes)")
        #expect(TimeReport.line(seconds: 0.301395, bytes: 336, allocations: 8, padded: true) == "  0.301395 seconds (8 allocations: 336 bytes)")
        #expect(TimeReport.line(seconds: 1.00575, bytes: 144, allocations: 5, padded: false) == "1.005750 seconds (5 allocations: 144 bytes)")
        #expect(TimeReport.line(seconds: 0.5, bytes: 0, allocations: 0, padded: true) == "  0.500000 seconds")
        // 2.19 M allocations, 116.555 MiB: 122_216_694 bytes is 116.555... MiB.
        #expect(TimeReport.line(seconds: 0.606588, bytes: 122_216_694, allocations: 2_190_000, padded: true)
                == "  0.606588 seconds (2.19 M allocations: 116.555 MiB)")
        #expect(TimeReport.formatBytes(1) == "1 byte")
        #expect(TimeReport.formatBytes(1024) == "1024 bytes")
        #expect(TimeReport.formatBytes(8_000_000) == "7.629 MiB")
        #expect(TimeReport.line(seconds: 12.5, bytes: 0, allocations: 0, padded: true) == " 12.500000 seconds")
    }

    @Test func countsTheDataAComputationAllocates() {
        var out = ""
        let s = Session(output: { out += $0 }, errorOutput: { out += $0 }, interactive: false)
        _ = s.runText("""
            b = @allocated zeros(1000)
            n = @allocations zeros(1000)
            t = @timed ones(Float32, 10, 10)
            println(b, " ", n, " ", t.bytes, " ", size(t.value), " ", t.time >= 0, " ", t.gcstats.allocd == t.bytes)
            println(@allocated 1 + 2)
            x = @time "made" zeros(10)
            """, name: "t")
        let lines = out.split(separator: "\n").map(String.init)
        // 1000 Float64s are 8000 bytes in one buffer; 100 Float32s are 400 bytes.
        #expect(lines.first == "8000 1 400 (10, 10) true true", "\(out)")
        #expect(lines.count > 1 && lines[1] == "0")
        #expect(lines.count > 2 && lines[2].hasPrefix("made: ") && lines[2].hasSuffix(" seconds (1 allocation: 80 bytes)"), "\(out)")
    }
}
