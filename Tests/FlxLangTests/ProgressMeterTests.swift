import Testing
import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux

/// ProgressMeter's line, worked out by hand from its `updateProgress!`, `barstring`,
/// `durationstring` and `speedstring`; the loops themselves are in the golden
/// progress/showprogress.flx and the terminal drawing in scripts/repl-test.
@Suite struct ProgressMeterTests {
    @Test func barCellsAndTheFrontGlyph() {
        // 3.7 cells: 3 full, and 0.7 of a cell is 5.6 eighths, nearest 6: ▊.
        #expect(ProgressMeterFormat.bar(length: 10, percent: 37) == "|███▊      |")
        #expect(ProgressMeterFormat.bar(length: 10, percent: 100) == "|██████████|")
        #expect(ProgressMeterFormat.bar(length: 10, percent: 0) == "|          |")
        // 0.996 of a cell rounds to the eighth past the last front glyph: a full cell.
        #expect(ProgressMeterFormat.bar(length: 4, percent: 99.9) == "|████|")
        #expect(ProgressMeterFormat.bar(length: 0, percent: 50) == "")
    }

    @Test func runningAndFinishedLines() {
        // ETA: 2 s for 37 of 100 makes 5.41 s in all, 3 s to go.
        #expect(ProgressMeterFormat.running(desc: "Progress: ", counter: 37, total: 100, start: 0, elapsed: 2, barLength: 10, showSpeed: false)
                == "Progress:  37%|███▊      |  ETA: 0:00:03")
        #expect(ProgressMeterFormat.finished(desc: "Progress: ", counter: 100, total: 100, start: 0, elapsed: 5.5, barLength: 10, showSpeed: false)
                == "Progress: 100%|██████████| Time: 0:00:05")
        #expect(ProgressMeterFormat.running(desc: "Work ", counter: 0, total: 8, start: 0, elapsed: 1, barLength: 0, showSpeed: false)
                == "Work   0%  ETA: N/A")
        #expect(ProgressMeterFormat.running(desc: "P: ", counter: 50, total: 100, start: 0, elapsed: 1, barLength: 4, showSpeed: true)
                == "P:  50%|██  |  ETA: 0:00:01 (20.00 ms/it)")
    }

    @Test func theBarFillsWhatTheTerminalLeaves() {
        #expect(ProgressMeterFormat.barLength(columns: 80, desc: "Progress: ", showSpeed: false) == 41)
        #expect(ProgressMeterFormat.barLength(columns: 80, desc: "Progress: ", showSpeed: true) == 27)
        #expect(ProgressMeterFormat.barLength(columns: 30, desc: "Progress: ", showSpeed: false) == 0)
        for columns in [120, 80, 50, 40] {
            let bar = ProgressMeterFormat.barLength(columns: columns, desc: "Progress: ", showSpeed: false)
            let line = ProgressMeterFormat.running(desc: "Progress: ", counter: 12, total: 1000, start: 0, elapsed: 30, barLength: bar, showSpeed: false)
            #expect(line.count < columns, "\(columns): \(line)")
        }
    }

    @Test func durationsAndSpeeds() {
        #expect(ProgressMeterFormat.duration(0) == "0:00:00")
        #expect(ProgressMeterFormat.duration(3661.9) == "1:01:01")
        #expect(ProgressMeterFormat.duration(90_061) == "1 days, 1:01:01")
        #expect(ProgressMeterFormat.duration(12 * 86_400) == "12.00 days")
        #expect(ProgressMeterFormat.speed(secondsPerIteration: 0.01234) == "12.34 ms/it")
        #expect(ProgressMeterFormat.speed(secondsPerIteration: 2) == " 2.00  s/it")
        #expect(ProgressMeterFormat.speed(secondsPerIteration: 5e-8) == "50.00 ns/it")
        #expect(ProgressMeterFormat.speed(secondsPerIteration: .infinity) == "  N/A  s/it")
    }
}
