/// The syntax tree the parser builds. Every node carries the span it came from so
/// that errors and stack traces can name file:line:column.
public struct Expr: Sendable {
    public var kind: ExprKind
    public var span: Span

    public init(_ kind: ExprKind, _ span: Span) {
        self.kind = kind
        self.span = span
    }
}

public indirect enum ExprKind: Sendable {
    // Literals
    case int(Int64)
    /// An integer literal of another type: `0x01` (UInt8, sized by its digits), `0o17`,
    /// `0b101`, or a decimal too large for Int64 (Int128).
    case sizedInt(IntLiteral)
    case float64(Double)
    case float32(Float)
    case bool(Bool)
    case string(String)
    case interpolated([InterpolationPart])
    case char(Character)
    case symbol(String)

    case identifier(String)
    /// A bare `:` (all of a dimension) inside indexing.
    case colon
    /// `end` / `begin` inside indexing: the last / first index of the dimension.
    case endIndex
    case beginIndex

    // Operators and calls
    case call(callee: Expr, args: [Expr], kwargs: [Keyword], broadcast: Bool)
    case binary(op: String, Expr, Expr)
    case unary(op: String, Expr)
    /// `a < b <= c`: operands and the operators between them.
    case comparison([Expr], [String])
    case and(Expr, Expr)
    case or(Expr, Expr)
    case ternary(Expr, Expr, Expr)
    case pair(Expr, Expr)
    case range(start: Expr, step: Expr?, stop: Expr)
    case adjoint(Expr)
    case splat(Expr)
    /// `x::T` used as an expression: a type assertion.
    case typeAssert(Expr, Expr)
    /// `T{A, B}`: a parametric type.
    case curly(Expr, [Expr])

    // Assignment
    case assign(target: Expr, value: Expr)
    /// `x += 1`, and with `broadcast` set, `x .+= 1`.
    case updateAssign(op: String, target: Expr, value: Expr, broadcast: Bool)
    /// `x .= y`
    case dotAssign(target: Expr, value: Expr)

    // Access
    case index(Expr, [Expr])
    case field(Expr, String)

    // Collections
    case tuple([Expr])
    case namedTuple([Keyword])
    case vect([Expr])
    /// `[a b; c d]`: rows of elements (a single row is hcat, single elements vcat).
    case matrix(rows: [[Expr]])
    /// `T[...]` with elements: typed vector / matrix / comprehension.
    case typedVect(type: Expr, [Expr])
    case typedMatrix(type: Expr, rows: [[Expr]])
    /// `[1; 2;; 3; 4]`, `[1 2;;; 3 4]`, `[1;;]`: n-dimensional concatenation. `separators[i]`
    /// stands between `items[i]` and `items[i + 1]`: 0 for a space (along dimension 2, inside a
    /// row), k ≥ 1 for k semicolons (a newline counts as one), along dimension k. `trailing`
    /// semicolons before `]` ask for at least that many dimensions. `type` is `T` of `T[...]`.
    case ncat(type: Expr?, items: [Expr], separators: [Int], trailing: Int)
    case comprehension(body: Expr, loops: [ForSpec], condition: Expr?, typed: Expr?)
    case generator(body: Expr, loops: [ForSpec], condition: Expr?)

    // Functions and types
    case function(FunctionDef)
    case lambda(FunctionDef)
    case structDef(StructDef)
    case abstractType(name: String, typeParams: [(name: String, bound: Expr?)], supertype: Expr?)

    // Control flow
    case block([Expr])
    case ifElse(Expr, Expr, Expr?)
    case whileLoop(Expr, Expr)
    case forLoop([ForSpec], Expr)
    case letBlock([Expr], Expr)
    /// `try body catch variable handler else elseBlock finally finally end`.
    case tryCatch(body: Expr, variable: String?, handler: Expr?, finally: Expr?, elseBlock: Expr?)
    case returnValue(Expr?)
    case breakLoop
    case continueLoop
    case global([Expr])
    case local([Expr])
    case constant(Expr)

    // Modules and macros
    case using([[String]], names: [String]?, isImport: Bool)
    case macroCall(name: String, module: [String], args: [Expr])
    case module(name: String, body: Expr)
    case nothingLiteral

    // Metaprogramming
    /// `:(a + b)` or `quote ... end` (`isBlock`): the code as data, an `Expr` value.
    case quote(Expr, isBlock: Bool)
    /// `$x` inside a quote: the value of `x` spliced into the quoted code.
    case interpolate(Expr)
    /// `macro name(args) ... end`: a method of the macro `@name`.
    case macroDef(FunctionDef)
    /// A value placed in the syntax tree by `eval` or a macro's result (an array, a
    /// function, a module): it has no source form, so the compiler takes it as a constant.
    case embedded(EmbeddedValue)
}

