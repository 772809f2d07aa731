import FlxSyntax
import FlxCore
import FlxStdlib

/// ProgressMeter.jl for users' own loops: `Progress(n; dt, desc, barlen, showspeed,
/// enabled, color, start)`, `next!`, `update!`, `finish!`, `cancel` and
/// `@showprogress` over a `for` loop, a comprehension or a `map`/`foreach`/`reduce`.
/// `update!` is not exported: Flux exports Optimisers' `update!`, and Julia would make
/// the name ambiguous with both in use; `ProgressMeter.update!` reaches it.
package enum ProgressMeterModule {
    package static func install(_ interp: Interpreter) {
        let m = ModuleValue(name: "ProgressMeter", parent: interp.base)
        m.usings = [interp.base]
        interp.modules["ProgressMeter"] = m
        m.define("Progress", .type(ProgressObject.type))
        TypeBuiltins.setConstructor(ProgressObject.type) { interp, a in .native(try makeProgress(a, interp)) }
        m.native("next!") { _, a in
            try a.expect("next!", 1...1)
            let p = try meter(a[0], "next!")
            let step = try a.keywordInt("step") ?? 1
            p.advance(to: p.counter + step, force: step == 0)
            return .nothing
        }
        m.native("update!", export: false) { _, a in
            try a.expect("update!", 1...2)
            let p = try meter(a[0], "update!")
            var count = p.counter
            if a.count == 2 {
                guard case .int(let n) = a[1] else { throw Exceptions.method(.str("update!"), a.values) }
                count = Int(n)
            }
            p.advance(to: count, force: count == p.counter)
            return .nothing
        }
        m.native("finish!") { _, a in
            try a.expect("finish!", 1...1)
            let p = try meter(a[0], "finish!")
            if p.counter < p.total { p.advance(to: p.total) }
            return .nothing
        }
        m.native("cancel") { _, a in
            try a.expect("cancel", 1...3)
            let p = try meter(a[0], "cancel")
            var message = "Aborted before all tasks were completed"
            if a.count >= 2 {
                guard case .string(let s) = a[1] else { throw Exceptions.method(.str("cancel"), a.values) }
                message = s.value
            }
            p.cancel(message, colour: try colourCode(a.count == 3 ? a[2] : .sym("red")))
            return .nothing
        }
        // What `@showprogress` puts in place of the loop's collection.
        m.native(wrapName, export: false) { interp, a in
            try a.expect("@showprogress", 1...1)
            guard let length = interp.base.member("length")?.value, case .int(let n) = try interp.call(length, [a[0]]) else {
                throw Exceptions.argument("@showprogress needs a collection with a length")
            }
            let p = try makeProgress(a, interp, total: Int(n))
            return .native(ProgressWrapper(inner: a[0], meter: p, length: Int(n)))
        }
        m.exports.insert("@showprogress")
        let help: [(String, BuiltinHelp)] = [
            ("ProgressMeter", BuiltinHelp("ProgressMeter", "Progress meters for loops of one's own, as ProgressMeter.jl: `@showprogress`, `Progress`, `next!`, `finish!`, `cancel` and `ProgressMeter.update!`. Drawn on stderr when it is a terminal, as plain lines every ten seconds into a file or pipe.", "using ProgressMeter\n@showprogress for i in 1:100\n    sleep(0.01)\nend")),
            ("Progress", BuiltinHelp("Progress(n; dt = 0.1, desc = \"Progress: \", barlen, showspeed = false, enabled = true, color = :green, start = 0)", "A meter of `n` steps: `next!` advances it and it redraws at most every `dt` seconds (`desc  37%|███▍     |  ETA: 0:00:03`); at `n` it leaves its final line (`Time: 0:00:05`). The bar fills the terminal unless `barlen` fixes it. `p.counter` and `p.n` read the state.", "p = Progress(10; desc = \"Working: \")\nfor i in 1:10\n    next!(p)\nend")),
            ("next!", BuiltinHelp("next!(p; step = 1)", "Advances the meter `p` by `step` (redrawing when `dt` has passed); at its total it shows the final line.", "next!(p)")),
            ("finish!", BuiltinHelp("finish!(p)", "Sets the meter to its total and shows the final line (if any line was shown).", "finish!(p)")),
            ("cancel", BuiltinHelp("cancel(p, msg = \"Aborted before all tasks were completed\", color = :red)", "Replaces the meter's line with `msg` (if a line was shown).", "cancel(p, \"stopped early\")")),
            ("@showprogress", BuiltinHelp("@showprogress [dt] [desc] [key = value ...] expr", "Shows a meter while `expr` (a `for` loop, a comprehension, or a `map`/`foreach`/`reduce` call) walks its collection, which needs a `length`; `break` leaves the line where it was.", "@showprogress desc = \"Training: \" for epoch in 1:20\n    Flux.train!(loss, model, data, opt)\nend")),
        ]
        for (name, text) in help { interp.builtinHelp.add(text, for: name) }
        interp.registerMacro("showprogress") { compiler, args, span in
            guard let wrap = m.member(wrapName)?.value else { throw compiler.syntaxError("@showprogress is not available", span) }
            return try compiler.compile(try ShowProgress.rewrite(args, wrap: wrap, span: span, compiler))
        }
    }

    static let wrapName = "#showprogress_wrap"

    static func meter(_ v: Value, _ name: String) throws -> ProgressObject {
        guard case .native(let p as ProgressObject) = v else { throw Exceptions.method(.str(name), [v]) }
        return p
    }

    /// `Progress(n; ...)`, and the older positional forms `Progress(n, dt, desc, barlen)`
    /// and `Progress(n, desc)`.
    static func makeProgress(_ a: Args, _ interp: Interpreter, total: Int? = nil) throws -> ProgressObject {
        var dt = 0.1, desc = "Progress: ", barlen: Int? = nil
        let n: Int
        if let total {
            n = total
        } else {
            try a.expect("Progress", 1...4)
            guard case .int(let k) = a[0] else { throw Exceptions.method(.str("Progress"), a.values) }
            n = Int(k)
            if a.count >= 2 {
                switch a[1] {
                case .string(let s): desc = s.value
                case .int, .float64, .float32: dt = asDouble(a[1])
                default: throw Exceptions.method(.str("Progress"), a.values)
                }
            }
            if a.count >= 3, case .string(let s) = a[2] { desc = s.value }
            if a.count >= 4, case .int(let b) = a[3] {
                guard b <= ProgressMeterFormat.widestBar else { throw Exceptions.argument("barlen = \(b) is wider than the \(ProgressMeterFormat.widestBar) cells a progress bar may take") }
                barlen = Int(max(0, b))
            }
        }
        if let v = a.keyword("dt") { dt = asDouble(v) }
        if let v = a.keyword("desc") {
            guard case .string(let s) = v else { throw Exceptions.typeError("desc", expected: "AbstractString", got: v) }
            desc = s.value
        }
        if let v = a.keyword("barlen") {
            switch v {
            case .nothing: barlen = nil
            case .int(let b):
                guard b <= ProgressMeterFormat.widestBar else { throw Exceptions.argument("barlen = \(b) is wider than the \(ProgressMeterFormat.widestBar) cells a progress bar may take") }
                barlen = Int(max(0, b))
            default: throw Exceptions.typeError("barlen", expected: "Int64", got: v)
            }
        }
        let colour = try colourCode(a.keyword("color") ?? .sym("green"))
        return ProgressObject(total: n, start: try a.keywordInt("start") ?? 0, dt: dt, desc: desc, barLength: barlen,
                              enabled: try a.keywordBool("enabled") ?? true, showSpeed: try a.keywordBool("showspeed") ?? false,
                              colour: colour, interp)
    }

    /// The ANSI foreground code of a `printstyled` colour name (nil: the terminal's own).
    static func colourCode(_ v: Value) throws -> String? {
        guard case .symbol(let s) = v else { throw Exceptions.typeError("color", expected: "Symbol", got: v) }
        let codes = ["black": "30", "red": "31", "green": "32", "yellow": "33", "blue": "34", "magenta": "35", "cyan": "36",
                     "white": "37", "light_black": "90", "light_red": "91", "light_green": "92", "light_yellow": "93",
                     "light_blue": "94", "light_magenta": "95", "light_cyan": "96", "light_white": "97"]
        if s.name == "normal" || s.name == "default" || s.name == "nothing" { return nil }
        guard let code = codes[s.name] else { throw Exceptions.argument("unknown color :\(s.name)") }
        return code
    }
}

