import FlxSyntax
import FlxEngine

/// The engine adapter: where the language meets the engine (as Lua's `lapi.c`). Values
/// cross here (arrays, numbers and tracked scalars become tensors; results come back as
/// arrays, or as numbers for rank 0, tracked ones staying on the tape), engine errors
/// become Julia exceptions (`callNative`, `convertEngineError`), and the engine's
/// structured messages are written in Julia's notation (`EngineAdapter.render`).
extension Interpreter {
    /// The tensor behind a value, if it has one (numbers become rank-0 tensors).
    package func tensor(of v: Value) throws -> Tensor? {
        switch v {
        case .array(let a): return try a.tensor ?? packHeldTracked(a)
        case .tracked(let t): return try engine { try t.tensor }
        case .float64(let d): return try Tensor.scalar(d, dtype: .float64)
        case .float32(let f): return try Tensor.scalar(Double(f), dtype: .float32)
        case .int(let n): return try Tensor.scalar(Double(n), dtype: .int64)
        case .bool(let b): return try Tensor.scalar(b ? 1 : 0, dtype: .bool)
        case .range: return try materialize(v).tensor
        default: return nil
        }
    }

    /// `args`: the whole call, so the MethodError shows every argument, not just `v`.
    package func requireTensor(_ v: Value, _ function: String, args: [Value]? = nil) throws -> Tensor {
        if let t = try tensor(of: v) { return t }
        throw Exceptions.method(.str(function), args ?? [v])
    }

    /// Wraps an engine result: arrays as arrays, rank 0 as a number (tracked if on the tape).
    package func wrap(_ t: Tensor, keepArray: Bool = false) -> Value {
        if t.rank == 0 && !keepArray {
            if let tape = activeTape, tape.isTracked(t) { return .tracked(TrackedScalar(t)) }
            switch t.dtype {
            case .float32: return .float32(t.floatValue(0))
            case .float64: return .float64(t.doubleValue(0))
            case .int64: return .int(t.intValue(0))
            case .bool: return .bool(t.boolValue(0))
            }
        }
        return .array(ArrayValue(tensor: t))
    }

    package func trackedTensor(_ s: TrackedScalar) throws -> Tensor? { try engine { try s.tensor } }

