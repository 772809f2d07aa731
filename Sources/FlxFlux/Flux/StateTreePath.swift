import FlxCore

/// Where the walk of state tree, model and gradient in `update!` stands, written as the
/// Julia expression that reaches it (`.layers[2].weight`), so a mismatch names its place.
/// Components are only turned into text when an error is raised: `update!` runs every step.
package struct StateTreePath {
    /// `key` is a Dict key, already as Julia prints it (`[:a]`, `["b"]`).
    package enum Component { case field(String), index(Int), key(String) }
    private var components: [Component] = []

    package init() {}

    package mutating func push(_ c: Component) { components.append(c) }
    package mutating func pop() { components.removeLast() }

    /// `model.layers[2].weight`, or `model` at the root.
    package var text: String {
        var out = "model"
        for c in components {
            switch c {
            case .field(let name): out += "." + name
            case .index(let i): out += "[\(i)]"
            case .key(let k): out += "[\(k)]"
            }
        }
        return out
    }

    package func mismatch(_ detail: String) -> FlxError {
        Exceptions.argument("the optimiser state does not match the model at \(text): \(detail). Was the state made by `Flux.setup` for a different model?")
    }

    package func gradientMismatch(_ detail: String) -> FlxError {
        Exceptions.argument("the gradient does not match the model at \(text): \(detail). Was it taken for a different model, or is it the whole tuple from `gradient` rather than its first element?")
    }

    package static func sizeText(_ dims: [Int]) -> String {
        dims.count == 1 ? "\(dims[0])-element" : dims.map(String.init).joined(separator: "×")
    }

    package static func namesText(_ names: [String]) -> String {
        "(" + names.joined(separator: ", ") + ")"
    }
}