/// `@showprogress [dt] [desc] [key=value ...] expr`: the collection the expression
/// walks is wrapped so each step advances a meter.
enum ShowProgress {
    static func rewrite(_ args: [Expr], wrap: Value, span: Span, _ compiler: Compiler) throws -> Expr {
        guard let body = args.last else { throw compiler.syntaxError("@showprogress needs an expression", span) }
        var keywords: [Keyword] = []
        for option in args.dropLast() {
            switch option.kind {
            case .assign(let target, let value):
                guard case .identifier(let name) = target.kind else { throw compiler.syntaxError("@showprogress: malformed option", option.span) }
                keywords.append(Keyword(name: name, value: value, isSplat: false))
            case .string, .interpolated:
                keywords.append(Keyword(name: "desc", value: option, isSplat: false))
            case .int, .float64, .float32:
                keywords.append(Keyword(name: "dt", value: option, isSplat: false))
            default:
                throw compiler.syntaxError("@showprogress: options are `dt`, a description string, or `key = value`", option.span)
            }
        }
        func wrapped(_ collection: Expr) -> Expr {
            let callee = Expr(.embedded(EmbeddedValue(wrap)), collection.span)
            return Expr(.call(callee: callee, args: [collection], kwargs: keywords, broadcast: false), collection.span)
        }
        switch body.kind {
        case .forLoop(var specs, let loopBody) where !specs.isEmpty:
            specs[0].iterable = wrapped(specs[0].iterable)
            return Expr(.forLoop(specs, loopBody), body.span)
        case .comprehension(let inner, var loops, let condition, let typed) where !loops.isEmpty:
            loops[0].iterable = wrapped(loops[0].iterable)
            return Expr(.comprehension(body: inner, loops: loops, condition: condition, typed: typed), body.span)
        case .call(let callee, var callArgs, let kwargs, let broadcast):
            if case .identifier(let f) = callee.kind, ["map", "pmap", "foreach", "asyncmap", "reduce", "mapreduce"].contains(f), callArgs.count >= 2 {
                callArgs[callArgs.count - 1] = wrapped(callArgs[callArgs.count - 1])
                return Expr(.call(callee: callee, args: callArgs, kwargs: kwargs, broadcast: broadcast), body.span)
            }
        default:
            break
        }
        throw compiler.syntaxError("Final argument to @showprogress must be a for loop, comprehension, map, reduce, or pmap", body.span)
    }
}
