import FlxSyntax
import FlxCore
import FlxStdlib
#if canImport(Glibc)
import Glibc
#endif
import FlxEngine

/// Flux's weight initialisers: Float32 arrays drawn from the session's generator
/// (so `Random.seed!` makes them repeatable).
package enum Initialisers {
    /// `nfan`: (fan_in, fan_out) as Flux computes it from the array's dims.
    package static func fans(_ dims: [Int]) -> (Double, Double) {
        switch dims.count {
        case 0: return (1, 1)
        case 1: return (1, Double(dims[0]))
        case 2: return (Double(dims[1]), Double(dims[0]))
        default:
            let receptive = Double(dims.dropLast(2).reduce(1, *))
            return (receptive * Double(dims[dims.count - 2]), receptive * Double(dims[dims.count - 1]))
        }
    }

    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        // Each draws its whole array as Flux does, `rand(rng, Float32, dims...)` or
        // `randn(rng, Float32, dims...)`, and then scales it, so a seeded model's weights are
        // Julia's (the bulk `rand` stream depends on the array's size).
        flux.initialiser("glorot_uniform") { interp, a in
            let (rng, dims) = try dimsAndRNG(a, interp, name: "glorot_uniform")
            let (fi, fo) = fans(dims)
            let gain = Float(a.keyword("gain").map { asDouble($0) } ?? 1)
            let scale = gain * (24 / Float(fi + fo)).squareRoot()
            return try uniform32(dims, rng, interp) { ($0 - 0.5) * scale }
        }
        flux.initialiser("glorot_normal") { interp, a in
            let (rng, dims) = try dimsAndRNG(a, interp, name: "glorot_normal")
            let (fi, fo) = fans(dims)
            let gain = Float(a.keyword("gain").map { asDouble($0) } ?? 1)
            let std = gain * (2 / Float(fi + fo)).squareRoot()
            return try normal32(dims, rng, interp) { $0 * std }
        }
        flux.initialiser("kaiming_uniform") { interp, a in
            let (rng, dims) = try dimsAndRNG(a, interp, name: "kaiming_uniform")
            let (fi, _) = fans(dims)
            // Flux: bound = Float32(√3 * gain / sqrt(fan_in)) in Float64, gain = √2 by default.
            let gain = a.keyword("gain").map { asDouble($0) } ?? 2.0.squareRoot()
            let bound = Float(3.0.squareRoot() * gain / fi.squareRoot())
            return try uniform32(dims, rng, interp) { ($0 - 0.5) * (2 * bound) }
        }
        flux.initialiser("kaiming_normal") { interp, a in
            let (rng, dims) = try dimsAndRNG(a, interp, name: "kaiming_normal")
            let (fi, _) = fans(dims)
            // Flux: std = Float32(gain / sqrt(fan_in)), gain = √2f0 (a Float32) by default.
            let gain = a.keyword("gain").map { asDouble($0) } ?? Double((2 as Float).squareRoot())
            let std = Float(gain / fi.squareRoot())
            return try normal32(dims, rng, interp) { $0 * std }
        }
        flux.native("zeros32") { interp, a in try make(try dimsAndRNG(a, interp).1, interp) { 0 } }
        flux.native("ones32") { interp, a in try make(try dimsAndRNG(a, interp).1, interp) { 1 } }
        flux.native("rand32") { interp, a in
            let (rng, dims) = try dimsAndRNG(a, interp, name: "rand32")
            // rand32(rng) is the function (dims...) -> rand(rng, Float32, dims...).
            if let rng, a.count == 1 { return fixed(flux.binding("rand32").value, name: "rand32", rng: rng, keywords: []) }
            return try uniform32(dims, rng, interp) { $0 }
        }
        flux.native("randn32") { interp, a in
            let (rng, dims) = try dimsAndRNG(a, interp, name: "randn32")
            if let rng, a.count == 1 { return fixed(flux.binding("randn32").value, name: "randn32", rng: rng, keywords: []) }
            return try normal32(dims, rng, interp) { $0 }
        }
    }

    /// The generator (if given) and the dimensions. An initialiser `name`d takes its
    /// dimensions as integers only, as Flux's `init(rng, dims::Integer...)`: a tuple is
    /// Julia's MethodError (`zeros32`/`ones32`, like `zeros`, also take a tuple).
    package static func dimsAndRNG(_ a: Args, _ interp: Interpreter, name: String? = nil) throws -> (RNGObject?, [Int]) {
        let (rng, rest) = RandomBuiltins.splitRNG(a)
        if let name, rest.contains(where: { if case .int = $0 { return false }; return true }) {
            throw Exceptions.method(.str(name), a.values)
        }
        return (rng, try ArrayBuiltins.dimsShape(rest, interp).dims)
    }

    package static func make(_ dims: [Int], _ interp: Interpreter, _ f: () -> Float) throws -> Value {
        let t = try interp.engine { try Tensor.zeros(.float32, try Shape(dims)) }
        for i in 0..<t.count { t.setFloat(f(), i) }
        return .array(ArrayValue(tensor: t))
    }

    /// `f.(rand(rng, Float32, dims...))`: Julia's bulk draw, then `f` on each element.
    package static func uniform32(_ dims: [Int], _ rng: RNGObject?, _ interp: Interpreter, _ f: (Float) -> Float) throws -> Value {
        let shape = try interp.engine { try Shape(dims) }
        let t = try RandomBuiltins.withGenerator(rng, interp) { g in try interp.engine { try Tensor.uniform(.float32, shape, &g) } }
        return try mapped(t, interp, f)
    }

    /// `f.(randn(rng, Float32, dims...))`: one `randn` per element, in order, then `f`.
    package static func normal32(_ dims: [Int], _ rng: RNGObject?, _ interp: Interpreter, _ f: (Float) -> Float) throws -> Value {
        let shape = try interp.engine { try Shape(dims) }
        let t = try RandomBuiltins.withGenerator(rng, interp) { g in try interp.engine { try Tensor.normal(.float32, shape, &g) } }
        return try mapped(t, interp, f)
    }

    private static func mapped(_ t: Tensor, _ interp: Interpreter, _ f: (Float) -> Float) throws -> Value {
        try interp.engine {
            try t.withUnsafeMutableBufferPointer(as: Float.self) { p in
                for i in p.indices { p[i] = f(p[i]) }
            }
        }
        return .array(ArrayValue(tensor: t))
    }
}

extension Interpreter {
    /// One `rand(rng, Float32)`.
    package func uniformFloat(_ rng: RNGObject?) -> Float {
        RandomBuiltins.withGenerator(rng, self) { $0.float32() }
    }

    /// One `rand(rng, Float64)`.
    package func uniformDouble(_ rng: RNGObject?) -> Double {
        RandomBuiltins.withGenerator(rng, self) { $0.float64() }
    }

    /// One `randn(rng)`.
    package func normalDouble(_ rng: RNGObject?) -> Double {
        RandomBuiltins.withGenerator(rng, self) { $0.normal() }
    }
}
