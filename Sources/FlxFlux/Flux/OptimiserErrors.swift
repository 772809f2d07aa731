import FlxSyntax
import FlxCore
import FlxStdlib
import FlxEngine

/// The exceptions Julia throws for the optimiser engine's `RuleError`s.
package enum OptimiserErrors {
    /// Runs an engine optimiser call, turning engine errors into flx exceptions.
    package static func run<T>(_ interp: Interpreter, _ body: () throws -> T) throws -> T {
        do {
            return try interp.engine(body)
        } catch let e as RuleError {
            throw exception(e, interp)
        }
    }

    package static func exception(_ e: RuleError, _ interp: Interpreter) -> FlxError {
        switch e {
        case .nonFiniteNorm(let p, let norm, let shape, let dtype):
            // Optimisers.jl's `DomainError(nrm, "gradient has $p-norm $nrm, for array $(summary(x))")`.
            return Exceptions.domain(OptimiserBinding.value(norm), "gradient has \(p.printText)-norm \(norm.printText), for array \(EngineAdapter.summary(shape, dtype))")
        case .notAdjustable(let rule, let field):
            return Exceptions.argument("adjust(::\(rule); \(field)) is not allowed, as the variants store different states")
        case .fieldsMismatch(let rule):
            return Exceptions.argument("\(rule) was given fields other than its own")
        }
    }
}
