import FlxSyntax
import Synchronization

package final class Block: Node {
    package let statements: [Node]
    /// The same nodes without reference counting on each visit; `statements` keeps them alive.
    private let unretained: [Unmanaged<Node>]
    package init(_ statements: [Node], span: Span) {
        self.statements = statements
        self.unretained = statements.map { Unmanaged.passUnretained($0) }
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        try unretained.withUnsafeBufferPointer { nodes in
            let n = nodes.count
            if n == 0 { return .nothing }
            var i = 0
            while i < n - 1 {
                _ = try nodes[i]._withUnsafeGuaranteedRef { try $0.eval(interp, fp) }
                if interp.pending != .none { return .nothing }
                i += 1
            }
            return try nodes[n - 1]._withUnsafeGuaranteedRef { try $0.eval(interp, fp) }
        }
    }
}

@inline(__always) package func truthValue(_ v: Value, _ node: Node, context: String = "boolean context") throws -> Bool {
    if case .bool(let b) = v { return b }
    if case .tracked = v { throw node.locate(Exceptions.error("non-boolean tracked value used in \(context)")) }
    throw node.locate(Exceptions.typeError("if", expected: "Bool", got: v))
}

package final class IfElse: Node {
    package let condition: Node
    package let then: Node
    package let otherwise: Node?
    package init(_ condition: Node, _ then: Node, _ otherwise: Node?, span: Span) {
        self.condition = condition
        self.then = then
        self.otherwise = otherwise
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        if try truthValue(try condition.eval(interp, fp), condition) {
            return try then.eval(interp, fp)
        }
        return try otherwise?.eval(interp, fp) ?? .nothing
    }
}

package final class And: Node {
    package let lhs: Node, rhs: Node
    package init(_ lhs: Node, _ rhs: Node, span: Span) {
        self.lhs = lhs
        self.rhs = rhs
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        guard try truthValue(try lhs.eval(interp, fp), lhs, context: "`&&`") else { return .bool(false) }
        return try rhs.eval(interp, fp)
    }
}

package final class Or: Node {
    package let lhs: Node, rhs: Node
    package init(_ lhs: Node, _ rhs: Node, span: Span) {
        self.lhs = lhs
        self.rhs = rhs
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        if try truthValue(try lhs.eval(interp, fp), lhs, context: "`||`") { return .bool(true) }
        return try rhs.eval(interp, fp)
    }
}

/// New cells for the captured variables of a scope entered again (a `let` inside a loop).
package final class FreshCells: Node {
    package let slots: [Int]
    package init(_ slots: [Int], span: Span) {
        self.slots = slots
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        for s in slots { fp[s] = .cell(Cell(.undef)) }
        return .nothing
    }
}

package final class While: Node {
    package let condition: Node
    package let body: Node
    package let freshCells: [Int]
    package init(_ condition: Node, _ body: Node, freshCells: [Int], span: Span) {
        self.condition = condition
        self.body = body
        self.freshCells = freshCells
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        while try truthValue(try condition.eval(interp, fp), condition) {
            for s in freshCells { fp[s] = .cell(Cell(.undef)) }
            _ = try body.eval(interp, fp)
            if interp.pending != .none {
                if interp.pending == .breakLoop { interp.pending = .none; break }
                if interp.pending == .continueLoop { interp.pending = .none; continue }
                return .nothing
            }
            if Interrupts.requested { throw locate(Interrupts.take()) }
        }
        return .nothing
    }
}

package final class ForLoop: Node {
    package let iterable: Node
    package let target: Assigner
    /// The loop variable's slot when it is a plain local (the fast path for ranges).
    package let targetSlot: Int?
    package let body: Node
    package let freshCells: [Int]
    package init(iterable: Node, target: Assigner, targetSlot: Int?, body: Node, freshCells: [Int], span: Span) {
        self.iterable = iterable
        self.target = target
        self.targetSlot = targetSlot
        self.body = body
        self.freshCells = freshCells
        super.init(span: span)
    }

    /// Runs the body once; returns false when the loop must stop.
    @inline(__always) private func runBody(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Bool {
        _ = try body.eval(interp, fp)
        if interp.pending != .none {
            if interp.pending == .breakLoop { interp.pending = .none; return false }
            if interp.pending == .continueLoop { interp.pending = .none; return true }
            return false
        }
        if Interrupts.requested { throw locate(Interrupts.take()) }
        return true
    }

    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let seq = try iterable.eval(interp, fp)
        if case .range(let r) = seq, case .int(let start, let step, _, _) = r.kind {
            let n = r.count
            var i: Int64 = 0
            var v = start
            while i < n {
                for s in freshCells { fp[s] = .cell(Cell(.undef)) }
                if let slot = targetSlot { fp[slot] = .int(v) } else { try target.assign(interp, fp, .int(v)) }
                if !(try runBody(interp, fp)) { break }
                i += 1
                v = v &+ step
            }
            return .nothing
        }
        let it: ValueIterator
        do { it = try interp.makeIterator(seq) } catch { throw locate(error) }
        while let v = try it.next() {
            for s in freshCells { fp[s] = .cell(Cell(.undef)) }
            do { try target.assign(interp, fp, v) } catch { throw locate(error) }
            if !(try runBody(interp, fp)) { break }
        }
        return .nothing
    }
}

