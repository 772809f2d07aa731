import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
/// Help entries for Base's values that are not functions: the streams, the session's
/// globals and modules, `nothing` and `missing`. The functions' help is beside them in
/// FlxStdlib (`Base/Strings/`, `Base/IO/`, `Base/Reflection/`, ...).
extension HelpDocs {
    package static let strings: [String: Doc] = [
        // Streams
        "IOContext": Doc("IOContext(io, :limit => true, :displaysize => (rows, cols))", "An io that carries display properties. With `:limit => true`, `show(io, \"text/plain\", x)` cuts large arrays and dicts to the display size with `⋮`, `…` and `⋱`, as the REPL echo does, and `show(io, x)` keeps the first and last 10 elements of long vectors. `:displaysize` overrides the terminal size.", "show(IOContext(stdout, :limit => true), \"text/plain\", rand(100))"),
        "stdout": Doc("stdout", "The standard output stream, the default destination of `print`.", "println(stdout, \"hello\")"),
        "stderr": Doc("stderr", "The standard error stream, where `@info` and `@warn` messages go.", "println(stderr, \"warning!\")"),
        "IOBuffer": Doc("IOBuffer()  /  IOBuffer(s)", "An in-memory stream: write to it, then read it back with `String(take!(io))`; `IOBuffer(s)` holds `s` for `readline`, `readlines` and `eachline`.", "io = IOBuffer(); print(io, 1, 2); String(take!(io))  # \"12\""),

        // Session
        "ARGS": Doc("ARGS", "The command-line arguments given after the script name, as a Vector{String}.", "# run as: flx train.jl 10\nepochs = parse(Int, ARGS[1])"),
        "PROGRAM_FILE": Doc("PROGRAM_FILE", "The path of the script being run (empty at the REPL).", "println(PROGRAM_FILE)"),
        "VERSION": Doc("VERSION", "The Julia version whose semantics flx follows; in flx the String \"1.11.0\" rather than a VersionNumber.", "println(VERSION)  # 1.11.0"),
        "Base": Doc("Base", "The module of built-in functions and types that every module uses.", "Base.tail((1, 2))"),
        "Core": Doc("Core", "The module of the most basic types; in flx an alias of the built-ins.", "Core.Float32"),
        "Main": Doc("Main", "The top-level module where the REPL and scripts define their names.", "isdefined(Main, :x)"),
        "Printf": Doc("Printf", "The module that provides `@printf` and `@sprintf`.", "using Printf\n@printf(\"%.3f\\n\", π)"),
        "nothing": Doc("nothing", "The single value of type Nothing: \"no value\", returned by functions that return nothing useful.", "x = findfirst(==(9), [1, 2])  # nothing"),
        "missing": Doc("missing", "The value of type Missing, for data that is absent; it propagates through arithmetic.", "missing + 1  # missing"),
    ]
}
