import FlxSyntax
/// Anything that can be called: generic functions (with methods), closures, and
/// a few callable built-ins.
public class Callable {
    public let name: String
    /// For built-ins the engine can run elementwise: the op that fuses into a broadcast.
    public var elementwise: Broadcast.FusableOp?
    public init(name: String) { self.name = name }
}

/// The arguments a native method receives: a window onto the caller's value stack
/// (so a call allocates nothing), plus keywords when there are any.
///
/// Natives take keywords by reading them, so the keywords read are the ones a native
/// accepts: a keyword given but never read is, as in Julia, a MethodError
/// (`Interpreter.callNative` checks once the native returns).
public struct Args {
    public let base: UnsafeMutablePointer<Value>
    public let count: Int
    public let span: Span?
    private let given: [(name: String, value: Value)]
    /// What the native has read of `given`; nil when no keywords were given, so the
    /// common call allocates nothing for it.
    private let reads: KeywordReads?

    public init(base: UnsafeMutablePointer<Value>, count: Int, keywords: [(name: String, value: Value)], span: Span?) {
        self.base = base
        self.count = count
        self.span = span
        given = keywords
        reads = keywords.isEmpty ? nil : KeywordReads()
    }

    /// Argument `i` (0-based). Past the end it is `nothing` rather than a read of whatever
    /// follows on the stack: a native that indexes before checking its arity (`expect`)
    /// then meets a value its type checks refuse, never stray memory.
    @inline(__always) public subscript(i: Int) -> Value { i >= 0 && i < count ? base[i] : .nothing }

    public var values: [Value] { (0..<count).map { base[$0] } }

    /// Every keyword given. A native reading them all (to forward them, or to check
    /// each itself) takes responsibility for all of them.
    public var keywords: [(name: String, value: Value)] {
        reads?.all = true
        return given
    }

    /// The keyword `name` if given; asking marks `name` as one this native takes.
    public func keyword(_ name: String) -> Value? {
        guard let reads else { return nil }
        if !reads.asked.contains(name) { reads.asked.append(name) }
        for kw in given where kw.name == name { return kw.value }
        return nil
    }

    /// Julia's MethodError for keywords the native never read (nil when there are none):
    /// `no method matching Dense(::Pair{Int64, Int64}; activation::typeof(relu))`, with
    /// a note naming them and the keywords the native did ask for.
    /// `name` is built only when a keyword went unread (a type name costs a string).
    package func unsupportedKeywords(function functionName: () -> String) -> FlxError? {
        guard let reads, !reads.all else { return nil }
        let unread = given.filter { !reads.asked.contains($0.name) }.map(\.name)
        guard !unread.isEmpty else { return nil }
        let name = functionName()
        let quoted = unread.map { "\"\($0)\"" }.joined(separator: ", ")
        let takes = reads.asked.isEmpty ? "; it takes no keywords" : "; it takes " + reads.asked.map { "`\($0)`" }.joined(separator: ", ")
        let note = "\(name) got unsupported keyword argument\(unread.count == 1 ? "" : "s") \(quoted)" + takes
        return Exceptions.make("MethodError", [
            .str(name), .tuple(values), .str(given.map(\.name).joined(separator: ",")), .str(note), .tuple(given.map(\.value)),
        ])
    }
}

/// The keywords a native call has read (see `Args`).
private final class KeywordReads {
    var asked: [String] = []
    var all = false
}

public typealias NativeFunction = (Interpreter, Args) throws -> Value

/// One method: the argument types it accepts and what it runs.
public final class Method {
    public enum Body {
        case native(NativeFunction)
        case compiled(CompiledFunction)
    }

    public let signature: [FlxType]
    /// Type of the trailing varargs (`xs...`), if any.
    public let vararg: FlxType?
    public let body: Body
    /// Where-clause type variables bound from arguments: `x::T` binds T to the
    /// argument's type, `x::AbstractArray{T}` to its element type.
    public var typeBindings: [(name: String, position: Int, viaElementType: Bool)] = [] {
        didSet { typeVarGroups = Method.groups(of: typeBindings) }
    }
    /// The arguments a `where` variable names more than once (`f(x::T, y::T) where T`,
    /// `g(a::Vector{T}, b::T) where T`): they must give it the same type, Julia's diagonal rule.
    package private(set) var typeVarGroups: [[TypeVarUse]] = []

