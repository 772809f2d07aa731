import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// Checkpoints: `Flux.state` and `Flux.loadmodel!` (as Flux 0.15), `Flux.savemodel` and
/// `Flux.loadmodel!(model, path)` through safetensors files, and the `SafeTensors`
/// module's `serialize`/`deserialize` (as SafeTensors.jl).
package enum Checkpoints {
    package static func install(_ interp: Interpreter, _ flux: ModuleValue) {
        flux.hidden("state") { _, a in
            try a.expect("state", 1...1)
            return try state(a[0])
        }
        flux.hidden("loadmodel!") { interp, a in
            try a.expect("loadmodel!", 2...2)
            if case .string(let path) = a[1] { return try loadFile(a[0], path.value, interp) }
            var cache: [ObjectIdentifier: ArrayValue] = [:]
            try loadModel(a[0], a[1], &cache, interp)
            return a[0]
        }
        flux.hidden("savemodel") { interp, a in
            try a.expect("savemodel", 2...2)
            guard case .string(let path) = a[0] else { throw Exceptions.method(.str("savemodel"), a.values) }
            let leaves = arrayLeaves(a[1])
            guard !leaves.isEmpty else { throw Exceptions.argument("savemodel: the model has no arrays to save") }
            if leaves.count == 1 && leaves[0].key.isEmpty { throw Exceptions.argument("savemodel: give a model (a struct, tuple or NamedTuple of arrays), not a bare array; use SafeTensors.serialize for raw arrays") }
            var entries: [SafeTensorsFormat.Entry] = []
            var seen: Set<String> = []
            for (key, arr) in leaves where seen.insert(key).inserted {
                guard let t = arr.tensor else { continue }
                entries.append(.init(name: key, tensor: t))
            }
            try write(path.value, entries, [])
            return a[1]
        }

        let st = ModuleValue(name: "SafeTensors", parent: interp.base)
        st.usings = [interp.base]
        interp.modules["SafeTensors"] = st
        st.native("serialize", export: false) { interp, a in
            try a.expect("serialize", 2...3)
            guard case .string(let path) = a[0], case .native(let d as DictObject) = a[1] else { throw Exceptions.method(.str("serialize"), a.values) }
            var entries: [SafeTensorsFormat.Entry] = []
            for (k, v) in d.pairs {
                guard case .string(let name) = k else { throw Exceptions.argument("SafeTensors.serialize: keys must be strings, got \(try Display.repr(k, interp))") }
                guard case .array(let arr) = v, let t = arr.tensor else {
                    throw Exceptions.argument("SafeTensors.serialize: \"\(name.value)\" is not an array of Float32, Float64, Int64 or Bool")
                }
                entries.append(.init(name: name.value, tensor: t))
            }
            var metadata: [(String, String)] = []
            if a.count == 3, case .native(let m as DictObject) = a[2] {
                for (k, v) in m.pairs { metadata.append((try Display.printString(k, interp), try Display.printString(v, interp))) }
            } else if a.count == 3, case .nothing = a[2] {
            } else if a.count == 3 {
                throw Exceptions.argument("SafeTensors.serialize: metadata must be a Dict{String, String}")
            }
            try write(path.value, entries, metadata)
            return .nothing
        }
        st.native("deserialize", export: false) { interp, a in
            try a.expect("deserialize", 1...1)
            guard case .string(let path) = a[0] else { throw Exceptions.method(.str("deserialize"), a.values) }
            let d = DictObject(identity: false)
            let entries = try read(path.value).entries
            // SafeTensors.jl iterates an index `Dict{String, UInt}` sized with `sizehint!`
            // and filled in data-offset order.
            d.sizehint(entries.count)
            for e in entries { try d.set(.str(e.name), .array(ArrayValue(tensor: e.tensor)), interp) }
            return .native(d)
        }
    }

    package static func write(_ path: String, _ entries: [SafeTensorsFormat.Entry], _ metadata: [(String, String)]) throws {
        let bytes: [UInt8]
        do { bytes = try SafeTensorsFormat.encode(entries, metadata: metadata) } catch let e as SafeTensorsFormat.FormatError {
            throw Exceptions.argument(e.message)
        }
        try FileSystem.systemError { try FileSystem.writeFile(path, bytes) }
    }

    package static func read(_ path: String) throws -> (entries: [SafeTensorsFormat.Entry], metadata: [(String, String)]) {
        do {
            return try SafeTensorsFormat.decode(try FileSystem.readFile(path))
        } catch let e as SafeTensorsFormat.FormatError {
            throw Exceptions.argument(e.message.hasPrefix("cannot ") ? e.message : "\(path) is not a valid safetensors file: \(e.message)")
        } catch is EngineError {
            throw Exceptions.outOfMemory()
        }
    }

    // MARK: Flux.state

    /// Flux 0.15's `state`: the model's tree with arrays, numbers, strings, symbols and
    /// `nothing` kept (the same arrays, not copies) and every other leaf replaced by `()`.
    /// Recursive on the model's structure: one that holds itself ends in Julia's
    /// StackOverflowError (Functors' walk recurses the same way), not a SIGSEGV.
    package static func state(_ v: Value) throws -> Value {
        try NativeStack.check()
        switch v {
        case .array(let a):
            if a.tensor != nil { return v }
            return .array(ArrayValue(boxed: try a.boxedValues.map(state), shape: a.shape, elementType: BuiltinTypes.any))
        case .nothing, .bool, .int, .float32, .float64, .string, .symbol, .char, .missing: return v
        case .tuple(let t): return .tuple(try t.items.map(state))
        case .namedTuple(let nt): return .namedTuple(NamedTupleValue(names: nt.names, values: try nt.values.map(state)))
        case .object(let o): return .namedTuple(NamedTupleValue(names: o.type.fieldNames, values: try o.fields.map(state)))
        default: return .tuple([])
        }
    }

    // MARK: Flux.loadmodel!

    /// Functors' children: keys (names or 1-based positions) and values; nil for a leaf.
    package static func children(_ v: Value) -> (keys: [String], positional: Bool, values: [Value])? {
        switch v {
        case .array(let a):
            if a.tensor != nil { return nil }
            let items = a.boxedValues
            return ((0..<items.count).map { String($0 + 1) }, true, items)
        case .tuple(let t): return ((0..<t.items.count).map { String($0 + 1) }, true, t.items)
        case .namedTuple(let nt): return (nt.names, false, nt.values)
        case .object(let o): return (o.type.fieldNames, false, o.fields)
        default: return nil
        }
    }

    package static func keysText(_ c: (keys: [String], positional: Bool, values: [Value])?) -> String {
        guard let c else { return "()" }
        if c.positional { return "Base.OneTo(\(c.keys.count))" }
        return "(" + c.keys.map { ":" + $0 }.joined(separator: ", ") + (c.keys.count == 1 ? ",)" : ")")
    }

    package static func loadModel(_ dst: Value, _ src: Value, _ cache: inout [ObjectIdentifier: ArrayValue], _ interp: Interpreter) throws {
        let cd = children(dst), cs = children(src)
        guard (cd?.keys ?? []) == (cs?.keys ?? []) else {
            throw Exceptions.argument("Tried to load \(keysText(cs)) into \(keysText(cd)) but the structures do not match.")
        }
        guard let cd, let cs else { return }
        for i in cd.values.indices {
            let ldst = cd.values[i], lsrc = cs.values[i]
            if case .array(let a) = ldst, a.tensor != nil {
                if cache[ObjectIdentifier(a)] != nil {
                    if case .array(let b) = lsrc, b.tensor != nil, !(try arraysEqual(a, b)) {
                        throw Exceptions.error("Encountered tied destination parameters with untied and mismatched sources.")
                    }
                    continue
                }
                cache[ObjectIdentifier(a)] = a
                try loadLeaf(a, lsrc, interp)
            } else if children(ldst) == nil {
                try loadLeaf(ldst, lsrc, interp)
            } else {
                try loadModel(ldst, lsrc, &cache, interp)
            }
        }
    }

    package static func arraysEqual(_ a: ArrayValue, _ b: ArrayValue) throws -> Bool {
        guard a.dims == b.dims, let p = a.tensor, let q = b.tensor else { return false }
        return (0..<p.count).allSatisfy { p.numericValue($0) == q.numericValue($0) }
    }

    package static func isZero(_ v: Value) -> Bool {
        switch v {
        case .bool(let b): return !b
        case .array(let a): guard let t = a.tensor else { return false }; return (0..<t.count).allSatisfy { t.numericValue($0) == 0 }
        default: return false
        }
    }

    /// Flux's `loadleaf!` for a leaf destination that is an array.
    package static func loadLeaf(_ dst: ArrayValue, _ src: Value, _ interp: Interpreter) throws {
        switch src {
        case .array(let s) where s.tensor != nil:
            guard s.dims == dst.dims else {
                throw Exceptions.dimensionMismatch("Tried to load size \(SafeTensorsFormat.shapeText(s.dims)) array into size \(SafeTensorsFormat.shapeText(dst.dims))")
            }
            try copyElements(into: dst, from: s.tensor!, interp)
        case .bool(let b):
            guard !b else { throw Exceptions.error("Cannot copy boolean parameter == true to non-zero parameter.") }
            guard let t = dst.tensor else { return }
            for i in 0..<t.count { t.setFromValue(zeroValue(t.dtype), at: i) }
        default:
            throw Exceptions.error("Tried to copy \(try Display.repr(src, interp)) into an array destination; this is not allowed.")
        }
    }

    /// `loadleaf!` for any other leaf destination (a function, a number, `false`).
    package static func loadLeaf(_ dst: Value, _ src: Value, _ interp: Interpreter) throws {
        guard case .array(let s) = src, s.tensor != nil else { return }
        if case .bool(false) = dst {
            guard isZero(src) else { throw Exceptions.error("Cannot copy non-zero parameter to boolean parameter == false.") }
            return
        }
        throw Exceptions.error("Tried to copy an array to \(try Display.repr(dst, interp)); this is not allowed.")
    }

    package static func zeroValue(_ d: DType) -> Value {
        switch d {
        case .float32: return .float32(0)
        case .float64: return .float64(0)
        case .int64: return .int(0)
        case .bool: return .bool(false)
        }
    }

    /// `copyto!`: elementwise, converting to the destination's element type.
    package static func copyElements(into dst: ArrayValue, from s: Tensor, _ interp: Interpreter) throws {
        guard let t = dst.tensor else { return }
        for i in 0..<t.count {
            let v = s.numericValue(i)
            switch t.dtype {
            case .float32: t.setFloat(Float(v), i)
            case .float64: t.setDouble(s.dtype == .int64 ? Double(s.intValue(i)) : v, i)
            case .int64:
                if s.dtype == .int64 { t.setInt(s.intValue(i), i); continue }
                guard v.rounded() == v, let n = Int64(exactly: v) else { throw Exceptions.inexact("Int64", "Int64", s.dtype == .float32 ? .float32(Float(v)) : .float64(v)) }
                t.setInt(n, i)
            case .bool:
                guard v == 0 || v == 1 else { throw Exceptions.inexact("Bool", "Bool", .float64(v)) }
                t.setBool(v == 1, i)
            }
        }
    }

    // MARK: savemodel / loadmodel! from a file

    /// Every numeric array of the model with its key along the model tree
    /// (`layers.1.weight`), in the order `Flux.state` shows them.
    package static func arrayLeaves(_ v: Value) -> [(key: String, array: ArrayValue)] {
        var out: [(String, ArrayValue)] = []
        func walk(_ v: Value, _ path: [String]) {
            if case .array(let a) = v, a.tensor != nil { out.append((path.joined(separator: "."), a)); return }
            guard let c = children(v) else { return }
            for (k, child) in zip(c.keys, c.values) { walk(child, path + [k]) }
        }
        walk(v, [])
        return out
    }

    package static func loadFile(_ model: Value, _ path: String, _ interp: Interpreter) throws -> Value {
        let (entries, _) = try read(path)
        var byName: [String: Tensor] = [:]
        for e in entries { byName[e.name] = e.tensor }
        let leaves = arrayLeaves(model)
        var used: Set<String> = []
        // Check everything before copying anything, so a failed load leaves the model as it was.
        for (key, arr) in leaves {
            guard let t = byName[key] else {
                throw Exceptions.argument("loadmodel!: \(path) has no tensor \"\(key)\" (it has \(entries.isEmpty ? "none" : entries.map { "\"\($0.name)\"" }.joined(separator: ", ")))")
            }
            guard t.shape.dims == arr.dims else {
                throw Exceptions.dimensionMismatch("loadmodel!: tensor \"\(key)\" in \(path) has size \(SafeTensorsFormat.shapeText(t.shape.dims)), the model's array has size \(SafeTensorsFormat.shapeText(arr.dims))")
            }
            guard let d = arr.tensor?.dtype, t.dtype == d else {
                let have = arr.tensor.map { SafeTensorsFormat.dtypeName($0.dtype) } ?? "?"
                throw Exceptions.argument("loadmodel!: tensor \"\(key)\" in \(path) has dtype \(SafeTensorsFormat.dtypeName(t.dtype)), the model's array is \(TypeNames.show(arr.elementType)) (\(have))")
            }
            used.insert(key)
        }
        let extra = entries.map(\.name).filter { !used.contains($0) }
        guard extra.isEmpty else {
            throw Exceptions.argument("loadmodel!: \(path) has tensors the model does not: \(extra.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        for (key, arr) in leaves { try copyElements(into: arr, from: byName[key]!, interp) }
        return model
    }
}
