import FlxSyntax
import FlxEngine

/// Runs compiled code: owns the value stack that holds every frame, the control-flow
/// signal used by `return`/`break`/`continue`, and the call and dispatch machinery.
public final class Interpreter {
    /// Non-local control flow in progress. Blocks and loops check it after each
    /// statement; this costs one compare, where a Swift `throw` would allocate.
    package enum Pending: UInt8 { case none, breakLoop, continueLoop, returnValue }

    package static let stackCapacity = 1 << 20
    package let stack: UnsafeMutablePointer<Value>
    /// Slots below this are initialised. The stack is reserved whole but initialised as
    /// calls reach deeper: writing all 2^20 slots up front cost a third of start-up
    /// (every page faulted in, then every slot destroyed again at exit).
    @exclusivity(unchecked) package private(set) var stackReady = 0
    // The hot fields below are touched by every call and statement. One interpreter
    // runs on one thread and never holds an access across a call, so Swift's dynamic
    // exclusivity checks (a TLS lookup each) are switched off for them.
    @exclusivity(unchecked) package var sp = 0
    @exclusivity(unchecked) package var pending: Pending = .none
    @exclusivity(unchecked) package var returnValue: Value = .nothing
    @exclusivity(unchecked) package var callDepth = 0
    /// The world calls select methods in (`WorldAge`): the newest while top-level code runs,
    /// the world a function was entered in while it runs.
    @exclusivity(unchecked) package var runningWorld = Int.max
    /// `callDepth` when the running top-level code began (an `eval` inside a function runs
    /// top-level code at that function's depth).
    @exclusivity(unchecked) package var topLevelDepth = 0
    /// Julia runs 100 000 frames of a simple recursion; so does this, with room to spare.
    /// A fixed count (rather than only the native stack's end) keeps the depth of a
    /// runaway recursion, and the trace that reports it, the same in every build. The
    /// native stack the evaluation thread gets (`runWithLargeStack` in Session.swift)
    /// holds this many plain frames even in a debug build; calls made from Swift, which
    /// need more, count as several (`reentryWeight`), and `NativeStack.check` remains
    /// the backstop for Swift code that recurses by itself.
    public var maxCallDepth = 120_000
    /// Whether calls may run type-specialised bodies (`Tier/`); `FLX_TIER=0` starts with it off.
    public var tierEnabled = Tier.enabled
    /// Set while the generic path runs a call again after its specialised body bailed
    /// out: the calls inside it stay generic too, else each level of a recursion that
    /// bails at its depth limit would run the specialised body to that limit once more.
    @exclusivity(unchecked) package var tierSuspended = false

