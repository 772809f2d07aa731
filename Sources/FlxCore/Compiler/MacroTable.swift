import FlxSyntax

/// How a library adds a macro: given the compiler (to compile its arguments), the
/// argument expressions and the call's span, it returns the node that runs in its
/// place. The core expands Base's own macros itself (`CompileMacros.swift`); the
/// others (`@printf`, `@layer`, `@epochs`, ...) are registered by the library that
/// owns them with `Interpreter.registerMacro`, usually as a `Node` subclass of its own
/// (`Node` is open to the later targets).
package typealias MacroExpander = (_ compiler: Compiler, _ args: [Expr], _ span: Span) throws -> Node

extension Interpreter {
    /// Adds (or replaces) the macro `@name`.
    package func registerMacro(_ name: String, _ expand: @escaping MacroExpander) {
        macros[name] = expand
    }
}
