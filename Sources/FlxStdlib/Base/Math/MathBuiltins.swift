import FlxSyntax
import FlxCore

/// Base's numbers: elementary functions, rounding, integer division, min/max,
/// predicates and numeric types, one table a file (`ElementaryFunctions.swift`, ...).
package enum MathBuiltins {
    package static var tables: [[Builtin]] {
        [elementaryFunctions, roundingFunctions, integerFunctions, oneBasedDivision, selectionFunctions, numberPredicates, numericTypeFunctions,
         floatRepresentation, bitIntegerFunctions, RationalNumbers.functions, BigIntegers.functions, ComplexNumbers.functions]
    }

    package static func install(_ interp: Interpreter) {
        let b = interp.base
        for table in tables { b.register(table, helpInto: interp.builtinHelp) }
        // The prefix operator is the same function, so methods added to either reach both.
        b.define("√", b.binding("sqrt").value)
        RationalNumbers.install(interp)
        BigIntegers.install(interp)
        ComplexNumbers.install(interp)
    }
}