    public let base: ModuleValue
    public let main: ModuleValue
    public var modules: [String: ModuleValue] = [:]
    /// True at the REPL: soft scope lets top-level loops assign existing globals.
    public var interactive = false
    public var output: (String) -> Void
    public var errorOutput: (String) -> Void
    /// `flush(stdout)`: writes out what `output` has buffered (the command line buffers
    /// standard output; elsewhere nothing is held back).
    public var flushOutput: () -> Void = {}
    /// Whether `output` / `errorOutput` reach a terminal (set by the command line): plots
    /// are coloured and `train!` shows a progress bar only then.
    public var stdoutIsTerminal = false
    public var stderrIsTerminal = false
    /// Whether long-running progress (train!, ProgressMeter) reports plain lines now
    /// and then when stderr is not a terminal: only the `flx` command's own stderr
    /// (a log file, a pipe), never a session whose output is captured in-process.
    public var stderrTakesProgressLines = false
    /// While a limited `show` runs (REPL echo, `IOContext(io, :limit => true)`): the
    /// display size it fits to, as Julia's `:limit` and `displaysize(io)`; nil otherwise.
    package var displayLimit: (rows: Int, cols: Int)? = nil
    /// The macros libraries add (`MacroTable.swift`); Base's own are the compiler's.
    package var macros: [String: MacroExpander] = [:]
    /// The help registered with the libraries' built-ins (`BuiltinRegistration.swift`).
    public let builtinHelp = BuiltinHelpTable()
    /// Warnings already shown once (`maxlog = 1`, Julia's ambiguity warning).
    package var shownWarnings: Set<String> = []
    public var programFile: String = ""
    public var currentFileDirectory: String = "."
    /// The name messages use for the file being run (as given, or relative to it for includes).
    package var currentFileName: String = ""
    /// Nested `include`s in progress, capped so a file including itself stops quickly.
    package var includeDepth = 0
    package static let maxIncludeDepth = 200
    /// The default generator; it starts from system entropy, as Julia's does (`Random.seed!` fixes it).
    public var random = RandomState.fromEntropy()
    /// Loggers collecting log records instead of printing them (Test's `@test_logs`),
    /// innermost last; empty means records go to stderr as Julia's ConsoleLogger prints.
    package var logCollectors: [LogCollector] = []
    /// Where the default logger writes while `errorOutput` is redirected (`@test_warn`):
    /// Julia's logger keeps the stderr it was made with, so log messages bypass the
    /// redirection. Nil means `errorOutput`.
    package var loggerOutput: ((String) -> Void)?
    /// Per-run state that builtin families keep (logging counters, ...).
    public var extensions: [String: AnyObject] = [:]
    /// The objects whose `show` is in progress, innermost last (Julia's `:SHOWN_SET`
    /// entries of the `IOContext`): a structure holding itself prints
    /// `#= circular reference @-k =#` where it recurs (`Display.circularReference`).
    package var shownSet: [ObjectIdentifier] = []
    /// The types whose constructors are running, innermost last, so that a native
    /// constructor can read its parameters (`Dict{String, Float64}()`).
    package var constructing: [FlxType] = []
    /// This interpreter's constructors for types it did not define (see ConstructorTables.swift).
    package var constructorOverlays: [ObjectIdentifier: GenericFunction] = [:]
    /// Functions whose `rrule` is running recorded (see CustomRules.swift).
    package var rulesRunning: Set<ObjectIdentifier> = []
    /// The tape recording operations while `gradient` runs; nil otherwise.
    @exclusivity(unchecked) var activeTape: Tape?
    /// The tape every top-level `gradient` call records on (reset after each, so its arrays'
    /// capacity is reused); a nested one gets a tape of its own.
    package private(set) lazy var sharedTape = Tape()
    /// Plain numeric arrays that were given numbers being differentiated (`push!`, `v[i] = x`)
    /// and hold them as values until the differentiation ends (see `holdTracked`).
    var arraysHoldingTracked: [ArrayValue] = []
    /// `ChainRulesCore.rrule`, once the library that defines it is installed.
    package var ruleFunction: Value = .nothing
    /// Arrays on the tape that were split into tracked elements to be written (`holdTracked`),
    /// with the tensor they held: the gradient of an argument is that tensor's, whatever the
    /// function then did to the array. Kept until the next differentiation begins.
    var tensorsBeforeWrite: [ObjectIdentifier: Tensor] = [:]
    /// While evaluating the indices of `x[...]`: the object, the dimension, and how
    /// many indices there are, which is what `end` needs.
    @exclusivity(unchecked) package var indexContext: [(Value, Int, Int)] = []
    /// The exception most recently caught (for `rethrow` and `catch_backtrace`).
    package var lastError: FlxError?
    private var lambdaCounter = 0
    /// Hooks the Flux layer library installs: how layers print, and which struct
    /// fields hold trainable parameters.
    public var layerShow: ((Value, Interpreter) throws -> String?)?
    public var layerDisplay: ((Value, Interpreter) throws -> String?)?
    /// A layer as an element of a displayed vector: Flux's `_layer_show` (the one-line form
    /// with its parameter comment), which its `show(io, MIME"text/plain", x)` uses there.
    public var layerShowInVector: ((Value, Interpreter) throws -> String?)?
    package var trainableHook: ((StructInstance, Interpreter) -> [Int])?

    package func nextLambdaNumber() -> Int {
        lambdaCounter += 1
        return lambdaCounter
    }

    public init(output: @escaping (String) -> Void, errorOutput: @escaping (String) -> Void) {
        stack = UnsafeMutablePointer<Value>.allocate(capacity: Interpreter.stackCapacity)
        stack.initialize(repeating: .undef, count: 4096)
        stackReady = 4096
        self.output = output
        self.errorOutput = errorOutput
        base = ModuleValue(name: "Base", parent: nil)
        main = ModuleValue(name: "Main", parent: nil)
        main.usings = [base]
        modules["Base"] = base
        modules["Main"] = main
    }

    deinit {
        stack.deinitialize(count: stackReady)
        stack.deallocate()
    }

    /// Whether slots up to `top` can be used (initialising more of the stack if needed);
    /// false when that is beyond the stack's capacity (a StackOverflowError for the caller).
    @inline(__always) package func stackRoom(_ top: Int) -> Bool {
        top < stackReady || growStack(top)
    }

