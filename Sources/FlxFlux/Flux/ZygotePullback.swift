import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `pullback` of a function returning an array, a tuple or a NamedTuple (nested freely), as
/// Zygote's: the value (plain copies) and `back(dy)`, where `dy` has the output's shape
/// (`nothing` for a part with no cotangent). `back` takes the gradient of Σ sum(yᵢ .* dyᵢ)
/// over the output's parts on the forward pass's tape, which the closure keeps alive, so it
/// may be called again with another `dy`.
package enum ZygotePullback {
    package static func treePullback(_ out: Value, args: [Value], watched: [Value], tape: Tape, _ interp: Interpreter) throws -> Value {
        let value = try plainCopy(out, interp)
        let back = NativeClosure(name: "back") { interp, b in
            try b.expect("back", 1...1)
            return try interp.recording(on: tape) {
                var terms: [Tensor] = []
                try pair(out, b[0], tape, interp, &terms)
                guard var total = terms.first else { return .tuple(args.map { _ in .nothing }) }
                for t in terms.dropFirst() { total = try interp.engine { try Arithmetic.binary(.add, total, t, tape: tape) } }
                try interp.engine { try tape.backward(from: total) }
                return .tuple(try zip(args, watched).map { try AutodiffBuiltins.structural($0, $1, tape, interp) })
            }
        }
        return .tuple([value, .function(back)])
    }

    /// Adds to `terms` the scalar `sum(y .* dy)` of every part of the output on the tape.
    private static func pair(_ y: Value, _ dy: Value, _ tape: Tape, _ interp: Interpreter, _ terms: inout [Tensor]) throws {
        if case .nothing = dy { return }
        switch (y, dy) {
        case (.tuple(let ys), .tuple(let ds)):
            guard ys.items.count == ds.items.count else { throw mismatch(y, dy, interp) }
            for (p, q) in zip(ys.items, ds.items) { try pair(p, q, tape, interp, &terms) }
        case (.namedTuple(let ys), .namedTuple(let ds)):
            for (name, p) in zip(ys.names, ys.values) {
                guard let k = ds.index(of: name) else { continue }
                try pair(p, ds.values[k], tape, interp, &terms)
            }
        case (.tracked(let s), _):
            guard let d = try interp.tensor(of: dy), d.count == 1 else { throw mismatch(y, dy, interp) }
            terms.append(try interp.engine { try Arithmetic.binary(.mul, s.tensor, try seed(d, like: s.tensor), tape: tape) })
        case (.array(let a), _):
            guard let t = a.tensor, tape.isTracked(t) else { return }
            guard let d = try interp.tensor(of: dy), d.shape == t.shape || d.count == 1 else { throw mismatch(y, dy, interp) }
            let weighted = try interp.engine { try Arithmetic.binary(.mul, t, try seed(d, like: t), tape: tape) }
            terms.append(try interp.engine { try Reductions.sum(weighted, tape: tape) })
        default:
            return
        }
    }

    private static func seed(_ d: Tensor, like y: Tensor) throws -> Tensor {
        d.dtype == y.dtype ? d : try d.converted(to: y.dtype)
    }

    /// `back(dy)` given a cotangent not shaped like the output (also the nested pullback's).
    static func mismatch(_ y: Value, _ dy: Value, _ interp: Interpreter) -> FlxError {
        Exceptions.dimensionMismatch("back expects a cotangent shaped like the output \((try? Display.repr(y, interp)) ?? "?"), got \((try? Display.repr(dy, interp)) ?? "?")")
    }

    /// The output as plain values: tracked numbers as numbers, tracked arrays copied.
    private static func plainCopy(_ v: Value, _ interp: Interpreter) throws -> Value {
        switch v {
        case .tracked(let s): return s.plain
        case .array(let a) where interp.isTracked(v):
            guard let t = a.tensor else { return v }
            return .array(ArrayValue(tensor: try interp.engine { try t.converted(to: t.dtype) }))
        case .tuple(let t): return .tuple(try t.items.map { try plainCopy($0, interp) })
        case .namedTuple(let nt): return .namedTuple(NamedTupleValue(names: nt.names, values: try nt.values.map { try plainCopy($0, interp) }))
        default: return v
        }
    }
}
