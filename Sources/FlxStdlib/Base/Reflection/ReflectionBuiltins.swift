import FlxSyntax
import FlxCore
#if canImport(Glibc)
import Glibc
#endif

/// Errors, types and fields at run time, `include`, time and process control.
package enum ReflectionBuiltins {
    package static func install(_ interp: Interpreter) {
        let b = interp.base
        b.native("typeof") { interp, a in
            try a.expect("typeof", 1...1)
            return .type(interp.preciseType(of: a[0]))
        }
        b.native("error") { interp, a in
            throw Exceptions.error(try a.values.map { try Display.printString($0, interp) }.joined())
        }
        b.native("throw") { _, a in
            try a.expect("throw", 1...1)
            throw FlxError(a[0])
        }
        b.native("rethrow") { interp, a in
            if a.count == 1 { throw FlxError(a[0]) }
            guard let e = interp.lastError else { throw Exceptions.error("rethrow() not allowed outside a catch block") }
            throw e
        }
        b.native("showerror") { interp, a in
            try a.expect("showerror", 2...3)
            try IOBuiltins.write(a[0], try ErrorDisplay.showError(a[1], interp), interp)
            return .nothing
        }
        b.native("catch_backtrace") { _, _ in .array(ArrayValue(boxed: [], shape: .scalar, elementType: BuiltinTypes.any)) }
        b.native("include") { interp, a in
            try a.expect("include", 1...1)
            guard case .string(let path) = a[0] else { throw Exceptions.method(.str("include"), a.values) }
            return try interp.include(path.value)
        }
        b.native("time") { _, _ in .float64(Clock.wallSeconds()) }
        b.native("time_ns") { _, _ in .int(Int64(Clock.seconds() * 1e9)) }
        b.native("sleep") { _, a in
            try a.expect("sleep", 1...1)
            usleep(UInt32(max(0, min(asDouble(a[0]), 3600)) * 1e6))
            return .nothing
        }
        b.native("exit") { _, a in
            let code = a.count == 1 ? Int32(truncatingIfNeeded: asInt(a[0])) : 0
            throw ExitRequest(code: code)
        }
        b.native("fieldnames") { interp, a in
            try a.expect("fieldnames", 1...1)
            guard case .type(let t) = a[0] else { throw Exceptions.method(.str("fieldnames"), a.values) }
            return .tuple(t.fieldNames.map { .sym($0) })
        }
        b.native("fieldcount") { _, a in
            guard a.count == 1, case .type(let t) = a[0] else { throw Exceptions.method(.str("fieldcount"), a.values) }
            return .int(Int64(t.fieldNames.count))
        }
        b.native("propertynames") { interp, a in
            try a.expect("propertynames", 1...1)
            switch a[0] {
            case .object(let o): return .tuple(o.type.fieldNames.map { .sym($0) })
            case .namedTuple(let nt): return .tuple(nt.names.map { .sym($0) })
            default: return .tuple([])
            }
        }
        b.native("getfield") { interp, a in
            try a.expect("getfield", 2...2)
            switch a[1] {
            case .symbol(let s): return try interp.getField(a[0], s.name)
            case .int(let i):
                if case .object(let o) = a[0], i >= 1 && Int(i) <= o.fields.count { return o.fields[Int(i) - 1] }
                return try interp.getIndex(a[0], [a[1]])
            default: throw Exceptions.method(.str("getfield"), a.values)
            }
        }
        b.native("getproperty") { interp, a in
            try a.expect("getproperty", 2...2)
            guard case .symbol(let s) = a[1] else { throw Exceptions.method(.str("getproperty"), a.values) }
            return try interp.getField(a[0], s.name)
        }
        for name in ["setfield!", "setproperty!"] {
            b.native(name) { interp, a in
                try a.expect(name, 3...3)
                guard case .symbol(let s) = a[1] else { throw Exceptions.method(.str(name), a.values) }
                try interp.setField(a[0], s.name, a[2])
                return a[2]
            }
        }
        b.native("hasfield") { _, a in
            guard a.count == 2, case .type(let t) = a[0], case .symbol(let s) = a[1] else { throw Exceptions.method(.str("hasfield"), a.values) }
            return .bool(t.fieldNames.contains(s.name))
        }
        b.native("hasproperty") { _, a in
            guard a.count == 2, case .symbol(let s) = a[1] else { throw Exceptions.method(.str("hasproperty"), a.values) }
            switch a[0] {
            case .object(let o): return .bool(o.type.fieldNames.contains(s.name))
            case .namedTuple(let nt): return .bool(nt.names.contains(s.name))
            default: return .bool(false)
            }
        }
        b.native("isdefined") { interp, a in
            try a.expect("isdefined", 2...2)
            guard case .symbol(let s) = a[1] else { throw Exceptions.method(.str("isdefined"), a.values) }
            switch a[0] {
            case .module(let m): return .bool(m.member(s.name) != nil)
            case .object(let o):
                guard let i = o.type.fieldNames.firstIndex(of: s.name) else { return .bool(false) }
                return .bool(!isUndef(o.fields[i]))
            default: return .bool(false)
            }
        }
        b.native("nameof") { _, a in
            try a.expect("nameof", 1...1)
            switch a[0] {
            case .type(let t): return .sym(t.root.name)
            case .function(let c): return .sym(c.name)
            case .module(let m): return .sym(m.name)
            default: throw Exceptions.method(.str("nameof"), a.values)
            }
        }
        b.native("supertype") { _, a in
            guard a.count == 1, case .type(let t) = a[0] else { throw Exceptions.method(.str("supertype"), a.values) }
            return .type(t.supertype ?? BuiltinTypes.any)
        }
        b.native("isabstracttype") { _, a in
            guard a.count == 1, case .type(let t) = a[0] else { throw Exceptions.method(.str("isabstracttype"), a.values) }
            return .bool(t.isAbstract)
        }
        b.native("isconcretetype") { _, a in
            guard a.count == 1, case .type(let t) = a[0] else { throw Exceptions.method(.str("isconcretetype"), a.values) }
            return .bool(!t.isAbstract && !t.parameters.contains(.free))
        }
        b.native("ismutable") { _, a in
            try a.expect("ismutable", 1...1)
            switch a[0] {
            case .object(let o): return .bool(o.type.isMutable)
            case .array, .native: return .bool(true)
            default: return .bool(false)
            }
        }
        b.native("applicable") { interp, a in
            guard a.count >= 1, case .function(let c) = a[0] else { return .bool(false) }
            guard let g = c as? GenericFunction else { return .bool(true) }
            let types = a.values.dropFirst().map { interp.typeOf($0) }
            return .bool(types.withUnsafeBufferPointer { g.select($0) } != nil)
        }
        b.native("invokelatest") { interp, a in
            guard a.count >= 1 else { throw Exceptions.method(.str("invokelatest"), a.values) }
            return try interp.call(a[0], Array(a.values.dropFirst()), keywords: a.keywords)
        }
        b.native("methods") { _, a in
            guard a.count == 1, case .function(let c) = a[0], let g = c as? GenericFunction else { throw Exceptions.method(.str("methods"), a.values) }
            return .int(Int64(g.methods.count))
        }
        b.native("objectid") { _, a in
            try a.expect("objectid", 1...1)
            switch a[0] {
            case .array(let arr): return .int(Int64(bitPattern: UInt64(UInt(bitPattern: ObjectIdentifier(arr).hashValue))))
            case .object(let o): return .int(Int64(bitPattern: UInt64(UInt(bitPattern: ObjectIdentifier(o).hashValue))))
            default: return .int(0)
            }
        }
        b.native("sizeof") { _, a in
            try a.expect("sizeof", 1...1)
            switch a[0] {
            case .array(let arr):
                if let t = arr.tensor { return .int(Int64(t.count * t.dtype.byteWidth)) }
                return .int(Int64(arr.count * 8))
            case .string(let s): return .int(Int64(s.value.utf8.count))
            case .float32: return .int(4)
            case .bool: return .int(1)
            case .type(let t):
                if t === BuiltinTypes.float32 { return .int(4) }
                if t === BuiltinTypes.bool { return .int(1) }
                return .int(8)
            default: return .int(8)
            }
        }
        b.native("gc") { _, _ in .nothing }
        b.define("VERSION", .str("1.11.0"))
    }
}