    /// Runs `body` with `count` fresh slots on top of the value stack (their base is the
    /// argument) and frees them afterwards: how arguments are laid out for a call.
    @inline(__always)
    package func withSlots<R>(_ count: Int, _ body: (_ base: Int) throws -> R) throws -> R {
        let base = sp
        guard stackRoom(base + count) else { throw Exceptions.stackOverflow() }
        sp = base + count
        defer {
            for i in 0..<count { stack[base + i] = .undef }
            sp = base
        }
        return try body(base)
    }

    @inline(never) private func growStack(_ top: Int) -> Bool {
        guard top < Interpreter.stackCapacity else { return false }
        let target = min(Interpreter.stackCapacity, max(top + 1, stackReady * 2))
        (stack + stackReady).initialize(repeating: .undef, count: target - stackReady)
        stackReady = target
        return true
    }

    // MARK: types of values

    public func typeOf(_ v: Value) -> FlxType {
        switch v {
        case .int: return BuiltinTypes.int64
        case .sized(let s): return s.kind.type
        case .wide(let w): return w.kind.type
        case .float64: return BuiltinTypes.float64
        case .float32: return BuiltinTypes.float32
        case .float16: return BuiltinTypes.float16
        case .bool: return BuiltinTypes.bool
        case .nothing, .undef, .cell: return BuiltinTypes.nothing
        case .missing: return BuiltinTypes.missing
        case .char: return BuiltinTypes.char
        case .symbol: return BuiltinTypes.symbol
        case .string(let s): return s.isSubString ? BuiltinTypes.subStringOfString : BuiltinTypes.string
        case .array(let a): return a.type
        case .tuple: return BuiltinTypes.tuple
        case .namedTuple: return BuiltinTypes.namedTuple
        case .range(let r):
            switch r.kind {
            case .int(_, _, _, let unit): return unit ? BuiltinTypes.unitRangeOfInt : BuiltinTypes.stepRangeOfInt
            case .float: return r.isFloat32 ? BuiltinTypes.floatRangeOfFloat32 : BuiltinTypes.floatRangeOfFloat64
            }
        case .function(let c): return (c as? GenericFunction)?.singletonType ?? BuiltinTypes.function
        case .type(let t): return t.isUnion ? BuiltinTypes.union : BuiltinTypes.dataType
        case .object(let o): return o.type
        case .module: return BuiltinTypes.module
        case .pair: return BuiltinTypes.pair
        case .native(let n): return n.flxType
        case .tracked(let t): return t.isFloat32 ? BuiltinTypes.float32 : BuiltinTypes.float64
        }
    }

    /// The identity of a value's type, computed without retaining anything for the
    /// common scalar cases (the call-site cache compares these).
    @inline(__always) package func typeID(_ v: Value) -> ObjectIdentifier {
        switch v {
        case .int: return Interpreter.int64ID
        case .float64: return Interpreter.float64ID
        case .float32: return Interpreter.float32ID
        case .bool: return Interpreter.boolID
        case .array(let a): return ObjectIdentifier(a.type)
        case .object(let o): return ObjectIdentifier(o.type)
        default: return ObjectIdentifier(typeOf(v))
        }
    }

    package static let int64ID = ObjectIdentifier(BuiltinTypes.int64)
    package static let float64ID = ObjectIdentifier(BuiltinTypes.float64)
    package static let float32ID = ObjectIdentifier(BuiltinTypes.float32)
    package static let boolID = ObjectIdentifier(BuiltinTypes.bool)

    // MARK: calls

