import FlxSyntax
import FlxCore
import FlxEngine

/// `sort(A; dims)` and `sort!(A; dims)`: every slice of `A` along dimension `dims` sorted on
/// its own (`dims = 1` sorts each column), with sort's `by`, `lt` and `rev`. Julia requires
/// `dims` for an array of two or more dimensions rather than sorting its elements as one list.
enum SortAlongDimension {
    /// The 0-based source position of each element of the result, or nil for the ordinary
    /// sort of a vector (no `dims`).
    static func permutation(_ arr: ArrayValue, _ a: Args, _ interp: Interpreter) throws -> [Int]? {
        guard let d = a.keyword("dims") else {
            if arr.rank >= 2 { throw Exceptions.undefKeyword("dims") }
            return nil
        }
        guard case .int(let dim) = d else { throw Exceptions.typeError("sort", expected: "Integer", got: d) }
        guard dim >= 1 else { throw Exceptions.argument("dimension out of range: dims = \(dim)") }
        let dims = arr.dims
        var order = Array(0..<arr.count)
        // A dimension past the last has length 1: nothing moves.
        guard Int(dim) <= arr.rank else { return order }
        let k = Int(dim) - 1
        let length = dims[k]
        let stride = dims[..<k].reduce(1, *)
        let outer = length == 0 ? 0 : arr.count / (stride * length)
        for block in 0..<outer {
            for inner in 0..<stride {
                let positions = (0..<length).map { block * stride * length + $0 * stride + inner }
                let keyed = positions.enumerated().map { Value.tuple([arr.element($1), .int(Int64($0))]) }
                let sorted = try CollectionBuiltins.sortValues(keyed, a, interp, byFirst: true)
                for (slot, item) in sorted.enumerated() {
                    guard case .tuple(let t) = item, case .int(let from) = t.items[1] else { continue }
                    order[positions[slot]] = positions[Int(from)]
                }
            }
        }
        return order
    }
}
