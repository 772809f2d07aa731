/// A broadcast expression tree the language builds from `@.`/dotted calls,
/// e.g. `σ.(W*x .+ b)` → `.unary(.sigmoid, .binary(.add, .input(0), .input(1)))`
/// with inputs [W*x, b].
public indirect enum FusedExpr: Sendable, Hashable {
    case input(Int)
    case constant(Double)
    case unary(UnaryOp, FusedExpr)
    case binary(BinaryOp, FusedExpr, FusedExpr)
}

/// The expression flattened into instructions in evaluation order; instruction i
/// writes register i. Compiled once per evaluate call (a handful of appends).
struct FusedProgram {
    enum Instruction {
        case load(Int)
        case constant(Double)
        case unary(UnaryOp, Int)
        case binary(BinaryOp, Int, Int)
    }
    var code: [Instruction] = []
    var inputCount: Int
    /// Whether the program is `relu.(input0 .+ input1)`: Dense's bias and activation,
    /// which `Fused` runs in one dedicated pass each way.
    private(set) var isBiasRelu = false
    /// Whether it is `gelu.(input0 .+ input1)` (a transformer's MLP), which Float32 Dense
    /// runs through vectorised C passes (`Fused.biasGelu`).
    private(set) var isBiasGelu = false

    init(_ expr: FusedExpr, inputCount: Int) throws {
        self.inputCount = inputCount
        code.reserveCapacity(8)
        _ = try emit(expr)
        if inputCount == 2, code.count == 4, case .load(0) = code[0], case .load(1) = code[1],
           case .binary(.add, 0, 1) = code[2], case .unary(let op, 2) = code[3] {
            isBiasRelu = op == .relu
            isBiasGelu = op == .gelu
        }
    }

    private mutating func emit(_ e: FusedExpr) throws -> Int {
        switch e {
        case .input(let k):
            guard k >= 0 && k < inputCount else {
                throw EngineError.argument("fused expression reads input \(k) but only \(inputCount) inputs were given")
            }
            code.append(.load(k))
        case .constant(let c):
            code.append(.constant(c))
        case .unary(let op, let x):
            let r = try emit(x)
            code.append(.unary(op, r))
        case .binary(let op, let x, let y):
            let l = try emit(x), r = try emit(y)
            code.append(.binary(op, l, r))
        }
        return code.count - 1
    }
}
