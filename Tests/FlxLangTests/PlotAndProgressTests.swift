import Testing
import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
import FlxREPL

/// The progress-bar formatter `train!` uses on a terminal, the progress line itself,
/// and the pieces of UnicodePlots' layout that the golden tests do not pin down alone.
@Suite(.serialized) struct PlotAndProgressTests {
    @Test func progressLineWithKnownTotal() {
        #expect(ProgressBar.format(done: 37, total: 100, elapsed: 2.0, meanLoss: 0.1234, barWidth: 24)
                == "train!  37%|████████▉               | 37/100 [0:02<0:03, 18.50 it/s, loss=0.1234]")
        #expect(ProgressBar.format(done: 100, total: 100, elapsed: 4.0, meanLoss: nil, barWidth: 10)
                == "train! 100%|██████████| 100/100 [0:04<0:00, 25.00 it/s]")
        #expect(ProgressBar.format(done: 0, total: 8, elapsed: 0, meanLoss: nil, barWidth: 4)
                == "train!   0%|    | 0/8 [0:00<?, 0.00 it/s]")
    }

    @Test func progressLineLabels() {
        // `@epochs` draws its own line, and a train! inside it names the epoch.
        #expect(ProgressBar.format(done: 1, total: 3, elapsed: 1, meanLoss: nil, barWidth: 6, label: "epochs")
                == "epochs  33%|██    | 1/3 [0:01<0:02, 1.00 it/s]")
        #expect(ProgressBar.format(done: 2, total: nil, elapsed: 1, meanLoss: nil, label: "epoch 2/5")
                == "epoch 2/5 2 [0:01, 2.00 it/s]")
    }

    @Test func progressLineWithoutTotal() {
        #expect(ProgressBar.format(done: 5000, total: nil, elapsed: 3725, meanLoss: 2.5)
                == "train! 5000 [1:02:05, 1.34 it/s, loss=2.5]")
        #expect(ProgressBar.format(done: 1200, total: nil, elapsed: 2, meanLoss: nil) == "train! 1200 [0:02, 600 it/s]")
    }

    @Test func progressLineFitsTheTerminalWithoutWrapping() {
        for columns in [200, 120, 80, 60, 50, 45, 40] {
            for (done, total) in [(37, 100), (123_456, 1_000_000), (5, nil as Int?)] {
                let line = ProgressBar.fitted(done: done, total: total, elapsed: 2.5, meanLoss: 0.1234, label: "train!", columns: columns)
                #expect(line.count <= columns - 1, "\(columns) columns: \(line)")
                #expect(line.hasPrefix("train!"))
            }
        }
        // Wide: the whole line with a 40-cell bar.
        let wide = ProgressBar.fitted(done: 37, total: 100, elapsed: 2.0, meanLoss: 0.1234, label: "train!", columns: 200)
        #expect(wide == ProgressBar.format(done: 37, total: 100, elapsed: 2.0, meanLoss: 0.1234, barWidth: 40))
        // At 80 columns the bar takes what is left.
        let at80 = ProgressBar.fitted(done: 37, total: 100, elapsed: 2.0, meanLoss: 0.1234, label: "train!", columns: 80)
        #expect(at80.count == 79 && at80.contains("loss=0.1234"))
        // At 40 the loss and the rate give way to the bar.
        let at40 = ProgressBar.fitted(done: 37, total: 100, elapsed: 2.0, meanLoss: 0.1234, label: "train!", columns: 40)
        #expect(at40 == "train!  37%|██▌    | 37/100 [0:02<0:03]")
    }

    @Test func barplotInColourIsUnicodePlotsReference() {
        // UnicodePlots' assets/references_24/barplot/default.txt: grey box, green bars,
        // the right border a grey blank and the empty right label still coloured.
        let p = BarPlot(labels: ["bar", "foo"], values: [23, 37], valueTexts: ["23", "37"])
        let grey = "\u{1B}[38;5;8m", green = "\u{1B}[38;5;2m", reset = "\u{1B}[0m"
        let expected = "       \(grey)┌" + String(repeating: " ", count: 40) + "┐\(reset) \n"
            + "   bar \(grey)┤\(reset)\(green)" + String(repeating: "■", count: 22) + "\(reset) 23" + String(repeating: " ", count: 15) + "\(grey) \(reset) \(grey)\(reset)\n"
            + "   foo \(grey)┤\(reset)\(green)" + String(repeating: "■", count: 36) + "\(reset) 37 \(grey) \(reset) \(grey)\(reset)\n"
            + "       \(grey)└" + String(repeating: " ", count: 40) + "┘\(reset) "
        #expect(p.render(color: true) == expected)
        #expect(BarPlot.thousands(1_000_000) == "1 000 000")
        #expect(BarPlot.thousands(-12_345) == "-12 345")
    }

    @Test func durations() {
        #expect(ProgressBar.duration(0) == "0:00")
        #expect(ProgressBar.duration(61.9) == "1:01")
        #expect(ProgressBar.duration(3600) == "1:00:00")
        #expect(ProgressBar.duration(.infinity) == "?")
    }

    func trainOutput(progress: String, terminal: Bool) -> String {
        final class Box: @unchecked Sendable { var err = "" }
        let box = Box()
        runWithLargeStack {
            let s = Session(output: { _ in }, errorOutput: { box.err += $0 })
            s.interp.stderrIsTerminal = terminal
            _ = s.runText("""
                using Flux
                model = Dense(1 => 1)
                data = [(ones(Float32, 1, 1), ones(Float32, 1, 1)) for _ in 1:4]
                Flux.train!(model, data, Flux.setup(Descent(0.1), model)\(progress)) do m, x, y
                    sleep(0.06)
                    Flux.mse(m(x), y)
                end
                """, name: "progress.flx")
        }
        return box.err
    }

    @Test func trainDrawsProgressOnlyOnATerminal() {
        let shown = trainOutput(progress: "", terminal: true)
        #expect(shown.contains("\r") && shown.contains("/4 [") && shown.contains("it/s"), "\(shown.debugDescription)")
        #expect(shown.hasSuffix("\r\u{1B}[K"))
        #expect(trainOutput(progress: "; progress = false", terminal: true).isEmpty)
        #expect(trainOutput(progress: "", terminal: false).isEmpty)
    }

    @Test func limitsRoundAsUnicodePlots() {
        #expect(LinePlot.extendLimits([9, -6, 8]) == (-10, 10))
        #expect(LinePlot.extendLimits([1, 100]) == (0, 100))
        #expect(LinePlot.extendLimits([1, 7]) == (1, 7))
        #expect(LinePlot.extendLimits([3, 3]) == (2, 4))
        #expect(LinePlot.extendLimits([]) == (-1, 1))
        #expect(LinePlot.niceRepr(12345) == "12 345")
        #expect(LinePlot.niceRepr(-0.5) == "-0.5")
        #expect(LinePlot.niceRepr(1e-5) == "1e⁻⁵")
        #expect(LinePlot.niceTicks((-0.1, 1)) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(LinePlot.niceTicks((0, 60)) == [0, 10, 20, 30, 40, 50, 60])
        #expect(LinePlot.niceTicks((0.3, 0.7)) == [0.3, 0.4, 0.5, 0.6, 0.7])
    }

    @Test func brailleDotsFollowTheUnicodeBitOrder() {
        // One point at each corner of a 5×2 canvas lights dots 1 (top left) and 8 (bottom right).
        let p = LinePlot(xs: [0, 1], ys: [0, 1], width: 5, height: 2)
        p.pixel(0, 0, color: 1)
        p.pixel(9.5, 7.5, color: 1)
        #expect(p.cells[0] == 0x01)
        #expect(p.cells[9] == 0x80)
        #expect(!p.render(color: false).contains("\u{1B}["))
        p.add(xs: [0, 1], ys: [0, 1], name: "a")
        #expect(p.render(color: true).contains("\u{1B}[38;5;2m"))
    }
}