package final class Return: Node {
    package let value: Node?
    package init(_ value: Node?, span: Span) {
        self.value = value
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        interp.returnValue = try value?.eval(interp, fp) ?? .nothing
        interp.pending = .returnValue
        return .nothing
    }
}

/// The body of a function with a declared return type (`function f(x)::T`): its value,
/// kept in a hidden local slot, goes through `convert` (a call node reading that slot),
/// unless a `return` ended the body (each `return` converts its own value).
package final class ConvertedResult: Node {
    package let body: Node
    package let slot: Int
    package let convert: Node
    package init(body: Node, slot: Int, convert: Node, span: Span) {
        self.body = body
        self.slot = slot
        self.convert = convert
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let v = try body.eval(interp, fp)
        if interp.pending != .none { return v }
        fp[slot] = v
        return try convert.eval(interp, fp)
    }
}

package final class Jump: Node {
    package let kind: Interpreter.Pending
    package init(_ kind: Interpreter.Pending, span: Span) {
        self.kind = kind
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        interp.pending = kind
        return .nothing
    }
}

package final class TryCatch: Node {
    package let body: Node
    package let variable: Assigner?
    package let handler: Node?
    package let finally: Node?
    /// `else`: run when the body raised nothing; its errors are not caught, `finally` follows it.
    package let otherwise: Node?
    package init(body: Node, variable: Assigner?, handler: Node?, finally: Node?, otherwise: Node? = nil, span: Span) {
        self.body = body
        self.variable = variable
        self.handler = handler
        self.finally = finally
        self.otherwise = otherwise
        super.init(span: span)
    }
    package override func eval(_ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws -> Value {
        let savedSP = interp.sp, savedDepth = interp.callDepth, savedIndex = interp.indexContext.count
        var result: Value = .nothing
        var raised = false
        do {
            result = try body.eval(interp, fp)
        } catch {
            raised = true
            guard let e = interp.flxError(from: error) else { throw error }
            interp.sp = savedSP
            interp.callDepth = savedDepth
            interp.indexContext.removeLast(interp.indexContext.count - savedIndex)
            if let handler {
                interp.lastError = e
                do {
                    try variable?.assign(interp, fp, e.value)
                    result = try handler.eval(interp, fp)
                } catch {
                    if let f = finally { try runFinally(f, interp, fp) }
                    throw error
                }
            } else if let f = finally {
                try runFinally(f, interp, fp)
                throw e
            }
        }
        if !raised, let otherwise, interp.pending == .none {
            do {
                result = try otherwise.eval(interp, fp)
            } catch {
                if let f = finally { try runFinally(f, interp, fp) }
                throw error
            }
        }
        if let f = finally { try runFinally(f, interp, fp) }
        return result
    }

    /// `finally` runs even while a `return` or `break` is in flight; keep that signal.
    private func runFinally(_ f: Node, _ interp: Interpreter, _ fp: UnsafeMutablePointer<Value>) throws {
        let pending = interp.pending, ret = interp.returnValue
        interp.pending = .none
        _ = try f.eval(interp, fp)
        if interp.pending == .none {
            interp.pending = pending
            interp.returnValue = ret
        }
    }
}

/// Polled at loop back-edges and calls; set from the SIGINT handler.
public enum Interrupts {
    private static let flag = Atomic<Bool>(false)

    /// Set from a signal handler; an atomic store is async-signal-safe.
    public static func request() { flag.store(true, ordering: .relaxed) }

    @inline(__always) public static var requested: Bool { flag.load(ordering: .relaxed) }

    public static func take() -> FlxError {
        flag.store(false, ordering: .relaxed)
        return Exceptions.interrupt()
    }
}
