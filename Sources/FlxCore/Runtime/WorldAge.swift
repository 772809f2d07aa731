import Synchronization

/// Julia's world age, as far as a script can see it: a method defined while a function
/// runs (by `eval`, `@eval` or `include` inside it) is not used by that running call, nor by
/// anything it calls, until control is back in top-level code; `invokelatest` reaches it at
/// once.
///
/// Every global method definition takes the next world number (`WorldAge.next`). Top-level
/// code runs in the newest world, and a definition made directly in top-level code moves it
/// on (`Interpreter.runningWorld`), so the next statement sees it, as Julia's top-level
/// thunks do. A definition made inside a running function leaves the running world alone,
/// so the method table answers as it was (`GenericFunction.selectInWorld`), reaching a
/// replaced method through the `previous` chain. Only a function with a method newer than
/// the running world takes that path, and its call sites do not cache what it answers.
package enum WorldAge {
    private static let counter = Mutex(0)

    /// A new world, for a method being defined.
    package static func next() -> Int {
        counter.withLock { n in
            n += 1
            return n
        }
    }

    /// The newest world so far.
    package static var latest: Int { counter.withLock { $0 } }
}

extension GenericFunction {
    /// `select` as the method table was in `world`: methods defined later are left out, and
    /// a method that replaced an older one answers with that one.
    func selectInWorld(_ types: UnsafeBufferPointer<FlxType>, world: Int) -> Method? {
        var visible: [Method] = []
        for m in methods {
            var v: Method? = m
            while let c = v, c.world > world { v = c.previous }
            if let c = v { visible.append(c) }
        }
        var best: Method? = nil
        for m in visible where m.accepts(types) {
            if let b = best {
                if m.isMoreSpecific(than: b) { best = m }
            } else {
                best = m
            }
        }
        // Ambiguous, as in `select`: no method.
        if let b = best, visible.contains(where: { $0 !== b && $0.accepts(types) && !b.isMoreSpecific(than: $0) && !$0.isMoreSpecific(than: b) }) {
            return nil
        }
        return best
    }
}

extension Interpreter {
    /// Calls `f` in the newest world (Julia's `invokelatest`).
    package func callInLatestWorld(_ f: Value, _ args: [Value], keywords: [(name: String, value: Value)]) throws -> Value {
        let saved = runningWorld
        runningWorld = WorldAge.latest
        defer { runningWorld = saved }
        return try call(f, args, keywords: keywords)
    }
}
