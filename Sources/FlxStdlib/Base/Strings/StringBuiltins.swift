import FlxSyntax
import FlxCore

/// Base's strings: building, transforming, searching and parsing them, and the
/// classes of characters, one table a file (`StringBuilding.swift`, ...).
package enum StringBuiltins {
    package static var tables: [[Builtin]] {
        [stringBuilding, stringTransforms, stringSearching, stringReplacing, stringIndexing, stringParsing, characterQueries]
    }

    package static func install(_ interp: Interpreter) {
        for table in tables { interp.base.register(table, helpInto: interp.builtinHelp) }
        installFinding(interp)
        installSubString()
        installRegex(interp)
        installStringMacros(interp)
    }
}
