import Testing
@testable import FlxEngine

/// The fast paths of the CNN step (planar im2col/col2im, branch-free 2-d max pooling,
/// run-wise dims sums) against naive loops written straight from the definitions, over
/// many geometries and shapes, in Float32 and Float64.
@Suite struct FastPathReferenceTests {
    // MARK: convolution

    /// y[ox, oy, co, b] = Σ x[ox·sx + kx·dx - plx, oy·sy + ky·dy - ply, ci, b] · w[kx', ky', ci, co],
    /// with (kx', ky') = (kx, ky) for cross-correlation and mirrored for `flip`; plus
    /// dx and dw for an upstream gradient gy, by scattering the same products.
    struct NaiveConv<F: BinaryFloatingPoint> {
        let inW: Int, inH: Int, cin: Int, n: Int, cout: Int
        let kx: Int, ky: Int, sx: Int, sy: Int, dx: Int, dy: Int, plx: Int, ply: Int
        let outW: Int, outH: Int
        let flip: Bool

        func xi(_ ix: Int, _ iy: Int, _ ci: Int, _ b: Int) -> Int { ix + inW * (iy + inH * (ci + cin * b)) }
        func wi(_ a: Int, _ c: Int, _ ci: Int, _ co: Int) -> Int {
            let (a2, c2) = flip ? (kx - 1 - a, ky - 1 - c) : (a, c)
            return a2 + kx * (c2 + ky * (ci + cin * co))
        }
        func yi(_ ox: Int, _ oy: Int, _ co: Int, _ b: Int) -> Int { ox + outW * (oy + outH * (co + cout * b)) }

        /// Calls body(x index, w index, y index) for every product that forms the output.
        func each(_ body: (Int, Int, Int) -> Void) {
            for b in 0..<n { for co in 0..<cout { for oy in 0..<outH { for ox in 0..<outW {
                for ci in 0..<cin { for c in 0..<ky { for a in 0..<kx {
                    let ix = ox * sx + a * dx - plx, iy = oy * sy + c * dy - ply
                    if ix < 0 || ix >= inW || iy < 0 || iy >= inH { continue }
                    body(xi(ix, iy, ci, b), wi(a, c, ci, co), yi(ox, oy, co, b))
                } } }
            } } } }
        }

        func forward(_ x: [F], _ w: [F]) -> [F] {
            var y = [F](repeating: 0, count: outW * outH * cout * n)
            each { i, j, o in y[o] += x[i] * w[j] }
            return y
        }

        func gradients(_ x: [F], _ w: [F], _ gy: [F]) -> (dx: [F], dw: [F]) {
            var gx = [F](repeating: 0, count: x.count), gw = [F](repeating: 0, count: w.count)
            each { i, j, o in
                gx[i] += gy[o] * w[j]
                gw[j] += gy[o] * x[i]
            }
            return (gx, gw)
        }
    }

    static func values<F: BinaryFloatingPoint>(_ t: Tensor, _: F.Type) -> [F] {
        var out: [F] = []
        for v in t.toDoubles() { out.append(F(v)) }
        return out
    }

    static func doubles<F: BinaryFloatingPoint>(_ a: [F]) -> [Double] {
        var out: [Double] = []
        for v in a { out.append(Double(v)) }
        return out
    }

    static func closeEnough(_ a: [Double], _ b: [Double], tol: Double) -> Bool {
        guard a.count == b.count else { return false }
        let scale = max(1, a.map(abs).max() ?? 0)
        return zip(a, b).allSatisfy { abs($0 - $1) <= tol * scale }
    }

