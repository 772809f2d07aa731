/// Constructors a script adds to types it did not define (`Float64(x::Celsius) = ...`,
/// `Dense(p::Pair) = ...`). Such a type may be shared by every interpreter in the process,
/// so the methods go to this interpreter's own copy of the type's constructor: they neither
/// leak into another session nor change a function another thread is calling.
extension Interpreter {
    /// The function a method definition named by type `t` adds to.
    package func constructorFunction(for t: FlxType, module: String) -> GenericFunction {
        if t.definingInterpreter == ObjectIdentifier(self) {
            if t.constructor == nil { t.constructor = GenericFunction(name: t.name, module: module) }
            return t.constructor!
        }
        let key = ObjectIdentifier(t)
        if let own = constructorOverlays[key] { return own }
        let own = GenericFunction(name: t.name, module: module)
        for m in t.constructor?.methods ?? [] { own.add(m) }
        constructorOverlays[key] = own
        return own
    }

    /// The constructor calling `t` runs: this interpreter's copy where it has one, else the
    /// type's (an instance of a family uses the family's instance constructor, then its own,
    /// then the family's).
    @inline(__always)
    package func constructor(of t: FlxType) -> GenericFunction? {
        if !constructorOverlays.isEmpty, let own = overlayConstructor(of: t) { return own }
        return (t.family != nil ? t.root.instanceConstructor : nil) ?? t.constructor ?? t.root.constructor
    }

    private func overlayConstructor(of t: FlxType) -> GenericFunction? {
        if let own = constructorOverlays[ObjectIdentifier(t)] { return own }
        // `Array{Float64}(x::Foo)` after `Array(x::Foo) = ...`: an instance shares its family's
        // constructor unless it has one of its own.
        guard t.family != nil, t.root.instanceConstructor == nil,
              t.constructor == nil || t.constructor === t.root.constructor else { return nil }
        return constructorOverlays[ObjectIdentifier(t.root)]
    }
}
