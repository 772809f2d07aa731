/// One instruction of a specialised body: an opcode and up to four operands, most of
/// them register numbers in the frame's register file (8 bytes each, unboxed). A plain
/// struct, so a body is a flat array walked by one loop with a `switch`: no node object
/// and no reference count is touched per instruction.
package struct TierInstruction {
    package var op: TierOp
    package var a: Int32
    package var b: Int32
    package var c: Int32
    package var d: Int32

    package init(_ op: TierOp, _ a: Int32 = 0, _ b: Int32 = 0, _ c: Int32 = 0, _ d: Int32 = 0) {
        self.op = op
        self.a = a
        self.b = b
        self.c = c
        self.d = d
    }
}

/// The opcodes. Arithmetic names its operand type (I: Int64, F: Float64, S: Float32);
/// the destination is `a`, the operands `b` and `c` unless said otherwise.
package enum TierOp: UInt8 {
    // Int64, wrapping as Julia's does.
    case addI, subI, mulI, negI
    case ltI, leI, eqI, neI
    // Float64 and Float32: IEEE, so comparisons with NaN are false (`!=` true).
    case addF, subF, mulF, divF, negF
    case ltF, leF, eqF, neF
    case addS, subS, mulS, divS, negS
    case ltS, leS, eqS, neS
    /// a = Float64(b) for an Int64 b (what promotion does to `s + i`).
    case intToF
    /// a = !b for a Bool.
    case not
    /// a = b (one register to another).
    case move
    /// Any other operation on scalars, done by the generic path's own code on boxed
    /// values (`boxedOps[d]`): the same answers and errors, at a boxing's cost.
    case boxedOp
    /// A pure builtin (`builtins[d]`) called on boxed arguments in registers c..<c+n.
    case builtin
    /// a = result of the specialised callee `callees[d]` on arguments in c..<c+n.
    case call
    /// a = b[c] of a `Vector{Float64}` / `Vector{Int64}` (bails out of bounds).
    case getIndexF, getIndexI
    /// a = length(b) of a vector.
    case length
    /// a = field c of the struct in b, of scalar kind d (0 Int64, 1 Float64, 2 Float32, 3 Bool).
    case getField
    /// Field c of the mutable struct in a = b, of scalar kind d.
    case setField
    /// pc = a.
    case jump
    /// if !b { pc = a }.
    case jumpIfFalse
    /// if b { pc = a }.
    case jumpIfTrue
    /// A loop's back edge: polls for an interrupt, then pc = a. With d = 1 (a body that
    /// writes to objects, so cannot be run again) an interrupt is raised, not bailed on.
    case loop
    /// `for` over `lo:hi` entry: if b > c { pc = a }.
    case forEnter
    /// `for` step with counter b and last value c: if b != c { b += 1; pc = a } (a back
    /// edge: polls for an interrupt, as `loop` does with d). Comparing before
    /// incrementing never overflows.
    case forNext
    /// Returns register a.
    case ret
}