    @Test func planarConvMatchesDirectConvolution() throws {
        let kernels = [(1, 1), (1, 3), (2, 2), (3, 1), (3, 2), (2, 3), (3, 3)]
        let strides = [(1, 1), (2, 1), (1, 3), (3, 2)]
        let dilations = [(1, 1), (2, 1), (1, 2), (2, 2)]
        // (padLoX, padHiX, padLoY, padHiY): symmetric, asymmetric both ways, one side only.
        let pads = [(0, 0, 0, 0), (0, 1, 0, 2), (0, 2, 0, 0), (1, 0, 2, 0), (2, 1, 0, 1), (1, 1, 1, 1), (0, 1, 1, 0)]
        let inW = 6, inH = 5, cin = 2, n = 2, cout = 3
        var checked = 0
        for (kx, ky) in kernels {
            for (sx, sy) in strides {
                for (dx, dy) in dilations {
                    for (plx, phx, ply, phy) in pads {
                        let g = ConvGeometry(kernel: [kx, ky], stride: [sx, sy], dilation: [dx, dy],
                                             padLo: [plx, ply], padHi: [phx, phy])
                        guard let out = try g.outputSize([inW, inH]), out.allSatisfy({ $0 > 0 }) else { continue }
                        let seed = UInt64(checked + 1)
                        for dtype in [DType.float64, .float32] {
                            for flip in [true, false] {
                                let label = "k=\(kx)×\(ky) s=\(sx)×\(sy) d=\(dx)×\(dy) pad=\((plx, phx, ply, phy)) \(dtype) flip=\(flip)"
                                let x = try T.random([inW, inH, cin, n], seed: seed, dtype: dtype)
                                let w = try T.random([kx, ky, cin, cout], seed: seed &+ 1000, dtype: dtype)
                                let gy = try T.random(out + [cout, n], seed: seed &+ 2000, dtype: dtype)
                                let naive = NaiveConv<Double>(inW: inW, inH: inH, cin: cin, n: n, cout: cout, kx: kx, ky: ky,
                                                              sx: sx, sy: sy, dx: dx, dy: dy, plx: plx, ply: ply,
                                                              outW: out[0], outH: out[1], flip: flip)
                                let xv = x.toDoubles(), wv = w.toDoubles(), gv = gy.toDoubles()
                                let tol = dtype == .float64 ? 1e-12 : 1e-5
                                let tape = Tape()
                                tape.watch(x); tape.watch(w)
                                let y = try Convolution.conv(x, w, geometry: g, flip: flip, tape: tape)
                                #expect(y.shape.dims == out + [cout, n], "\(label)")
                                #expect(Self.closeEnough(y.toDoubles(), naive.forward(xv, wv), tol: tol), "forward \(label)")
                                try tape.backward(from: Reductions.sum(Arithmetic.mul(y, gy, tape: tape), tape: tape))
                                let (ngx, ngw) = naive.gradients(xv, wv, gv)
                                let gx = tape.gradient(of: x)?.toDoubles() ?? []
                                let gw = tape.gradient(of: w)?.toDoubles() ?? []
                                #expect(Self.closeEnough(gx, ngx, tol: tol), "dx \(label)")
                                #expect(Self.closeEnough(gw, ngw, tol: tol), "dw \(label)")
                                // Only the input tracked: the weight gradient's kept patches are not made.
                                let tx = Tape()
                                tx.watch(x)
                                let y2 = try Convolution.conv(x, w, geometry: g, flip: flip, tape: tx)
                                try tx.backward(from: Reductions.sum(Arithmetic.mul(y2, gy, tape: tx), tape: tx))
                                #expect(Self.closeEnough(tx.gradient(of: x)?.toDoubles() ?? [], ngx, tol: tol), "dx only \(label)")
                            }
                        }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 300)
    }

    /// Padding only after the row (`pad = (0, 1, ...)`) with unit stride: the planar
    /// loop's plain-copy branch must not read past the end of an input row.
    @Test func paddingOnlyAfterReadsOnlyItsOwnRow() throws {
        // A 3×2 input whose second row is huge: a read past the first row's end shows up.
        let x = try T.shaped([3, 2, 1, 1], [1, 2, 3, 1000, 1000, 1000])
        let w = try T.shaped([2, 1, 1, 1], [1, 1])
        let g = ConvGeometry(kernel: [2, 1], stride: [1, 1], dilation: [1, 1], padLo: [0, 0], padHi: [1, 0])
        let y = try Convolution.conv(x, w, geometry: g, flip: false, tape: nil)
        #expect(y.toDoubles() == [3, 5, 3, 2000, 2000, 1000])
    }

    // MARK: max pooling

    /// The table loop's rule from the definition: the first in-window element, then any
    /// later one that is greater or NaN (so the last NaN wins); -Inf for an all-padding window.
    static func naiveMaxPool(_ x: [Double], inW: Int, inH: Int, channels: Int, g: ConvGeometry, out: [Int]) -> (y: [Double], at: [Int]) {
        var y: [Double] = [], at: [Int] = []
        for c in 0..<channels {
            for oy in 0..<out[1] {
                for ox in 0..<out[0] {
                    var best = -Double.infinity, where_ = -1
                    for ky in 0..<g.kernel[1] {
                        for kx in 0..<g.kernel[0] {
                            let ix = ox * g.stride[0] + kx * g.dilation[0] - g.padLo[0]
                            let iy = oy * g.stride[1] + ky * g.dilation[1] - g.padLo[1]
                            if ix < 0 || ix >= inW || iy < 0 || iy >= inH { continue }
                            let i = ix + inW * (iy + inH * c), v = x[i]
                            if where_ < 0 || v > best || v.isNaN { best = v; where_ = i }
                        }
                    }
                    y.append(best); at.append(where_)
                }
            }
        }
        return (y, at)
    }

    static func sameBits(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { ($0.isNaN && $1.isNaN) || $0.bitPattern == $1.bitPattern }
    }

    @Test func maxPoolingMatchesNaiveWindows() throws {
        let inW = 7, inH = 6, c = 2, n = 2
        let unpadded: [([Int], [Int])] = [
            ([2, 2], [2, 2]), ([2, 2], [1, 1]), ([3, 3], [1, 1]), ([3, 2], [2, 1]), ([2, 3], [3, 2]),
            ([1, 1], [2, 2]), ([3, 1], [1, 3]), ([1, 2], [2, 1]), ([3, 3], [2, 2]), ([7, 6], [1, 1]),
        ]
        var geometries: [ConvGeometry] = unpadded.map { k, s in
            ConvGeometry(kernel: k, stride: s, dilation: [1, 1], padLo: [0, 0], padHi: [0, 0])
        }
        // The table-driven path (padding, dilation) obeys the same rule.
        geometries.append(ConvGeometry(kernel: [2, 2], stride: [1, 2], dilation: [1, 1], padLo: [1, 0], padHi: [0, 1]))
        geometries.append(ConvGeometry(kernel: [2, 2], stride: [1, 1], dilation: [2, 1], padLo: [0, 0], padHi: [0, 0]))
        // Ties (values on a coarse grid), NaNs (some windows with two), -Inf, ±0.
        var base = try T.random([inW, inH, c, n], seed: 77).toDoubles().map { ($0 * 4).rounded() / 4 }
        let specials: [(Int, Double)] = [(0, .nan), (3, .nan), (9, -.infinity), (10, -.infinity), (16, .nan), (17, -0.0),
                                         (18, 0.0), (43, .nan), (50, -.infinity), (51, .nan), (60, -.infinity), (61, -.infinity),
                                         (67, -.infinity), (68, -.infinity), (100, .nan), (101, .nan)]
        for (i, v) in specials { base[i] = v }
        // A channel that is all -Inf, whose windows pick their first element.
        for i in (inW * inH)..<(2 * inW * inH) { base[i] = -.infinity }
        for g in geometries {
            let out = try #require(try g.outputSize([inW, inH]))
            for dtype in [DType.float64, .float32] {
                let x = try T.shaped([inW, inH, c, n], base).converted(to: dtype)
                let (ny, nat) = Self.naiveMaxPool(x.toDoubles(), inW: inW, inH: inH, channels: c * n, g: g, out: out)
                let tape = Tape()
                tape.watch(x)
                let y = try Pooling.pool(.max, x, geometry: g, tape: tape)
                #expect(y.shape.dims == out + [c, n])
                #expect(Self.sameBits(y.toDoubles(), ny), "forward \(g.kernel) stride \(g.stride) pad \(g.padLo) \(dtype)")
                let gy = try T.random(y.shape.dims, seed: 5, dtype: dtype)
                try tape.backward(from: Reductions.sum(Arithmetic.mul(y, gy, tape: tape), tape: tape))
                var ngx = [Double](repeating: 0, count: x.count)
                let gv = gy.toDoubles()
                for (o, i) in nat.enumerated() where i >= 0 {
                    ngx[i] = dtype == .float32 ? Double(Float(ngx[i]) + Float(gv[o])) : ngx[i] + gv[o]
                }
                let gx = tape.gradient(of: x)?.toDoubles() ?? []
                #expect(Self.sameBits(gx, ngx), "gradient \(g.kernel) stride \(g.stride) pad \(g.padLo) \(dtype)")
            }
        }
    }

    // MARK: sums over dims

    /// Every dims subset (and a dim past the rank) of every shape of rank 1...4 with sizes
    /// 0...3: sum and mean bit for bit against an element-by-element walk in memory order.
    @Test func dimsSumsAreBitIdenticalToAMemoryOrderWalk() throws {
        try check(Double.self, .float64)
        try check(Float.self, .float32)
    }

    private func check<F: BinaryFloatingPoint>(_: F.Type, _ dtype: DType) throws {
        var shapes: [[Int]] = [[]]
        var all: [[Int]] = []
        for _ in 1...4 {
            shapes = shapes.flatMap { s in (0...3).map { s + [$0] } }
            all += shapes
        }
        var mismatches = 0
        for dims in all {
            let count = dims.reduce(1, *)
            // Magnitudes spread over many orders so a different order rounds differently.
            let raw = try T.random([max(count, 1)], seed: UInt64(count + dims.count)).toDoubles()
            let v = raw.prefix(count).enumerated().map { i, r in
                i % 7 == 3 ? -0.0 : r * [1, 1e8, 1e-3, 3e5, 1][i % 5]
            }
            let x = try T.shaped(dims, Array(v)).converted(to: dtype)
            let xs = FastPathReferenceTests.values(x, F.self)
            let r = dims.count
            for mask in 0..<(1 << (r + 1)) {
                let reduced = (0...r).filter { mask & (1 << $0) != 0 }
                let ds = try DimSet(julia: reduced.map { $0 + 1 })
                let outDims = dims.indices.map { reduced.contains($0) ? 1 : dims[$0] }
                let m = outDims.reduce(1, *)
                var naive = [F](repeating: 0, count: m)
                if m == 1 {
                    // One output: Julia's sum of the whole array (sequential below 1024).
                    if count > 0 {
                        var s = xs[0]
                        for i in 1..<count { s += xs[i] }
                        naive[0] = s
                    }
                } else {
                    for i in 0..<count {
                        var rest = i, o = 0, stride = 1
                        for d in dims.indices {
                            let k = rest % dims[d]; rest /= dims[d]
                            if !reduced.contains(d) { o += k * stride }
                            stride *= outDims[d]
                        }
                        naive[o] += xs[i]
                    }
                }
                let s = try Reductions.sum(x, dims: ds, tape: nil)
                let mean = try Reductions.mean(x, dims: ds, tape: nil)
                #expect(s.shape.dims == outDims)
                var nmean: [F] = []
                for v in naive { nmean.append(v / F(count / m)) }
                let ok = Self.sameBits(s.toDoubles(), Self.doubles(naive)) && Self.sameBits(mean.toDoubles(), Self.doubles(nmean))
                if !ok { mismatches += 1 }
                #expect(ok, "\(dtype) size \(dims) dims \(reduced.map { $0 + 1 })")
                if mismatches > 10 { return }
            }
        }
    }
}

/// The plain-loop stand-ins for OpenBLAS's level-1 routines (used when no OpenBLAS can
/// be opened) agree with the library, NaNs included.
@Suite struct BLASFallbackTests {
    static func vectors() -> [[Double]] {
        var out: [[Double]] = []
        let base = (0..<40).map { Double($0 % 7) - 3.25 }
        out.append(base)
        out.append(base.map { $0 * 1e200 })   // squares overflow: the scaled sum is needed
        out.append(base.map { $0 * 1e-200 })  // squares underflow
        out.append(Array(repeating: 0, count: 40))
        out.append(Array(repeating: .nan, count: 40))
        var oneNaN = base
        oneNaN[17] = .nan
        out.append(oneNaN)
        var firstNaN = base
        firstNaN[0] = .nan
        out.append(firstNaN)
        return out
    }

    static func same(_ a: Double, _ b: Double) -> Bool {
        (a.isNaN && b.isNaN) || a == b || abs(a - b) <= 1e-13 * max(abs(a), abs(b))
    }

    @Test func fallbacksAgreeWithTheLibrary() throws {
        for v in Self.vectors() {
            var x = v, y = v.reversed().map { $0 }
            let n = x.count
            let loop = (BLAS.nrm2Loop(n, &x), BLAS.asumLoop(n, &x), BLAS.dotLoop(n, &x, &y))
            // What Julia's generic norm gives: NaN when any element is NaN.
            if v.contains(where: { $0.isNaN }) {
                #expect(loop.0.isNaN && loop.1.isNaN && loop.2.isNaN, "\(v.prefix(3))…: \(loop)")
            }
            guard BLAS.isAvailable else { continue }
            let lib = (BLAS.nrm2(n, &x), BLAS.asum(n, &x), BLAS.dot(n, &x, &y))
            #expect(Self.same(loop.0, lib.0) && Self.same(loop.1, lib.1) && Self.same(loop.2, lib.2), "\(v.prefix(3))…: loop \(loop) vs OpenBLAS \(lib)")
        }
    }
}

/// Fused broadcasts with a bias along the leading dims (the wrapping-offset load) and the
/// add/sub/mul/relu backward loops of their own, against the same expression built from
/// unfused operations, over outputs of several 256-element blocks that split the bias.
@Suite struct FusedBiasTests {
    @Test func leadingBiasAndBackwardLoopsMatchUnfusedOps() throws {
        // relu((x * b - c) + b) - x, with b and c broadcast along the leading dims.
        let expr: FusedExpr = .binary(.sub, .unary(.relu, .binary(.add, .binary(.sub, .binary(.mul, .input(0), .input(1)), .input(2)), .input(1))), .input(0))
        let cases: [([Int], [Int])] = [([7, 50], [7]), ([13, 5, 9], [13, 5]), ([300, 3], [300]), ([5, 3, 40], [5]), ([1, 700], [1]), ([6, 1, 70], [6])]
        for dtype in [DType.float64, .float32] {
            for (outDims, biasDims) in cases {
                let x = try T.random(outDims, seed: 11, dtype: dtype)
                let b = try T.random(biasDims, seed: 12, dtype: dtype), c = try T.random(biasDims, seed: 13, dtype: dtype)
                let up = try T.random(outDims, seed: 14, dtype: dtype)
                let label = "\(outDims) bias \(biasDims) \(dtype)"
                func grads(_ f: (Tape) throws -> Tensor) throws -> (y: [Double], g: [[Double]]) {
                    let tape = Tape()
                    for t in [x, b, c] { tape.watch(t) }
                    let y = try f(tape)
                    try tape.backward(from: Reductions.sum(Arithmetic.mul(y, up, tape: tape), tape: tape))
                    return (y.toDoubles(), [x, b, c].map { tape.gradient(of: $0)?.toDoubles() ?? [] })
                }
                let fused = try grads { tape in try Fused.evaluate(expr, inputs: [x, b, c], tape: tape) }
                let plain = try grads { tape in
                    let xb = try Arithmetic.binary(.mul, x, b, tape: tape)
                    let s = try Arithmetic.binary(.add, Arithmetic.binary(.sub, xb, c, tape: tape), b, tape: tape)
                    return try Arithmetic.binary(.sub, Unary.apply(.relu, s, tape: tape), x, tape: tape)
                }
                #expect(fused.y == plain.y, "forward \(label)")
                let tol = dtype == .float64 ? 1e-12 : 1e-4
                for k in 0..<3 {
                    #expect(FastPathReferenceTests.closeEnough(fused.g[k], plain.g[k], tol: tol), "gradient \(k) \(label)")
                }
            }
        }
    }
}

/// `relu.(a .+ b)` with b along a's leading dims runs in dedicated passes (Dense's bias and
/// activation); the same sum written `relu.(b .+ a)` takes the general block interpreter.
/// Both must give the same bits forward and backward: signed zeros, NaN, both gradients.
@Suite struct FusedBiasReluTests {
    static func bits(_ t: Tensor?) -> [UInt64] { (t?.toDoubles() ?? []).map { $0.bitPattern } }

    /// Bits of [y, gradient of a, gradient of b] for `op.(a .+ b)` under upstream `up`,
    /// through the dedicated passes and through the general interpreter (`op.(b .+ a)`).
    static func bothPaths(_ a: Tensor, _ b: Tensor, _ up: Tensor, op: UnaryOp = .relu) throws -> (dedicated: [[UInt64]], general: [[UInt64]]) {
        func run(_ expr: FusedExpr, _ inputs: [Tensor], sumInputs: Int) throws -> [[UInt64]] {
            let tape = Tape()
            tape.watch(a); tape.watch(b)
            let y = try Fused.evaluate(expr, inputs: inputs, sumInputs: sumInputs, tape: tape)
            try tape.backward(from: Reductions.sum(Arithmetic.mul(y, up, tape: tape), tape: tape))
            return [bits(y), bits(tape.gradient(of: a)), bits(tape.gradient(of: b))]
        }
        return (try run(.unary(op, .binary(.add, .input(0), .input(1))), [a, b], sumInputs: 0b10),
                try run(.unary(op, .binary(.add, .input(1), .input(0))), [b, a], sumInputs: 0b01))
    }

    @Test func dedicatedPassesMatchTheGeneralInterpreterBitForBit() throws {
        // Dense's bias (leading dims) and Conv's (1, 1, C, 1) on WHCN, some large enough to split across threads.
        let cases: [([Int], [Int])] = [([7, 50], [7]), ([300, 3], [300]), ([13, 5, 9], [13, 5]), ([5, 2, 40], [5, 1]), ([1, 700], [1]),
                                       ([6, 5, 4, 3], [1, 1, 4, 1]), ([2, 3], [1, 3]), ([26, 26, 8, 16], [1, 1, 8, 1]), ([256, 200], [256])]
        let saved = Engine.threads
        defer { try? Engine.setThreads(saved) }
        for (dtype, threads) in [(DType.float32, 1), (.float64, 1), (.float32, 3), (.float64, 2)] {
            try Engine.setThreads(threads)
            for (outDims, biasDims) in cases {
                var av = try T.random(outDims, seed: 21, dtype: .float64).toDoubles()
                // Exact zeros of both signs, a NaN, and sums that cancel to zero.
                av[0] = 0; av[1] = -0.0; av[2] = .nan
                let bv = try T.random(biasDims, seed: 22, dtype: .float64).toDoubles()
                av[3 % av.count] = -bv[3 % bv.count]
                var upv = try T.random(outDims, seed: 23, dtype: .float64).toDoubles()
                upv[4] = -0.0; upv[5] = 0
                let a = try Tensor.from(av, shape: Shape(outDims), dtype: dtype)
                let b = try Tensor.from(bv, shape: Shape(biasDims), dtype: dtype)
                let up = try Tensor.from(upv, shape: Shape(outDims), dtype: dtype)
                let (dedicated, general) = try Self.bothPaths(a, b, up)
                let label = "\(outDims) bias \(biasDims) \(dtype) \(threads) threads"
                #expect(dedicated[0] == general[0], "forward \(label)")
                #expect(dedicated[1] == general[1], "gradient of a \(label)")
                #expect(dedicated[2] == general[2], "gradient of b \(label)")
                #expect(!dedicated[2].isEmpty && dedicated[1].count == av.count)
            }
        }
    }
}

/// A convolution block (conv, bias and relu, max pooling; then both gradients) large enough
/// that its patch, reorder, bias and pooling loops split across threads, run at 1, 2 and 3
/// threads: every value and gradient must have the same bits.
@Suite struct ThreadedConvBlockTests {
    @Test func convolutionBlockIsBitIdenticalAtAnyThreadCount() throws {
        let saved = Engine.threads
        defer { try? Engine.setThreads(saved) }
        for dtype in [DType.float32, .float64] {
            let x = try T.random([28, 28, 2, 64], seed: 31, dtype: dtype)
            let w = try T.random([3, 3, 2, 4], seed: 32, dtype: dtype), b = try T.random([4], seed: 33, dtype: dtype)
            let up = try T.random([13, 13, 4, 64], seed: 34, dtype: dtype)
            let conv = ConvGeometry(kernel: [3, 3], stride: [1, 1], dilation: [1, 1], padLo: [0, 0], padHi: [0, 0])
            let pool = ConvGeometry(kernel: [2, 2], stride: [2, 2], dilation: [1, 1], padLo: [0, 0], padHi: [0, 0])
            var runs: [[[UInt64]]] = []
            for threads in [1, 2, 3] {
                try Engine.setThreads(threads)
                let tape = Tape()
                for t in [x, w, b] { tape.watch(t) }
                let c = try Convolution.conv(x, w, geometry: conv, tape: tape)
                let br = try Shaping.reshape(b, [1, 1, 4, 1], tape: tape)
                let a = try Fused.evaluate(.unary(.relu, .binary(.add, .input(0), .input(1))), inputs: [c, br], sumInputs: 0b10, tape: tape)
                let y = try Pooling.pool(.max, a, geometry: pool, tape: tape)
                try tape.backward(from: Reductions.sum(Arithmetic.mul(y, up, tape: tape), tape: tape))
                runs.append([y, tape.gradient(of: x), tape.gradient(of: w), tape.gradient(of: b)].map { FusedBiasReluTests.bits($0) })
            }
            #expect(runs[0].allSatisfy { !$0.isEmpty })
            #expect(runs[1] == runs[0], "\(dtype): 2 threads")
            #expect(runs[2] == runs[0], "\(dtype): 3 threads")
        }
    }

    /// The grouped weight gradient (long P·N, small K and Cout) agrees with one product and
    /// has the same bits at any thread count.
    @Test func groupedWeightGradientMatchesOneProduct() throws {
        let saved = Engine.threads
        defer { try? Engine.setThreads(saved) }
        for dtype in [DType.float32, .float64] {
            let col = try T.random([50_000, 9], seed: 51, dtype: dtype), gy = try T.random([50_000, 8], seed: 52, dtype: dtype)
            let whole = try LinearAlgebra.matmul(col, transA: true, gy, tape: nil).toDoubles()
            var runs: [[UInt64]] = []
            for threads in [1, 2, 3] {
                try Engine.setThreads(threads)
                let dw = try Convolution.weightGradient(col, gy)
                #expect(dw.shape.dims == [9, 8])
                runs.append(dw.toDoubles().map { $0.bitPattern })
            }
            #expect(runs[1] == runs[0] && runs[2] == runs[0], "\(dtype)")
            let tol = dtype == .float32 ? 1e-3 : 1e-10
            let grouped = runs[0].map { Double(bitPattern: $0) }
            #expect(zip(whole, grouped).allSatisfy { abs($0 - $1) <= tol * Swift.max(1, abs($0)) }, "\(dtype)")
        }
    }
}
