import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// The `Flux` module and its neighbours (`NNlib`, `Flux.Losses`, `Functors`): layers,
/// activations, losses, initialisers and parameter walking, bound to the engine.
package enum FluxModule {
    package static func install(_ interp: Interpreter) {
        let flux = ModuleValue(name: "Flux", parent: interp.base)
        flux.usings = [interp.base]
        interp.modules["Flux"] = flux
        let nnlib = ModuleValue(name: "NNlib", parent: interp.base)
        nnlib.usings = [interp.base]
        interp.modules["NNlib"] = nnlib
        let losses = ModuleValue(name: "Losses", parent: flux)
        losses.usings = [interp.base]
        flux.define("Losses", .module(losses), export: false)
        let functors = ModuleValue(name: "Functors", parent: interp.base)
        functors.usings = [interp.base]
        interp.modules["Functors"] = functors

        Activations.install(interp, nnlib)
        NNlibPadding.install(interp, nnlib)
        NNlibUpsample.install(interp, nnlib)
        NNlibBatched.install(interp, nnlib)
        NNlibGatherScatter.install(interp, nnlib)
        NNlibDropout.install(interp, nnlib)
        NNlibConv.install(interp, nnlib)
        NNlibFold.install(interp, nnlib)
        NNlibWindows.install(interp, nnlib)
        NNlibMel.install(interp, nnlib)
        NNlibRotation.install(interp, nnlib)
        NNlibAttention.install(interp, nnlib)
        NNlibPooling.install(interp, nnlib)
        for name in nnlib.exports { flux.reexport(name, from: nnlib) }
        Initialisers.install(interp, flux)
        InitialisersMore.install(interp, flux)
        InitialisersStructured.install(interp, flux)
        Layers.install(interp, flux)
        LayersStructural.install(interp, flux)
        LayersPairwiseFusion.install(interp, flux)
        LayersParallelIndexing.install(interp)
        LayersBilinear.install(interp, flux)
        LayersNormalisation.install(interp, flux)
        LayersConvolution.install(interp, flux)
        LayersConvTranspose.install(interp, flux)
        ConvChannels.install(interp, flux)
        LayersUpsample.install(interp, flux)
        LayersAdaptivePool.install(interp, flux)
        LayersEmbeddingBag.install(interp, flux)
        LayersInstanceGroupNorm.install(interp, flux)
        LayersRecurrentCells.install(interp, flux)
        LayersRecurrent.install(interp, flux)
        LayersWeightNorm.install(interp, flux)
        LayersAttention.install(interp, flux)
        FluxUtilities.install(interp, flux)
        TrainTestMode.install(interp, flux)
        LossFunctions.install(interp, losses)
        LossFunctionsMore.install(interp, losses)
        LossFunctionsRest.install(interp, losses)
        LossHelpers.install(interp, losses)
        for name in losses.exports { flux.reexport(name, from: losses); flux.exports.remove(name) }
        ParameterWalk.install(interp, flux, functors)
        OptimiserBinding.install(interp, flux: flux)
        DistributedUtils.install(interp, flux: flux)
        Training.install(interp, flux: flux)
        TrainingSteps.install(interp, flux)
        DataLoading.install(interp, flux: flux)
        Checkpoints.install(interp, flux)
        // Flux's `@reexport using NNlib` and `@reexport using Optimisers` export the module
        // names too, so `using Flux` makes `NNlib.gather` and `Optimisers.Adam` reachable.
        flux.define("NNlib", .module(nnlib))
        if let optimisers = interp.modules["Optimisers"] { flux.define("Optimisers", .module(optimisers)) }
        OutputSize.install(interp, flux)

        // Zygote's functions are Flux's too (`gradient` exported; `withgradient` from 0.16.8).
        if let zygote = interp.modules["Zygote"] {
            for n in ["gradient", "withgradient", "pullback"] { flux.reexport(n, from: zygote) }
            flux.exports.remove("pullback")
        }
        interp.layerShow = { v, interp in try LayerDisplay.show(v, interp) }
        interp.layerDisplay = { v, interp in try LayerDisplay.display(v, interp) }
        interp.layerShowInVector = { v, interp in try LayerDisplay.inVector(v, interp) }
        interp.trainableHook = { o, interp in ParameterWalk.trainableFieldIndices(o, interp) }
    }
}

extension ModuleValue {
    /// A native function defined here but not exported (Julia's `Flux.mse`).
    @discardableResult
    package func hidden(_ name: String, _ fn: @escaping NativeFunction) -> GenericFunction {
        let g = native(name, fn)
        exports.remove(name)
        return g
    }
}
