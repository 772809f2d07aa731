import FlxSyntax
import FlxEngine

/// Moving values between flx and the engine: arrays, numbers and tracked scalars
/// become tensors; results come back as arrays, or as numbers for rank 0 (tracked
/// ones stay on the tape).
extension Interpreter {
    /// The tensor behind a value, if it has one (numbers become rank-0 tensors).
    package func tensor(of v: Value) throws -> Tensor? {
        switch v {
        case .array(let a): return a.tensor
        case .tracked(let t): return t.tensor
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

    package func trackedTensor(_ s: TrackedScalar) -> Tensor? { s.tensor }

    /// Runs an engine call, turning its errors into Julia exceptions.
    package func engine<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as EngineError { throw convertEngineError(e) }
    }

    /// Every native function (builtin, library function, callable native object) is
    /// entered here: an engine error that its code did not convert becomes the Julia
    /// exception it stands for, so it is caught by `try`/`catch` and located at the call
    /// like any other (nothing from the engine reaches flx code as a Swift error).
    @inline(__always)
    package func callNative(_ fn: (Interpreter, Args) throws -> Value, _ args: Args) throws -> Value {
        do { return try fn(self, args) } catch let e as EngineError { throw convertEngineError(e) }
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
            let specs = try indexSpecs(indices)
            let r: Tensor
            do { r = try Indexing.getindex(t, specs, tape: tape) } catch let e as EngineError { throw convertEngineError(e, array: v, indices: indices) }
            let allScalar = specs.allSatisfy { if case .scalar = $0 { return true }; return false }
            return allScalar ? wrap(r) : .array(ArrayValue(tensor: r))
        }
        return try getIndex(v, indices)
    }

    /// Whether a value takes part in differentiation right now.
    package func isTracked(_ v: Value) -> Bool {
        guard let tape = activeTape else { return false }
        switch v {
        case .tracked: return true
        case .array(let a): return a.tensor.map { tape.isTracked($0) } ?? false
        default: return false
        }
    }
}

/// Engine settings the command line reaches (through `FlxREPL.Launcher`).
package enum EngineAdapter {
    /// `--threads N`: the engine's pool for matrix products and array loops. False (and
    /// nothing changed) for a count outside 1...1024.
    @discardableResult
    package static func setThreads(_ n: Int) -> Bool {
        (try? Engine.setThreads(n)) != nil
    }
}
