import FlxSyntax

/// The help of every registered built-in, by name. The interpreter owns it and the
/// libraries fill it as they register their tables, so the REPL's help mode can read
/// it without knowing which library a name came from.
public final class BuiltinHelpTable {
    private var entries: [String: BuiltinHelp] = [:]

    public init() {}

    public subscript(name: String) -> BuiltinHelp? { entries[name] }

    public var names: Dictionary<String, BuiltinHelp>.Keys { entries.keys }

    /// Every entry, e.g. to merge with help written elsewhere.
    public var all: [String: BuiltinHelp] { entries }

    /// The first library to document a name keeps it, as the REPL's own tables do.
    package func add(_ help: BuiltinHelp, for name: String) {
        if entries[name] == nil { entries[name] = help }
    }
}

extension ModuleValue {
    /// Defines (or extends) a function with a native method that takes any arguments
    /// and checks them itself. User methods with typed signatures are more specific
    /// and take precedence, so flx code can extend every built-in.
    @discardableResult
    package func native(_ name: String, export: Bool = true, differentiation: Differentiation = .checked,
                        _ fn: @escaping NativeFunction) -> GenericFunction {
        let g: GenericFunction
        if case .function(let c) = binding(name).value, let existing = c as? GenericFunction {
            g = existing
        } else {
            g = GenericFunction(name: name, module: self.name)
            binding(name).value = .function(g)
        }
        let method = Method(signature: [], vararg: BuiltinTypes.any, body: .native(fn))
        method.differentiation = differentiation == .checked && name.hasSuffix("!") ? .mutating : differentiation
        g.add(method)
        if export { exports.insert(name) }
        return g
    }

    /// Registers a library table: each entry exactly as `native` would define it, plus
    /// its broadcast kernel and its help.
    package func register(_ table: [Builtin], helpInto help: BuiltinHelpTable) {
        for entry in table {
            let g = native(entry.name, export: entry.isExported, differentiation: entry.differentiation, entry.function)
            if let kernel = entry.fusedKernel { Broadcast.register(.function(g), kernel) }
            if let text = entry.help { help.add(text, for: entry.name) }
        }
    }
}
