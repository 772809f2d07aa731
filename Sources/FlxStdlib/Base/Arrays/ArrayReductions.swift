import FlxSyntax
import FlxCore
import FlxEngine

/// Reductions that run on the engine along `dims`: `mean`, `softmax`, `logsoftmax`.
extension ArrayBuiltins {
    package static var arrayReductions: [Builtin] {
        [
            Builtin("mean", { interp, a in try reduction("mean", a, interp) },
                help: BuiltinHelp("mean([f], x; dims)", "The arithmetic mean, over everything or along `dims`.", "mean([1, 2, 3, 4])  # 2.5")),
            // Their help is written with Flux's docs (HelpDocsFlux.swift), not here.
            Builtin("softmax", { interp, a in try softmax(a, interp, log: false) }),
            Builtin("logsoftmax", { interp, a in try softmax(a, interp, log: true) }),
        ]
    }
}