    /// Where a type variable is read from: an argument's type, or its element type.
    package struct TypeVarUse: Hashable {
        let position: Int
        let viaElementType: Bool

        /// The type the variable takes from an argument of type `t` (nil: none).
        func bound(by t: FlxType) -> FlxType? {
            guard viaElementType else { return t }
            if case .type(let element)? = t.parameters.first { return element }
            return nil
        }
    }

    private static func groups(of bindings: [(name: String, position: Int, viaElementType: Bool)]) -> [[TypeVarUse]] {
        var byName: [String: [TypeVarUse]] = [:]
        var order: [String] = []
        for b in bindings {
            if byName[b.name] == nil { order.append(b.name) }
            byName[b.name, default: []].append(TypeVarUse(position: b.position, viaElementType: b.viaElementType))
        }
        return order.compactMap { byName[$0]!.count > 1 ? byName[$0] : nil }
    }
    /// Native methods check their own keywords; compiled ones list theirs.
    public let acceptsKeywords: Bool
    /// How a native method takes part in differentiation (compiled ones are differentiated
    /// through what they call).
    public var differentiation = Differentiation.checked
    /// The name of the function the method belongs to, for the errors its checks raise.
    package var functionName = ""
    /// The function it belongs to (for a rule that must be called with the function).
    /// Unowned, not weak, for the reason `FlxType.singletonOf` gives; the function clears it.
    package unowned(unsafe) var owner: GenericFunction? = nil
    /// The world this method was defined in (`WorldAge`); 0 for one defined by flx itself.
    package var world = 0
    /// The method with the same signature that this one replaced, for calls still running
    /// in an older world.
    package var previous: Method?

    public init(signature: [FlxType], vararg: FlxType? = nil, acceptsKeywords: Bool = true, body: Body) {
        self.signature = signature
        self.vararg = vararg
        self.body = body
        self.acceptsKeywords = acceptsKeywords
    }

    package func accepts(_ types: UnsafeBufferPointer<FlxType>) -> Bool {
        if types.count < signature.count { return false }
        if types.count > signature.count && vararg == nil { return false }
        for i in 0..<signature.count where !types[i].isSubtype(of: signature[i]) { return false }
        if let v = vararg {
            for i in signature.count..<types.count where !types[i].isSubtype(of: v) { return false }
        }
        for group in typeVarGroups {
            var shared: FlxType? = nil
            for use in group {
                guard use.position < types.count, let t = use.bound(by: types[use.position]) else { return false }
                if let s = shared, s !== t { return false }
                shared = t
            }
        }
        return true
    }

    /// Julia's "more specific": every parameter type is a subtype of the other's.
    package func isMoreSpecific(than other: Method) -> Bool {
        let n = max(signature.count, other.signature.count)
        var strictly = false
        for i in 0..<n {
            guard let a = i < signature.count ? signature[i] : vararg,
                  let b = i < other.signature.count ? other.signature[i] : other.vararg else { continue }
            if a === b { continue }
            if a.isSubtype(of: b) { strictly = true; continue }
            if b.isSubtype(of: a) { return false }
            if a.depth != b.depth { if a.depth > b.depth { strictly = true } else { return false } }
        }
        if !strictly {
            // Same types, one constrained by the diagonal rule: the constrained one is narrower.
            if typeVarGroups.count != other.typeVarGroups.count { return typeVarGroups.count > other.typeVarGroups.count }
            return vararg == nil && other.vararg != nil
        }
        return true
    }
}

public final class GenericFunction: Callable {
    public private(set) var methods: [Method] = []
    public let module: String
    /// For a function defined in a local scope with more than one method: the closures its
    /// methods call, with their parameter types (empty for every other function).
    package var localClosures: [(closure: Closure, types: [FlxType])] = []
    /// Where each signature's method sits in `methods`, so that adding a method finds the
    /// one it replaces without scanning them all (40 000 methods took seconds that way).
    private var slots: [SignatureKey: Int] = [:]
    /// Bumped when a method is added, so call-site caches know to look again.
    public private(set) var version = 0
    /// The last few argument-type signatures and the method each chose.
    private var cache: [[ObjectIdentifier]: Method] = [:]
    /// Julia's singleton type of this function, `typeof(f)` (a subtype of `Function`): what
    /// `typeof` returns and what a method signature `::typeof(f)` dispatches on.
    public var singletonType: FlxType {
        if let t = storedSingletonType { return t }
        let t = FlxType(name: "typeof(\(name))", supertype: BuiltinTypes.function)
        t.singletonOf = self
        storedSingletonType = t
        return t
    }
    private var storedSingletonType: FlxType?