    /// Calls `f` with the `count` arguments already stored at `stack[base...]`.
    /// The caller owns those slots and clears them afterwards.
    package func invoke(_ f: Value, base: Int, count: Int, keywords: [(name: String, value: Value)], span: Span?) throws -> Value {
        switch f {
        case .function(let callable):
            if let g = callable as? GenericFunction {
                return try invokeGeneric(g, fValue: f, base: base, count: count, keywords: keywords, span: span)
            }
            if let c = callable as? Closure {
                return try invokeCompiled(c.code, captures: c.captures, base: base, count: count, keywords: keywords, span: span)
            }
            if let n = callable as? NativeClosure {
                let args = Args(base: stack + base, count: count, keywords: keywords, span: span)
                if activeTape != nil, n.differentiation == .checked { return try callNativeChecked(n.body, args, name: n.name) }
                return try callNative(n.body, args, function: n.name)
            }
            throw Exceptions.error("object \(callable.name) is not callable")
        case .type(let t):
            if let ctor = constructor(of: t) {
                constructing.append(t)
                defer { constructing.removeLast() }
                return try invokeGeneric(ctor, fValue: f, base: base, count: count, keywords: keywords, span: span)
            }
            throw Exceptions.method(f, (0..<count).map { stack[base + $0] })
        case .object(let o):
            guard let methods = o.type.callMethods ?? o.type.root.callMethods else {
                throw Exceptions.method(f, (0..<count).map { stack[base + $0] })
            }
            return try invokeWithSelf(methods, selfValue: f, base: base, count: count, keywords: keywords, span: span)
        case .native(let n):
            if let c = n as? NativeCallable {
                let args = Args(base: stack + base, count: count, keywords: keywords, span: span)
                if activeTape != nil { return try callNativeChecked(c.call, args, name: TypeNames.show(typeOf(f))) }
                return try callNative(c.call, args, function: "(::" + TypeNames.show(typeOf(f)) + ")")
            }
            throw Exceptions.method(f, (0..<count).map { stack[base + $0] })
        default:
            // A string callee would read as a builtin's name in the MethodError
            // ("no method matching abc(::Int64)"), so say it is not callable.
            if case .string = f { throw Exceptions.notCallable(f, (0..<count).map { stack[base + $0] }) }
            throw Exceptions.method(f, (0..<count).map { stack[base + $0] })
        }
    }

    /// `(m::T)(x)`: the instance becomes the first argument.
    package func invokeWithSelf(_ g: GenericFunction, selfValue: Value, base: Int, count: Int, keywords: [(name: String, value: Value)], span: Span?) throws -> Value {
        try withSlots(count + 1) { newBase in
            stack[newBase] = selfValue
            for i in 0..<count { stack[newBase + 1 + i] = stack[base + i] }
            return try invokeGeneric(g, fValue: .function(g), base: newBase, count: count + 1, keywords: keywords, span: span)
        }
    }

    package func invokeGeneric(_ g: GenericFunction, fValue: Value, base: Int, count: Int, keywords: [(name: String, value: Value)], span: Span?) throws -> Value {
        let method: Method? = withUnsafeTemporaryAllocation(of: FlxType.self, capacity: max(count, 1)) { buf in
            for i in 0..<count { buf.initializeElement(at: i, to: dispatchType(stack[base + i], for: g)) }
            defer { buf.baseAddress!.deinitialize(count: count) }
            return g.select(UnsafeBufferPointer(rebasing: buf[0..<count]), world: runningWorld)
        }
        guard let m = method else {
            throw Exceptions.method(fValue, (0..<count).map { stack[base + $0] }, keywords: keywords.map { ($0.name, $0.value) })
        }
        return try run(m, base: base, count: count, keywords: keywords, span: span)
    }

    @inline(__always)
    package func run(_ m: Method, base: Int, count: Int, keywords: [(name: String, value: Value)], span: Span?) throws -> Value {
        switch m.body {
        case .native(let fn):
            let args = Args(base: stack + base, count: count, keywords: keywords, span: span)
            if activeTape != nil {
                switch m.differentiation {
                case .checked:
                    try packHeldArguments(base: base, count: count, from: 0)
                    return try callNativeChecked(fn, args, name: m.functionName)
                case .mutating:
                    let written = try detachWrittenArray(args, name: m.functionName)
                    try packHeldArguments(base: base, count: count, from: written + 1)
                    return try callNativeChecked(fn, args, name: m.functionName)
                case .constant:
                    // A constant by design (`fld`, `eps`, `zero`) sees plain numbers, so it
                    // computes what it computes outside `gradient` instead of failing to match
                    // a tracked one (forward value NaN, MethodError).
                    for i in 0..<count { if case .tracked(let s) = stack[base + i] { stack[base + i] = s.plain } }
                case .forwarded: break
                case .customRule: return try callWithCustomRule(m, base: base, count: count, keywords: keywords, span: span)
                }
            }
            return try callNative(fn, args, function: m.functionName)
        case .compiled(let code):
            if activeTape != nil, m.differentiation == .customRule {
                return try callWithCustomRule(m, base: base, count: count, keywords: keywords, span: span)
            }
            if activeTape != nil, m.differentiation == .constant {
                // `@non_differentiable f(x)`: run with recording paused; the result is a constant.
                return try constantValue(recording(on: nil) {
                    try invokeCompiled(code, captures: [], base: base, count: count, keywords: keywords, span: span, method: m)
                })
            }
            return try invokeCompiled(code, captures: [], base: base, count: count, keywords: keywords, span: span, method: m)
        }
    }

