import FlxSyntax
import FlxEngine

/// Julia's `Expr`: code as data, a head (`:call`, `:block`, `:(=)`, ...) and a vector of
/// arguments (symbols, literals, other expressions). Mutable as in Julia: `ex.args` is
/// the object's own `Vector{Any}`, so `push!(ex.args, :x)` changes the expression.
public final class ExprObject: NativeObject, NativeFields {
    public var head: Symbol
    public var argsArray: ArrayValue

    public init(_ head: String, _ args: [Value]) {
        self.head = Symbol.intern(head)
        argsArray = ExprObject.anyVector(args)
    }

    package static let type = FlxType(name: "Expr", supertype: BuiltinTypes.any)
    public override var flxType: FlxType { ExprObject.type }

    public var headName: String { head.name }
    /// The arguments as they are now (the vector may have been resized since).
    public var args: [Value] {
        (0..<argsArray.count).map { argsArray.element($0) }
    }

    package static func anyVector(_ values: [Value]) -> ArrayValue {
        ArrayValue(boxed: values, shape: (try? Shape(values.count)) ?? Shape.scalar, elementType: BuiltinTypes.any)
    }

    public func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "head": return .symbol(head)
        case "args": return .array(argsArray)
        default: return nil
        }
    }

    public func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        switch name {
        case "head":
            guard case .symbol(let s) = value else { throw Exceptions.typeError("setfield!", expected: "Symbol", got: value) }
            head = s
            return true
        case "args":
            guard case .array(let a) = value, a.rank == 1 else { throw Exceptions.typeError("setfield!", expected: "Vector{Any}", got: value) }
            argsArray = ExprObject.anyVector((0..<a.count).map { a.element($0) })
            return true
        default: return false
        }
    }
}

/// `QuoteNode(x)`: a value quoted without interpolation (the parser's `:x` inside an
/// expression, `Meta.quot`).
public final class QuoteNodeObject: NativeObject, NativeFields {
    public let value: Value
    public init(_ value: Value) { self.value = value }
    package static let type = FlxType(name: "QuoteNode", supertype: BuiltinTypes.any)
    public override var flxType: FlxType { QuoteNodeObject.type }
    public func field(_ name: String, _ interp: Interpreter) throws -> Value? { name == "value" ? value : nil }
    public func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
}

/// `LineNumberNode(line, file)`: where the next statement of a block was written.
public final class LineNumberNodeObject: NativeObject, NativeFields {
    public let line: Int64
    /// A Symbol (the file name) or `nothing`.
    public let file: Value
    public init(line: Int64, file: Value) {
        self.line = line
        self.file = file
    }
    package static let type = FlxType(name: "LineNumberNode", supertype: BuiltinTypes.any)
    public override var flxType: FlxType { LineNumberNodeObject.type }
    public func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "line": return .int(line)
        case "file": return file
        default: return nil
        }
    }
    public func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
}

/// `GlobalRef(mod, name)`: a global variable of a given module, what macro hygiene turns
/// a macro's free names into.
public final class GlobalRefObject: NativeObject, NativeFields {
    public let module: ModuleValue
    public let name: Symbol
    public init(_ module: ModuleValue, _ name: Symbol) {
        self.module = module
        self.name = name
    }
    package static let type = FlxType(name: "GlobalRef", supertype: BuiltinTypes.any)
    public override var flxType: FlxType { GlobalRefObject.type }
    public func field(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "mod": return .module(module)
        case "name": return .symbol(self.name)
        default: return nil
        }
    }
    public func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool { false }
}

extension Value {
    /// The expression object if this value is an `Expr`.
    package var exprObject: ExprObject? {
        if case .native(let n) = self { return n as? ExprObject }
        return nil
    }

    /// `Meta.isexpr(v, head)`.
    package func isExpr(_ head: String) -> Bool { exprObject?.headName == head }
}
