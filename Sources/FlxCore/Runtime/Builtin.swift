import FlxSyntax

/// The `?name` help of a built-in: how it is called, what it does, and an example.
public struct BuiltinHelp: Sendable, Equatable {
    public let signature: String
    public let text: String
    public let example: String

    public init(signature: String, text: String, example: String) {
        self.signature = signature
        self.text = text
        self.example = example
    }

    public init(_ signature: String, _ text: String, _ example: String) {
        self.init(signature: signature, text: text, example: example)
    }
}

/// One entry of a library table: a built-in function with everything said about it
/// in one place, in the manner of Lua's `luaL_Reg`.
///
/// To add a built-in, write its native function (or a short closure) in the file of its
/// family and add one line to that file's table, e.g. in
/// `Sources/FlxStdlib/Base/Math/IntegerFunctions.swift`:
///
///     Builtin("mod", flooredRemainder,
///         help: BuiltinHelp("mod(a, b)", "The remainder after floored division; its sign follows `b`.", "mod(-7, 3)  # 2")),
///
/// Add `export: false` for a name reached only as `Base.name`, and `fusedKernel:` when
/// the engine has the function as a broadcast op. A new table (a new file) goes into its
/// family's `tables` list, which `install` registers with `ModuleValue.register(_:helpInto:)`;
/// `?mod` at the REPL then shows the help. Without help, `?` says none has been written.
public struct Builtin {
    public let name: String
    public let help: BuiltinHelp?
    /// Whether `using` the module makes the name visible; false for a name reached only
    /// as `Module.name`.
    public let isExported: Bool
    /// The op the engine runs for this function inside a broadcast, so that `exp.(x .+ 1)`
    /// becomes one fused, differentiable kernel; nil when a broadcast calls it once per element.
    public let fusedKernel: Broadcast.FusableOp?
    public let function: NativeFunction
    /// How it takes part in differentiation: `.checked` (the default) unless its result is
    /// a constant by design (see `Differentiation`).
    public let differentiation: Differentiation

    public init(_ name: String, export: Bool = true, fusedKernel: Broadcast.FusableOp? = nil,
                differentiation: Differentiation = .checked,
                _ function: @escaping NativeFunction, help: BuiltinHelp? = nil) {
        self.name = name
        self.help = help
        self.isExported = export
        self.fusedKernel = fusedKernel
        self.differentiation = differentiation
        self.function = function
    }
}
