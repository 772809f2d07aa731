import FlxSyntax
import FlxCore
import FlxStdlib
#if canImport(Glibc)
import Glibc
#endif
import FlxEngine

/// How Flux prints models: one-line forms (`Dense(3 => 7, relu)`), and at top level
/// the tree with `# N parameters` comments at column 41 and the `# Total:` line.
package enum LayerDisplay {
    package enum Kind { case leaf, container, notALayer }

    package static func kind(_ v: Value, _ interp: Interpreter) -> Kind {
        guard case .object(let o) = v else { return .notALayer }
        switch o.type.layerOptions["#builtin"] {
        case .symbol(let s)?: return s.name == "container" ? .container : .leaf
        default: break
        }
        if o.type.layerOptions["#layer"] != nil {
            if case .bool(true)? = o.type.layerOptions["noexpand"] { return .leaf }
            return .container
        }
        return .notALayer
    }

    package static func activationName(_ v: Value) -> String? {
        guard case .function(let c) = v else { return nil }
        return c.name == "identity" ? nil : c.name
    }

    /// The 2-arg form of a layer, or nil for anything else.
    package static func show(_ v: Value, _ interp: Interpreter) throws -> String? {
        guard case .object(let o) = v else { return nil }
        switch o.type.name {
        case "Dense" where o.type === Layers.types(interp).dense:
            guard case .array(let w) = o.fields[0] else { return nil }
            var s = "Dense(\(w.dims.count > 1 ? w.dims[1] : 1) => \(w.dims[0])"
            if let a = activationName(o.fields[2]) { s += ", " + a } else if case .function = o.fields[2] {} else { s += ", " + (try Display.repr(o.fields[2], interp)) }
            if case .bool(false) = o.fields[1] { s += "; bias=false" }
            return s + ")"
        case "Chain" where o.type === Layers.types(interp).chain:
            switch o.fields[0] {
            case .namedTuple(let nt):
                return "Chain(" + (try zip(nt.names, nt.values).map { "\($0) = " + (try Display.repr($1, interp)) }.joined(separator: ", ")) + ")"
            case .array(let a):
                return "Chain([" + (try a.boxedValues.map { try Display.repr($0, interp) }.joined(separator: ", ")) + "])"
            default:
                return "Chain(" + (try interp.collect(o.fields[0]).map { try Display.repr($0, interp) }.joined(separator: ", ")) + ")"
            }
        default:
            return try LayerKit.show(o, interp)
        }
    }

    /// The 3-arg (REPL / `display`) form of a layer, or nil for anything else.
    package static func display(_ v: Value, _ interp: Interpreter) throws -> String? {
        switch kind(v, interp) {
        case .notALayer: return nil
        case .leaf:
            let str = try Display.repr(v, interp)
            return str + (try comment(v, interp, width: 20 - str.count, nested: false) ?? "")
        case .container:
            let children = try childList(v, interp)
            if children.allSatisfy({ kind($0.1, interp) == .notALayer && !isStructWithArrays($0.1) }) {
                let str = try Display.repr(v, interp)
                return str + (try comment(v, interp, width: 20 - str.count, nested: false) ?? "")
            }
            var lines: [String] = []
            try tree(v, interp, indent: 0, name: nil, into: &lines)
            var out = lines.joined(separator: "\n")
            let stats = Stats.of(v, interp)
            if stats.trainableArrays > 2 || stats.nonTrainableArrays > 0 {
                let size = formatBytes(SummarySize.of(v))
                if stats.nonTrainableArrays > 0 {
                    out += String(repeating: " ", count: 8) + "# Total: \(stats.trainableArrays) trainable arrays, \(underscored(stats.trainableParams)) parameters,\n"
                    out += String(repeating: " ", count: 10) + "# plus \(stats.nonTrainableArrays) non-trainable, \(underscored(stats.nonTrainableParams)) parameters, summarysize \(size)."
                } else {
                    out += String(repeating: " ", count: 18) + "# Total: \(stats.trainableArrays) arrays, \(underscored(stats.trainableParams)) parameters, \(size)."
                }
            }
            return out
        }
    }

    /// Flux's `_layer_show` at indent 0, used for a layer inside a displayed vector: the
    /// one-line form, then its parameter comment from column 20.
    package static func inVector(_ v: Value, _ interp: Interpreter) throws -> String? {
        guard kind(v, interp) != .notALayer else { return nil }
        let str = try Display.repr(v, interp)
        return str + (try comment(v, interp, width: 20 - str.count, nested: false) ?? "")
    }

    package static func isStructWithArrays(_ v: Value) -> Bool {
        if case .object = v { return true }
        return false
    }

    /// The children a container prints: Chain's layers (with names for a named
    /// Chain), or a `@layer` struct's fields.
    package static func childList(_ v: Value, _ interp: Interpreter) throws -> [(String?, Value)] {
        guard case .object(let o) = v else { return [] }
        if o.type === Layers.types(interp).chain {
            switch o.fields[0] {
            case .namedTuple(let nt): return zip(nt.names, nt.values).map { ($0, $1) }
            default: return try interp.collect(o.fields[0]).map { (nil, $0) }
            }
        }
        if let p = LayerKit.instance(v, "Parallel", interp) ?? LayerKit.instance(v, "PairwiseFusion", interp) {
            // Flux shows the connection, then each branch (named ones with their names).
            if case .namedTuple(let nt) = p.fields[1] { return [(nil, p.fields[0])] + zip(nt.names, nt.values).map { ($0, $1) } }
            return [(nil, p.fields[0])] + (try interp.collect(p.fields[1])).map { (nil, $0) }
        }
        if let m = LayerKit.instance(v, "Maxout", interp) { return try interp.collect(m.fields[0]).map { (nil, $0) } }
        // Flux keeps Recurrence's return_state in its type; flx keeps it in a field not shown.
        if let r = LayerKit.instance(v, "Recurrence", interp) { return [(nil, r.fields[0])] }
        return o.fields.map { (nil, $0) }
    }

    package static func tree(_ v: Value, _ interp: Interpreter, indent: Int, name: String?, into lines: inout [String]) throws {
        let pad = String(repeating: " ", count: indent)
        let prefix = name.map { "\($0) = " } ?? ""
        guard case .object(let o) = v else { return }
        let isVectorChain: Bool = {
            if o.type === Layers.types(interp).chain, case .array = o.fields[0] { return true }
            return false
        }()
        let opener = o.type.name + "("
        lines.append(pad + prefix + opener)
        let childIndent = indent + (isVectorChain ? 4 : 2)
        if isVectorChain { lines.append(pad + "  [") }
        for (childName, child) in try childList(v, interp) {
            switch kind(child, interp) {
            case .container:
                let grandchildren = try childList(child, interp)
                if grandchildren.allSatisfy({ kind($0.1, interp) == .notALayer && !isStructWithArrays($0.1) }) {
                    try leafLine(child, interp, indent: childIndent, name: childName, into: &lines)
                } else {
                    try tree(child, interp, indent: childIndent, name: childName, into: &lines)
                    lines[lines.count - 1] += ","
                }
            default:
                try leafLine(child, interp, indent: childIndent, name: childName, into: &lines)
            }
        }
        if isVectorChain { lines.append(pad + "  ],") }
        lines.append(pad + ")" + (indent == 0 ? " " : ""))
    }

    package static func leafLine(_ v: Value, _ interp: Interpreter, indent: Int, name: String?, into lines: inout [String]) throws {
        let pad = String(repeating: " ", count: indent)
        let str = (name.map { "\($0) = " } ?? "") + (try layerString(v, interp))
        let line = pad + str + ","
        if let c = try comment(v, interp, width: 39 - indent - str.count, nested: true) {
            lines.append(line + c)
        } else {
            lines.append(line)
        }
    }

    /// Flux's `_layer_string`: an array as its size and type cut at the first comma
    /// (`3×1×1 Array{Float32,...}`, `3-element Vector{Float32}`), anything else as shown.
    package static func layerString(_ v: Value, _ interp: Interpreter) throws -> String {
        guard case .array(let a) = v, a.tensor != nil else { return try Display.repr(v, interp) }
        let full = TypeNames.show(a.type)
        let short = full.firstIndex(of: ",").map { String(full[...$0]) + "...}" } ?? full
        let dims = a.dims
        let size = dims.count == 1 ? "\(dims[0])-element" : dims.map(String.init).joined(separator: "×")
        return size + " " + short
    }

    /// `  # N parameters` (with `, plus M` and the zero/NaN/Inf flags), or nil when the
    /// value has no trainable arrays.
    package static func comment(_ v: Value, _ interp: Interpreter, width: Int, nested: Bool) throws -> String? {
        let stats = Stats.of(v, interp)
        guard stats.trainableArrays > 0 else { return nil }
        var s = String(repeating: " ", count: max(2, width)) + "# \(underscored(stats.trainableParams)) parameters"
        if stats.nonTrainableParams > 0 {
            s += ", plus \(underscored(stats.nonTrainableParams))" + (nested ? "" : " non-trainable")
        }
        if stats.someNaN { s += "  (some NaN)" } else if stats.someInf { s += "  (some Inf)" } else if stats.allZero { s += "  (all zero)" }
        return s
    }

    package static func underscored(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "_" }
            out.append(d)
        }
        return out
    }

    /// Julia's `Base.format_bytes`.
    package static func formatBytes(_ n: Int) -> String {
        if n <= 1024 { return n == 1 ? "1 byte" : "\(n) bytes" }
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var unit = Int((log(Double(n)) / log(1024)).rounded(.up))
        unit = min(unit, units.count)
        let value = Double(n) / pow(1024, Double(unit - 1))
        var buf = [CChar](repeating: 0, count: 64)
        _ = withVaList([value]) { vsnprintf(&buf, 64, "%.3f", $0) }
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) + " " + units[unit - 1]
    }

    /// Counts of trainable and non-trainable arrays and their elements.
    package struct Stats {
        package var trainableArrays = 0, trainableParams = 0
        package var nonTrainableArrays = 0, nonTrainableParams = 0
        package var allZero = true, someNaN = false, someInf = false

        package static func of(_ v: Value, _ interp: Interpreter) -> Stats {
            var s = Stats()
            var seen = Set<ObjectIdentifier>()
            func walk(_ v: Value, trainable: Bool) {
                switch v {
                case .array(let a):
                    // A float tensor, or f16's arrays (Float16 numbers): counted alike.
                    let tensor = a.tensor
                    if tensor.map({ $0.dtype.isFloat }) ?? (a.elementType === BuiltinTypes.float16) {
                        guard seen.insert(ObjectIdentifier(a)).inserted else { return }
                        let boxed = tensor == nil ? a.boxedValues : []
                        if trainable {
                            s.trainableArrays += 1
                            s.trainableParams += a.count
                            for i in 0..<a.count {
                                let d = tensor?.numericValue(i) ?? asDouble(boxed[i])
                                if d != 0 { s.allZero = false }
                                if d.isNaN { s.someNaN = true }
                                if d.isInfinite { s.someInf = true }
                            }
                        } else {
                            s.nonTrainableArrays += 1
                            s.nonTrainableParams += a.count
                        }
                    } else if tensor != nil {
                        return
                    } else {
                        for e in a.boxedValues { walk(e, trainable: trainable) }
                    }
                case .tuple(let t): t.items.forEach { walk($0, trainable: trainable) }
                case .namedTuple(let nt): nt.values.forEach { walk($0, trainable: trainable) }
                case .object(let o):
                    let keep = Set(interp.trainableFields(o))
                    for (i, f) in o.fields.enumerated() { walk(f, trainable: trainable && keep.contains(i)) }
                default: break
                }
            }
            walk(v, trainable: true)
            if s.trainableParams == 0 { s.allZero = false }
            return s
        }
    }
}
