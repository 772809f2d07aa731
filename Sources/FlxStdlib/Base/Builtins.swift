import FlxSyntax
import FlxCore
import FlxEngine

/// Installs Base and the standard library (LinearAlgebra, Statistics, Random, Printf,
/// DelimitedFiles, plots, ...). Each family of functions lives in its own file and
/// registers itself here; the Flux family comes after, from `FlxFlux.Libraries`.
package enum Builtins {
    package static func install(into interp: Interpreter) {
        TypeBuiltins.install(interp)
        OperatorBuiltins.install(interp)
        MathBuiltins.install(interp)
        CollectionBuiltins.install(interp)
        ArrayBuiltins.install(interp)
        StringBuiltins.install(interp)
        IOBuiltins.install(interp)
        IOContextBuiltins.install(interp)
        FileBuiltins.install(interp)
        RandomBuiltins.install(interp)
        ReflectionBuiltins.install(interp)
        MetaBuiltins.install(interp)
        StdlibModules.install(interp)
        LazyBroadcast.install(interp)
        DatesLibrary.install(interp)
        ThreadsModule.install(interp)
        LogLevelObject.install(interp)
        TestLibrary.install(interp)
        PlotBuiltins.install(interp)
        DelimitedFiles.install(interp)
        StaticArraysModule.install(interp)
        SummarySize.install(interp)
        FillArraysModule.install(interp)
        // Last: these add methods (for `EnvDict`, for pipelines) in front of the functions above.
        EnvironmentBuiltins.install(interp)
        Commands.installPipelines(interp)
    }
}

extension ModuleValue {
    /// Makes another module's binding visible here under the same name.
    package func reexport(_ name: String, from other: ModuleValue) {
        if let b = other.member(name) { binding(name).value = b.value; exports.insert(name) }
    }
}

extension Args {
    /// Throws Julia's MethodError unless the count is in `range`.
    package func expect(_ name: String, _ range: ClosedRange<Int>) throws {
        if !range.contains(count) { throw Exceptions.method(.str(name), values) }
    }

    package func int(_ i: Int, _ name: String) throws -> Int {
        switch self[i] {
        case .int(let n): return Int(truncatingIfNeeded: n)
        case .bool(let b): return b ? 1 : 0
        case .float64(let d) where d == d.rounded() && abs(d) < 9e18: return Int(d)
        default: throw Exceptions.method(.str(name), values)
        }
    }

    package func keywordInt(_ name: String) throws -> Int? {
        guard let v = keyword(name) else { return nil }
        if case .int(let n) = v { return Int(n) }
        throw Exceptions.typeError(name, expected: "Int64", got: v)
    }

    package func keywordBool(_ name: String) throws -> Bool? {
        guard let v = keyword(name) else { return nil }
        if case .bool(let b) = v { return b }
        throw Exceptions.typeError(name, expected: "Bool", got: v)
    }
}

extension Interpreter {
    /// A Swift array of values as a flx Vector with the inferred element type.
    package func vector(_ values: [Value]) throws -> Value { .array(try makeVector(values)) }

    package func number(_ d: Double, like v: Value) -> Value {
        if case .float32 = v { return .float32(Float(d)) }
        if case .float16 = v { return .float16(Float16(d)) }
        return .float64(d)
    }
}
