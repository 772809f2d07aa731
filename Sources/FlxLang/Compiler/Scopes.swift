/// A local variable: its slot in the frame, and whether a closure captures it (then
/// the slot holds a shared cell instead of the value).
final class VarInfo {
    let name: String
    let slot: Int
    var captured: Bool
    /// Index in creation order within its function; the second compile pass uses it
    /// to know from the start which variables closures capture.
    let ordinal: Int
    /// A variable of an enclosing function seen through a closure's capture (always a cell).
    var isCapture = false

    init(name: String, slot: Int, captured: Bool, ordinal: Int) {
        self.name = name
        self.slot = slot
        self.captured = captured
        self.ordinal = ordinal
    }
}

/// Julia's scope kinds: the global scope, hard scopes (functions, `let`, and all
/// scopes inside a function) and soft scopes (loops and `try` at top level).
final class Scope {
    enum Kind { case global, function, hard, soft }
    let kind: Kind
    let parent: Scope?
    unowned let function: FunctionContext
    var vars: [String: VarInfo] = [:]
    var declaredGlobals: Set<String> = []
    /// Captured variables declared here: they need a fresh cell on every entry.
    var declaredCells: [VarInfo] = []

    init(kind: Kind, parent: Scope?, function: FunctionContext) {
        self.kind = kind
        self.parent = parent
        self.function = function
    }
}

/// Per-function compile state: slot allocation and the variables captured from
/// enclosing functions.
final class FunctionContext {
    let parent: FunctionContext?
    /// The scope in the parent where this function is defined (for capture look-ups).
    let definingScope: Scope?
    var slotCount = 0
    var allVars: [VarInfo] = []
    /// Ordinals of variables known (from a first pass) to be captured.
    var capturedOrdinals: Set<Int>
    /// (slot of the variable in the parent frame, slot here) for each capture.
    var captures: [(outerSlot: Int, innerSlot: Int, name: String)] = []
    var captureVars: [String: VarInfo] = [:]
    let isTopLevel: Bool
    var loopDepth = 0

    init(parent: FunctionContext?, definingScope: Scope?, capturedOrdinals: Set<Int>, isTopLevel: Bool) {
        self.parent = parent
        self.definingScope = definingScope
        self.capturedOrdinals = capturedOrdinals
        self.isTopLevel = isTopLevel
    }

    func newVar(_ name: String) -> VarInfo {
        let ordinal = allVars.count
        let v = VarInfo(name: name, slot: slotCount, captured: capturedOrdinals.contains(ordinal), ordinal: ordinal)
        slotCount += 1
        allVars.append(v)
        return v
    }

    func newTemp() -> Int {
        slotCount += 1
        return slotCount - 1
    }

    /// Whether compiling discovered captures that the nodes already emitted did not know about.
    var needsRecompile: Bool {
        allVars.contains { $0.captured && !$0.isCapture && !capturedOrdinals.contains($0.ordinal) }
    }
}
