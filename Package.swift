// swift-tools-version:6.0
import PackageDescription
import Foundation

// One target per stage; each imports only the ones before it (ARCHITECTURE.md):
// FlxSyntax (source → tokens → AST) → FlxCore (values, compiler, interpreter, display,
// the engine adapter) → FlxStdlib (Base, stdlib) → FlxFlux (Flux, Optimisers, Zygote,
// datasets) → FlxREPL (launcher, REPL, help) → flx (the command line). FlxCore binds
// FlxEngine (tensors, autodiff, kernels, optimiser rules), which knows nothing of the language.
let uncheckedExclusivityInRelease: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "flx",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "flx", targets: ["flx"]),
        .library(name: "FlxEngine", targets: ["FlxEngine"]),
        .library(name: "FlxREPL", targets: ["FlxREPL"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CReadline", path: "Sources/CReadline", providers: [.apt(["libreadline-dev"])]),
        // OpenBLAS (Debian's libopenblas0, from libopenblas-dev) is opened at run time on
        // the first matrix product: see Sources/FlxEngine/Core/BLAS.swift.
        // Element loops built for AVX2 as well as the baseline, picked for the CPU at load time.
        // Optimised in debug builds too, so the tests run the vectorised loops that ship.
        .target(
            name: "CFlxKernels",
            cSettings: [.unsafeFlags(["-O2", "-fno-math-errno", "-ffp-contract=off"])]
        ),
        // Iris and Digits, embedded from flx-datasets.bin by `.incbin`, which searches the include path.
        .target(name: "CFlxDatasets", cSettings: [.headerSearchPath(".")]),
        .target(
            name: "FlxEngine",
            dependencies: ["CFlxKernels"],
            // Without it, Swift's `squareRoot` on Linux is scalar `sqrtss` plus a branch to
            // libm's `sqrtf` for errno, so no loop with a square root vectorises (Adam's).
            swiftSettings: [.unsafeFlags(["-Xcc", "-fno-math-errno"])]
        ),
        // The language, one target per stage; each imports only earlier ones (see ARCHITECTURE.md).
        .target(name: "FlxSyntax"),
        .target(
            name: "FlxCore",
            dependencies: ["FlxSyntax", "FlxEngine"],
            // Release builds skip Swift's dynamic exclusivity checks in the interpreter
            // (one thread, no overlapping accesses); debug builds, which run the tests,
            // keep them, so a violation would show up there.
            swiftSettings: uncheckedExclusivityInRelease
        ),
        .target(name: "FlxStdlib", dependencies: ["FlxCore"], swiftSettings: uncheckedExclusivityInRelease),
        .target(name: "FlxFlux", dependencies: ["FlxStdlib", "CFlxDatasets"], swiftSettings: uncheckedExclusivityInRelease),
        .target(name: "FlxREPL", dependencies: ["FlxFlux", "CReadline"], swiftSettings: uncheckedExclusivityInRelease),
        .executableTarget(
            name: "flx",
            dependencies: [
                "FlxREPL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Each test target depends on the stages it tests.
        .testTarget(name: "FlxEngineTests", dependencies: ["FlxEngine"]),
        .testTarget(name: "FlxSyntaxTests", dependencies: ["FlxSyntax"]),
        .testTarget(name: "FlxLangTests", dependencies: ["FlxREPL", "FlxEngine"]),
    ]
)

// The libFuzzer target exists only when `scripts/fuzz` asks for it: it links against
// libFuzzer's driver, which an ordinary build does not have. lld links it, because
// gold fails on the sanitizer runtime's symbols.
if ProcessInfo.processInfo.environment["FLX_FUZZ"] != nil {
    package.products.append(.executable(name: "flx-fuzz", targets: ["FlxFuzz"]))
    package.targets.append(.executableTarget(
        name: "FlxFuzz",
        dependencies: ["FlxREPL"],
        swiftSettings: [.unsafeFlags(["-parse-as-library"])],
        linkerSettings: [.unsafeFlags(["-use-ld=lld"])]
    ))
}
