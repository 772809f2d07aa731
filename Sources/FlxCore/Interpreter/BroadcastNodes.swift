import FlxSyntax
/// A fused dotted expression: evaluates its leaves, then the elementwise part once.
package final class BroadcastNode: Node {
    package let tree: BroadcastTree
    package let leaves: [Node]
    package init(tree: BroadcastTree, leaves: [Node], span: Span) {
        self.tree = tree
        self.leaves = leaves
        super.init(span: span)
    }

    package func runtimeTree(_ t: BroadcastTree, _ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Broadcast.Tree {
        switch t {
        case .leaf(let i): return .leaf(i)
        case .constant(let n): return .constant(try n.eval(interp, fp))
        case .call(let f, let children):
            let fv = try f.eval(interp, fp)
            return .call(fv, try children.map { try runtimeTree($0, interp, fp) })
        }
    }

    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let t = try runtimeTree(tree, interp, fp)
        var values: [Value] = []
        values.reserveCapacity(leaves.count)
        for l in leaves { values.append(try l.eval(interp, fp)) }
        do { return try Broadcast.evaluate(t, values, interp) } catch { throw locate(error) }
    }
}

/// `dest .= rhs` and `dest[idx] .= rhs`: writes the broadcast result into existing storage.
package final class BroadcastAssign: Node {
    package let target: Node
    package let indices: [Node]?
    package let value: BroadcastNode
    package init(target: Node, indices: [Node]?, value: BroadcastNode, span: Span) {
        self.target = target
        self.indices = indices
        self.value = value
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let dest = try target.eval(interp, fp)
        do {
            if let indices {
                var idx: [Value] = []
                for (d, i) in indices.enumerated() {
                    interp.indexContext.append((dest, d, indices.count))
                    defer { interp.indexContext.removeLast() }
                    idx.append(try i.eval(interp, fp))
                }
                var v = try value.eval(interp, fp)
                switch dest {
                case .tuple, .namedTuple:
                    // Julia's `dotview` of a container that is not an array is `getindex`:
                    // `state[1] .= 0` writes into the array the tuple holds.
                    let inner = try interp.getIndex(dest, idx)
                    try Broadcast.assign(into: inner, v, interp)
                    return inner
                default:
                    // A tuple broadcasts as a vector of its elements (`g[:, 1] .= (-3, -1)`).
                    if case .tuple(let t) = v { v = .array(try interp.makeVector(t.items)) }
                    try interp.setIndex(dest, idx, v)
                    return v
                }
            }
            let v = try value.eval(interp, fp)
            try Broadcast.assign(into: dest, v, interp)
            return dest
        } catch {
            throw locate(error)
        }
    }
}

/// A function with some keyword arguments fixed, for `f.(x; k = v)`.
package final class BindKeywords: Node {
    package let function: Node
    package let keywords: [(String, Node)]
    package init(function: Node, keywords: [(String, Node)], span: Span) {
        self.function = function
        self.keywords = keywords
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let f = try function.eval(interp, fp)
        var kws: [(name: String, value: Value)] = []
        for (name, node) in keywords { kws.append((name, try node.eval(interp, fp))) }
        return .function(NativeClosure(name: "#kw", differentiation: .forwarded) { interp, a in try interp.call(f, a.values, keywords: kws) })
    }
}
