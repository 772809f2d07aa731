import FlxSyntax

/// Turns the syntax tree into Julia's `Expr` values (what `:(...)`, `quote`, `Meta.parse`
/// and a macro's arguments give), with Julia's heads and argument order, so code that
/// walks or builds expressions sees what it would in Julia.
///
/// `hole` is called for each `$x` that belongs to this quote (nested quotes keep theirs
/// as `Expr(:$, ...)`); what it returns takes the interpolation's place.
package struct Quoter {
    package var hole: (Expr, _ splat: Bool) throws -> Value

    package init(hole: @escaping (Expr, Bool) throws -> Value) {
        self.hole = hole
    }

    /// A quoter for code that has no interpolations to fill (Meta.parse, macro arguments).
    package static var plain: Quoter {
        Quoter { e, _ in .native(ExprObject("$", [try Quoter.plain.quote(e)])) }
    }

    package static func lineNode(_ span: Span) -> Value {
        let line = span.file.location(of: span.start).line
        let name = span.file.name.isEmpty ? "none" : span.file.name
        return .native(LineNumberNodeObject(line: Int64(line), file: .sym(name)))
    }

    private func ex(_ head: String, _ args: [Value]) -> Value { .native(ExprObject(head, args)) }

    /// A block's statements, each after the line it starts on.
    package func block(_ items: [Expr], _ span: Span) throws -> Value {
        var args: [Value] = []
        for item in items {
            args.append(Quoter.lineNode(item.span))
            args.append(try quote(item, depth: 0))
        }
        return ex("block", args)
    }

    private func body(_ e: Expr, depth: Int) throws -> Value {
        if case .block(let items) = e.kind { return try block(items, e.span, depth: depth) }
        return ex("block", [Quoter.lineNode(e.span), try quote(e, depth: depth)])
    }

    private func block(_ items: [Expr], _ span: Span, depth: Int) throws -> Value {
        var args: [Value] = []
        for item in items {
            args.append(Quoter.lineNode(item.span))
            args.append(try quote(item, depth: depth))
        }
        return ex("block", args)
    }

    package func quote(_ e: Expr) throws -> Value { try quote(e, depth: 0) }

    package func quote(_ e: Expr, depth: Int) throws -> Value {
        func q(_ x: Expr) throws -> Value { try quote(x, depth: depth) }
        func qs(_ xs: [Expr]) throws -> [Value] { try xs.map(q) }
        switch e.kind {
        case .int(let v): return .int(v)
        case .sizedInt(let lit):
            guard let kind = IntKind(literal: lit) else { throw ParseError("invalid integer literal", at: e.span) }
            return FixedInt(kind, bits: lit.bits).value
        case .float64(let v): return .float64(v)
        case .float32(let v): return .float32(v)
        case .bool(let b): return .bool(b)
        case .string(let s): return .str(s)
        case .char(let c): return .char(c.unicodeScalars.first?.value ?? 0)
        case .interpolated(let parts):
            return ex("string", try parts.map { part in
                switch part {
                case .text(let s): return .str(s)
                case .expr(let x): return try q(x)
                }
            })
        case .symbol(let s): return .native(QuoteNodeObject(.sym(s)))
        case .identifier(let n): return .sym(n)
        case .colon: return .sym(":")
        case .endIndex: return .sym("end")
        case .beginIndex: return .sym("begin")
        case .nothingLiteral: return .sym("nothing")
        case .call(let callee, let args, let kwargs, let broadcast):
            var items = try qs(args)
            let inline = kwargs.filter { $0.positional && !$0.isSplat }
            let after = kwargs.filter { !($0.positional && !$0.isSplat) }
            items += try inline.map { ex("kw", [.sym($0.name), try q($0.value)]) }
            if !after.isEmpty {
                let params = try after.map { k -> Value in
                    if k.isSplat { return ex("...", [try q(k.value)]) }
                    if case .identifier(let n) = k.value.kind, n == k.name, isBareKeyword(k) { return .sym(n) }
                    return ex("kw", [.sym(k.name), try q(k.value)])
                }
                items.insert(ex("parameters", params), at: 0)
            }
            if broadcast { return ex(".", [try q(callee), ex("tuple", items)]) }
            return ex("call", [try q(callee)] + items)
        case .binary(let op, let l, let r):
            // Julia parses `a + b + c` and `a * b * c` into one call with every operand.
            if op == "+" || op == "*", case .binary(let inner, _, _) = l.kind, inner == op, let left = try q(l).exprObject, left.headName == "call" {
                return ex("call", left.args + [try q(r)])
            }
            if op == "->" { return ex("->", [try q(l), try q(r)]) }
            if op == "." { return ex(".", [try q(l), .native(QuoteNodeObject(try q(r)))]) }
            return ex("call", [.sym(op), try q(l), try q(r)])
        case .unary(let op, let x):
            if op == "::" { return ex("::", [try q(x)]) }
            return ex("call", [.sym(op), try q(x)])
        case .comparison(let xs, let ops):
            var items: [Value] = []
            for (i, x) in xs.enumerated() {
                items.append(try q(x))
                if i < ops.count { items.append(.sym(ops[i])) }
            }
            return ex("comparison", items)
        case .and(let a, let b): return ex("&&", [try q(a), try q(b)])
        case .or(let a, let b): return ex("||", [try q(a), try q(b)])
        case .ternary(let c, let a, let b): return ex("if", [try q(c), try q(a), try q(b)])
        case .pair(let a, let b): return ex("call", [.sym("=>"), try q(a), try q(b)])
        case .range(let a, let s, let b):
            if let s { return ex("call", [.sym(":"), try q(a), try q(s), try q(b)]) }
            return ex("call", [.sym(":"), try q(a), try q(b)])
        case .adjoint(let x): return ex("'", [try q(x)])
        case .splat(let x): return ex("...", [try q(x)])
        case .typeAssert(let x, let t): return ex("::", [try q(x), try q(t)])
        case .curly(let b, let ps): return try ex("curly", [q(b)] + qs(ps))
        case .assign(let t, let v): return ex("=", [try q(t), try q(v)])
        case .updateAssign(let op, let t, let v, let broadcast):
            return ex((broadcast ? "." : "") + op + "=", [try q(t), try q(v)])
        case .dotAssign(let t, let v): return ex(".=", [try q(t), try q(v)])
        case .index(let a, let idx): return try ex("ref", [q(a)] + qs(idx))
        case .field(let x, let name): return ex(".", [try q(x), .native(QuoteNodeObject(.sym(name)))])
        case .tuple(let items): return ex("tuple", try qs(items))
        case .namedTuple(let fields):
            return ex("tuple", [ex("parameters", try fields.map { f in
                f.isSplat ? ex("...", [try q(f.value)]) : ex("kw", [.sym(f.name), try q(f.value)])
            })])
        case .vect(let items): return ex("vect", try qs(items))
        case .ncat(let type, let items, let separators, let trailing):
            return try ncat(type, items, separators, trailing, depth: depth)
        case .matrix(let rows): return try matrix(rows, typed: nil, depth: depth)
        case .typedVect(let t, let items): return try ex("ref", [q(t)] + qs(items))
        case .typedMatrix(let t, let rows): return try matrix(rows, typed: t, depth: depth)
        case .comprehension(let body, let loops, let cond, let typed):
            let gen = try generator(body, loops, cond, depth: depth)
            if let typed { return ex("typed_comprehension", [try q(typed), gen]) }
            return ex("comprehension", [gen])
        case .generator(let body, let loops, let cond): return try generator(body, loops, cond, depth: depth)
        case .function(let def):
            let sig = try signature(def, depth: depth)
            let long = def.span.file.slice(def.span).hasPrefix("function")
            return ex(long ? "function" : "=", [sig, try body(def.body, depth: depth)])
        case .lambda(let def):
            let params = try def.params.map { try parameter($0, depth: depth) }
            var head: Value = ex("tuple", params)
            // `x -> ...` has the bare name, `(x) -> ...` a tuple: look at what follows the name.
            if params.count == 1, def.keywords.isEmpty, let p = def.params.first {
                let text = p.span.file.text.utf8
                var i = text.index(text.startIndex, offsetBy: min(p.span.end, text.count))
                while i < text.endIndex, text[i] == UInt8(ascii: " ") { i = text.index(after: i) }
                let parenthesised = p.span.file.slice(p.span).hasPrefix("(") || (i != text.endIndex && text[i] == UInt8(ascii: ")"))
                if !parenthesised { head = params[0] }
            }
            return ex("->", [head, try body(def.body, depth: depth)])
        case .macroDef(let def):
            var d = def
            d.params = Array(def.params.dropFirst(2))
            if case .named(_, let name) = def.name { d.name = .named(path: [], name: String(name.dropFirst())) }
            return ex("macro", [try signature(d, depth: depth), try body(def.body, depth: depth)])
        case .structDef(let s):
            var name: Value = .sym(s.name)
            if !s.typeParams.isEmpty { name = ex("curly", [name] + (try s.typeParams.map { try typeVar($0, depth: depth) })) }
            if let sup = s.supertype { name = ex("<:", [name, try q(sup)]) }
            var fields: [Value] = []
            for f in s.fields {
                let field: Value = try f.type.map { ex("::", [.sym(f.name), try q($0)]) } ?? .sym(f.name)
                fields.append(f.isConst ? ex("const", [field]) : field)
            }
            for c in s.constructors { fields.append(try signature(c, depth: depth)) }
            return ex("struct", [.bool(s.isMutable), name, ex("block", fields)])
        case .abstractType(let name, let params, let sup):
            var head: Value = .sym(name)
            if !params.isEmpty { head = ex("curly", [head] + (try params.map { try typeVar($0, depth: depth) })) }
            return ex("abstract", [try sup.map { ex("<:", [head, try q($0)]) } ?? head])
        case .block(let items):
            // `(a:b)`: the parser marks parentheses around a range with a one-item block;
            // Julia's expression has no trace of them.
            if items.count == 1, case .range = items[0].kind { return try q(items[0]) }
            return try block(items, e.span, depth: depth)
        case .ifElse(let c, let t, let other):
            var items = [try q(c), try body(t, depth: depth)]
            if let other {
                if case .ifElse = other.kind, other.span.file.slice(other.span).hasPrefix("elseif") {
                    var inner = try q(other)
                    if let o = inner.exprObject { inner = ex("elseif", o.args) }
                    items.append(inner)
                } else {
                    items.append(try body(other, depth: depth))
                }
            }
            return ex("if", items)
        case .whileLoop(let c, let b): return ex("while", [try q(c), try body(b, depth: depth)])
        case .forLoop(let specs, let b):
            let ranges = try specs.map { ex("=", [try q($0.target), try q($0.iterable)]) }
            return ex("for", [ranges.count == 1 ? ranges[0] : ex("block", ranges), try body(b, depth: depth)])
        case .letBlock(let bindings, let b):
            let head: Value = bindings.count == 1 ? try q(bindings[0]) : ex("block", try qs(bindings))
            return ex("let", [head, try body(b, depth: depth)])
        case .tryCatch(let b, let variable, let handler, let fin, let otherwise):
            var items: [Value] = [try body(b, depth: depth), variable.map { .sym($0) } ?? .bool(false),
                                  try handler.map { try body($0, depth: depth) } ?? .bool(false)]
            if let fin { items.append(try body(fin, depth: depth)) }
            // Julia's `Expr(:try, body, var, catch, finally_or_false, else)`.
            if let otherwise {
                if fin == nil { items.append(.bool(false)) }
                items.append(try body(otherwise, depth: depth))
            }
            return ex("try", items)
        case .returnValue(let v): return ex("return", [try v.map(q) ?? .nothing])
        case .breakLoop: return ex("break", [])
        case .continueLoop: return ex("continue", [])
        case .global(let items): return ex("global", try qs(items))
        case .local(let items): return ex("local", try qs(items))
        case .constant(let x): return ex("const", [try q(x)])
        case .using(let paths, let names, let isImport):
            let dotted = paths.map { p in ex(".", p.map { .sym($0) }) }
            if let names, let first = dotted.first {
                return ex(isImport ? "import" : "using", [ex(":", [first] + names.map { ex(".", [.sym($0)]) })])
            }
            return ex(isImport ? "import" : "using", dotted)
        case .macroCall(let name, let module, let args):
            var callee: Value = .sym("@" + name)
            if !module.isEmpty {
                var m: Value = .sym(module[0])
                for part in module.dropFirst() { m = ex(".", [m, .native(QuoteNodeObject(.sym(part)))]) }
                callee = ex(".", [m, .native(QuoteNodeObject(callee))])
            }
            return try ex("macrocall", [callee, Quoter.lineNode(e.span)] + qs(args))
        case .module(let name, let b): return ex("module", [.bool(true), .sym(name), try body(b, depth: depth)])
        case .quote(let inner, let isBlock):
            if isBlock { return ex("quote", [try quote(inner, depth: depth + 1)]) }
            return ex("quote", [try quote(inner, depth: depth + 1)])
        case .interpolate(let x):
            if depth == 0 {
                if case .splat(let inner) = x.kind { return try hole(inner, true) }
                return try hole(x, false)
            }
            return ex("$", [try quote(x, depth: depth - 1)])
        case .embedded(let box):
            return (box.payload as? Value) ?? .nothing
        }
    }

    private func isBareKeyword(_ k: Keyword) -> Bool {
        // `f(; x)` passes the variable `x` as the keyword `x`: the source is the name alone.
        let text = k.value.span.file.slice(k.value.span)
        return text == k.name && !k.value.span.file.text.isEmpty
    }

    private func matrix(_ rows: [[Expr]], typed: Expr?, depth: Int) throws -> Value {
        let prefix = typed == nil ? "" : "typed_"
        let lead: [Value] = try typed.map { [try quote($0, depth: depth)] } ?? []
        if rows.count == 1 { return ex(prefix + "hcat", lead + (try rows[0].map { try quote($0, depth: depth) })) }
        let items = try rows.map { row -> Value in
            if row.count == 1 { return try quote(row[0], depth: depth) }
            return ex("row", try row.map { try quote($0, depth: depth) })
        }
        return ex(prefix + "vcat", lead + items)
    }

    private func generator(_ body: Expr, _ loops: [ForSpec], _ cond: Expr?, depth: Int) throws -> Value {
        let ranges = try loops.map { ex("=", [try quote($0.target, depth: depth), try quote($0.iterable, depth: depth)]) }
        if let cond { return ex("generator", [try quote(body, depth: depth), ex("filter", [try quote(cond, depth: depth)] + ranges)]) }
        return ex("generator", [try quote(body, depth: depth)] + ranges)
    }

    /// `[1; 2;; 3; 4]` as Julia's parser gives it: `Expr(:ncat, 2, Expr(:nrow, 1, 1, 2), ...)`,
    /// groups split at the highest separator first, space-separated runs as `:row`.
    private func ncat(_ type: Expr?, _ items: [Expr], _ separators: [Int], _ trailing: Int, depth: Int) throws -> Value {
        let top = Swift.max(separators.max() ?? 0, trailing)
        func group(_ range: Range<Int>, level: Int) throws -> Value {
            if range.count == 1 { return try quote(items[range.lowerBound], depth: depth) }
            var parts: [Range<Int>] = [], start = range.lowerBound
            for i in range.dropLast() where separators[i] == level {
                parts.append(start..<(i + 1))
                start = i + 1
            }
            parts.append(start..<range.upperBound)
            if parts.count == 1 { return try group(range, level: level - 1) }
            let inner = try parts.map { try group($0, level: level - 1) }
            return level == 0 ? ex("row", inner) : ex("nrow", [.int(Int64(level))] + inner)
        }
        var parts: [Range<Int>] = [], start = 0
        for i in 0..<Swift.max(items.count - 1, 0) where separators[i] == top {
            parts.append(start..<(i + 1))
            start = i + 1
        }
        parts.append(start..<items.count)
        let inner = items.isEmpty ? [] : try parts.map { try group($0, level: top - 1) }
        if let type { return ex("typed_ncat", [try quote(type, depth: depth), .int(Int64(top))] + inner) }
        return ex("ncat", [.int(Int64(top))] + inner)
    }

    private func typeVar(_ t: (name: String, bound: Expr?), depth: Int) throws -> Value {
        guard let b = t.bound else { return .sym(t.name) }
        return ex("<:", [.sym(t.name), try quote(b, depth: depth)])
    }

    private func parameter(_ p: Parameter, depth: Int) throws -> Value {
        var v: Value
        if let pattern = p.pattern { v = try quote(pattern, depth: depth) } else if let n = p.name { v = .sym(n) } else { v = .nothing }
        if let t = p.type { v = p.name == nil && p.pattern == nil ? ex("::", [try quote(t, depth: depth)]) : ex("::", [v, try quote(t, depth: depth)]) }
        if p.isVararg { v = ex("...", [v]) }
        if let d = p.defaultValue { v = ex("kw", [v, try quote(d, depth: depth)]) }
        return v
    }

    /// `f(x, y; k = 1) where T` with its return type: the first argument of `function`.
    private func signature(_ def: FunctionDef, depth: Int) throws -> Value {
        var callee: Value
        switch def.name {
        case .named(let path, let name):
            callee = .sym(name)
            if !path.isEmpty {
                var m: Value = .sym(path[0])
                for part in path.dropFirst() { m = ex(".", [m, .native(QuoteNodeObject(.sym(part)))]) }
                callee = ex(".", [m, .native(QuoteNodeObject(.sym(name)))])
            }
        case .callable(let selfName, let type):
            let t = try quote(type, depth: depth)
            callee = selfName.map { ex("::", [.sym($0), t]) } ?? ex("::", [t])
        case .anonymous:
            callee = .nothing
        }
        var args = try def.params.map { try parameter($0, depth: depth) }
        var kws = try def.keywords.map { try parameter($0, depth: depth) }
        if let rest = def.keywordRest, rest != "#declaration" { kws.append(ex("...", [.sym(rest)])) }
        if !kws.isEmpty { args.insert(ex("parameters", kws), at: 0) }
        if case .anonymous = def.name {
            var sig = ex("tuple", args)
            if !def.whereParams.isEmpty { sig = ex("where", [sig] + (try def.whereParams.map { try typeVar($0, depth: depth) })) }
            return sig
        }
        var sig = ex("call", [callee] + args)
        if let r = def.returnType { sig = ex("::", [sig, try quote(r, depth: depth)]) }
        if !def.whereParams.isEmpty { sig = ex("where", [sig] + (try def.whereParams.map { try typeVar($0, depth: depth) })) }
        return sig
    }
}
