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
        flux.initialiser("glorot_uniform") { interp, a in
            let (rng, dims) = try dimsAndRNG(a, interp, name: "glorot_uniform")
            let (fi, fo) = fans(dims)
            let gain = Float(a.keyword("gain").map { asDouble($0) } ?? 1)
            let scale = gain * (24 / Float(fi + fo)).squareRoot()
            return try make(dims, interp) { (interp.uniformFloat(rng) - 0.5) * scale }
        }
        flux.initialiser("glorot_normal") { interp, a in
            let (rng, dims) = try dimsAndRNG(a, interp, name: "glorot_normal")
            let (fi, fo) = fans(dims)
            let gain = Float(a.keyword("gain").map { asDouble($0) } ?? 1)
            let std = gain * (2 / Float(fi + fo)).squareRoot()
            return try make(dims, interp) { Float(interp.normalDouble(rng)) * std }
        }
        flux.initialiser("kaiming_uniform") { interp, a in
            let (rng, dims) = try dimsAndRNG(a, interp, name: "kaiming_uniform")
            let (fi, _) = fans(dims)
            let gain = Float(a.keyword("gain").map { asDouble($0) } ?? 2.0.squareRoot())
            let bound = (3 as Float).squareRoot() * gain / Float(fi).squareRoot()
            return try make(dims, interp) { (interp.uniformFloat(rng) * 2 - 1) * bound }
        }
        flux.initialiser("kaiming_normal") { interp, a in
            let (rng, dims) = try dimsAndRNG(a, interp, name: "kaiming_normal")
            let (fi, _) = fans(dims)
            let gain = Float(a.keyword("gain").map { asDouble($0) } ?? 2.0.squareRoot())
            let std = gain / Float(fi).squareRoot()
            return try make(dims, interp) { Float(interp.normalDouble(rng)) * std }
        }
        flux.native("zeros32") { interp, a in try make(try dimsAndRNG(a, interp).1, interp) { 0 } }
        flux.native("ones32") { interp, a in try make(try dimsAndRNG(a, interp).1, interp) { 1 } }
        flux.native("rand32") { interp, a in
            let (rng, dims) = try dimsAndRNG(a, interp, name: "rand32")
            // rand32(rng) is the function (dims...) -> rand(rng, Float32, dims...).
            if let rng, a.count == 1 { return fixed(flux.binding("rand32").value, name: "rand32", rng: rng, keywords: []) }
            return try make(dims, interp) { interp.uniformFloat(rng) }
        }
        flux.native("randn32") { interp, a in
            let (rng, dims) = try dimsAndRNG(a, interp, name: "randn32")
            if let rng, a.count == 1 { return fixed(flux.binding("randn32").value, name: "randn32", rng: rng, keywords: []) }
            return try make(dims, interp) { Float(interp.normalDouble(rng)) }
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
}

extension Interpreter {
    package func uniformFloat(_ rng: RNGObject?) -> Float {
        if let rng, !rng.isDefault { return rng.state.float() }
        return random.float()
    }

    package func normalDouble(_ rng: RNGObject?) -> Double {
        if let rng, !rng.isDefault { return rng.state.normal() }
        return random.normal()
    }
}
