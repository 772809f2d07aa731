import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
/// Help entries for Base: strings, printing, errors, reflection and the session.
extension HelpDocs {
    package static let strings: [String: Doc] = [
        "sprint": Doc("sprint(f, args...)", "Calls `f(io, args...)` with a fresh IOBuffer and returns what was written, as a String.", "sprint(show, [1, 2])  # \"[1, 2]\""),
        "summary": Doc("summary(x)", "A short description of a value, e.g. its size and type.", "summary(zeros(Float32, 2, 3))  # \"2×3 Matrix{Float32}\""),

        // Printing and I/O
        "println": Doc("println([io], args...)", "Prints each argument with `print`, then a newline.", "println(\"x = \", 1.5f0)  # x = 1.5"),
        "print": Doc("print([io], args...)", "Writes the plain text form of each argument (strings without quotes), no newline.", "print(\"a\", 1, '\\n')"),
        "show": Doc("show([io], x)", "Writes the compact, re-typable form of `x` (strings in quotes, Float32 with an `f0`).", "show(1.5f0)  # 1.5f0"),
        "IOContext": Doc("IOContext(io, :limit => true, :displaysize => (rows, cols))", "An io that carries display properties. With `:limit => true`, `show(io, \"text/plain\", x)` cuts large arrays and dicts to the display size with `⋮`, `…` and `⋱`, as the REPL echo does, and `show(io, x)` keeps the first and last 10 elements of long vectors. `:displaysize` overrides the terminal size.", "show(IOContext(stdout, :limit => true), \"text/plain\", rand(100))"),
        "displaysize": Doc("displaysize([io])", "The (rows, columns) limited output fits: the terminal's size when `io` is one, else ENV LINES and COLUMNS, else (24, 80).", "displaysize(stdout)"),
        "display": Doc("display(x)", "Shows `x` the way the REPL prints a result, in its multi-line form for arrays and models.", "display(rand(2, 2))"),
        "showerror": Doc("showerror(io, e)", "Writes the message of an exception as the REPL would report it.", "try error(\"boom\") catch e\n    showerror(stdout, e)\nend"),
        "tempdir": Doc("tempdir()", "The directory for temporary files: the `TMPDIR` environment variable, else `/tmp`.", "tempdir()  # \"/tmp\""),
        "tempname": Doc("tempname([dir])", "A fresh path in `tempdir()` (or `dir`) that does not exist yet; the file is not created.", "path = tempname()\nwrite(path, \"hello\")"),
        "mktempdir": Doc("mktempdir([parent])", "Creates a new, empty temporary directory and returns its path.", "dir = mktempdir()\nrm(dir; recursive = true)"),
        "isfile": Doc("isfile(path)", "`true` when `path` is an existing regular file.", "isfile(\"/etc/hostname\")"),
        "isdir": Doc("isdir(path)", "`true` when `path` is an existing directory.", "isdir(tempdir())  # true"),
        "filesize": Doc("filesize(path)", "The size of the file in bytes (0 if it does not exist).", "filesize(path)"),
        "rm": Doc("rm(path; force = false, recursive = false)", "Deletes a file, or a directory with `recursive = true`; `force = true` ignores a missing path.", "rm(path; force = true)"),
        "read": Doc("read(path)  /  read(path, String)", "The bytes of a file (a vector of Int64 values 0–255: flx has no UInt8), or its text.", "read(path, String)"),
        "joinpath": Doc("joinpath(parts...)", "Joins path components with `/`; an absolute component starts over.", "joinpath(tempdir(), \"model.safetensors\")"),
        "readdir": Doc("readdir([dir])", "The names in a directory (sorted, without `.` and `..`).", "readdir(tempdir())"),
        "codeunits": Doc("codeunits(s)", "The UTF-8 bytes of a string, as a vector of Int64 values 0–255 (flx has no UInt8).", "codeunits(\"σ\")  # [207, 131]"),
        "write": Doc("write(io, x)  /  write(path, x)", "Writes the text or raw bytes of `x` to a stream, or to the file at `path` (a string's UTF-8, or a vector of byte values 0–255); returns the number of bytes.", "write(stdout, \"hi\\n\")"),
        "flush": Doc("flush(io)", "Makes sure buffered output of a stream has been written.", "flush(stdout)"),
        "stdout": Doc("stdout", "The standard output stream, the default destination of `print`.", "println(stdout, \"hello\")"),
        "stderr": Doc("stderr", "The standard error stream, where `@info` and `@warn` messages go.", "println(stderr, \"warning!\")"),
        "IOBuffer": Doc("IOBuffer()", "An in-memory stream: write to it, then read it back with `String(take!(io))`.", "io = IOBuffer(); print(io, 1, 2); String(take!(io))  # \"12\""),
        "include": Doc("include(path)", "Runs the file at `path` (relative to the current file) in the current module; returns its last value.", "include(\"model.jl\")"),

        // Errors
        "error": Doc("error(msg...)", "Throws an `ErrorException` with the concatenated message.", "error(\"bad value: \", 3)"),
        "throw": Doc("throw(e)", "Throws the exception value `e`; catch it with `try ... catch`.", "throw(ArgumentError(\"negative\"))"),
        "rethrow": Doc("rethrow()", "Inside a `catch` block, throws the caught exception again.", "try f() catch e\n    @warn \"failed\"\n    rethrow()\nend"),
        "catch_backtrace": Doc("catch_backtrace()", "Inside a `catch` block, the backtrace of the exception being handled.", "try error(\"x\") catch e\n    bt = catch_backtrace()\nend"),
        "exit": Doc("exit(code = 0)", "Ends the program (or the REPL) with the given status code.", "exit(1)"),

        // Reflection
        "typeof": Doc("typeof(x)", "The concrete type of a value.", "typeof(1.0f0)  # Float32"),
        "supertype": Doc("supertype(T)", "The parent type of `T`.", "supertype(Float32)  # AbstractFloat"),
        "isabstracttype": Doc("isabstracttype(T)", "Whether `T` is an abstract type.", "isabstracttype(Real)  # true"),
        "isconcretetype": Doc("isconcretetype(T)", "Whether values can have exactly type `T`.", "isconcretetype(Float64)  # true"),
        "ismutable": Doc("ismutable(x)", "Whether the value `x` can be changed in place (arrays, dicts, mutable structs).", "ismutable([1])  # true"),
        "fieldnames": Doc("fieldnames(T)", "The field names of a struct type, as a tuple of Symbols.", "fieldnames(typeof(Dense(1 => 1)))  # (:weight, :bias, :σ)"),
        "fieldcount": Doc("fieldcount(T)", "The number of fields of a struct type.", "struct P; a; b; end\nfieldcount(P)  # 2"),
        "hasfield": Doc("hasfield(T, name)", "Whether struct type `T` has a field called `name`.", "struct P; a; b; end\nhasfield(P, :a)  # true"),
        "getfield": Doc("getfield(x, name)", "The field `name` (a Symbol, or an index) of `x`; what `x.name` uses.", "getfield(1 => 2, :second)  # 2"),
        "setfield!": Doc("setfield!(x, name, v)", "Sets a field of a mutable struct.", "mutable struct C; n; end\nc = C(1); setfield!(c, :n, 0)"),
        "getproperty": Doc("getproperty(x, name)", "What `x.name` calls; fields of structs and NamedTuples, members of modules.", "getproperty((a = 1,), :a)  # 1"),
        "setproperty!": Doc("setproperty!(x, name, v)", "What `x.name = v` calls on a mutable struct.", "mutable struct C; n; end\nc = C(1); setproperty!(c, :n, 0)"),
        "hasproperty": Doc("hasproperty(x, name)", "Whether `x.name` exists.", "hasproperty((a = 1,), :a)  # true"),
        "propertynames": Doc("propertynames(x)", "The names usable in `x.name`, as a tuple of Symbols.", "propertynames((a = 1, b = 2))  # (:a, :b)"),
        "isdefined": Doc("isdefined(m, name)", "Whether module `m` (or object) has a binding or field `name` with a value.", "isdefined(Main, :model)"),
        "nameof": Doc("nameof(x)", "The name of a function, type or module, as a Symbol.", "nameof(sum)  # :sum"),
        "methods": Doc("methods(f)", "In flx returns the number of methods of the generic function `f` (Julia returns the list of methods).", "f(x) = 1; f(x, y) = 2\nmethods(f)  # 2"),
        "applicable": Doc("applicable(f, args...)", "Whether some method of `f` accepts these arguments.", "applicable(+, 1, 2)  # true"),
        "invokelatest": Doc("invokelatest(f, args...)", "Calls `f(args...)`; in flx every call already sees the latest definitions.", "invokelatest(println, \"hi\")"),
        "objectid": Doc("objectid(x)", "A hash-like number identifying the object `x`.", "objectid([1]) == objectid([1])  # false"),
        "sizeof": Doc("sizeof(x)", "The size in bytes of a value's data (e.g. 4 per Float32 element).", "sizeof(zeros(Float32, 10))  # 40"),

        // Session and time
        "time": Doc("time()", "Seconds since the Unix epoch, as a Float64.", "t = time(); sleep(0.1); time() - t"),
        "time_ns": Doc("time_ns()", "A monotonic clock in nanoseconds, for timing code (an Int64 in flx, a UInt64 in Julia).", "t0 = time_ns(); f(); (time_ns() - t0) / 1e9"),
        "sleep": Doc("sleep(seconds)", "Pauses for the given number of seconds.", "sleep(0.5)"),
        "gc": Doc("gc()", "Julia's `GC.gc()` runs the garbage collector; in flx it does nothing, since memory is freed by reference counting as soon as a value is unreachable.", "gc()"),
        "ARGS": Doc("ARGS", "The command-line arguments given after the script name, as a Vector{String}.", "# run as: flx train.jl 10\nepochs = parse(Int, ARGS[1])"),
        "PROGRAM_FILE": Doc("PROGRAM_FILE", "The path of the script being run (empty at the REPL).", "println(PROGRAM_FILE)"),
        "VERSION": Doc("VERSION", "The Julia version whose semantics flx follows; in flx the String \"1.11.0\" rather than a VersionNumber.", "println(VERSION)  # 1.11.0"),
        "Base": Doc("Base", "The module of built-in functions and types that every module uses.", "Base.tail((1, 2))"),
        "Core": Doc("Core", "The module of the most basic types; in flx an alias of the built-ins.", "Core.Float32"),
        "Main": Doc("Main", "The top-level module where the REPL and scripts define their names.", "isdefined(Main, :x)"),
        "Printf": Doc("Printf", "The module that provides `@printf` and `@sprintf`.", "using Printf\n@printf(\"%.3f\\n\", π)"),
        "Test": Doc("Test", "Julia's unit-test module; flx provides the module name so `using Test` works.", "using Test"),
        "nothing": Doc("nothing", "The single value of type Nothing: \"no value\", returned by functions that return nothing useful.", "x = findfirst(==(9), [1, 2])  # nothing"),
        "missing": Doc("missing", "The value of type Missing, for data that is absent; it propagates through arithmetic.", "missing + 1  # missing"),
    ]
}
