#if canImport(Glibc)
import Glibc
#endif
import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// NNlib's `imrotate(arr, θ; method = :bilinear, rotation_center = size(arr) .÷ 2 .+ 1)`:
/// each (W, H) image of a 4-dimensional array rotated by θ radians about the center.
///
/// Output pixel (i, j) reads the input at its rotated coordinates: the nearest pixel, or
/// the four around it weighted bilinearly, zero outside. That is a gather of input
/// elements (plus weights), so it is written with the engine's block gather and
/// arithmetic: differentiable in `arr`, with the element type kept for `:nearest`. The
/// arithmetic is NNlib's kernel's, in the element type, term by term; the rotations by
/// 0, π/2, π, 3π/2 about the middle are exact permutations, as NNlib makes them.
package enum NNlibRotation {
    package static func install(_ interp: Interpreter, _ nnlib: ModuleValue) {
        nnlib.native("imrotate") { interp, a in
            try a.expect("imrotate", 2...2)
            let x = try NNlibPadding.arrayTensor(a[0], "imrotate", a, interp)
            guard x.rank == 4 else { throw Exceptions.method(.str("imrotate"), a.values) }
            let nearest: Bool
            switch a.keyword("method") ?? .sym("bilinear") {
            case .symbol(let s) where s.name == "bilinear": nearest = false
            case .symbol(let s) where s.name == "nearest": nearest = true
            case let m: throw Exceptions.argument("No interpolation method such as \(try LayerKit.text(m, interp))")
            }
            guard x.dtype.isFloat || nearest else { throw Exceptions.argument("If the array has an Int eltype, only method=:nearest is supported") }
            let (n1, n2) = (x.shape[0], x.shape[1])
            var center = [Double(n1 / 2 + 1), Double(n2 / 2 + 1)]
            if let c = a.keyword("rotation_center") {
                guard case .tuple(let t) = c, t.items.count >= 2 else { throw Exceptions.method(.str("imrotate"), a.values) }
                center = t.items.prefix(2).map { asDouble(OperatorBuiltins.plain($0)) }
            }
            let theta = asDouble(OperatorBuiltins.plain(a[1]))
            // NNlib converts θ and the center to the element type: an Int array takes Ints.
            if !x.dtype.isFloat {
                for v in [theta] + center where Int64(exactly: v) == nil { throw Exceptions.inexact("Int64", "Int64", .float64(v)) }
            }
            return LayerKit.wrapArray(try rotate(x, theta: theta, center: center, nearest: nearest, interp))
        }
    }

    /// For each output element, its taps: the source offsets (n = the appended zero) and weights.
    struct Taps {
        var sources: [[Int]]
        var weights: [[Double]]
    }

    static func rotate(_ x: Tensor, theta: Double, center: [Double], nearest: Bool, _ interp: Interpreter) throws -> Tensor {
        let (n1, n2) = (x.shape[0], x.shape[1]), plane = n1 * n2, count = x.count
        let float32 = x.dtype == .float32
        // θ and the center in the element type (Float64 for integer arrays' nearest path).
        func t(_ v: Double) -> Double { float32 ? Double(Float(v)) : v }
        let twoPi = t(2 * Double.pi)
        var th = float32 ? Double(fmodf(Float(theta), Float(twoPi))) : fmod(theta, twoPi)
        if th < 0 { th = t(th + twoPi) }
        let c = center.map(t)
        let (s, co) = float32 ? (Double(sinf(Float(th))), Double(cosf(Float(th)))) : (sin(th), cos(th))
        let taps = nearest ? 1 : 4
        // Four taps' lists, each as long as the array: checked against memory first.
        try MemoryGuard.reserve(count: count, bytesEach: taps * 2 * MemoryLayout<Int>.stride)
        var sources: [[Int]] = nearest ? [[]] : [[], [], [], []], weights: [[Double]] = nearest ? [[]] : [[], [], [], []]
        let trivial = trivialMap(th, c, n1, n2, rtol: float32 ? 3.4526698e-4 : 1.4901161193847656e-8)
        for e in 0..<count {
            let (i, j, rest) = (e % n1 + 1, (e / n1) % n2 + 1, (e / plane) * plane)
            if let map = trivial {
                let (si, sj) = map(i, j)
                sources[0].append(rest + (si - 1) + n1 * (sj - 1)); weights[0].append(1)
                for k in 1..<taps { sources[k].append(count); weights[k].append(0) }
                continue
            }
            // NNlib's _rotate_coordinates, in the element type.
            let y = t(Double(i) - c[0]), xx = t(Double(j) - c[1])
            let yrot = float32 ? Double(Float(co) * Float(y) - Float(s) * Float(xx) + Float(c[0])) : co * y - s * xx + c[0]
            let xrot = float32 ? Double(Float(s) * Float(y) + Float(co) * Float(xx) + Float(c[1])) : s * y + co * xx + c[1]
            if nearest {
                let (yi, xi) = (yrot.rounded(.toNearestOrAwayFromZero), xrot.rounded(.toNearestOrAwayFromZero))
                if yi >= 1, yi <= Double(n1), xi >= 1, xi <= Double(n2), let yy = Int(exactly: yi), let xj = Int(exactly: xi) {
                    sources[0].append(rest + (yy - 1) + n1 * (xj - 1))
                } else {
                    sources[0].append(count)
                }
                weights[0].append(1)
                continue
            }
            let (yf, xf) = (yrot.rounded(.down), xrot.rounded(.down))
            guard yf >= 1, yf <= Double(n1 - 1), xf >= 1, xf <= Double(n2 - 1), let yi = Int(exactly: yf), let xi = Int(exactly: xf) else {
                for k in 0..<4 { sources[k].append(count); weights[k].append(0) }
                continue
            }
            // _bilinear_helper, then the four products as the kernel forms them.
            let xd = t(xrot - xf), yd = t(yrot - yf), xd1 = t(1 - xd), yd1 = t(1 - yd)
            let base = rest + (yi - 1) + n1 * (xi - 1)
            let offsets = [base, base + 1, base + n1, base + n1 + 1]
            let w = [t(xd1 * yd1), t(xd1 * yd), t(xd * yd1), t(xd * yd)]
            for k in 0..<4 { sources[k].append(offsets[k]); weights[k].append(w[k]) }
        }
        return try interp.engine { tape in
            // The input with one zero appended: the source of every pixel outside the image.
            let flat = try Shaping.reshape(x, [count], tape: tape)
            let extended = try Shaping.cat([flat, try Tensor.zeros(x.dtype, try Shape([1]))], dim: 1, tape: tape)
            var out: Tensor? = nil
            for k in 0..<taps {
                let g = try BlockIndexing.gather(extended, inner: 1, sources: sources[k], shape: x.shape, tape: tape)
                // One tap (nearest, or an exact rotation) is the gather itself.
                if nearest || trivial != nil { out = g; break }
                let wk = try Tensor.zeros(x.dtype, x.shape)
                for (e, v) in weights[k].enumerated() { wk.setNumeric(v, e) }
                let term = try Arithmetic.binary(.mul, wk, g, tape: tape)
                out = try out.map { try Arithmetic.binary(.add, $0, term, tape: tape) } ?? term
            }
            guard let out else { return try Tensor.zeros(x.dtype, x.shape) }
            return out
        }
    }

    /// NNlib's _check_trivial_rotations!: θ = 0 always, and π/2, π, 3π/2 about the
    /// middle pixel, as exact index maps (output (i, j) → input (i', j')).
    /// `rtol` is Julia's default for `≈` at the element type (√eps).
    static func trivialMap(_ th: Double, _ c: [Double], _ n1: Int, _ n2: Int, rtol: Double) -> ((Int, Int) -> (Int, Int))? {
        if th == 0 { return { ($0, $1) } }
        func approx(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= rtol * max(abs(a), abs(b)) }
        // NNlib compares rotation_center[1] twice in the odd case; kept as written.
        let middle = (n1 % 2 == 0 && n2 % 2 == 0 && approx(c[0], Double(n1 / 2) + 0.5) && approx(c[1], Double(n2 / 2) + 0.5))
            || (n1 % 2 == 1 && n2 % 2 == 1 && c[0] == Double(n1 / 2 + 1) && c[0] == Double(n2 / 2 + 1))
        guard middle, n1 == n2 else { return nil }
        if approx(th, Double.pi / 2) { return { i, j in (n2 + 1 - j, i) } }
        if approx(th, Double.pi) { return { i, j in (n1 + 1 - i, n2 + 1 - j) } }
        if approx(th, 3 * Double.pi / 2) { return { i, j in (j, n1 + 1 - i) } }
        return nil
    }
}
