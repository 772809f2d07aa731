import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `pullback` inside another differentiation (`gradient(x -> sum(back(dy)...), x)`, a
/// vector-Jacobian product differentiated again). The function runs on the enclosing tape
/// with its arguments as new nodes, as a nested `gradient` does; its output stays a value of
/// the enclosing differentiation. `back(dy)` then sweeps only the records the function made
/// (`Tape.backwardRecorded(seeds:since:until:)`), seeded with `dy`, every gradient computed
/// by recorded operations: the enclosing differentiation sees through them, and through `dy`
/// where `dy` depends on what it differentiates.
enum ZygoteNestedPullback {
    static func make(_ f: Value, _ args: [Value], keywords: [(String, Value)], on tape: Tape, _ interp: Interpreter) throws -> Value {
        let mark = tape.beginNested()
        let epoch = tape.epoch
        var parts: [Tensor?] = []
        let watched: [Value], out: Value
        do {
            defer { tape.endNested() }
            watched = try args.map { try AutodiffBuiltins.watch($0, tape, interp) }
            out = try interp.call(f, watched, keywords: keywords)
            // The output's numbers as tensors made now, inside the stretch `back` sweeps.
            try outputTensors(out, tape, interp, &parts)
        }
        let end = tape.currentMark()
        let back = NativeClosure(name: "back") { interp, b in
            try b.expect("back", 1...1)
            guard tape.epoch == epoch else {
                throw Exceptions.error("this pullback belongs to a differentiation that has finished: call `back` inside the function being differentiated")
            }
            var seeds: [(output: Tensor, upstream: Tensor)] = []
            var index = 0
            try pairSeeds(out, b[0], parts, &index, &seeds, interp)
            try interp.recording(on: tape) {
                try interp.engine { _ in try tape.backwardRecorded(seeds: seeds, since: mark, until: end) }
            }
            return .tuple(try zip(args, watched).map { try AutodiffBuiltins.structural($0, $1, tape, interp) })
        }
        return .tuple([out, .function(back)])
    }

    /// The tensor of every number or array in the output, in walk order (nil where none).
    private static func outputTensors(_ v: Value, _ tape: Tape, _ interp: Interpreter, _ parts: inout [Tensor?]) throws {
        switch v {
        case .tuple(let t): for item in t.items { try outputTensors(item, tape, interp, &parts) }
        case .namedTuple(let nt): for item in nt.values { try outputTensors(item, tape, interp, &parts) }
        case .tracked, .array: parts.append(try interp.tensor(of: v).flatMap { tape.isTracked($0) ? $0 : nil })
        default: parts.append(nil)
        }
    }

    /// Matches the cotangent `dy` against the output, part by part, in `outputTensors`' order.
    private static func pairSeeds(_ y: Value, _ dy: Value, _ parts: [Tensor?], _ index: inout Int,
                                  _ seeds: inout [(output: Tensor, upstream: Tensor)], _ interp: Interpreter) throws {
        switch y {
        case .tuple(let ys):
            let ds: [Value]
            switch dy {
            case .tuple(let t) where t.items.count == ys.items.count: ds = t.items
            case .nothing: ds = ys.items.map { _ in .nothing }
            default: throw ZygotePullback.mismatch(y, dy, interp)
            }
            for (p, q) in zip(ys.items, ds) { try pairSeeds(p, q, parts, &index, &seeds, interp) }
        case .namedTuple(let ys):
            for (name, p) in zip(ys.names, ys.values) {
                var q: Value = .nothing
                if case .namedTuple(let ds) = dy, let k = ds.index(of: name) { q = ds.values[k] }
                try pairSeeds(p, q, parts, &index, &seeds, interp)
            }
        case .tracked, .array:
            defer { index += 1 }
            guard let t = parts[index], !dy.isNothing else { return }
            guard let d = try interp.tensor(of: dy), d.shape == t.shape || d.count == 1 || (d.count == t.count && t.rank == 0) else {
                throw ZygotePullback.mismatch(y, dy, interp)
            }
            seeds.append((t, d))
        default:
            index += 1
        }
    }
}
