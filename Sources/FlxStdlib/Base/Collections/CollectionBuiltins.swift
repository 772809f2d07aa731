import FlxSyntax
import FlxCore
import FlxEngine

/// Functions over any iterable: length, map, filter, reduce, sum, sort, zip, Dict, ...
package enum CollectionBuiltins {
    package static func install(_ interp: Interpreter) {
        let b = interp.base
        b.native("length") { interp, a in
            try a.expect("length", 1...1)
            switch a[0] {
            case .string(let s): return .int(Int64(s.value.count))
            case .native(let d as DictObject): return .int(Int64(d.count))
            default:
                if let n = interp.knownLength(a[0]) { return .int(Int64(n)) }
                if case .object = a[0], let f = interp.base.member("length")?.value, case .function(let g as GenericFunction) = f, g.methods.count > 1 {
                    throw Exceptions.method(.str("length"), a.values)
                }
                return .int(Int64(try interp.collect(a[0]).count))
            }
        }
        b.native("isempty") { interp, a in
            try a.expect("isempty", 1...1)
            switch a[0] {
            case .string(let s): return .bool(s.value.isEmpty)
            case .native(let d as DictObject): return .bool(d.count == 0)
            default:
                if let n = interp.knownLength(a[0]) { return .bool(n == 0) }
                return .bool(try interp.makeIterator(a[0]).next() == nil)
            }
        }
        b.native("collect") { interp, a in
            try a.expect("collect", 1...2)
            var v = a[a.count - 1]
            if a.count == 2, case .type(let t) = a[0] { return .array(try interp.makeVector(try interp.collect(v), elementType: t)) }
            if case .array(let arr) = v { return .array(try copyArray(arr, interp)) }
            if case .range = v { return .array(try interp.materialize(v)) }
            if case .string(let s) = v { return .array(try interp.makeVector(s.value.unicodeScalars.map { .char($0.value) }, elementType: BuiltinTypes.char)) }
            let items = try interp.collect(v)
            if a.count == 2, case .type(let t) = a[0] { return .array(try interp.makeVector(items, elementType: t)) }
            v = .array(try interp.makeArray(items, shape: try Shape([items.count]), elementType: items.isEmpty ? BuiltinTypes.any : interp.joinedType(items)))
            return v
        }
        b.native("first") { interp, a in
            try a.expect("first", 1...2)
            if a.count == 2 {
                let n = try a.int(1, "first")
                return try takeFirst(a[0], n, interp)
            }
            if case .string(let s) = a[0] {
                guard let c = s.value.unicodeScalars.first else { throw Exceptions.argument("collection must be non-empty") }
                return .char(c.value)
            }
            guard let v = try interp.makeIterator(a[0]).next() else { throw Exceptions.argument("collection must be non-empty") }
            return v
        }
        b.native("last") { interp, a in
            try a.expect("last", 1...2)
            let items = try interp.collect(a[0])
            if a.count == 2 {
                let n = try a.int(1, "last")
                return try interp.vector(Array(items.suffix(n)))
            }
            guard let v = items.last else { throw Exceptions.argument("collection must be non-empty") }
            return v
        }
        b.native("only") { interp, a in
            try a.expect("only", 1...1)
            let items = try interp.collect(a[0])
            guard items.count == 1 else { throw Exceptions.argument("Collection has \(items.count == 0 ? "no elements" : "multiple elements, must contain exactly 1 element")") }
            return items[0]
        }
        b.native("map") { interp, a in
            guard a.count >= 2 else { throw Exceptions.method(.str("map"), a.values) }
            let f = a[0]
            if a.count == 2 {
                if case .tuple(let t) = a[1] { return .tuple(try t.items.map { try interp.call(f, [$0]) }) }
                if case .namedTuple(let nt) = a[1] { return .namedTuple(NamedTupleValue(names: nt.names, values: try nt.values.map { try interp.call(f, [$0]) })) }
                let items = try interp.collect(a[1])
                let out = try items.map { try interp.call(f, [$0]) }
                var shape = try Shape([out.count])
                if case .array(let arr) = a[1] { shape = arr.shape }
                return .array(try interp.makeArray(out, shape: shape, elementType: out.isEmpty ? BuiltinTypes.any : interp.joinedType(out)))
            }
            let lists = try (1..<a.count).map { try interp.collect(a[$0]) }
            let n = lists.map { $0.count }.min() ?? 0
            var out: [Value] = []
            for i in 0..<n { out.append(try interp.call(f, lists.map { $0[i] })) }
            if case .tuple = a[1] { return .tuple(out) }
            return .array(try interp.makeArray(out, shape: try Shape([out.count]), elementType: out.isEmpty ? BuiltinTypes.any : interp.joinedType(out)))
        }
        b.native("map!") { interp, a in
            try a.expect("map!", 3...3)
            guard case .array(let dest) = a[1] else { throw Exceptions.method(.str("map!"), a.values) }
            let items = try interp.collect(a[2])
            for (i, v) in items.enumerated() where i < dest.count {
                dest.setElement(i, try interp.convertElement(try interp.call(a[0], [v]), to: dest.elementType))
            }
            return a[1]
        }
        b.native("foreach") { interp, a in
            guard a.count >= 2 else { throw Exceptions.method(.str("foreach"), a.values) }
            let lists = try (1..<a.count).map { try interp.collect(a[$0]) }
            let n = lists.map { $0.count }.min() ?? 0
            for i in 0..<n { _ = try interp.call(a[0], lists.map { $0[i] }) }
            return .nothing
        }
        b.native("filter") { interp, a in
            try a.expect("filter", 2...2)
            let keep = { (v: Value) throws -> Bool in
                guard case .bool(let k) = try interp.call(a[0], [v]) else { throw Exceptions.typeError("filter", expected: "Bool", got: v) }
                return k
            }
            if case .tuple(let t) = a[1] { return .tuple(try t.items.filter(keep)) }
            if case .native(let d as DictObject) = a[1] { return .native(try d.filtered(keep, interp)) }
            if case .string(let s) = a[1] {
                return .str(String(try s.value.unicodeScalars.filter { try keep(.char($0.value)) }.map { Character($0) }))
            }
            let items = try interp.collect(a[1]).filter(keep)
            var et: FlxType? = nil
            if case .array(let arr) = a[1] { et = arr.elementType }
            return .array(try interp.makeVector(items, elementType: et ?? (items.isEmpty ? BuiltinTypes.any : interp.joinedType(items))))
        }
        b.native("filter!") { interp, a in
            try a.expect("filter!", 2...2)
            if case .native(let d as DictObject) = a[1] {
                try d.filterInPlace({ v in
                    guard case .bool(let k) = try interp.call(a[0], [v]) else { throw Exceptions.typeError("filter!", expected: "Bool", got: v) }
                    return k
                }, interp)
                return a[1]
            }
            guard case .array(let arr) = a[1] else { throw Exceptions.method(.str("filter!"), a.values) }
            let items = try arr.boxedValues.filter { v in
                guard case .bool(let k) = try interp.call(a[0], [v]) else { return false }
                return k
            }
            try replaceContents(arr, items, interp)
            return a[1]
        }
        for (name, isLeft) in [("reduce", true), ("foldl", true), ("foldr", false)] {
            b.native(name) { interp, a in
                try a.expect(name, 2...2)
                var items = try interp.collect(a[1])
                if !isLeft { items.reverse() }
                var acc: Value
                if let i = a.keyword("init") { acc = i } else {
                    guard !items.isEmpty else { throw Exceptions.argument("reducing over an empty collection is not allowed; consider supplying `init` to the reducer") }
                    acc = items.removeFirst()
                }
                for v in items { acc = isLeft ? try interp.call(a[0], [acc, v]) : try interp.call(a[0], [v, acc]) }
                return acc
            }
        }
        b.native("mapreduce") { interp, a in
            try a.expect("mapreduce", 3...3)
            var items = try interp.collect(a[2]).map { try interp.call(a[0], [$0]) }
            var acc: Value
            if let i = a.keyword("init") { acc = i } else {
                guard !items.isEmpty else { throw Exceptions.argument("reducing over an empty collection is not allowed; consider supplying `init` to the reducer") }
                acc = items.removeFirst()
            }
            for v in items { acc = try interp.call(a[1], [acc, v]) }
            return acc
        }
        b.native("any") { interp, a in try anyAll(a, interp, any: true) }
        b.native("all") { interp, a in try anyAll(a, interp, any: false) }
        b.native("count") { interp, a in
            try a.expect("count", 1...2)
            var n: Int64 = 0
            for v in try interp.collect(a[a.count - 1]) {
                let r = a.count == 2 ? try interp.call(a[0], [v]) : v
                if case .bool(true) = r { n += 1 }
            }
            return .int(n)
        }
        b.native("findfirst") { interp, a in try find(a, interp, first: true) }
        b.native("findlast") { interp, a in try find(a, interp, first: false) }
        b.native("findall") { interp, a in
            try a.expect("findall", 1...2)
            if a.count == 2, case .native(let d as DictObject) = a[1] {
                // findall(f, d::AbstractDict): the keys whose value satisfies `f`, in `d`'s order.
                var keys: [Value] = []
                for p in d.pairs { if case .bool(true) = try interp.call(a[0], [p.value]) { keys.append(p.key) } }
                return .array(try interp.makeVector(keys, elementType: d.elementTypes(interp).key))
            }
            var out: [Value] = []
            for (i, v) in try interp.collect(a[a.count - 1]).enumerated() {
                let r = a.count == 2 ? try interp.call(a[0], [v]) : v
                if case .bool(true) = r { out.append(.int(Int64(i + 1))) }
            }
            return .array(try interp.makeVector(out, elementType: BuiltinTypes.int64))
        }
        b.native("enumerate") { interp, a in
            try a.expect("enumerate", 1...1)
            return .native(LazyIterable(kind: .enumerate, sources: [a[0]], interp))
        }
        b.native("zip") { interp, a in .native(LazyIterable(kind: .zip, sources: a.values, interp)) }
        b.native("pairs") { interp, a in
            try a.expect("pairs", 1...1)
            switch a[0] {
            case .namedTuple(let nt): return .native(LazyIterable(kind: .list(zip(nt.names, nt.values).map { .pair(PairValue(.sym($0), $1)) }), sources: [], interp))
            case .native(let d as DictObject): return .native(LazyIterable(kind: .list(d.pairs.map { .pair(PairValue($0.key, $0.value)) }), sources: [], interp))
            default:
                let items = try interp.collect(a[0])
                return .native(LazyIterable(kind: .list(items.enumerated().map { .pair(PairValue(.int(Int64($0 + 1)), $1)) }), sources: [], interp))
            }
        }
        b.native("keys") { interp, a in
            try a.expect("keys", 1...1)
            switch a[0] {
            case .namedTuple(let nt): return .tuple(nt.names.map { .sym($0) })
            case .native(let d as DictObject): return try interp.vector(d.keys)
            default:
                let n = try interp.knownLength(a[0]) ?? interp.collect(a[0]).count
                return .range(RangeValue(.int(start: 1, step: 1, stop: Int64(n), unit: true)))
            }
        }
        b.native("eachindex") { interp, a in
            try a.expect("eachindex", 1...1)
            let n = try interp.knownLength(a[0]) ?? interp.collect(a[0]).count
            return .range(RangeValue(.int(start: 1, step: 1, stop: Int64(n), unit: true)))
        }
        b.native("values") { interp, a in
            try a.expect("values", 1...1)
            switch a[0] {
            case .namedTuple(let nt): return .tuple(nt.values)
            case .native(let d as DictObject): return try interp.vector(d.values)
            default: return a[0]
            }
        }
        b.native("sum") { interp, a in try ArrayBuiltins.reduction("sum", a, interp) }
        b.native("prod") { interp, a in try ArrayBuiltins.reduction("prod", a, interp) }
        b.native("maximum") { interp, a in try ArrayBuiltins.reduction("maximum", a, interp) }
        b.native("minimum") { interp, a in try ArrayBuiltins.reduction("minimum", a, interp) }
        b.native("extrema") { interp, a in
            try a.expect("extrema", 1...1)
            let lo = try ArrayBuiltins.reduction("minimum", a, interp), hi = try ArrayBuiltins.reduction("maximum", a, interp)
            return .tuple([lo, hi])
        }
        b.native("argmax") { interp, a in try argExtreme(a, interp, max: true) }
        b.native("argmin") { interp, a in try argExtreme(a, interp, max: false) }
        b.native("findmax") { interp, a in
            let i = try argExtreme(a, interp, max: true)
            return .tuple([try interp.getIndex(a[a.count - 1], [i]), i])
        }
        b.native("findmin") { interp, a in
            let i = try argExtreme(a, interp, max: false)
            return .tuple([try interp.getIndex(a[a.count - 1], [i]), i])
        }
        b.native("sort") { interp, a in
            try a.expect("sort", 1...1)
            let items = try sortValues(try interp.collect(a[0]), a, interp)
            if case .tuple = a[0] { return .tuple(items) }
            var et: FlxType? = nil
            if case .array(let arr) = a[0] { et = arr.elementType }
            return .array(try interp.makeVector(items, elementType: et))
        }
        b.native("sort!") { interp, a in
            try a.expect("sort!", 1...1)
            guard case .array(let arr) = a[0] else { throw Exceptions.method(.str("sort!"), a.values) }
            let items = try sortValues(arr.boxedValues, a, interp)
            for (i, v) in items.enumerated() { arr.setElement(i, v) }
            return a[0]
        }
        b.native("sortperm") { interp, a in
            try a.expect("sortperm", 1...1)
            let items = try interp.collect(a[0])
            let indexed = try sortValues(items.enumerated().map { .tuple([$1, .int(Int64($0 + 1))]) }, a, interp, byFirst: true)
            return .array(try interp.makeVector(indexed.map { v in if case .tuple(let t) = v { return t.items[1] }; return .int(0) }, elementType: BuiltinTypes.int64))
        }
        b.native("issorted") { interp, a in
            let items = try interp.collect(a[0])
            let sorted = try sortValues(items, a, interp)
            return .bool(try OperatorBuiltins.isEqual(.tuple(items), .tuple(sorted), interp))
        }
        b.native("reverse") { interp, a in
            try a.expect("reverse", 1...1)
            switch a[0] {
            case .string(let s): return .str(String(s.value.reversed()))
            case .tuple(let t): return .tuple(t.items.reversed())
            case .range(let r):
                if case .int(let start, let step, _, _) = r.kind, r.count > 0 {
                    let last = start &+ (r.count - 1) &* step
                    return .range(RangeValue(.int(start: last, step: -step, stop: start, unit: false)))
                }
                return try interp.vector(try interp.collect(a[0]).reversed())
            case .array(let arr):
                return .array(try interp.makeArray(arr.boxedValues.reversed(), shape: arr.shape, elementType: arr.elementType))
            default: return try interp.vector(try interp.collect(a[0]).reversed())
            }
        }
        b.native("unique") { interp, a in
            try a.expect("unique", 1...1)
            var out: [Value] = []
            for v in try interp.collect(a[0]) where !(try out.contains { try OperatorBuiltins.isEqual($0, v, interp, nanEqual: true) }) { out.append(v) }
            var et: FlxType? = nil
            if case .array(let arr) = a[0] { et = arr.elementType }
            return .array(try interp.makeVector(out, elementType: et))
        }
        b.native("cumsum") { interp, a in
            try a.expect("cumsum", 1...1)
            var acc: Value = .int(0)
            var out: [Value] = []
            for (i, v) in try interp.collect(a[0]).enumerated() {
                acc = i == 0 ? v : try OperatorBuiltins.binaryValues(.add, acc, v, interp)
                out.append(acc)
            }
            return try interp.vector(out)
        }
        b.native("tuple") { _, a in .tuple(a.values) }
        b.native("step") { _, a in
            guard a.count == 1, case .range(let r) = a[0] else { throw Exceptions.method(.str("step"), a.values) }
            switch r.kind {
            case .int(_, let s, _, _): return .int(s)
            case .float(_, let s, _): return .float64(s)
            }
        }
        b.native("ntuple") { interp, a in
            try a.expect("ntuple", 2...2)
            let n = try a.int(1, "ntuple")
            guard n >= 0 else { throw Exceptions.argument("tuple length should be ≥ 0, got \(n)") }
            return .tuple(try (1...max(1, n)).prefix(n).map { try interp.call(a[0], [.int(Int64($0))]) })
        }
        TypeBuiltins.setConstructor(BuiltinTypes.dict) { interp, a in try DictObject.make(a, interp) }
        TypeBuiltins.setConstructor(BuiltinTypes.idDict) { interp, a in try DictObject.make(a, interp, identity: true) }
        b.native("haskey") { interp, a in
            try a.expect("haskey", 2...2)
            switch a[0] {
            case .native(let d as DictObject): return .bool(try d.contains(a[1], interp))
            case .namedTuple(let nt):
                guard case .symbol(let s) = a[1] else { return .bool(false) }
                return .bool(nt.index(of: s.name) != nil)
            default: throw Exceptions.method(.str("haskey"), a.values)
            }
        }
        b.native("get") { interp, a in
            try a.expect("get", 3...3)
            switch a[0] {
            case .native(let d as DictObject): return try d.get(a[1], interp) ?? a[2]
            case .namedTuple(let nt):
                guard case .symbol(let s) = a[1], let i = nt.index(of: s.name) else { return a[2] }
                return nt.values[i]
            case .array, .tuple:
                guard case .int(let i) = a[1], let n = interp.knownLength(a[0]), i >= 1 && i <= n else { return a[2] }
                return try interp.getIndex(a[0], [a[1]])
            default:
                if case .function = a[0] {
                    // get(f, dict, key)
                    guard case .native(let d as DictObject) = a[1] else { throw Exceptions.method(.str("get"), a.values) }
                    if let v = try d.get(a[2], interp) { return v }
                    return try interp.call(a[0], [])
                }
                throw Exceptions.method(.str("get"), a.values)
            }
        }
        b.native("get!") { interp, a in
            try a.expect("get!", 3...3)
            if case .function = a[0], case .native(let d as DictObject) = a[1] {
                return try d.getOrInsert(a[2], interp) { try interp.call(a[0], []) }
            }
            guard case .native(let d as DictObject) = a[0] else { throw Exceptions.method(.str("get!"), a.values) }
            return try d.getOrInsert(a[1], interp) { a[2] }
        }
        b.native("delete!") { interp, a in
            try a.expect("delete!", 2...2)
            guard case .native(let d as DictObject) = a[0] else { throw Exceptions.method(.str("delete!"), a.values) }
            try d.remove(a[1], interp)
            return a[0]
        }
        b.native("merge") { interp, a in
            if case .namedTuple = a[0] {
                var names: [String] = [], values: [Value] = []
                for v in a.values {
                    guard case .namedTuple(let nt) = v else { throw Exceptions.method(.str("merge"), a.values) }
                    for (n, val) in zip(nt.names, nt.values) {
                        if let i = names.firstIndex(of: n) { values[i] = val } else { names.append(n); values.append(val) }
                    }
                }
                return .namedTuple(NamedTupleValue(names: names, values: values))
            }
            let dicts = try a.values.map { v -> DictObject in
                guard case .native(let d as DictObject) = v else { throw Exceptions.method(.str("merge"), a.values) }
                return d
            }
            return .native(try DictObject.merge(dicts, interp))
        }
        for (name, inPlace) in [("mergewith", false), ("mergewith!", true)] {
            b.native(name) { interp, a in
                guard a.count >= 2 else { throw Exceptions.method(.str(name), a.values) }
                let dicts = try a.values.dropFirst().map { v -> DictObject in
                    guard case .native(let d as DictObject) = v else { throw Exceptions.method(.str(name), a.values) }
                    return d
                }
                if !inPlace { return .native(try DictObject.merge(dicts, interp, combine: a[0])) }
                try dicts[0].mergeIn(Array(dicts.dropFirst()), interp, combine: a[0])
                return a[1]
            }
        }
        b.native("keytype") { interp, a in
            guard a.count == 1, case .native(let d as DictObject) = a[0] else { throw Exceptions.method(.str("keytype"), a.values) }
            return .type(d.elementTypes(interp).key)
        }
        b.native("valtype") { interp, a in
            guard a.count == 1, case .native(let d as DictObject) = a[0] else { throw Exceptions.method(.str("valtype"), a.values) }
            return .type(d.elementTypes(interp).value)
        }
        b.native("merge!") { interp, a in
            let dicts = try a.values.map { v -> DictObject in
                guard case .native(let d as DictObject) = v else { throw Exceptions.method(.str("merge!"), a.values) }
                return d
            }
            guard let first = dicts.first else { throw Exceptions.method(.str("merge!"), a.values) }
            try first.mergeIn(Array(dicts.dropFirst()), interp)
            return a[0]
        }
        b.native("Ref") { _, a in
            try a.expect("Ref", 0...1)
            return .native(RefObject(a.count == 1 ? a[0] : .nothing))
        }
        b.native("tail") { _, a in
            guard a.count == 1, case .tuple(let t) = a[0] else { throw Exceptions.method(.str("tail"), a.values) }
            guard !t.items.isEmpty else { throw Exceptions.argument("Cannot call tail on an empty tuple.") }
            return .tuple(Array(t.items.dropFirst()))
        }
        b.exports.remove("tail")
        b.native("Iterators.repeated", export: false) { interp, a in
            try a.expect("repeated", 1...2)
            let n = a.count == 2 ? try a.int(1, "repeated") : Int.max
            return .native(RepeatedIterable(value: a[0], count: n))
        }
        b.native("Iterators.take", export: false) { interp, a in try takeFirst(a[0], try a.int(1, "take"), interp) }
    }

    package static func copyArray(_ a: ArrayValue, _ interp: Interpreter) throws -> ArrayValue {
        if let t = a.tensor { return ArrayValue(tensor: try t.copy()) }
        return ArrayValue(boxed: a.boxedValues, shape: a.shape, elementType: a.elementType)
    }

    package static func takeFirst(_ v: Value, _ n: Int, _ interp: Interpreter) throws -> Value {
        guard n >= 0 else { throw Exceptions.argument("Number of elements must be non-negative") }
        let it = try interp.makeIterator(v)
        var out: [Value] = []
        while out.count < n, let e = try it.next() { out.append(e) }
        if case .string = v {
            return .str(String(out.compactMap { e -> Character? in if case .char(let c) = e, let s = Unicode.Scalar(c) { return Character(s) }; return nil }))
        }
        var et: FlxType? = nil
        if case .array(let arr) = v { et = arr.elementType }
        return .array(try interp.makeVector(out, elementType: et))
    }

    package static func replaceContents(_ arr: ArrayValue, _ items: [Value], _ interp: Interpreter) throws {
        let fresh = try interp.makeArray(items, shape: try Shape([items.count]), elementType: arr.elementType)
        arr.storage = fresh.storage
        arr.reserve = nil
    }

    package static func anyAll(_ a: Args, _ interp: Interpreter, any: Bool) throws -> Value {
        let name = any ? "any" : "all"
        try a.expect(name, 1...2)
        for v in try interp.collect(a[a.count - 1]) {
            let r = a.count == 2 ? try interp.call(a[0], [v]) : v
            guard case .bool(let b) = r else {
                if case .missing = r { continue }
                throw Exceptions.typeError(name, expected: "Bool", got: r)
            }
            if b == any { return .bool(any) }
        }
        return .bool(!any)
    }

    package static func find(_ a: Args, _ interp: Interpreter, first: Bool) throws -> Value {
        let name = first ? "findfirst" : "findlast"
        try a.expect(name, 1...2)
        if case .string(let hay) = a[a.count - 1], case .string(let needle) = a[0] {
            let h = Array(hay.value.utf8), n = Array(needle.value.utf8)
            guard !n.isEmpty, n.count <= h.count else { return .nothing }
            let starts = first ? Array(0...(h.count - n.count)) : Array((0...(h.count - n.count)).reversed())
            for s in starts where Array(h[s..<(s + n.count)]) == n {
                return .range(RangeValue(.int(start: Int64(s + 1), step: 1, stop: Int64(s + n.count), unit: true)))
            }
            return .nothing
        }
        let items = try interp.collect(a[a.count - 1])
        let order = first ? Array(items.indices) : Array(items.indices.reversed())
        for i in order {
            let r = a.count == 2 ? try interp.call(a[0], [items[i]]) : items[i]
            if case .bool(true) = r { return .int(Int64(i + 1)) }
        }
        return .nothing
    }

    package static func argExtreme(_ a: Args, _ interp: Interpreter, max: Bool) throws -> Value {
        let name = max ? "argmax" : "argmin"
        if case .array(let arr) = a[a.count - 1], a.count == 1, let t = arr.tensor {
            if let dims = a.keyword("dims") {
                let ds = try ArrayBuiltins.dimSet(dims, interp)
                let r = try interp.engine { max ? try Reductions.argmax(t, dims: ds) : try Reductions.argmin(t, dims: ds) }
                // Julia returns CartesianIndex values; flx returns the linear indices.
                return .array(ArrayValue(tensor: r))
            }
            guard arr.count > 0 else { throw Exceptions.argument("collection must be non-empty") }
            // The engine answers with Julia's 1-based linear index.
            let i = try interp.engine { max ? try Reductions.argmax(t) : try Reductions.argmin(t) }
            return .int(Int64(i))
        }
        if a.count == 2 {
            let items = try interp.collect(a[1])
            guard !items.isEmpty else { throw Exceptions.argument("collection must be non-empty") }
            var best = 0
            var bestValue = try interp.call(a[0], [items[0]])
            for i in 1..<items.count {
                let v = try interp.call(a[0], [items[i]])
                if case .bool(true) = try OperatorBuiltins.binaryValues(max ? .gt : .lt, v, bestValue, interp) { best = i; bestValue = v }
            }
            return a[1].isRange ? items[best] : .int(Int64(best + 1))
        }
        let items = try interp.collect(a[0])
        guard !items.isEmpty else { throw Exceptions.argument("collection must be non-empty") }
        var best = 0
        for i in 1..<items.count {
            if case .bool(true) = try OperatorBuiltins.binaryValues(max ? .gt : .lt, items[i], items[best], interp) { best = i }
        }
        _ = name
        return .int(Int64(best + 1))
    }

    package static func sortValues(_ items: [Value], _ a: Args, _ interp: Interpreter, byFirst: Bool = false) throws -> [Value] {
        let rev = (try a.keywordBool("rev")) ?? false
        let by = a.keyword("by")
        let lt = a.keyword("lt")
        var keys = try items.map { v -> Value in
            var k = v
            if byFirst, case .tuple(let t) = v { k = t.items[0] }
            if let by { k = try interp.call(by, [k]) }
            return k
        }
        var indices = Array(items.indices)
        var failure: Error? = nil
        // A stable merge sort so equal keys keep their order, as Julia's default for sortperm.
        func less(_ i: Int, _ j: Int) -> Bool {
            if failure != nil { return false }
            do {
                let (p, q) = rev ? (keys[j], keys[i]) : (keys[i], keys[j])
                let r = try lt.map { try interp.call($0, [p, q]) } ?? OperatorBuiltins.binaryValues(.lt, p, q, interp)
                if case .bool(let b) = r { return b }
                return false
            } catch {
                failure = error
                return false
            }
        }
        indices = mergeSort(indices, less)
        if let failure { throw failure }
        keys = []
        return indices.map { items[$0] }
    }

    package static func mergeSort(_ a: [Int], _ less: (Int, Int) -> Bool) -> [Int] {
        if a.count <= 1 { return a }
        let mid = a.count / 2
        let l = mergeSort(Array(a[..<mid]), less), r = mergeSort(Array(a[mid...]), less)
        var out: [Int] = []
        out.reserveCapacity(a.count)
        var i = 0, j = 0
        while i < l.count && j < r.count {
            if less(r[j], l[i]) { out.append(r[j]); j += 1 } else { out.append(l[i]); i += 1 }
        }
        out += l[i...]
        out += r[j...]
        return out
    }
}