    deinit {
        // The back references are unowned (see `FlxType.singletonOf`): cleared here so
        // nothing that outlives this function can reach it.
        storedSingletonType?.singletonOf = nil
        for m in methods where m.owner === self { m.owner = nil }
    }

    public init(name: String, module: String) {
        self.module = module
        super.init(name: name)
    }

    /// Set by `@non_differentiable f(...)`: every method, present and future, is a constant
    /// for differentiation.
    package private(set) var isNonDifferentiable = false
    /// Whether a user-defined `ChainRulesCore.rrule` covers this function: under `gradient`
    /// its calls go to the rule (`Differentiation.customRule`).
    package private(set) var hasCustomRule = false
    /// Called with each method added (the `rrule` function watches for rules this way).
    package var onMethodAdded: ((Method) -> Void)?
    /// Whether a method declares a parameter `::Tuple{...}`: calls then dispatch on the
    /// full type of tuple arguments (`Interpreter.dispatchType`).
    package private(set) var dispatchesOnTupleElements = false
    /// The newest world among the methods (`WorldAge`): a call running in an older one
    /// selects as the table was then.
    package private(set) var newestWorld = 0

    package func markCustomRule() {
        guard !hasCustomRule, !isNonDifferentiable else { return }
        hasCustomRule = true
        for m in methods { m.differentiation = .customRule }
        cache.removeAll()
        version += 1
    }

    package func markNonDifferentiable() {
        isNonDifferentiable = true
        for m in methods { m.differentiation = .constant }
        // Call sites that cached a method run it on their fast path, which does not look.
        cache.removeAll()
        version += 1
    }

    /// Identical parameter types (by identity), the same vararg and the same diagonal
    /// constraints (`where T` shared between arguments): the methods Julia treats as one,
    /// the later replacing the earlier.
    private struct SignatureKey: Hashable {
        let types: [ObjectIdentifier]
        let vararg: ObjectIdentifier?
        let typeVarGroups: [[Method.TypeVarUse]]
        init(_ m: Method) {
            types = m.signature.map { ObjectIdentifier($0) }
            vararg = m.vararg.map { ObjectIdentifier($0) }
            typeVarGroups = m.typeVarGroups
        }
    }

    public func add(_ m: Method) {
        if m.functionName.isEmpty { m.functionName = name }
        if isNonDifferentiable { m.differentiation = .constant }
        if hasCustomRule { m.differentiation = .customRule }
        m.owner = self
        if !dispatchesOnTupleElements && m.constrainsTupleElements { dispatchesOnTupleElements = true }
        let key = SignatureKey(m)
        if m.world > newestWorld { newestWorld = m.world }
        if let i = slots[key] {
            // A method with the same signature replaces the old one, as in Julia; calls
            // running in an older world still reach that one.
            if m.world > 0 { m.previous = methods[i] }
            methods[i] = m
        } else {
            slots[key] = methods.count
            methods.append(m)
        }
        if !cache.isEmpty { cache.removeAll() }
        version += 1
        onMethodAdded?(m)
    }

    /// The most specific applicable method, or nil (the caller raises MethodError).
    public func select(_ types: UnsafeBufferPointer<FlxType>, world: Int = .max) -> Method? {
        if newestWorld > world { return selectInWorld(types, world: world) }
        if methods.count == 1 { return methods[0].accepts(types) ? methods[0] : nil }
        let key = types.map { ObjectIdentifier($0) }
        if let m = cache[key] { return m }
        var best: Method? = nil
        for m in methods where m.accepts(types) {
            if let b = best {
                if m.isMoreSpecific(than: b) { best = m }
            } else {
                best = m
            }
        }
        // Ambiguous (no method more specific than every other that applies): no method, and
        // the MethodError says so (`ambiguity(_:)`), as Julia's does.
        if let b = best, !ambiguity(with: b, types).isEmpty { return nil }
        if let b = best, cache.count < 256 { cache[key] = b }
        return best
    }