/// A run-time value carried through the syntax tree (see `ExprKind.embedded`). The
/// syntax layer knows nothing of values, so it holds it opaquely.
public final class EmbeddedValue: @unchecked Sendable {
    public let payload: Any
    public init(_ payload: Any) { self.payload = payload }
}

/// The bits of an integer literal and the Julia type they make: `bitWidth` 8…128 and
/// whether it is signed (only decimal literals too large for Int64 are: Int128).
public struct IntLiteral: Sendable, Equatable {
    public let bits: UInt128
    public let bitWidth: Int
    public let signed: Bool

    public init(bits: UInt128, bitWidth: Int, signed: Bool) {
        self.bits = bits
        self.bitWidth = bitWidth
        self.signed = signed
    }
}

public enum InterpolationPart: Sendable {
    case text(String)
    case expr(Expr)
}

public struct Keyword: Sendable {
    public var name: String
    public var value: Expr
    /// `f(; kw...)`: splat a collection of pairs as keywords.
    public var isSplat: Bool
    /// Written as `k = v` before any `;` in a call: in a method signature this is an
    /// optional positional parameter, not a keyword.
    public var positional: Bool = false

    public init(name: String, value: Expr, isSplat: Bool, positional: Bool = false) {
        self.name = name
        self.value = value
        self.isSplat = isSplat
        self.positional = positional
    }
}

/// `x in xs` of a `for` loop or a comprehension; `target` may destructure.
public struct ForSpec: Sendable {
    public var target: Expr
    public var iterable: Expr
    /// In a comprehension, `for a in x for b in y` (nested, flat result) rather than
    /// `for a in x, b in y` (a multi-dimensional result).
    public var startsNestedFor = false
    /// `for outer i = ...`: the loop assigns the enclosing scope's `i` instead of a new one.
    public var isOuter = false

    public init(target: Expr, iterable: Expr, startsNestedFor: Bool = false) {
        self.target = target
        self.iterable = iterable
        self.startsNestedFor = startsNestedFor
    }
}

public struct Parameter: Sendable {
    public var name: String?
    public var type: Expr?
    public var defaultValue: Expr?
    public var isVararg: Bool
    /// `((a, b), c) -> ...`: a tuple pattern instead of a name.
    public var pattern: Expr?
    public var span: Span

    public init(name: String?, type: Expr?, defaultValue: Expr?, isVararg: Bool, pattern: Expr? = nil, span: Span) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.isVararg = isVararg
        self.pattern = pattern
        self.span = span
    }
}

public enum FunctionName: Sendable {
    /// `f(...)` or `Flux.train!(...)`: the module path and the name.
    case named(path: [String], name: String)
    /// `(m::MyLayer)(x)`: a method that makes instances of a type callable.
    case callable(self: String?, type: Expr)
    case anonymous
}

public struct FunctionDef: Sendable {
    public var name: FunctionName
    public var params: [Parameter]
    public var keywords: [Parameter]
    /// `f(x; kw...)`: the name collecting the remaining keywords.
    public var keywordRest: String?
    public var whereParams: [(name: String, bound: Expr?)]
    public var body: Expr
    public var span: Span
    /// `function f(x)::T`: the declared return type (the result is `convert(T, result)`).
    public var returnType: Expr? = nil
    /// `Point{T}(x, y) where T`: a constructor of the type's instances (`Point{Float64}(...)`),
    /// not of the family.
    public var isInstanceConstructor = false

    public init(name: FunctionName, params: [Parameter], keywords: [Parameter], keywordRest: String?,
                whereParams: [(name: String, bound: Expr?)], body: Expr, span: Span, returnType: Expr? = nil) {
        self.name = name
        self.params = params
        self.keywords = keywords
        self.keywordRest = keywordRest
        self.whereParams = whereParams
        self.body = body
        self.span = span
        self.returnType = returnType
    }
}

public struct StructDef: Sendable {
    public var name: String
    public var typeParams: [(name: String, bound: Expr?)]
    public var supertype: Expr?
    public var isMutable: Bool
    public var fields: [(name: String, type: Expr?, isConst: Bool)]
    public var constructors: [FunctionDef]
    public var span: Span
}
