import FlxSyntax
/// A global variable: resolved once at compile time, so a read at run time is one
/// load, never a name lookup.
public final class GlobalBinding {
    public let name: String
    public unowned let module: ModuleValue
    public var value: Value = .undef
    public var isConst = false
    /// `global x::Int`: every later assignment converts to this type.
    public var declaredType: FlxType? = nil

    package init(name: String, module: ModuleValue) {
        self.name = name
        self.module = module
    }
}

/// A module: its own bindings, the names it exports, and the modules it `using`s.
public final class ModuleValue {
    public let name: String
    public private(set) var bindings: [String: GlobalBinding] = [:]
    public var exports: Set<String> = []
    public var usings: [ModuleValue] = []
    public let parent: ModuleValue?
    /// When two modules in use export the same name, this one's wins (Flux over
    /// Optimisers: `Adam` is then Flux's FluxState, which works wherever a rule does).
    public var resolvesAheadOfOtherModules = false

    /// Modules in use, most recent first, with the preferred ones ahead.
    package var lookupOrder: [ModuleValue] {
        let recent = Array(usings.reversed())
        return recent.filter { $0.resolvesAheadOfOtherModules } + recent.filter { !$0.resolvesAheadOfOtherModules }
    }

    public init(name: String, parent: ModuleValue?) {
        self.name = name
        self.parent = parent
    }

    /// This module's own binding for `name`, created (unassigned) if missing.
    public func binding(_ name: String) -> GlobalBinding {
        if let b = bindings[name] { return b }
        let b = GlobalBinding(name: name, module: self)
        bindings[name] = b
        return b
    }

    public func ownBinding(_ name: String) -> GlobalBinding? { bindings[name] }

    /// Where a free name in this module's code refers to: an own binding that has a
    /// value, else an export of a module in use, else a new own binding.
    public func resolve(_ name: String) -> GlobalBinding {
        if let b = bindings[name], !isUndef(b.value) { return b }
        for m in lookupOrder {
            if m.exports.contains(name), let b = m.lookupExported(name) { return b }
        }
        return binding(name)
    }

    package func lookupExported(_ name: String) -> GlobalBinding? {
        if let b = bindings[name], !isUndef(b.value) { return b }
        for m in usings.reversed() where m.exports.contains(name) {
            if let b = m.lookupExported(name) { return b }
        }
        return nil
    }

    /// `M.name`: own bindings first, then names this module re-exports.
    public func member(_ name: String) -> GlobalBinding? {
        if let b = bindings[name], !isUndef(b.value) { return b }
        for m in usings.reversed() { if let b = m.lookupExported(name) { return b } }
        return nil
    }

    public func define(_ name: String, _ value: Value, export: Bool = true) {
        binding(name).value = value
        if export { exports.insert(name) }
    }
}

@inline(__always) package func isUndef(_ v: Value) -> Bool {
    if case .undef = v { return true }
    return false
}

extension Interpreter {
    /// A module by path (`Flux`, `Flux.Train`), from the registry or as a member.
    package func findModule(_ path: [String], from current: ModuleValue) -> ModuleValue? {
        var m: ModuleValue? = modules[path[0]]
        if m == nil, case .module(let found)? = current.member(path[0])?.value { m = found }
        for p in path.dropFirst() {
            guard let cur = m, case .module(let next)? = cur.member(p)?.value else { return nil }
            m = next
        }
        return m
    }
}