    /// Runs an engine call, turning its errors into Julia exceptions.
    package func engine<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as EngineError { throw convertEngineError(e) }
    }

    /// Runs an engine call that records onto the tape of the differentiation under way (nil
    /// when there is none): the adapter owns the active tape and hands it to the call, so no
    /// library code reads or keeps it.
    package func engine<T>(_ body: (Tape?) throws -> T) throws -> T {
        do { return try body(activeTape) } catch let e as EngineError { throw convertEngineError(e) }
    }

    /// Runs `body` with `tape` as the active tape (the differentiation `gradient`, `pullback`
    /// and their kin start; nil pauses it, as `Zygote.ignore` does), restoring the one before
    /// it however `body` ends.
    package func recording<T>(on tape: Tape?, _ body: () throws -> T) rethrows -> T {
        let saved = activeTape, held = arraysHoldingTracked.count
        if saved == nil, tape != nil { tensorsBeforeWrite.removeAll() }
        activeTape = tape
        defer {
            activeTape = saved
            releaseTracked(downTo: held)
        }
        return try body()
    }

    /// Whether a differentiation is under way (layers with `active = nothing` train then).
    package var isDifferentiating: Bool { activeTape != nil }

    /// The tape of the differentiation under way, for one started inside it (`gradient` in
    /// `gradient`), which records on the same tape.
    package var enclosingTape: Tape? { activeTape }

    /// Every native function (builtin, library function, callable native object) is
    /// entered here: an engine error that its code did not convert becomes the Julia
    /// exception it stands for, so it is caught by `try`/`catch` and located at the call
    /// like any other (nothing from the engine reaches flx code as a Swift error).
    /// A keyword the native did not read is Julia's MethodError naming `function`
    /// (see `Args`); checked after the native ran, since only then is it known.
    @inline(__always)
    package func callNative(_ fn: (Interpreter, Args) throws -> Value, _ args: Args, function: @autoclosure () -> String) throws -> Value {
        let result: Value
        do { result = try fn(self, args) } catch let e as EngineError { throw convertEngineError(e) }
        if let e = args.unsupportedKeywords(function: function) { throw e }
        return result
    }

    /// What `try`/`catch` and the top level see of a Swift error: flx exceptions as they
    /// are, engine errors converted; nil for the runner's own signals (`exit`).
    package func flxError(from error: Error) -> FlxError? {
        if let e = error as? FlxError { return e }
        if let e = error as? EngineError { return convertEngineError(e) }
        return nil
    }

    /// `getindex` that keeps gradients flowing: elements of a tracked array are tracked scalars.
    package func getIndexTracked(_ v: Value, _ indices: [Value]) throws -> Value {
        if let tape = activeTape, case .array(let a) = v, let t = a.tensor, tape.isTracked(t) {
            if let (w, ix) = try cartesianRewrite(v, indices) { return try getIndexTracked(w, ix) }
            let specs = try indexSpecs(indices)
            let r: Tensor
            do { r = try Indexing.getindex(t, specs, tape: tape) } catch let e as EngineError { throw convertEngineError(e, array: v, indices: indices) }
            let allScalar = specs.allSatisfy { if case .scalar = $0 { return true }; return false }
            return allScalar ? wrap(r) : .array(ArrayValue(tensor: r))
        }
        if case .tracked(let s) = v {
            // A number is its own only element (`x[]`, `x[1]`): the plain number checks the
            // indices, the tracked one is the result, so its gradient carries on.
            _ = try getIndex(s.plain, indices)
            return v
        }
        return try getIndex(v, indices)
    }

    /// Whether a value takes part in differentiation right now.
    package func isTracked(_ v: Value) -> Bool {
        guard let tape = activeTape else { return false }
        switch v {
        case .tracked: return true
        case .array(let a):
            // A numeric array filled with tracked numbers is packed onto the tape here, so
            // every native that asks before computing takes the differentiated path.
            guard let t = a.tensor ?? (try? packHeldTracked(a)) ?? nil else { return false }
            return tape.isTracked(t)
        default: return false
        }
    }
}

/// Engine settings the command line reaches (through `FlxREPL.Launcher`).
package enum EngineAdapter {
    /// `--threads N`: the engine's pool for matrix products and array loops, at most one
    /// thread per CPU this process may run on: every worker spins between jobs, so
    /// threads beyond the cores only fight over them (`--threads 1000` made products
    /// crawl on two cores). False (and nothing changed) for a count below 1.
    @discardableResult
    package static func setThreads(_ n: Int) -> Bool {
        (try? Engine.setThreads(min(n, Engine.availableCPUs))) != nil
    }
}

// MARK: - Engine errors as the language shows them

extension Interpreter {
    /// The Julia exception an engine error stands for, with its text in Julia's notation.
    /// `array` and `indices` (when the caller knows them) make a BoundsError carry the
    /// array itself, as Julia's does.
    public func convertEngineError(_ e: EngineError, array: Value? = nil, indices: [Value] = []) -> FlxError {
        switch e {
        case .dimensionMismatch(let m): return Exceptions.dimensionMismatch(EngineAdapter.render(m))
        case .argument(let m): return Exceptions.argument(EngineAdapter.render(m))
        case .domain(let value, let dtype, let m): return Exceptions.domain(EngineAdapter.number(value, dtype), EngineAdapter.render(m))
        case .bounds(let shape, let dtype, let index):
            if let array { return Exceptions.bounds(array, .tuple(indices)) }
            let text = "attempt to access " + EngineAdapter.summary(shape, dtype) + " at index [" + index.map(EngineAdapter.indexText).joined(separator: ", ") + "]"
            return Exceptions.make("BoundsError", [.str(text), .nothing])
        case .divide: return Exceptions.divide()
        case .inexact(let target, let value, let source):
            let text = TypeNames.show(ArrayValue.flxType(of: target)) + "(" + ((try? Display.printString(EngineAdapter.number(value, source), self)) ?? "\(value)") + ")"
            return Exceptions.make("InexactError", [.sym("convert"), .str(text), .nothing])
        case .mutation(let function, let shape, let dtype):
            return Exceptions.error(EngineAdapter.zygoteMutationMessage(function: function, arrayType: EngineAdapter.arrayTypeName(rank: shape.rank, dtype)))
        case .outOfMemory: return Exceptions.outOfMemory()
        case .singular(let k): return Exceptions.make("SingularException", [.int(Int64(k))])
        case .lapack(_, let info): return Exceptions.make("LAPACKException", [.int(Int64(info))])
        }
    }
}

