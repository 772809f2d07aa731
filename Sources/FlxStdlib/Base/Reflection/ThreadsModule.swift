import FlxSyntax
import FlxCore
import FlxEngine

/// `Base.Threads` as flx has it: the interpreter runs Julia code on one thread (matrix
/// products and array loops use `--threads N` inside the engine), so `nthreads()` is 1,
/// `Threads.@threads for` runs its loop serially in order (see `CompileMacros`), and the
/// atomics and locks are plain values that keep their single-threaded meaning.
package enum ThreadsModule {
    package static func install(_ interp: Interpreter) {
        let threads = ModuleValue(name: "Threads", parent: interp.base)
        interp.modules["Threads"] = threads
        threads.register(functions, helpInto: interp.builtinHelp)
        threads.define("Atomic", .type(AtomicObject.family))
        TypeBuiltins.setConstructor(AtomicObject.family) { interp, a in
            let target = interp.constructing.last ?? AtomicObject.family
            var element: FlxType? = nil
            if case .type(let t)? = target.parameters.first { element = t }
            guard a.count <= 1 else { throw Exceptions.method(.type(target), a.values) }
            var value: Value = a.count == 1 ? a[0] : .int(0)
            if let element { value = try interp.convertElement(value, to: element) }
            return .native(AtomicObject(value, element: element ?? interp.typeOf(value)))
        }
        interp.base.define("Threads", .module(threads))
        interp.builtinHelp.add(BuiltinHelp("Threads", "Base.Threads: `nthreads()` (1 in flx, whose interpreter is single-threaded), `threadid()`, `@threads for` (runs serially, in order), `Atomic` and `atomic_add!` and friends.", "Threads.@threads for i in 1:3\n    println(i)\nend"), for: "Threads")
        interp.builtinHelp.add(BuiltinHelp("Threads.Atomic{T}(v = 0)", "A box for a number, read and written with `x[]` and updated with `Threads.atomic_add!(x, v)` and friends (which return the old value).", "x = Threads.Atomic{Int}(0); Threads.atomic_add!(x, 2); x[]  # 2"), for: "Atomic")
    }

    static func atomic(_ a: Args, _ name: String) throws -> AtomicObject {
        guard a.count == 2, case .native(let x as AtomicObject) = a[0] else { throw Exceptions.method(.str(name), a.values) }
        return x
    }

    /// `atomic_op!(x, v)`: stores `op(old, v)` and returns the old value.
    static func update(_ name: String, _ op: BinaryOperator?) -> Builtin {
        Builtin(name, { interp, a in
            let x = try atomic(a, name)
            let old = x.value
            let new = try op.map { try OperatorBuiltins.binaryValues($0, old, a[1], interp) } ?? a[1]
            x.value = try interp.convertElement(new, to: x.element)
            return old
        }, help: BuiltinHelp("Threads.\(name)(x::Atomic, v)", "Atomically replaces `x[]` by \(op.map { "`x[] \($0.rawValue) v`" } ?? "`v`") and returns the old value.", "x = Threads.Atomic{Int}(0); Threads.\(name)(x, 2)"))
    }

    static var functions: [Builtin] {
        [
            Builtin("nthreads", differentiation: .constant, { _, _ in .int(1) },
                help: BuiltinHelp("Threads.nthreads()", "The number of threads running Julia code: 1 in flx, whose interpreter is single-threaded (`--threads` sets the engine's threads for array work).", "Threads.nthreads()  # 1")),
            Builtin("threadid", differentiation: .constant, { _, _ in .int(1) },
                help: BuiltinHelp("Threads.threadid()", "The id of the running thread: always 1 in flx.", "Threads.threadid()  # 1")),
            Builtin("maxthreadid", differentiation: .constant, { _, _ in .int(1) },
                help: BuiltinHelp("Threads.maxthreadid()", "The largest thread id: 1 in flx.", "Threads.maxthreadid()  # 1")),
            update("atomic_add!", .add), update("atomic_sub!", .sub), update("atomic_xchg!", nil),
            update("atomic_max!", nil), update("atomic_min!", nil),
        ].map { b in
            // max/min need the comparison, not a plain operator.
            guard b.name == "atomic_max!" || b.name == "atomic_min!" else { return b }
            let isMax = b.name == "atomic_max!"
            return Builtin(b.name, { interp, a in
                let x = try atomic(a, b.name)
                let old = x.value
                let less = try OperatorBuiltins.binaryValues(.lt, old, a[1], interp)
                if case .bool(let l) = less, l == isMax { x.value = try interp.convertElement(a[1], to: x.element) }
                return old
            }, help: BuiltinHelp("Threads.\(b.name)(x::Atomic, v)", "Atomically stores the \(isMax ? "larger" : "smaller") of `x[]` and `v`; returns the old value.", "Threads.\(b.name)(x, 3)"))
        }
    }
}

/// `Threads.Atomic{T}(v)`: a box read and written with `x[]`.
package final class AtomicObject: NativeObject, NativeShowable, NativeIndexable, NativeFields {
    package var value: Value
    package let element: FlxType
    package init(_ value: Value, element: FlxType) {
        self.value = value
        self.element = element
    }
    package static let family: FlxType = {
        let t = FlxType(name: "Base.Threads.Atomic", supertype: BuiltinTypes.any)
        t.isMutable = true
        t.parameterNames = ["T"]
        return t
    }()
    package override var flxType: FlxType { AtomicObject.family.instantiate([.type(element)]) }
    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        TypeNames.show(flxType) + "(" + (try Display.repr(value, interp)) + ")"
    }
    package func display(_ interp: Interpreter) throws -> String? { try show(interp, compact: false) }
    package func getIndex(_ indices: [Value], _ interp: Interpreter) throws -> Value {
        guard indices.isEmpty else { throw Exceptions.method(.str("getindex"), [.native(self)] + indices) }
        return value
    }
    package func setIndex(_ indices: [Value], _ value: Value, _ interp: Interpreter) throws {
        guard indices.isEmpty else { throw Exceptions.method(.str("setindex!"), [.native(self), value] + indices) }
        self.value = try interp.convertElement(value, to: element)
    }
    package func field(_ name: String, _ interp: Interpreter) throws -> Value? { name == "value" ? value : nil }
    package func setField(_ name: String, _ value: Value, _ interp: Interpreter) throws -> Bool {
        guard name == "value" else { return false }
        self.value = try interp.convertElement(value, to: element)
        return true
    }
}
