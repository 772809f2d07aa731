/// Help entries for metaprogramming: code as data, macros, `eval`.
extension HelpDocs {
    package static let meta: [String: Doc] = [
        "Expr": Doc("Expr(head::Symbol, args...)", "Code as data: a `head` saying what kind of expression it is (`:call`, `:block`, `:(=)`, `:if`, ...) and its `args`, a `Vector{Any}` of symbols, literals and other expressions. Written with `:(...)` or `quote ... end`, made by `Meta.parse`, run by `eval`.", "ex = Expr(:call, :+, 1, 2)  # :(1 + 2)\neval(ex)  # 3"),
        "QuoteNode": Doc("QuoteNode(value)", "A quoted value that is not interpolated: what `:x` becomes inside an expression; `eval` of it gives `value` itself.", "dump(Meta.parse(\":x\"))"),
        "LineNumberNode": Doc("LineNumberNode(line, file)", "Where the next statement of a block was written; printed as `#= file:line =#` in a quoted block. A macro receives its call's location as `__source__`.", "LineNumberNode(2, :none)"),
        "GlobalRef": Doc("GlobalRef(mod, name)", "A global variable of a given module. Macro hygiene turns the free names of a macro's code into these, shown as `Main.println`.", "GlobalRef(Main, :x)"),
        "Meta": Doc("Meta", "The module of functions on code: `Meta.parse`, `Meta.parseall`, `Meta.isexpr`, `Meta.quot`, `Meta.show_sexpr`.", "Meta.parse(\"1 + 2\")  # :(1 + 2)"),
        "isexpr": Doc("Meta.isexpr(ex, head[, n])", "Whether `ex` is an `Expr` with the given head (or one of several heads), and with `n` arguments if given.", "Meta.isexpr(:(f(x)), :call)  # true"),
        "parseall": Doc("Meta.parseall(str)", "Parses every statement of `str` into one `Expr(:toplevel, ...)`, each after its line number.", "Meta.parseall(\"x = 1\\ny = 2\")"),
        "quot": Doc("Meta.quot(ex)", "`Expr(:quote, ex)`: an expression that evaluates to `ex` itself.", "eval(Meta.quot(:x))  # :x"),
        "show_sexpr": Doc("Meta.show_sexpr(ex)", "Prints the expression as a Lisp-style S-expression: `(:head, args...)`.", "Meta.show_sexpr(:(a + 1))  # (:call, :+, :a, 1)"),
        "macro": Doc("macro name(args...) ... end", "Defines a macro: a function that receives its arguments as expressions (plus `__source__` and `__module__`) when code is compiled and returns the expression that replaces the call `@name ...`. Names the returned code assigns are private to it (hygiene) unless wrapped in `esc`. Methods are chosen by the number and syntax types of the arguments.", "macro twice(ex)\n    return :($(esc(ex)); $(esc(ex)))\nend\n@twice println(\"hi\")"),
        "quote": Doc("quote ... end", "Code as data: the statements as an `Expr(:block, ...)` (with a line number before each) instead of running them; `$x` inside splices in the value of `x`.", "ex = quote\n    x = 1\n    x + 1\nend\neval(ex)  # 2"),
        "@eval": Doc("@eval [mod] expr", "Evaluates `expr` at the top level of the module (Main unless given), after splicing in its `$` interpolations: generates code in a loop.", "for op in (:sin, :cos)\n    @eval $(Symbol(:my, op))(x) = $op(x)\nend"),
        "@macroexpand": Doc("@macroexpand expr", "The expression `expr` with every macro call replaced by what it expands to; the macro runs, its result is not.", "@macroexpand @. x + y  # :(x .+ y)"),
        "@macroexpand1": Doc("@macroexpand1 expr", "Like `@macroexpand`, but expands only the outermost macro call.", "@macroexpand1 @. x + y"),
        "@gensym": Doc("@gensym a b ...", "Binds each name to a fresh symbol from `gensym`, for the private variables of a macro's code.", "@gensym tmp\ntmp  # Symbol(\"##tmp#1\")"),
        "@generated": Doc("@generated function f(args...) ... end", "A generated function: its body runs with each argument name bound to the argument's type and returns an expression, which then runs as the method body with the values. The expression is made once per combination of argument types.", "@generated function twice(x)\n    return x <: Number ? :(2x) : :(x)\nend"),
        "__source__": Doc("__source__", "Inside a macro: a `LineNumberNode` with the file and line of the macro call.", "macro here()\n    return QuoteNode(__source__)\nend"),
        "__module__": Doc("__module__", "Inside a macro: the module the macro is called from.", "macro where()\n    return __module__\nend"),
    ]
}