    /// Runs compiled code in a new frame starting at `base`, where the arguments are.
    package func invokeCompiled(_ fn: CompiledFunction, captures: [Cell], base: Int, count: Int, keywords: [(name: String, value: Value)], span: Span?, method: Method? = nil) throws -> Value {
        let fp = stack + base
        var argc = count
        if fn.hasVararg {
            // Pack the trailing arguments into a tuple in the vararg slot.
            let fixed = fn.paramCount - 1
            if argc < fixed { throw Exceptions.method(.str(fn.displayName), (0..<argc).map { fp[$0] }) }
            let rest = (fixed..<argc).map { fp[$0] }
            for i in fixed..<argc { fp[i] = .undef }
            fp[fixed] = .tuple(rest)
            argc = fn.paramCount
        } else if argc > fn.paramCount || argc < fn.requiredCount {
            throw Exceptions.method(.str(fn.displayName), (0..<argc).map { fp[$0] })
        }
        guard stackRoom(base + fn.frameSize), callDepth < maxCallDepth else {
            throw Exceptions.stackOverflow()
        }
        // The depth limit assumes ordinary native frames; builtins that call back into
        // flx, or a sanitizer build, use more, so the native stack is checked as well.
        if callDepth & 31 == 31 { try NativeStack.check() }
        let savedSP = sp
        sp = max(sp, base + max(fn.frameSize, count))
        callDepth += 1
        defer {
            for i in 0..<max(fn.frameSize, count) { fp[i] = .undef }
            sp = savedSP
            callDepth -= 1
        }
        if let m = method, !m.typeBindings.isEmpty { bindTypeVars(m, fn: fn, fp: fp) }
        for (i, slot) in fn.captureSlots.enumerated() { fp[slot] = .cell(captures[i]) }
        do {
            if argc < fn.paramCount {
                // Optional positional parameters: their defaults may use earlier ones.
                for i in argc..<fn.paramCount {
                    let v = try fn.defaults[i - fn.requiredCount].eval(self, fp)
                    fp[i] = v
                }
            }
            if !fn.keywordSlots.isEmpty || !keywords.isEmpty || fn.keywordRestSlot != nil {
                try bindKeywords(fn, fp: fp, keywords: keywords)
            }
            for slot in fn.cellParams { fp[slot] = .cell(Cell(fp[slot])) }
        } catch let e as FlxError {
            throw unwound(e, fn, fp)
        }
        return try runBody(fn, fn.body, fp)
    }

    /// Runs a function body in its frame: a `return` inside it ends here, and an error
    /// leaving it names this frame (`f(x::Int64)`) in the backtrace.
    @inline(__always)
    private func runBody(_ fn: CompiledFunction, _ body: Node, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        do {
            var result = try body.eval(self, fp)
            if pending == .returnValue {
                pending = .none
                result = returnValue
                returnValue = .nothing
            }
            return result
        } catch let e as FlxError {
            throw unwound(e, fn, fp)
        }
    }

    /// An error leaving `fn`'s frame: pending control flow is dropped and the innermost
    /// backtrace entry, if still unnamed, gets this frame's name.
    private func unwound(_ e: FlxError, _ fn: CompiledFunction, _ fp: UnsafeMutablePointer<Value>) -> FlxError {
        pending = .none
        if let last = e.frames.indices.last, e.frames[last].function == nil {
            e.frames[last].function = frameName(fn, fp: fp)
        }
        return e
    }

    /// `invokeCompiled` for plain code (`CompiledFunction.isPlain`) called with exactly its
    /// parameters: the hot path of recursive and small helper functions. The caller owns
    /// and clears the argument slots, and passes the body and frame size it keeps alive.
    @inline(__always)
    package func runPlain(_ fn: CompiledFunction, body: Node, frameSize frame: Int, base: Int, count: Int) throws -> Value {
        guard stackRoom(base + frame), callDepth < maxCallDepth else { throw Exceptions.stackOverflow() }
        if callDepth & 31 == 31 { try NativeStack.check() }
        let fp = stack + base
        let savedSP = sp
        sp = max(sp, base + frame)
        callDepth &+= 1
        defer {
            var i = count
            while i < frame { fp[i] = .undef; i &+= 1 }
            sp = savedSP
            callDepth &-= 1
        }
        return try runBody(fn, body, fp)
    }