    /// The methods that apply to `types` and are neither more nor less specific than
    /// `best` (empty: `best` is the one to call).
    private func ambiguity(with best: Method, _ types: UnsafeBufferPointer<FlxType>) -> [Method] {
        var rivals: [Method] = []
        for m in methods where m !== best && m.accepts(types) {
            if best.isMoreSpecific(than: m) || m.isMoreSpecific(than: best) { continue }
            rivals.append(m)
        }
        return rivals
    }

    /// For a MethodError: the applicable methods among which none is most specific for
    /// these argument types (Julia's "is ambiguous"), or nil when the call is not ambiguous.
    public func ambiguousCandidates(_ types: [FlxType]) -> [Method]? {
        types.withUnsafeBufferPointer { buf -> [Method]? in
            var best: Method? = nil
            for m in methods where m.accepts(buf) {
                if let b = best { if m.isMoreSpecific(than: b) { best = m } } else { best = m }
            }
            guard let b = best else { return nil }
            let rivals = ambiguity(with: b, buf)
            return rivals.isEmpty ? nil : [b] + rivals
        }
    }
}

/// An anonymous function or a function defined inside another: compiled code plus
/// the cells it captured.
public final class Closure: Callable {
    public let code: CompiledFunction
    public let captures: [Cell]
    /// For a named local function: its parameters' declared types, should another method
    /// of the same name join it into a local generic function.
    package var localSignature: [FlxType]? = nil

    public init(code: CompiledFunction, captures: [Cell]) {
        self.code = code
        self.captures = captures
        super.init(name: code.name)
    }
}

/// A function body compiled to a tree of executable nodes, with its frame layout.
public final class CompiledFunction {
    public let name: String
    public var displayName: String
    /// Positional parameters, in slots 0..<paramCount.
    public var paramCount = 0
    /// How many of the positional parameters must be given (the rest have defaults).
    public var requiredCount = 0
    public var defaults: [Node] = []
    public var hasVararg = false
    public var keywordSlots: [(name: String, slot: Int, defaultValue: Node?)] = []
    public var keywordRestSlot: Int? = nil
    /// Parameters captured by inner closures: wrapped into cells on entry.
    public var cellParams: [Int] = []
    /// Where the closure's captured cells go in the frame.
    public var captureSlots: [Int] = []
    public var frameSize = 0
    public var body: Node = Literal(.nothing)
    public let span: Span
    public var paramNames: [String] = []
    /// Frame slots of `where` type variables.
    public var typeVarSlots: [(name: String, slot: Int)] = []
    /// Declared parameter types of an anonymous function (checked on call).
    public var paramTypes: [Node?] = []
    /// For closures: the enclosing frame's slots whose cells are captured.
    public var captureSources: [Int] = []
    /// Fixed positional parameters only: no defaults, varargs, keywords, cells, captures
    /// or `where` variables, so a call is just a frame (set once compiled).
    public package(set) var isPlain = false
    /// The type-specialising tier's decisions for this body, one per argument-type tuple
    /// (`Tier/`): a specialised body, or why the generic path runs it.
    package var tierSpecializations: [TierSpecialization] = []

    package func settlePlainness() {
        isPlain = defaults.isEmpty && !hasVararg && keywordSlots.isEmpty && keywordRestSlot == nil
            && cellParams.isEmpty && captureSlots.isEmpty && typeVarSlots.isEmpty && paramCount <= frameSize
    }

    public init(name: String, span: Span) {
        self.name = name
        self.displayName = name
        self.span = span
    }
}

/// A function made in Swift at run time (`!f`, `f ∘ g`, `Base.Fix1`-style closures).
package final class NativeClosure: Callable {
    package let body: NativeFunction
    package let differentiation: Differentiation
    package init(name: String, differentiation: Differentiation = .checked, _ body: @escaping NativeFunction) {
        self.body = body
        self.differentiation = differentiation
        super.init(name: name)
    }
}
