import FlxSyntax
import FlxCore
import FlxEngine

/// `using FillArrays` (and `Zygote.Fill`, which Zygote re-exports): `Fill(x, dims...)`,
/// `Zeros(dims...)`, `Ones(dims...)` (with `{T}` or a type first), arrays whose elements all
/// equal one value. FillArrays keeps only the value and the size; flx keeps the elements
/// dense, so every array operation reads them unchanged, and they cannot be written. They
/// print as FillArrays prints them: `2×2 Fill{Float64}, with entries equal to 2.0`,
/// `Fill(2.0, 2, 2)` inline, `3-element Zeros{Float64}`.
package enum FillArraysModule {
    static func family(_ name: String) -> FlxType {
        let t = FlxType(name: name, supertype: BuiltinTypes.abstractArray)
        t.parameterNames = ["T", "N", "Axes"]
        t.arrayMutability = .readOnly
        t.copyKeepsType = true
        // FillArrays' setindex! and fill!: writing the value the array holds is allowed (it
        // changes nothing); any other value is an ArgumentError.
        t.writeRefusal = { a, value, interp in
            guard a.count > 0, let value else { return nil }
            let held = a.element(0)
            if case .array = value { return Exceptions.argument("Cannot write an array into a \(name) with value \(try Display.printString(held, interp)).") }
            if try OperatorBuiltins.isEqual(value, held, interp) { return nil }
            return Exceptions.argument("Cannot setindex! to \(try Display.printString(value, interp)) for a \(name) with value \(try Display.printString(held, interp)).")
        }
        t.arrayStyle = ArrayStyle(
            summary: { type in "\(name){\(elementName(type))}" },
            typeName: { type in
                guard case .int(let n)? = type.parameters.dropFirst().first else { return name }
                let axes = (0..<max(n, 0)).map { _ in "Base.OneTo{Int64}" }.joined(separator: ", ")
                return "\(name){\(elementName(type)), \(n), Tuple{\(axes)}}"
            },
            display: { a, interp in
                var out = ArrayDisplay.summary(a)
                if name == "Fill" {
                    out += a.count > 1 ? ", with entries equal to " : ", with entry equal to "
                    if a.count > 0 { out += try Display.printString(a.element(0), interp) }
                }
                return out
            },
            show: { a, interp in
                var parts: [String] = []
                if name == "Fill" { parts.append(try a.count > 0 ? Display.repr(a.element(0), interp) : "") }
                parts += a.dims.map(String.init)
                return name + "(" + parts.joined(separator: ", ") + ")"
            })
        return t
    }

    package static let fill = family("Fill")
    static let zeros = family("Zeros")
    static let ones = family("Ones")

    static func elementName(_ type: FlxType) -> String {
        if case .type(let t)? = type.parameters.first { return TypeNames.show(t) }
        return "Any"
    }

    package static func install(_ interp: Interpreter) {
        let m = ModuleValue(name: "FillArrays", parent: interp.base)
        m.usings = [interp.base]
        interp.modules["FillArrays"] = m
        for t in [fill, zeros, ones] {
            TypeBuiltins.setConstructor(t) { interp, a in try construct(t, a, interp) }
            m.define(t.name, .type(t))
        }
        interp.builtinHelp.add(BuiltinHelp("Fill(x, dims...)", "An array of size dims whose every element is x (FillArrays, also Zygote.Fill); it cannot be written.", "Fill(7, 2, 3)  # 2×3 Fill{Int64}, with entries equal to 7"), for: "Fill")
        interp.builtinHelp.add(BuiltinHelp("Zeros(dims...)  /  Zeros{T}(dims...)", "An array of zeros of size dims, Float64 unless T is given (FillArrays).", "Zeros(2, 2)  # 2×2 Zeros{Float64}"), for: "Zeros")
        interp.builtinHelp.add(BuiltinHelp("Ones(dims...)  /  Ones{T}(dims...)", "An array of ones of size dims, Float64 unless T is given (FillArrays).", "Ones(3)  # 3-element Ones{Float64}"), for: "Ones")
    }

    /// `Fill(x, dims...)`, `Fill(x, (dims...))`, `Fill{T}(x, dims...)`; `Zeros(dims...)`,
    /// `Zeros{T}(dims...)`, `Zeros(T, dims...)`, and the same for `Ones`.
    static func construct(_ family: FlxType, _ a: Args, _ interp: Interpreter) throws -> Value {
        var rest = a.values
        var element: FlxType? = nil
        if let t = interp.constructing.last, case .type(let e)? = t.parameters.first { element = e }
        var value: Value
        if family === fill {
            guard !rest.isEmpty else { throw Exceptions.method(.type(family), a.values) }
            value = rest.removeFirst()
        } else {
            if case .type(let e)? = rest.first { element = e; rest.removeFirst() }
            value = .int(family === zeros ? 0 : 1)
            element = element ?? BuiltinTypes.float64
        }
        if rest.count == 1, case .tuple(let t) = rest[0] { rest = t.items }
        let dims = try rest.map { v -> Int in
            guard case .int(let n) = v, n >= 0 else { throw Exceptions.method(.type(family), a.values) }
            return Int(n)
        }
        if let element { value = try interp.convertElement(value, to: element) }
        var count = 1
        for d in dims {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow else { throw Exceptions.outOfMemory() }
            count = product
        }
        try MemoryGuard.reserve(count: count, bytesEach: 8)
        let plain = try interp.makeArray(try MemoryGuard.values(repeating: value, count: count), shape: try Shape(dims),
                                         elementType: element ?? interp.typeOf(value))
        let type = family.instantiate([.type(plain.elementType), .int(dims.count), .free],
                                      supertype: BuiltinTypes.abstractArrayOf(plain.elementType, dims.count))
        return .array(plain.retyped(type))
    }
}
