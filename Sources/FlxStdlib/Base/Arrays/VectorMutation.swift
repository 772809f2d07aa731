import FlxSyntax
import FlxCore
import FlxEngine

/// Growing and shrinking vectors in place: `push!`, `pop!`, `insert!`, `deleteat!`, ...
extension ArrayBuiltins {
    package static var vectorMutation: [Builtin] {
        [
            Builtin("push!", { interp, a in
                guard a.count >= 2, case .array(let arr) = a[0], arr.rank == 1, arr.isResizable else { throw Exceptions.method(.str("push!"), a.values) }
                for i in 1..<a.count { try append(arr, try interp.convertElement(a[i], to: arr.elementType), interp) }
                return a[0]
            }, help: BuiltinHelp("push!(v, items...)", "Appends items to a vector (or adds them to a set), in place.", "v = Float32[]\npush!(v, 1)")),
            Builtin("append!", { interp, a in
                guard a.count >= 2, case .array(let arr) = a[0], arr.rank == 1, arr.isResizable else { throw Exceptions.method(.str("append!"), a.values) }
                for i in 1..<a.count {
                    for v in try interp.collect(a[i]) { try append(arr, try interp.convertElement(v, to: arr.elementType), interp) }
                }
                return a[0]
            }, help: BuiltinHelp("append!(v, collection)", "Adds every element of `collection` to the end of `v`, in place.", "append!([1], [2, 3])  # [1, 2, 3]")),
            Builtin("pop!", { interp, a in
                try a.expect("pop!", 1...2)
                if case .native(let d as DictObject) = a[0] {
                    guard a.count == 2, let v = try d.remove(a[1], interp) else { throw Exceptions.key(a.count == 2 ? a[1] : .nothing) }
                    return v
                }
                return try removeEnd("pop!", a, last: true, interp)
            }, help: BuiltinHelp("pop!(v)  /  pop!(d, key)", "Removes and returns the last element of a vector, or the value for `key` of a dict.", "v = [1, 2, 3]; pop!(v)  # 3")),
            Builtin("popfirst!", { interp, a in
                try a.expect("popfirst!", 1...1)
                return try removeEnd("popfirst!", a, last: false, interp)
            }, help: BuiltinHelp("popfirst!(v)", "Removes and returns the first element of a vector.", "v = [1, 2, 3]; popfirst!(v)  # 1")),
            Builtin("pushfirst!", { interp, a in
                guard a.count >= 2, case .array(let arr) = a[0], arr.rank == 1, arr.isResizable else { throw Exceptions.method(.str("pushfirst!"), a.values) }
                let new = try (1..<a.count).map { try interp.convertElement(a[$0], to: arr.elementType) }
                try CollectionBuiltins.replaceContents(arr, new + arr.boxedValues, interp)
                return a[0]
            }, help: BuiltinHelp("pushfirst!(v, items...)", "Inserts items at the start of a vector, in place.", "pushfirst!([2, 3], 1)  # [1, 2, 3]")),
            Builtin("insert!", { interp, a in
                try a.expect("insert!", 3...3)
                guard case .array(let arr) = a[0], arr.rank == 1, arr.isResizable else { throw Exceptions.method(.str("insert!"), a.values) }
                let i = try a.int(1, "insert!")
                guard i >= 1 && i <= arr.count + 1 else { throw Exceptions.bounds(a[0], .tuple([a[1]])) }
                var items = arr.boxedValues
                items.insert(try interp.convertElement(a[2], to: arr.elementType), at: i - 1)
                try CollectionBuiltins.replaceContents(arr, items, interp)
                return a[0]
            }, help: BuiltinHelp("insert!(v, i, x)", "Inserts `x` so that it becomes `v[i]`, in place.", "insert!([1, 3], 2, 2)  # [1, 2, 3]")),
            Builtin("deleteat!", { interp, a in
                try a.expect("deleteat!", 2...2)
                guard case .array(let arr) = a[0], arr.rank == 1, arr.isResizable else { throw Exceptions.method(.str("deleteat!"), a.values) }
                let drop = Set(try interp.collect(a[1]).map { Int(asInt($0)) })
                for i in drop where i < 1 || i > arr.count { throw Exceptions.bounds(a[0], .tuple([.int(Int64(i))])) }
                let items = arr.boxedValues.enumerated().filter { !drop.contains($0.offset + 1) }.map { $0.element }
                try CollectionBuiltins.replaceContents(arr, items, interp)
                return a[0]
            }, help: BuiltinHelp("deleteat!(v, i)", "Removes the element(s) at index or indices `i`, in place.", "deleteat!([1, 2, 3], 2)  # [1, 3]")),
            Builtin("empty!", { interp, a in
                try a.expect("empty!", 1...1)
                if case .native(let d as DictObject) = a[0] { d.removeAll(); return a[0] }
                guard case .array(let arr) = a[0], arr.isResizable else { throw Exceptions.method(.str("empty!"), a.values) }
                try CollectionBuiltins.replaceContents(arr, [], interp)
                return a[0]
            }, help: BuiltinHelp("empty!(c)", "Removes every element of a vector or dict, in place.", "d = Dict(1 => 2); empty!(d)")),
        ]
    }
}

/// `pop!`/`popfirst!` on a vector: removes and returns its last (or first) element.
private func removeEnd(_ name: String, _ a: Args, last: Bool, _ interp: Interpreter) throws -> Value {
    guard case .array(let arr) = a[0], arr.rank == 1, arr.isResizable else { throw Exceptions.method(.str(name), a.values) }
    guard arr.count > 0 else { throw Exceptions.argument("array must be non-empty") }
    var items = arr.boxedValues
    let v = last ? items.removeLast() : items.removeFirst()
    try CollectionBuiltins.replaceContents(arr, items, interp)
    return v
}
