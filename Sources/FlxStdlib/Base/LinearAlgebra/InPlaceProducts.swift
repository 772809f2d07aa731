import FlxSyntax
import FlxCore
import FlxEngine

/// LinearAlgebra's products written into an existing array (`mul!`, `axpy!`) and the
/// cross product of 3-vectors.
extension StdlibModules {
    package static var inPlaceProducts: [Builtin] {
        [
            Builtin("mul!", { interp, a in
                try a.expect("mul!", 3...5)
                // C = A B α + C β: the product through `*`, then written into C in place.
                var product = try interp.call(interp.base.binding("*").value, [a[1], a[2]])
                if a.count >= 4 { product = try interp.call(interp.base.binding("*").value, [product, a[3]]) }
                if a.count == 5 {
                    let kept = try interp.call(interp.base.binding("*").value, [a[0], a[4]])
                    product = try interp.call(interp.base.binding("+").value, [product, kept])
                }
                try requireSameSize(a[0], product, interp) { c, p in
                    "C has dimensions \(c), but A*B has dimensions \(p)"
                }
                try Broadcast.assign(into: a[0], product, interp)
                return a[0]
            }, help: BuiltinHelp("mul!(C, A, B, [α, β])", "Writes the product `A * B` (or `A * B * α + C * β`) into `C`, in place; returns `C`.", "C = zeros(2, 2); mul!(C, [1 2; 3 4], [1 0; 0 1])")),
            Builtin("axpy!", { interp, a in
                try a.expect("axpy!", 3...3)
                let nx = try interp.collect(a[1]).count, ny = try interp.collect(a[2]).count
                guard nx == ny else { throw Exceptions.dimensionMismatch("x has length \(nx), but y has length \(ny)") }
                let scaled = try interp.call(interp.base.binding("*").value, [a[0], a[1]])
                let sum = try Broadcast.evaluate(.call(interp.base.binding("+").value, [.leaf(0), .leaf(1)]), [scaled, a[2]], interp)
                try Broadcast.assign(into: a[2], sum, interp)
                return a[2]
            }, help: BuiltinHelp("axpy!(α, x, y)", "Overwrites `y` with `α * x + y`; returns `y`.", "y = [1.0, 1.0]; axpy!(2.0, [1.0, 2.0], y)  # [3.0, 5.0]")),
            Builtin("cross", { interp, a in
                try a.expect("cross", 2...2)
                let x = try interp.collect(a[0]), y = try interp.collect(a[1])
                guard x.count == 3, y.count == 3 else { throw Exceptions.dimensionMismatch("cross product is only defined for vectors of length 3") }
                func term(_ i: Int, _ j: Int) throws -> Value {
                    try OperatorBuiltins.binaryValues(.sub, try OperatorBuiltins.binaryValues(.mul, x[i], y[j], interp),
                                                      try OperatorBuiltins.binaryValues(.mul, x[j], y[i], interp), interp)
                }
                return try interp.vector([try term(1, 2), try term(2, 0), try term(0, 1)])
            }, help: BuiltinHelp("cross(x, y)  /  x × y", "The cross product of two 3-vectors.", "cross([1, 0, 0], [0, 1, 0])  # [0, 0, 1]")),
        ]
    }

    /// A DimensionMismatch (worded by `message(destSize, sourceSize)`) unless both arrays have the same size.
    static func requireSameSize(_ dest: Value, _ source: Value, _ interp: Interpreter, _ message: (String, String) -> String) throws {
        func size(_ v: Value) -> [Int] {
            if case .array(let arr) = v { return arr.dims }
            return []
        }
        let (d, s) = (size(dest), size(source))
        guard d == s else {
            func text(_ dims: [Int]) -> String { "(" + dims.map(String.init).joined(separator: ", ") + (dims.count == 1 ? ",)" : ")") }
            throw Exceptions.dimensionMismatch(message(text(d), text(s)))
        }
    }
}