extension Value {
    package var isRange: Bool { if case .range = self { return true }; return false }
}

/// `Iterators.repeated(x, n)`: the same value n times (forever without n).
package final class RepeatedIterable: NativeObject, NativeIterable {
    package let value: Value
    package let count: Int
    package init(value: Value, count: Int) {
        self.value = value
        self.count = count
    }
    package var iterationLength: Int? { count == Int.max ? nil : count }
    package func makeIterator(_ interp: Interpreter) throws -> ValueIterator { RepeatIterator(value, count) }

    package final class RepeatIterator: ValueIterator {
        package let value: Value
        package var left: Int
        package init(_ v: Value, _ n: Int) { value = v; left = n }
        package override func next() throws -> Value? {
            guard left > 0 else { return nil }
            left -= 1
            return value
        }
    }
}

/// `enumerate`, `zip` and fixed lists, iterated lazily.
package final class LazyIterable: NativeObject, NativeIterable, NativeShowable {
    package enum Kind { case enumerate, zip, list([Value]) }
    package let kind: Kind
    package let sources: [Value]
    package unowned let interp: Interpreter
    package init(kind: Kind, sources: [Value], _ interp: Interpreter) {
        self.kind = kind
        self.sources = sources
        self.interp = interp
    }
    package static let type = FlxType(name: "Iterators", supertype: BuiltinTypes.any)
    package override var flxType: FlxType { LazyIterable.type }

    package var iterationLength: Int? {
        switch kind {
        case .enumerate: return interp.knownLength(sources[0])
        case .zip: return sources.map { interp.knownLength($0) }.reduce(Int?.some(Int.max)) { acc, n in acc.flatMap { a in n.map { min(a, $0) } } }
        case .list(let items): return items.count
        }
    }

    package func makeIterator(_ interp: Interpreter) throws -> ValueIterator {
        switch kind {
        case .enumerate: return EnumerateIterator(try interp.makeIterator(sources[0]))
        case .zip: return ZipIterator(try sources.map { try interp.makeIterator($0) })
        case .list(let items): return ListIterator(items)
        }
    }

    package func show(_ interp: Interpreter, compact: Bool) throws -> String {
        switch kind {
        case .enumerate: return "enumerate(" + (try Display.repr(sources[0], interp)) + ")"
        case .zip: return "zip(" + (try sources.map { try Display.repr($0, interp) }.joined(separator: ", ")) + ")"
        case .list(let items): return "pairs(" + (try items.map { try Display.repr($0, interp) }.joined(separator: ", ")) + ")"
        }
    }

    package func display(_ interp: Interpreter) throws -> String? { nil }
}

package final class EnumerateIterator: ValueIterator {
    package let inner: ValueIterator
    package var i: Int64 = 0
    package init(_ inner: ValueIterator) { self.inner = inner }
    package override func next() throws -> Value? {
        guard let v = try inner.next() else { return nil }
        i += 1
        return .tuple([.int(i), v])
    }
}

package final class ZipIterator: ValueIterator {
    package let inners: [ValueIterator]
    package init(_ inners: [ValueIterator]) { self.inners = inners }
    package override func next() throws -> Value? {
        var items: [Value] = []
        for it in inners {
            guard let v = try it.next() else { return nil }
            items.append(v)
        }
        return .tuple(items)
    }
}
