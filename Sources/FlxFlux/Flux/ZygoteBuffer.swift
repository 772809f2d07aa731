import FlxSyntax
import FlxCore
import FlxStdlib

/// `Zygote.Buffer(xs, dims...)`: an array-like built as `similar(xs, dims...)` that code
/// being differentiated may write into (`buf[:, i] = x`, `push!(buf, x)`); `copy(buf)` hands
/// back the array and freezes the buffer, after which a write is Zygote's "Buffer is frozen".
/// Writes land in the array through flx's recorded mutation (`holdTracked`), so the
/// gradient flows through them as it does for any array. Not an AbstractArray, as in Zygote.
package final class BufferObject: NativeObject, NativeIndexable, NativeIterable, NativeShowable, NativeFields {
    package var data: ArrayValue
    package var frozen = false
    package init(_ data: ArrayValue) { self.data = data }

    package static let type = FlxType(name: "Buffer", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { BufferObject.type }

    func checkWritable() throws {
        if frozen { throw Exceptions.error("Buffer is frozen") }
    }

    package func getIndex(_ indices: [Value], _ interp: Interpreter) throws -> Value {
        try interp.getIndexTracked(.array(data), indices)
    }

    package func setIndex(_ indices: [Value], _ value: Value, _ interp: Interpreter) throws {
        try checkWritable()
        try interp.setIndex(.array(data), indices, value)
    }

    package var iterationLength: Int? { data.count }
    package func makeIterator(_ interp: Interpreter) throws -> ValueIterator { try interp.makeIterator(.array(data)) }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        "Zygote.Buffer{\(TypeNames.show(data.elementType)), \(TypeNames.show(data.type))}("
            + (try Display.repr(.array(data), interp)) + ", \(frozen))"
    }
    package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }

    package func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "data": return .array(data)
        case "freeze": return .bool(frozen)
        default: return nil
        }
    }
    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
}

package enum ZygoteBuffer {
    package static func install(_ interp: Interpreter, _ zygote: ModuleValue) {
        zygote.register([
            Builtin("Buffer", export: false, { interp, a in
                guard a.count >= 1, case .array = a[0] else { throw Exceptions.method(.str("Buffer"), a.values) }
                guard case .array(let data) = try interp.call(interp.base.binding("similar").value, a.values) else {
                    throw Exceptions.method(.str("Buffer"), a.values)
                }
                return .native(BufferObject(data))
            }, help: BuiltinHelp("Zygote.Buffer(xs, dims...)",
                                 "An array-like made as `similar(xs, dims...)` that a differentiated function may write into (`buf[i] = x`, `push!(buf, x)`); `copy(buf)` returns the array and freezes the buffer.",
                                 "buf = Zygote.Buffer(x, 3); buf[1] = 2x[1]; copy(buf)")),
        ], helpInto: interp.builtinHelp)
        func method(_ name: String, _ fn: @escaping (BufferObject, Args, Interpreter) throws -> Value) {
            guard case .function(let c) = interp.base.binding(name).value, let g = c as? GenericFunction else { return }
            g.add(Method(signature: [BufferObject.type], vararg: BuiltinTypes.any, body: .native { interp, a in
                guard case .native(let b as BufferObject) = a[0] else { throw Exceptions.method(.str(name), a.values) }
                return try fn(b, a, interp)
            }))
        }
        func forward(_ name: String) {
            method(name) { b, a, interp in try interp.call(interp.base.binding(name).value, [.array(b.data)] + a.values.dropFirst()) }
        }
        method("copy") { b, _, _ in
            b.frozen = true
            return .array(b.data)
        }
        method("push!") { b, a, interp in
            try b.checkWritable()
            _ = try interp.call(interp.base.binding("push!").value, [.array(b.data)] + a.values.dropFirst())
            return a[0]
        }
        method("deleteat!") { b, a, interp in
            try b.checkWritable()
            _ = try interp.call(interp.base.binding("deleteat!").value, [.array(b.data)] + a.values.dropFirst())
            return a[0]
        }
        method("copyto!") { b, a, interp in
            try b.checkWritable()
            _ = try interp.call(interp.base.binding("copyto!").value, [.array(b.data)] + a.values.dropFirst())
            return a[0]
        }
        for name in ["eltype", "length", "ndims", "size", "axes", "eachindex", "keys", "firstindex", "lastindex"] { forward(name) }
    }
}
