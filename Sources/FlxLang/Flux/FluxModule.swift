import FlxEngine

/// The `Flux` module and its neighbours (`NNlib`, `Flux.Losses`, `Functors`): layers,
/// activations, losses, initialisers and parameter walking, bound to the engine.
enum FluxModule {
    static func install(_ x: Interpreter) {
        let flux = ModuleValue(name: "Flux", parent: x.base)
        flux.usings = [x.base]
        x.modules["Flux"] = flux
        let nnlib = ModuleValue(name: "NNlib", parent: x.base)
        nnlib.usings = [x.base]
        x.modules["NNlib"] = nnlib
        let losses = ModuleValue(name: "Losses", parent: flux)
        losses.usings = [x.base]
        flux.define("Losses", .module(losses), export: false)
        let functors = ModuleValue(name: "Functors", parent: x.base)
        functors.usings = [x.base]
        x.modules["Functors"] = functors

        Activations.install(x, nnlib)
        for name in nnlib.exports { flux.reexport(name, from: nnlib) }
        Initialisers.install(x, flux)
        InitialisersMore.install(x, flux)
        Layers.install(x, flux)
        LayersStructural.install(x, flux)
        LayersBilinear.install(x, flux)
        LayersNormalisation.install(x, flux)
        LayersConvolution.install(x, flux)
        TrainTestMode.install(x, flux)
        LossFunctions.install(x, losses)
        LossFunctionsMore.install(x, losses)
        for name in losses.exports { flux.reexport(name, from: losses); flux.exports.remove(name) }
        ParameterWalk.install(x, flux, functors)
        OptimiserBinding.install(x, flux: flux)
        Training.install(x, flux: flux)
        DataLoading.install(x, flux: flux)
        Checkpoints.install(x, flux)

        // Zygote's functions are Flux's too (`gradient` exported; `withgradient` from 0.16.8).
        if let zygote = x.modules["Zygote"] {
            for n in ["gradient", "withgradient", "pullback"] { flux.reexport(n, from: zygote) }
            flux.exports.remove("pullback")
        }
        x.layerShow = { v, x in try LayerDisplay.show(v, x) }
        x.layerDisplay = { v, x in try LayerDisplay.display(v, x) }
        x.trainableHook = { o, x in ParameterWalk.trainableFieldIndices(o, x) }
    }
}

extension ModuleValue {
    /// A native function defined here but not exported (Julia's `Flux.mse`).
    @discardableResult
    func hidden(_ name: String, _ fn: @escaping NativeFunction) -> GenericFunction {
        let g = native(name, fn)
        exports.remove(name)
        return g
    }
}
