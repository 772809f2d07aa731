import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif

/// Errors, types and fields at run time, `include`, time and process control.
package enum ReflectionBuiltins {
    package static var tables: [[Builtin]] {
        [typeQueries, errorFunctions, sessionFunctions, fieldAccess, versionFunctions]
    }

    package static func install(_ interp: Interpreter) {
        let b = interp.base
        for table in tables { b.register(table, helpInto: interp.builtinHelp) }
        b.define("VERSION", .str("1.11.0"))
    }
}