    package func frameName(_ fn: CompiledFunction, fp: UnsafeMutablePointer<Value>) -> String {
        let params = fn.paramNames.enumerated().map { (i, n) -> String in
            var v = fp[i]
            if case .cell(let c) = v { v = c.value }
            return "\(n)::\(TypeNames.show(typeOf(v)))"
        }
        return fn.displayName + "(" + params.joined(separator: ", ") + ")"
    }

    package func bindTypeVars(_ m: Method, fn: CompiledFunction, fp: UnsafeMutablePointer<Value>) {
        for (name, position, viaElementType) in m.typeBindings {
            guard let slot = fn.typeVarSlots.first(where: { $0.name == name })?.slot, position < fn.paramCount else { continue }
            let v = fp[position]
            // A tuple's element types are read off its full type.
            var t = viaElementType ? preciseType(of: v) : typeOf(v)
            // `x::Vector{T}` / `p::Point{T}`: T is the argument type's first parameter.
            if viaElementType {
                if case .array(let a) = v { t = a.elementType } else if case .type(let p)? = t.parameters.first { t = p }
            }
            fp[slot] = .type(t)
        }
    }

    package func bindKeywords(_ fn: CompiledFunction, fp: UnsafeMutablePointer<Value>, keywords: [(name: String, value: Value)]) throws {
        var used = [Bool](repeating: false, count: keywords.count)
        for (name, slot, defaultValue) in fn.keywordSlots {
            if let i = keywords.lastIndex(where: { $0.name == name }) {
                fp[slot] = keywords[i].value
                for j in 0..<keywords.count where keywords[j].name == name { used[j] = true }
            } else if let d = defaultValue {
                fp[slot] = try d.eval(self, fp)
            } else {
                throw Exceptions.undefKeyword(name)
            }
        }
        var rest: [(String, Value)] = []
        for (i, kw) in keywords.enumerated() where !used[i] { rest.append((kw.name, kw.value)) }
        if let slot = fn.keywordRestSlot {
            fp[slot] = .namedTuple(NamedTupleValue(names: rest.map { $0.0 }, values: rest.map { $0.1 }))
        } else if let first = rest.first {
            // Julia names the keyword the method does not take and the ones it does.
            let accepted = fn.keywordSlots.map { $0.0 }
            throw Exceptions.make("MethodError", [
                .str(fn.displayName), .tuple((0..<fn.paramCount).map { fp[$0] }), .str(first.0),
                .str("\(fn.displayName) got unsupported keyword argument \"\(first.0)\"" + (accepted.isEmpty ? "; it takes no keywords" : "; it takes " + accepted.map { "`\($0)`" }.joined(separator: ", "))),
                .tuple([first.1]),
            ])
        }
    }

    /// Calls a function value with arguments given as an array (from builtins such as `map`).
    public func call(_ f: Value, _ args: [Value], keywords: [(name: String, value: Value)] = [], span: Span? = nil) throws -> Value {
        try reentering {
            try withSlots(args.count) { base in
                for (i, a) in args.enumerated() { stack[base + i] = a }
                return try invoke(f, base: base, count: args.count, keywords: keywords, span: span)
            }
        }
    }

    @inline(__always) public func call(_ f: Value, _ a: Value) throws -> Value {
        try reentering {
            try withSlots(1) { base in
                stack[base] = a
                return try invoke(f, base: base, count: 1, keywords: [], span: nil)
            }
        }
    }

    /// How many plain frames a call made from Swift (`call` above: builtins calling back
    /// into flx, `getindex` and `show` overloads, keyword calls) counts as toward
    /// `maxCallDepth`: such a call holds native frames several times a plain call's
    /// (about 14 KB against 4 KB in a debug build), and counting them so keeps a runaway
    /// recursion through builtins ending at a depth that is the same in every build,
    /// well inside the native stack, rather than wherever that stack runs out.
    package static let reentryWeight = 3

    @inline(__always)
    private func reentering<R>(_ body: () throws -> R) throws -> R {
        try NativeStack.check()
        callDepth &+= Interpreter.reentryWeight
        defer { callDepth &-= Interpreter.reentryWeight }
        return try body()
    }

    /// Prints a warning once per key (Julia's `maxlog = 1` at a fixed call site).
    public func warnOnce(key: String, _ message: String) {
        guard !shownWarnings.contains(key) else { return }
        shownWarnings.insert(key)
        (loggerOutput ?? errorOutput)(message)
    }
}

/// A Swift object that flx code can call like a function.
public protocol NativeCallable: AnyObject {
    func call(_ interp: Interpreter, _ args: Args) throws -> Value
}