extension Shape {
    /// Julia's `size` tuple: `(3,)`, `(3, 2)`, `()`.
    package var tupleText: String { EngineAdapter.render("\(self)") }
}

extension EngineAdapter {
    /// An engine message with its marked values in Julia's notation.
    package static func render(_ m: EngineMessage) -> String {
        m.parts.map { part -> String in
            switch part {
            case .text(let s): return s
            case .dims(let d): return tuple(d.map(String.init))
            case .requestedDims(let d): return tuple(d.map { $0 == -1 ? "Colon()" : String($0) })
            case .elementType(let t): return TypeNames.show(ArrayValue.flxType(of: t))
            case .array(let s, let t): return summary(s, t)
            case .arrayType(let rank, let t): return arrayTypeName(rank: rank, t)
            case .number(let v, let t): return printed(number(v, t))
            }
        }.joined()
    }

    /// Julia's tuple printing: `(3,)`, `(3, 2)`, `()`.
    private static func tuple(_ items: [String]) -> String {
        items.count == 1 ? "(\(items[0]),)" : "(" + items.joined(separator: ", ") + ")"
    }

    /// A number from the engine as the value of its element type.
    package static func number(_ v: Double, _ dtype: DType) -> Value {
        switch dtype {
        case .float64: return .float64(v)
        case .float32: return .float32(Float(v))
        case .int64: return v.magnitude < 9.2e18 ? .int(Int64(v)) : .float64(v)
        case .bool: return .bool(v != 0)
        }
    }

    /// `print`'s text of a scalar (no interpreter state is needed for numbers).
    private static func printed(_ v: Value) -> String {
        switch v {
        case .float64(let d): return FloatFormat.show(d)
        case .float32(let f): return FloatFormat.print(f)
        case .int(let n): return "\(n)"
        case .bool(let b): return b ? "true" : "false"
        default: return ""
        }
    }

    /// Julia's array type for an engine array of this rank: `Vector{Float32}`, `BitMatrix`.
    package static func arrayTypeName(rank: Int, _ dtype: DType) -> String {
        let type = dtype == .bool ? BuiltinTypes.bitArrayOf(rank) : BuiltinTypes.arrayOf(ArrayValue.flxType(of: dtype), rank)
        return TypeNames.show(type)
    }

    /// `3×2 Matrix{Float32}`, `3-element Vector{Int64}`, `0-dimensional Array{Float64, 0}`.
    package static func summary(_ shape: Shape, _ dtype: DType) -> String {
        let size: String
        switch shape.rank {
        case 0: size = "0-dimensional"
        case 1: size = "\(shape[0])-element"
        default: size = shape.dims.map(String.init).joined(separator: "×")
        }
        return size + " " + arrayTypeName(rank: shape.rank, dtype)
    }

    /// How Julia prints one index inside a BoundsError.
    package static func indexText(_ index: IndexSpec) -> String {
        switch index {
        case .all: return ":"
        case .scalar(let i): return "\(i)"
        case .range(let a, let s, let b): return s == 1 ? "\(a):\(b)" : "\(a):\(s):\(b)"
        case .list(let l): return "[" + l.map(String.init).joined(separator: ", ") + "]"
        case .mask(let m): return "Bool[" + m.map { $0 ? "1" : "0" }.joined(separator: ", ") + "]"
        }
    }

    /// Zygote's words for an in-place write under differentiation.
    package static func zygoteMutationMessage(function: String, arrayType: String) -> String {
        """
        Mutating arrays is not supported -- called \(function)(\(arrayType), ...)
        This error occurs when you ask Zygote to differentiate operations that change
        the elements of arrays in place (e.g. setting values with x .= ...)

        Possible fixes:
        - avoid mutating operations (preferred)
        - or read the documentation and solutions for this error
          https://fluxml.ai/Zygote.jl/latest/limitations

        """
    }
}
