/// The packages flx ships inside itself, the upstream release each mirrors, and the
/// built-in that stands in for a package it does not ship. Pkg mode (`]st`, `]add`)
/// and the `using X` error both answer from here: flx cannot install packages, so
/// advice to `Pkg.add` would be advice that cannot work.
public enum BundledPackages {
    public struct Entry: Sendable {
        public let name: String
        /// The first 8 hex digits of the package's UUID, as `]st` shows it.
        public let uuid: String
        /// The upstream version flx mirrors; nil for a Julia standard library, which
        /// Pkg lists without one.
        public let version: String?
    }

    /// UUIDs from each package's Project.toml (Flux's [deps] list most of them);
    /// versions from Flux 0.16's [compat] bounds, the release flx follows (ProgressMeter
    /// and UnicodePlots: the releases whose output flx reproduces).
    public static let mirrored: [Entry] = [
        Entry(name: "ChainRulesCore", uuid: "d360d2e6", version: "1.12"),
        Entry(name: "Flux", uuid: "587475ba", version: "0.16"),
        Entry(name: "Functors", uuid: "d9f16b24", version: "0.5"),
        Entry(name: "MLUtils", uuid: "f1d291b0", version: "0.4"),
        Entry(name: "NNlib", uuid: "872c559c", version: "0.9"),
        Entry(name: "OneHotArrays", uuid: "0b1bfda6", version: "0.2"),
        Entry(name: "Optimisers", uuid: "3bd65402", version: "0.4"),
        Entry(name: "ProgressMeter", uuid: "92933f4c", version: "1.10"),
        Entry(name: "UnicodePlots", uuid: "b8865327", version: "3"),
        Entry(name: "Zygote", uuid: "e88e6eb3", version: "0.7"),
        Entry(name: "LinearAlgebra", uuid: "37e2e46d", version: nil),
        Entry(name: "Random", uuid: "9a3f8284", version: nil),
        Entry(name: "Statistics", uuid: "10745b16", version: nil),
        Entry(name: "Test", uuid: "8dfed614", version: nil),
    ]

    /// Packages people reach for that flx does not ship, and what to use instead.
    public static let substitutes: [String: String] = {
        var s: [String: String] = [:]
        let plots = "UnicodePlots is built in: `using UnicodePlots` gives `lineplot`, `scatterplot`, `barplot` (and their `!` forms) and `histogram`, and `savefig` writes a plot as .txt, .svg or .png"
        for p in ["Plots", "PyPlot", "Makie", "CairoMakie", "GLMakie", "Gadfly", "PlotlyJS"] { s[p] = plots }
        let saving = "Flux's safetensors saving is built in: `Flux.savemodel(path, model)` and `Flux.loadmodel!(model, path)`"
        for p in ["BSON", "JLD2", "JLD", "Serialization"] { s[p] = saving }
        let progress = "`Flux.train!` draws a progress bar on a terminal by itself, and ProgressMeter is built in for loops of your own (`@showprogress`, `Progress`, `next!`)"
        for p in ["ProgressBars", "ProgressLogging", "TerminalLoggers"] { s[p] = progress }
        s["StatsBase"] = "Statistics is built in: `using Statistics` gives `mean`, `median`, `std` and `var`"
        for p in ["CSV", "DataFrames"] { s[p] = "DelimitedFiles is built in: `using DelimitedFiles` gives `readdlm` and `writedlm`" }
        for p in ["CUDA", "cuDNN", "AMDGPU", "Metal"] { s[p] = "flx runs on the CPU (OpenBLAS) and has no GPU backend" }
        s["Pkg"] = "flx has no package manager to call: `]st` at the REPL lists the built-in packages"
        return s
    }()

    /// The second line of the `using X` error for a package flx does not have.
    public static func advice(forMissing name: String) -> String {
        let base = "- flx ships its packages built in and cannot install \(name)"
        if let instead = substitutes[name] { return base + "; " + instead + "." }
        return base + "; `]st` at the REPL lists the packages it has."
    }
}
