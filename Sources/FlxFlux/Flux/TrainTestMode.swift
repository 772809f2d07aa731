import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// `testmode!` / `trainmode!` (setting every `active` field in a model) and
/// `f32` / `f64` (converting every float array in a model).
package enum TrainTestMode {
    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        flux.native("testmode!") { interp, a in
            try a.expect("testmode!", 1...2)
            let mode = a.count == 2 ? a[1] : .bool(true)
            try setActive(a[0], try activeValue(mode, invert: true), interp)
            return a[0]
        }
        flux.native("trainmode!") { interp, a in
            try a.expect("trainmode!", 1...2)
            let mode = a.count == 2 ? a[1] : .bool(true)
            try setActive(a[0], try activeValue(mode, invert: false), interp)
            return a[0]
        }
        flux.native("f32") { interp, a in
            try a.expect("f32", 1...1)
            return try convertFloats(a[0], to: .float32, interp)
        }
        flux.native("f64") { interp, a in
            try a.expect("f64", 1...1)
            return try convertFloats(a[0], to: .float64, interp)
        }
        flux.native("f16") { interp, a in
            try a.expect("f16", 1...1)
            return try halfFloats(a[0], interp)
        }
    }

    /// `f16(m)`: every float array as a `Float16` array (each element rounded to the
    /// nearest half), everything else kept. The engine has no half-precision tensors, so
    /// these arrays hold Float16 numbers: they print, convert back (`f32`) and compute
    /// elementwise as Julia's do, but layers refuse them.
    package static func halfFloats(_ v: Value, _ interp: Interpreter) throws -> Value {
        let g = GenericFunction(name: "f16", module: "Flux")
        g.add(Method(signature: [BuiltinTypes.any], body: .native { interp, a in
            guard case .array(let arr) = a[0], let t = arr.tensor, t.dtype.isFloat else { return a[0] }
            if interp.isTracked(a[0]) {
                throw Exceptions.error("Can't differentiate f16(x): Float16 arrays are not supported inside a gradient; use f32")
            }
            var values = try MemoryGuard.values(repeating: Value.nothing, count: t.count)
            for i in 0..<t.count { values[i] = .float16(Float16(t.numericValue(i))) }
            return .array(try interp.makeArray(values, shape: t.shape, elementType: BuiltinTypes.float16))
        }))
        let convert = Value.function(g)
        switch v {
        case .array(let a) where a.tensor != nil: return try interp.call(convert, [v])
        default: return try ParameterWalk.mapLeaves(convert, v, interp)
        }
    }

    /// `testmode!(m, true)` means active = false; `:auto` / `nothing` restores automatic mode.
    package static func activeValue(_ mode: Value, invert: Bool) throws -> Value {
        switch mode {
        case .bool(let b): return .bool(invert ? !b : b)
        case .nothing: return .nothing
        case .symbol(let s) where s.name == "auto": return .nothing
        default: throw Exceptions.argument("mode must be true, false, :auto or nothing, got \(mode)")
        }
    }

    /// Sets `active` on every layer with such a field, recursing through structs, tuples and arrays.
    package static func setActive(_ v: Value, _ active: Value, _ interp: Interpreter) throws {
        var seen = Set<ObjectIdentifier>()
        func walk(_ v: Value) {
            switch v {
            case .object(let o):
                guard seen.insert(ObjectIdentifier(o)).inserted else { return }
                if let i = o.type.fieldNames.firstIndex(of: "active"), LayerKit.type(interp, o.type.name) === o.type {
                    o.fields[i] = active
                }
                o.fields.forEach(walk)
            case .tuple(let t): t.items.forEach(walk)
            case .namedTuple(let nt): nt.values.forEach(walk)
            case .array(let a) where a.tensor == nil:
                if seen.insert(ObjectIdentifier(a)).inserted { a.boxedValues.forEach(walk) }
            default: break
            }
        }
        walk(v)
    }

    /// `f32(m)` / `f64(m)`: float arrays converted, everything else kept.
    package static func convertFloats(_ v: Value, to dtype: DType, _ interp: Interpreter) throws -> Value {
        let g = GenericFunction(name: dtype == .float32 ? "f32" : "f64", module: "Flux")
        g.add(Method(signature: [BuiltinTypes.any], body: .native { interp, a in
            guard case .array(let arr) = a[0] else { return a[0] }
            if arr.tensor == nil, arr.elementType === BuiltinTypes.float16 {
                return .array(try interp.convertArray(arr, to: dtype == .float32 ? BuiltinTypes.float32 : BuiltinTypes.float64))
            }
            guard let t = arr.tensor, t.dtype.isFloat, t.dtype != dtype else { return a[0] }
            // Recorded, so a gradient taken through `f32(x)` reaches x (in x's precision).
            return LayerKit.wrapArray(try interp.engine { tape in try Conversion.convert(t, to: dtype, tape: tape) })
        }))
        let convert = Value.function(g)
        switch v {
        case .array(let a) where a.tensor != nil: return try interp.call(convert, [v])
        default: return try ParameterWalk.mapLeaves(convert, v, interp)
        }
    }
}
