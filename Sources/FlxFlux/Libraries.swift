import FlxCore
import FlxStdlib

/// Everything a session offers: Base and the standard library, then the Flux family
/// (Flux, NNlib, Optimisers, Zygote's front end, MLUtils, the datasets) and its macros.
/// This is the one place that names every library, as Lua's `luaL_openlibs` does.
public enum Libraries {
    public static func install(into interp: Interpreter) {
        Builtins.install(into: interp)
        AutodiffBuiltins.install(interp)
        MPIModule.install(interp)
        FluxModule.install(interp)
        ZygoteIgnore.install(interp)
        FluxMacros.install(interp)
        Datasets.install(interp)
        ProgressMeterModule.install(interp)
    }
}
