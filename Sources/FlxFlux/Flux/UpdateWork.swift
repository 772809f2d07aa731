import FlxCore
import FlxEngine

/// One array `update!` will step: its Leaf, the array's tensor, the gradient (summed over
/// every place the same Leaf is reached: tied parameters), and, for an array that may not
/// be written (an SArray), the array itself, whose new value goes into a new array.
package struct PendingUpdate {
    package let leaf: LeafObject
    package let param: Tensor
    package var grad: Tensor
    package let readOnly: ArrayValue?
}

/// The arrays one `update!` steps, in the order the walk met them, each Leaf once.
/// A model has few Leaves (the seed's has 4) and `update!` runs every step, so a Leaf met
/// again is found by a scan while the list is short; a dictionary is built only for long
/// lists, where the scan would grow quadratic.
package struct UpdateWork {
    package private(set) var items: [PendingUpdate] = []
    private var positions: [ObjectIdentifier: Int] = [:]
    private static let scanLimit = 16

    package init() { items.reserveCapacity(8) }

    /// Where `leaf` already is in the list.
    package func position(of leaf: LeafObject) -> Int? {
        if items.count <= UpdateWork.scanLimit {
            for i in items.indices where items[i].leaf === leaf { return i }
            return nil
        }
        return positions[ObjectIdentifier(leaf)]
    }

    package mutating func append(_ item: PendingUpdate) {
        items.append(item)
        if items.count == UpdateWork.scanLimit + 1 {
            for (i, it) in items.enumerated() { positions[ObjectIdentifier(it.leaf)] = i }
        } else if items.count > UpdateWork.scanLimit + 1 {
            positions[ObjectIdentifier(item.leaf)] = items.count - 1
        }
    }

    package mutating func addGradient(_ g: Tensor, at i: Int) { items[i].grad = g }
}
