import FlxSyntax
import FlxCore
import FlxEngine

/// New arrays and ranges: filled (`zeros`, `fill`, ...), like another (`similar`),
/// evenly spaced (`range`, `LinRange`) or copied (`copy`, `deepcopy`, `copyto!`).
extension ArrayBuiltins {
    package static var arrayConstruction: [Builtin] {
        [
            Builtin("zeros", { interp, a in try filled(a, interp, value: 0, name: "zeros") },
                help: BuiltinHelp("zeros([T = Float64], dims...)", "An array of zeros of element type `T`.", "zeros(Float32, 2, 3)")),
            Builtin("ones", { interp, a in try filled(a, interp, value: 1, name: "ones") },
                help: BuiltinHelp("ones([T = Float64], dims...)", "An array of ones of element type `T`.", "ones(Float32, 3)  # Float32[1.0, 1.0, 1.0]")),
            Builtin("fill", { interp, a in
                guard a.count >= 1 else { throw Exceptions.method(.str("fill"), a.values) }
                let shape = try dimsShape(Array(a.values.dropFirst()), interp)
                let v = a[0]
                if let dt = Concatenation.numericDType(v) {
                    let t = try interp.engine { try Tensor.zeros(dt, shape) }
                    let arr = ArrayValue(tensor: t)
                    for i in 0..<arr.count { try arr.setElement(i, v) }
                    return .array(arr)
                }
                return .array(ArrayValue(boxed: try MemoryGuard.values(repeating: v, count: shape.count), shape: shape, elementType: interp.preciseType(of: v)))
            }, help: BuiltinHelp("fill(value, dims...)", "An array of the given size with every element equal to `value` (the same object for mutable values).", "fill(0.5f0, 2, 2)")),
            Builtin("fill!", { interp, a in
                try a.expect("fill!", 2...2)
                guard case .array(let arr) = a[0] else { throw Exceptions.method(.str("fill!"), a.values) }
                try interp.requireWritable(arr, value: a[1])
                let v = try interp.convertElement(a[1], to: arr.elementType)
                for i in 0..<arr.count { try arr.setElement(i, v) }
                return a[0]
            }, help: BuiltinHelp("fill!(A, value)", "Sets every element of `A` to `value`, in place; returns `A`.", "A = zeros(3); fill!(A, 7)")),
            Builtin("similar", differentiation: .constant, { interp, a in
                try a.expect("similar", 1...3)
                guard case .array(let arr) = a[0] else { throw Exceptions.method(.str("similar"), a.values) }
                var et = arr.elementType
                var shape = arr.shape
                var rest = Array(a.values.dropFirst())
                if let first = rest.first, case .type(let t) = first { et = t; rest.removeFirst() }
                if !rest.isEmpty { shape = try dimsShape(rest, interp) }
                return .array(try emptyArray(et, shape, interp))
            }, help: BuiltinHelp("similar(A, [T], [dims...])", "A new uninitialised array like `A` (same element type and size unless given).", "B = similar(rand(2, 2), Float32)")),
            Builtin("range", evenlySpacedRange,
                help: BuiltinHelp("range(start, stop; length, step)  /  range(start; length, step)", "An evenly spaced range; with `length` the step is computed.", "range(0, 1; length = 5)  # 0.0:0.25:1.0")),
            Builtin("LinRange", { interp, a in
                try a.expect("LinRange", 3...3)
                let n = asInt(a[2])
                let s0 = asDouble(a[0]), s1 = asDouble(a[1])
                return .range(RangeValue(.float(start: s0, step: n > 1 ? (s1 - s0) / Double(n - 1) : 0, count: n)))
            }, help: BuiltinHelp("LinRange(start, stop, n)", "n evenly spaced values from start to stop, computed lazily.", "collect(LinRange(0, 1, 3))  # [0.0, 0.5, 1.0]")),
            Builtin("copy", { interp, a in
                try a.expect("copy", 1...1)
                switch a[0] {
                case .array(let arr): return .array(try CollectionBuiltins.copyArray(arr, interp, keepType: true))
                case .native(let d as DictObject):
                    return .native(d.copy())
                case .native(let lazy as LazyArrayStandIn):
                    return try lazy.materialize(interp)
                case .native(let rng as RNGObject): return .native(RandomBuiltins.copyGenerator(rng, interp))
                case .object(let o) where o.type.isMutable: return .object(StructInstance(type: o.type, fields: o.fields))
                default: return a[0]
                }
            }, help: BuiltinHelp("copy(x)", "A shallow copy of an array, dict or struct: a new container holding the same elements.", "a = [1, 2]; b = copy(a); b[1] = 9; a  # [1, 2]")),
            Builtin("deepcopy", { interp, a in
                try a.expect("deepcopy", 1...1)
                var seen: [ObjectIdentifier: Value] = [:]
                return try deepCopy(a[0], interp, &seen)
            }, help: BuiltinHelp("deepcopy(x)", "A copy of `x` and, recursively, of everything it contains; useful to snapshot a model.", "m2 = deepcopy(model)")),
            Builtin("copyto!", { interp, a in
                try a.expect("copyto!", 2...2)
                try Broadcast.assign(into: a[0], a[1], interp)
                return a[0]
            }, help: BuiltinHelp("copyto!(dest, src)", "Copies the elements of `src` into `dest` in linear order, in place; returns `dest`.", "copyto!(zeros(3), [1, 2, 3])")),
        ]
    }

    static func evenlySpacedRange(_ interp: Interpreter, _ a: Args) throws -> Value {
        let start = a.count >= 1 ? a[0] : (a.keyword("start") ?? .int(1))
        var stop = a.count >= 2 ? a[1] : a.keyword("stop")
        let length = a.keyword("length")
        let step = a.keyword("step")
        if let length, let stopV = stop {
            let n = asInt(length)
            let s0 = asDouble(start), s1 = asDouble(stopV)
            // Julia's `_linspace1` refuses these lengths (naming the endpoints as floats).
            if n < 0 || (n == 1 && s0 != s1) {
                let what = n < 0 ? "negative length" : "endpoints differ"
                throw Exceptions.argument("range(\(FloatFormat.show(s0)), stop=\(FloatFormat.show(s1)), length=\(n)): \(what)")
            }
            // The span of two Ints can overflow; such a range is not an Int range anyway.
            if case .int = start, case .int = stopV, n > 1, case let (span, false) = asInt(stopV).subtractingReportingOverflow(asInt(start)),
               span % (n - 1) == 0 {
                let st = span / (n - 1)
                return .range(RangeValue(.int(start: asInt(start), step: st, stop: asInt(stopV), unit: st == 1)))
            }
            return .range(RangeValue(.float(start: s0, step: n > 1 ? (s1 - s0) / Double(n - 1) : 0, count: n)))
        }
        if let step {
            if stop == nil, let length { stop = try ScalarArithmetic.apply(.add, start, try ScalarArithmetic.apply(.mul, step, .int(asInt(length) &- 1)) ?? .nothing) }
            guard let stopV = stop else { throw Exceptions.argument("range needs stop or length") }
            return try interp.call(interp.base.binding(":").value, [start, step, stopV])
        }
        guard let stopV = stop else { throw Exceptions.argument("range needs stop or length") }
        return try interp.call(interp.base.binding(":").value, [start, stopV])
    }
}
