import FlxSyntax
/// A local variable: its slot in the frame, and whether a closure captures it (then
/// the slot holds a shared cell instead of the value).
package final class VarInfo {
    package let name: String
    package let slot: Int
    package var captured: Bool
    /// Index in creation order within its function; the second compile pass uses it
    /// to know from the start which variables closures capture.
    package let ordinal: Int
    /// A variable of an enclosing function seen through a closure's capture (always a cell).
    package var isCapture = false

    package init(name: String, slot: Int, captured: Bool, ordinal: Int) {
        self.name = name
        self.slot = slot
        self.captured = captured
        self.ordinal = ordinal
    }
}

/// Julia's scope kinds: the global scope, hard scopes (functions, `let`, and all
/// scopes inside a function) and soft scopes (loops and `try` at top level).
package final class Scope {
    package enum Kind { case global, function, hard, soft }
    package let kind: Kind
    package let parent: Scope?
    package unowned let function: FunctionContext
    package var vars: [String: VarInfo] = [:]
    package var declaredGlobals: Set<String> = []
    /// Captured variables declared here: they need a fresh cell on every entry.
    package var declaredCells: [VarInfo] = []

    package init(kind: Kind, parent: Scope?, function: FunctionContext) {
        self.kind = kind
        self.parent = parent
        self.function = function
    }
}

/// Per-function compile state: slot allocation and the variables captured from
/// enclosing functions.
package final class FunctionContext {
    package let parent: FunctionContext?
    /// The scope in the parent where this function is defined (for capture look-ups).
    package let definingScope: Scope?
    package var slotCount = 0
    package var allVars: [VarInfo] = []
    /// Ordinals of variables known (from a first pass) to be captured.
    package var capturedOrdinals: Set<Int>
    /// (slot of the variable in the parent frame, slot here) for each capture.
    package var captures: [(outerSlot: Int, innerSlot: Int, name: String)] = []
    package var captureVars: [String: VarInfo] = [:]
    package let isTopLevel: Bool
    package var loopDepth = 0
    /// `function f(x)::T`: the compiled `T`, which every `return` and the body's value are converted to.
    package var returnType: Node?
    /// The names of the arguments (positional and keyword): `local x` or `global x` of one in
    /// the function's own scope is Julia's syntax error.
    package var argumentNames: Set<String> = []

    package init(parent: FunctionContext?, definingScope: Scope?, capturedOrdinals: Set<Int>, isTopLevel: Bool) {
        self.parent = parent
        self.definingScope = definingScope
        self.capturedOrdinals = capturedOrdinals
        self.isTopLevel = isTopLevel
    }

    package func newVar(_ name: String) -> VarInfo {
        let ordinal = allVars.count
        let v = VarInfo(name: name, slot: slotCount, captured: capturedOrdinals.contains(ordinal), ordinal: ordinal)
        slotCount += 1
        allVars.append(v)
        return v
    }

    /// Whether compiling discovered captures that the nodes already emitted did not know about.
    package var needsRecompile: Bool {
        allVars.contains { $0.captured && !$0.isCapture && !capturedOrdinals.contains($0.ordinal) }
    }
}
