import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
/// Help entries for `using UnicodePlots`.
extension HelpDocs {
    package static let plots: [String: Doc] = [
        "UnicodePlots": Doc("UnicodePlots", "Terminal plots as UnicodePlots.jl draws them: `lineplot`, `lineplot!`, `scatterplot`, `scatterplot!`, `densityplot`, `densityplot!`, `barplot`, `barplot!`, `histogram`, `heatmap` and `savefig`. `using UnicodePlots` makes them available (`using Flux` does not).", "using UnicodePlots\nlineplot([1, 4, 9, 16]; title = \"squares\")"),
        "lineplot": Doc("lineplot([x], y; title = \"\", xlabel = \"\", ylabel = \"\", name = \"\", width = 40, height = 15)  /  lineplot([lo, hi,] f; ...)  /  lineplot(x, f; ...)",
                        "A line chart drawn with braille characters (each character a 2×4 grid of dots) in a box, the y limits at the top and bottom left, the x limits under the box, the title above and `name` as a legend on the right. Limits are rounded as UnicodePlots rounds them and fixed by the first series. `x` defaults to `1:length(y)`. Given a function f, it is sampled three times per column from lo to hi (default -10 to 10) or at `x`, named \"f(x)\", with axes labelled x and f(x). Printed at the REPL, with `display` or `println`; coloured only on a terminal.",
                        "using UnicodePlots\np = lineplot(losses; title = \"loss\", xlabel = \"step\", name = \"train\")"),
        "lineplot!": Doc("lineplot!(plot, [x], y; name = \"\")  /  lineplot!(plot, [lo, hi,] f)",
                         "Adds a series to an existing plot, drawn in the next colour of the cycle within the plot's limits; returns the plot. A function is sampled across the plot's x-limits (or lo to hi).",
                         "p = lineplot(train_losses; name = \"train\")\nlineplot!(p, test_losses; name = \"test\")"),
        "scatterplot": Doc("scatterplot([x], y; title, xlabel, ylabel, name, width = 40, height = 15)",
                           "Points on a braille canvas, one dot each, in lineplot's box and limits, as UnicodePlots draws them.",
                           "scatterplot([-1, 1, 3], [2, 0, -5]; name = \"points\")"),
        "scatterplot!": Doc("scatterplot!(plot, [x], y; name = \"\")",
                            "Adds points to a scatterplot in the next colour; returns the plot.",
                            "p = scatterplot([1, 2, 3])\nscatterplot!(p, [3, 2, 1]; name = \"back\")"),
        "densityplot": Doc("densityplot(x, y; dscale = :identity, title, xlabel, ylabel, name, width = 40, height = 15)",
                           "The density of the points (x, y), as UnicodePlots draws it: scatterplot's limits and box, each character (1×2 pixels) counting the points that fall in it and shaded ` ░▒▓█` by its count relative to the largest. `dscale` (`:identity`, `:ln`, `:log2`, `:log10` or a function of the count) transforms the counts first, so that sparse regions show beside a peak.",
                           "densityplot(randn(1000), randn(1000); dscale = sqrt)"),
        "densityplot!": Doc("densityplot!(plot, x, y; name = \"\")",
                            "Adds points to a density plot's counts; returns the plot.",
                            "p = densityplot(randn(500), randn(500))\ndensityplot!(p, randn(500) .+ 2, randn(500))"),
        "histogram": Doc("histogram(x; nbins, closed = :left, vertical = false, stats = true, title, xlabel = \"Frequency\", width, height = 15, color, margin, padding)",
                         "The histogram of the numbers `x`, as UnicodePlots draws it: StatsBase's bins (about `nbins` of them, Sturges' rule by default, each 1, 2 or 5 times a power of ten wide). Horizontal by default: eighth-block bars and the count of each bin. With `vertical = true`: one column per bin, `height` rows high, the outer bin edges below and, unless `stats = false` or an `xlabel` is given, `μ ± σ` of the data.",
                         "histogram(randn(1000); nbins = 15)\nhistogram(randn(1000); vertical = true, height = 8)"),
        "heatmap": Doc("heatmap(A; xfact, yfact, xoffset = 0, yoffset = 0, xlim, ylim, zlim, colormap = :viridis, colorbar, colorbar_border = :solid, title, xlabel, ylabel, zlabel, width, height, labels = true, array = false, fix_ar = false)",
                       "The matrix `A` as UnicodePlots draws it: each entry a half-character cell coloured by the colormap (24-bit colour; `:viridis`, or a vector of colours), rows upwards from the bottom (`array = true`: from the top), sized to the matrix and the terminal. The axes number the rows and columns, or count from 0 in steps of `yfact`/`xfact`, shifted by the offsets; the limits pick a part. A colour bar shows `zlim` (by default the values' range) on plots at least 7 rows high. Only colour shows the values: it is printed in colour on a terminal or through `show(IOContext(io, :color => true), p)`.",
                       "heatmap([sin(i / 4) * cos(j / 4) for i in 1:30, j in 1:40]; zlabel = \"z\")"),
        "barplot": Doc("barplot(labels, heights; title, xlabel, width = 40, color = :green, margin = 3, padding = 1)  /  barplot(dict)  /  barplot(label, height)",
                       "A horizontal bar per label, its value after the bar, as UnicodePlots draws it; heights must be ≥ 0, a Dict's pairs come in key order.",
                       "barplot([\"Paris\", \"Madrid\"], [2.244, 3.165]; xlabel = \"population [in mil]\")"),
        "barplot!": Doc("barplot!(plot, labels, heights)  /  barplot!(plot, label, height)",
                        "Adds bars below those of a barplot; returns the plot.",
                        "p = barplot([\"bar\", \"foo\"], [23, 37])\nbarplot!(p, [\"zoom\"], [90])"),
        "savefig": Doc("savefig(plot, path)",
                       "Writes the plot to `path`, as its extension says: `.svg` a standalone SVG (axes, ticks, title, labels, one polyline per series, legend), `.png` that SVG rendered to a 640×400 PNG (with librsvg and cairo, loaded on first use), `.txt` or no extension the text chart; any other extension is an ArgumentError. The file is written to a temporary name and renamed, so it is never seen half-written.",
                       "p = lineplot(losses; title = \"loss\")\nsavefig(p, \"loss.svg\")"),
    ]
}
