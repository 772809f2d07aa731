import FlxEngine

/// Functions over any iterable: length, map, filter, reduce, sum, sort, zip, Dict, ...
enum CollectionBuiltins {
    static func install(_ x: Interpreter) {
        let b = x.base
        b.native("length") { x, a in
            try a.expect("length", 1...1)
            switch a[0] {
            case .string(let s): return .int(Int64(s.value.count))
            case .native(let d as DictObject): return .int(Int64(d.keys.count))
            default:
                if let n = x.knownLength(a[0]) { return .int(Int64(n)) }
                if case .object = a[0], let f = x.base.member("length")?.value, case .function(let g as GenericFunction) = f, g.methods.count > 1 {
                    throw Exceptions.method(.str("length"), a.values)
                }
                return .int(Int64(try x.collect(a[0]).count))
            }
        }
        b.native("isempty") { x, a in
            try a.expect("isempty", 1...1)
            switch a[0] {
            case .string(let s): return .bool(s.value.isEmpty)
            case .native(let d as DictObject): return .bool(d.keys.isEmpty)
            default:
                if let n = x.knownLength(a[0]) { return .bool(n == 0) }
                return .bool(try x.makeIterator(a[0]).next() == nil)
            }
        }
        b.native("collect") { x, a in
            try a.expect("collect", 1...2)
            var v = a[a.count - 1]
            if a.count == 2, case .type(let t) = a[0] { return .array(try x.makeVector(try x.collect(v), elementType: t)) }
            if case .array(let arr) = v { return .array(try copyArray(arr, x)) }
            if case .range = v { return .array(try x.materialize(v)) }
            if case .string(let s) = v { return .array(try x.makeVector(s.value.unicodeScalars.map { .char($0.value) }, elementType: BuiltinTypes.char)) }
            let items = try x.collect(v)
            if a.count == 2, case .type(let t) = a[0] { return .array(try x.makeVector(items, elementType: t)) }
            v = .array(try x.makeArray(items, shape: try Shape([items.count]), elementType: items.isEmpty ? BuiltinTypes.any : x.joinedType(items)))
            return v
        }
        b.native("first") { x, a in
            try a.expect("first", 1...2)
            if a.count == 2 {
                let n = try a.int(1, "first")
                return try takeFirst(a[0], n, x)
            }
            if case .string(let s) = a[0] {
                guard let c = s.value.unicodeScalars.first else { throw Exceptions.argument("collection must be non-empty") }
                return .char(c.value)
            }
            guard let v = try x.makeIterator(a[0]).next() else { throw Exceptions.argument("collection must be non-empty") }
            return v
        }
        b.native("last") { x, a in
            try a.expect("last", 1...2)
            let items = try x.collect(a[0])
            if a.count == 2 {
                let n = try a.int(1, "last")
                return try x.vector(Array(items.suffix(n)))
            }
            guard let v = items.last else { throw Exceptions.argument("collection must be non-empty") }
            return v
        }
        b.native("only") { x, a in
            try a.expect("only", 1...1)
            let items = try x.collect(a[0])
            guard items.count == 1 else { throw Exceptions.argument("Collection has \(items.count == 0 ? "no elements" : "multiple elements, must contain exactly 1 element")") }
            return items[0]
        }
        b.native("map") { x, a in
            guard a.count >= 2 else { throw Exceptions.method(.str("map"), a.values) }
            let f = a[0]
            if a.count == 2 {
                if case .tuple(let t) = a[1] { return .tuple(try t.items.map { try x.call(f, [$0]) }) }
                if case .namedTuple(let nt) = a[1] { return .namedTuple(NamedTupleValue(names: nt.names, values: try nt.values.map { try x.call(f, [$0]) })) }
                let items = try x.collect(a[1])
                let out = try items.map { try x.call(f, [$0]) }
                var shape = try Shape([out.count])
                if case .array(let arr) = a[1] { shape = arr.shape }
                return .array(try x.makeArray(out, shape: shape, elementType: out.isEmpty ? BuiltinTypes.any : x.joinedType(out)))
            }
            let lists = try (1..<a.count).map { try x.collect(a[$0]) }
            let n = lists.map { $0.count }.min() ?? 0
            var out: [Value] = []
            for i in 0..<n { out.append(try x.call(f, lists.map { $0[i] })) }
            if case .tuple = a[1] { return .tuple(out) }
            return .array(try x.makeArray(out, shape: try Shape([out.count]), elementType: out.isEmpty ? BuiltinTypes.any : x.joinedType(out)))
        }
        b.native("map!") { x, a in
            try a.expect("map!", 3...3)
            guard case .array(let dest) = a[1] else { throw Exceptions.method(.str("map!"), a.values) }
            let items = try x.collect(a[2])
            for (i, v) in items.enumerated() where i < dest.count {
                dest.setElement(i, try x.convertElement(try x.call(a[0], [v]), to: dest.elementType))
            }
            return a[1]
        }
        b.native("foreach") { x, a in
            guard a.count >= 2 else { throw Exceptions.method(.str("foreach"), a.values) }
            let lists = try (1..<a.count).map { try x.collect(a[$0]) }
            let n = lists.map { $0.count }.min() ?? 0
            for i in 0..<n { _ = try x.call(a[0], lists.map { $0[i] }) }
            return .nothing
        }
        b.native("filter") { x, a in
            try a.expect("filter", 2...2)
            let keep = { (v: Value) throws -> Bool in
                guard case .bool(let k) = try x.call(a[0], [v]) else { throw Exceptions.typeError("filter", expected: "Bool", got: v) }
                return k
            }
            if case .tuple(let t) = a[1] { return .tuple(try t.items.filter(keep)) }
            if case .string(let s) = a[1] {
                return .str(String(try s.value.unicodeScalars.filter { try keep(.char($0.value)) }.map { Character($0) }))
            }
            let items = try x.collect(a[1]).filter(keep)
            var et: FlxType? = nil
            if case .array(let arr) = a[1] { et = arr.elementType }
            return .array(try x.makeVector(items, elementType: et ?? (items.isEmpty ? BuiltinTypes.any : x.joinedType(items))))
        }
        b.native("filter!") { x, a in
            try a.expect("filter!", 2...2)
            guard case .array(let arr) = a[1] else { throw Exceptions.method(.str("filter!"), a.values) }
            let items = try arr.boxedValues.filter { v in
                guard case .bool(let k) = try x.call(a[0], [v]) else { return false }
                return k
            }
            try replaceContents(arr, items, x)
            return a[1]
        }
        for (name, isLeft) in [("reduce", true), ("foldl", true), ("foldr", false)] {
            b.native(name) { x, a in
                try a.expect(name, 2...2)
                var items = try x.collect(a[1])
                if !isLeft { items.reverse() }
                var acc: Value
                if let i = a.keyword("init") { acc = i } else {
                    guard !items.isEmpty else { throw Exceptions.argument("reducing over an empty collection is not allowed; consider supplying `init` to the reducer") }
                    acc = items.removeFirst()
                }
                for v in items { acc = isLeft ? try x.call(a[0], [acc, v]) : try x.call(a[0], [v, acc]) }
                return acc
            }
        }
        b.native("mapreduce") { x, a in
            try a.expect("mapreduce", 3...3)
            var items = try x.collect(a[2]).map { try x.call(a[0], [$0]) }
            var acc: Value
            if let i = a.keyword("init") { acc = i } else {
                guard !items.isEmpty else { throw Exceptions.argument("reducing over an empty collection is not allowed; consider supplying `init` to the reducer") }
                acc = items.removeFirst()
            }
            for v in items { acc = try x.call(a[1], [acc, v]) }
            return acc
        }
        b.native("any") { x, a in try anyAll(a, x, any: true) }
        b.native("all") { x, a in try anyAll(a, x, any: false) }
        b.native("count") { x, a in
            try a.expect("count", 1...2)
            var n: Int64 = 0
            for v in try x.collect(a[a.count - 1]) {
                let r = a.count == 2 ? try x.call(a[0], [v]) : v
                if case .bool(true) = r { n += 1 }
            }
            return .int(n)
        }
        b.native("findfirst") { x, a in try find(a, x, first: true) }
        b.native("findlast") { x, a in try find(a, x, first: false) }
        b.native("findall") { x, a in
            try a.expect("findall", 1...2)
            var out: [Value] = []
            for (i, v) in try x.collect(a[a.count - 1]).enumerated() {
                let r = a.count == 2 ? try x.call(a[0], [v]) : v
                if case .bool(true) = r { out.append(.int(Int64(i + 1))) }
            }
            return .array(try x.makeVector(out, elementType: BuiltinTypes.int64))
        }
        b.native("enumerate") { x, a in
            try a.expect("enumerate", 1...1)
            return .native(LazyIterable(kind: .enumerate, sources: [a[0]], x))
        }
        b.native("zip") { x, a in .native(LazyIterable(kind: .zip, sources: a.values, x)) }
        b.native("pairs") { x, a in
            try a.expect("pairs", 1...1)
            switch a[0] {
            case .namedTuple(let nt): return .native(LazyIterable(kind: .list(zip(nt.names, nt.values).map { .pair(PairValue(.sym($0), $1)) }), sources: [], x))
            case .native(let d as DictObject): return .native(LazyIterable(kind: .list(zip(d.keys, d.values).map { .pair(PairValue($0, $1)) }), sources: [], x))
            default:
                let items = try x.collect(a[0])
                return .native(LazyIterable(kind: .list(items.enumerated().map { .pair(PairValue(.int(Int64($0 + 1)), $1)) }), sources: [], x))
            }
        }
        b.native("keys") { x, a in
            try a.expect("keys", 1...1)
            switch a[0] {
            case .namedTuple(let nt): return .tuple(nt.names.map { .sym($0) })
            case .native(let d as DictObject): return try x.vector(d.keys)
            default:
                let n = try x.knownLength(a[0]) ?? x.collect(a[0]).count
                return .range(RangeValue(.int(start: 1, step: 1, stop: Int64(n), unit: true)))
            }
        }
        b.native("eachindex") { x, a in
            try a.expect("eachindex", 1...1)
            let n = try x.knownLength(a[0]) ?? x.collect(a[0]).count
            return .range(RangeValue(.int(start: 1, step: 1, stop: Int64(n), unit: true)))
        }
        b.native("values") { x, a in
            try a.expect("values", 1...1)
            switch a[0] {
            case .namedTuple(let nt): return .tuple(nt.values)
            case .native(let d as DictObject): return try x.vector(d.values)
            default: return a[0]
            }
        }
        b.native("sum") { x, a in try ArrayBuiltins.reduction("sum", a, x) }
        b.native("prod") { x, a in try ArrayBuiltins.reduction("prod", a, x) }
        b.native("maximum") { x, a in try ArrayBuiltins.reduction("maximum", a, x) }
        b.native("minimum") { x, a in try ArrayBuiltins.reduction("minimum", a, x) }
        b.native("extrema") { x, a in
            try a.expect("extrema", 1...1)
            let lo = try ArrayBuiltins.reduction("minimum", a, x), hi = try ArrayBuiltins.reduction("maximum", a, x)
            return .tuple([lo, hi])
        }
        b.native("argmax") { x, a in try argExtreme(a, x, max: true) }
        b.native("argmin") { x, a in try argExtreme(a, x, max: false) }
        b.native("findmax") { x, a in
            let i = try argExtreme(a, x, max: true)
            return .tuple([try x.getIndex(a[a.count - 1], [i]), i])
        }
        b.native("findmin") { x, a in
            let i = try argExtreme(a, x, max: false)
            return .tuple([try x.getIndex(a[a.count - 1], [i]), i])
        }
        b.native("sort") { x, a in
            try a.expect("sort", 1...1)
            let items = try sortValues(try x.collect(a[0]), a, x)
            if case .tuple = a[0] { return .tuple(items) }
            var et: FlxType? = nil
            if case .array(let arr) = a[0] { et = arr.elementType }
            return .array(try x.makeVector(items, elementType: et))
        }
        b.native("sort!") { x, a in
            try a.expect("sort!", 1...1)
            guard case .array(let arr) = a[0] else { throw Exceptions.method(.str("sort!"), a.values) }
            let items = try sortValues(arr.boxedValues, a, x)
            for (i, v) in items.enumerated() { arr.setElement(i, v) }
            return a[0]
        }
        b.native("sortperm") { x, a in
            try a.expect("sortperm", 1...1)
            let items = try x.collect(a[0])
            let indexed = try sortValues(items.enumerated().map { .tuple([$1, .int(Int64($0 + 1))]) }, a, x, byFirst: true)
            return .array(try x.makeVector(indexed.map { v in if case .tuple(let t) = v { return t.items[1] }; return .int(0) }, elementType: BuiltinTypes.int64))
        }
        b.native("issorted") { x, a in
            let items = try x.collect(a[0])
            let sorted = try sortValues(items, a, x)
            return .bool(try OperatorBuiltins.isEqual(.tuple(items), .tuple(sorted), x))
        }
        b.native("reverse") { x, a in
            try a.expect("reverse", 1...1)
            switch a[0] {
            case .string(let s): return .str(String(s.value.reversed()))
            case .tuple(let t): return .tuple(t.items.reversed())
            case .range(let r):
                if case .int(let start, let step, _, _) = r.kind, r.count > 0 {
                    let last = start &+ (r.count - 1) &* step
                    return .range(RangeValue(.int(start: last, step: -step, stop: start, unit: false)))
                }
                return try x.vector(try x.collect(a[0]).reversed())
            case .array(let arr):
                return .array(try x.makeArray(arr.boxedValues.reversed(), shape: arr.shape, elementType: arr.elementType))
            default: return try x.vector(try x.collect(a[0]).reversed())
            }
        }
        b.native("unique") { x, a in
            try a.expect("unique", 1...1)
            var out: [Value] = []
            for v in try x.collect(a[0]) where !(try out.contains { try OperatorBuiltins.isEqual($0, v, x, nanEqual: true) }) { out.append(v) }
            var et: FlxType? = nil
            if case .array(let arr) = a[0] { et = arr.elementType }
            return .array(try x.makeVector(out, elementType: et))
        }
        b.native("cumsum") { x, a in
            try a.expect("cumsum", 1...1)
            var acc: Value = .int(0)
            var out: [Value] = []
            for (i, v) in try x.collect(a[0]).enumerated() {
                acc = i == 0 ? v : try OperatorBuiltins.binaryValues(.add, acc, v, x)
                out.append(acc)
            }
            return try x.vector(out)
        }
        b.native("tuple") { _, a in .tuple(a.values) }
        b.native("step") { _, a in
            guard a.count == 1, case .range(let r) = a[0] else { throw Exceptions.method(.str("step"), a.values) }
            switch r.kind {
            case .int(_, let s, _, _): return .int(s)
            case .float(_, let s, _): return .float64(s)
            }
        }
        b.native("ntuple") { x, a in
            try a.expect("ntuple", 2...2)
            let n = try a.int(1, "ntuple")
            guard n >= 0 else { throw Exceptions.argument("tuple length should be ≥ 0, got \(n)") }
            return .tuple(try (1...max(1, n)).prefix(n).map { try x.call(a[0], [.int(Int64($0))]) })
        }
        TypeBuiltins.setConstructor(BuiltinTypes.dict) { x, a in try DictObject.make(a, x) }
        TypeBuiltins.setConstructor(BuiltinTypes.idDict) { x, a in try DictObject.make(a, x, identity: true) }
        b.native("haskey") { x, a in
            try a.expect("haskey", 2...2)
            switch a[0] {
            case .native(let d as DictObject): return .bool(d.find(a[1], x) != nil)
            case .namedTuple(let nt):
                guard case .symbol(let s) = a[1] else { return .bool(false) }
                return .bool(nt.index(of: s.name) != nil)
            default: throw Exceptions.method(.str("haskey"), a.values)
            }
        }
        b.native("get") { x, a in
            try a.expect("get", 3...3)
            switch a[0] {
            case .native(let d as DictObject): return d.find(a[1], x).map { d.values[$0] } ?? a[2]
            case .namedTuple(let nt):
                guard case .symbol(let s) = a[1], let i = nt.index(of: s.name) else { return a[2] }
                return nt.values[i]
            case .array, .tuple:
                guard case .int(let i) = a[1], let n = x.knownLength(a[0]), i >= 1 && i <= n else { return a[2] }
                return try x.getIndex(a[0], [a[1]])
            default:
                if case .function = a[0] {
                    // get(f, dict, key)
                    guard case .native(let d as DictObject) = a[1] else { throw Exceptions.method(.str("get"), a.values) }
                    if let i = d.find(a[2], x) { return d.values[i] }
                    return try x.call(a[0], [])
                }
                throw Exceptions.method(.str("get"), a.values)
            }
        }
        b.native("get!") { x, a in
            try a.expect("get!", 3...3)
            if case .function = a[0], case .native(let d as DictObject) = a[1] {
                if let i = d.find(a[2], x) { return d.values[i] }
                let v = try x.call(a[0], [])
                try d.set(a[2], v, x)
                return v
            }
            guard case .native(let d as DictObject) = a[0] else { throw Exceptions.method(.str("get!"), a.values) }
            if let i = d.find(a[1], x) { return d.values[i] }
            try d.set(a[1], a[2], x)
            return a[2]
        }
        b.native("delete!") { x, a in
            try a.expect("delete!", 2...2)
            guard case .native(let d as DictObject) = a[0] else { throw Exceptions.method(.str("delete!"), a.values) }
            d.remove(a[1], x)
            return a[0]
        }
        b.native("merge") { x, a in
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
            let out = DictObject(identity: false)
            for v in a.values {
                guard case .native(let d as DictObject) = v else { throw Exceptions.method(.str("merge"), a.values) }
                for (k, val) in zip(d.keys, d.values) { try out.set(k, val, x) }
            }
            return .native(out)
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
        b.native("Iterators.repeated", export: false) { x, a in
            try a.expect("repeated", 1...2)
            let n = a.count == 2 ? try a.int(1, "repeated") : Int.max
            return .native(RepeatedIterable(value: a[0], count: n))
        }
        b.native("Iterators.take", export: false) { x, a in try takeFirst(a[0], try a.int(1, "take"), x) }
    }

    static func copyArray(_ a: ArrayValue, _ x: Interpreter) throws -> ArrayValue {
        if let t = a.tensor { return ArrayValue(tensor: try t.copy()) }
        return ArrayValue(boxed: a.boxedValues, shape: a.shape, elementType: a.elementType)
    }

    static func takeFirst(_ v: Value, _ n: Int, _ x: Interpreter) throws -> Value {
        guard n >= 0 else { throw Exceptions.argument("Number of elements must be non-negative") }
        let it = try x.makeIterator(v)
        var out: [Value] = []
        while out.count < n, let e = try it.next() { out.append(e) }
        if case .string = v {
            return .str(String(out.compactMap { e -> Character? in if case .char(let c) = e, let s = Unicode.Scalar(c) { return Character(s) }; return nil }))
        }
        var et: FlxType? = nil
        if case .array(let arr) = v { et = arr.elementType }
        return .array(try x.makeVector(out, elementType: et))
    }

    static func replaceContents(_ arr: ArrayValue, _ items: [Value], _ x: Interpreter) throws {
        let fresh = try x.makeArray(items, shape: try Shape([items.count]), elementType: arr.elementType)
        arr.storage = fresh.storage
        arr.reserve = nil
    }

    static func anyAll(_ a: Args, _ x: Interpreter, any: Bool) throws -> Value {
        let name = any ? "any" : "all"
        try a.expect(name, 1...2)
        for v in try x.collect(a[a.count - 1]) {
            let r = a.count == 2 ? try x.call(a[0], [v]) : v
            guard case .bool(let b) = r else {
                if case .missing = r { continue }
                throw Exceptions.typeError(name, expected: "Bool", got: r)
            }
            if b == any { return .bool(any) }
        }
        return .bool(!any)
    }

    static func find(_ a: Args, _ x: Interpreter, first: Bool) throws -> Value {
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
        let items = try x.collect(a[a.count - 1])
        let order = first ? Array(items.indices) : Array(items.indices.reversed())
        for i in order {
            let r = a.count == 2 ? try x.call(a[0], [items[i]]) : items[i]
            if case .bool(true) = r { return .int(Int64(i + 1)) }
        }
        return .nothing
    }

    static func argExtreme(_ a: Args, _ x: Interpreter, max: Bool) throws -> Value {
        let name = max ? "argmax" : "argmin"
        if case .array(let arr) = a[a.count - 1], a.count == 1, let t = arr.tensor {
            if let dims = a.keyword("dims") {
                let ds = try ArrayBuiltins.dimSet(dims, x)
                let r = try x.engine { max ? try Reductions.argmax(t, dims: ds) : try Reductions.argmin(t, dims: ds) }
                // Julia returns CartesianIndex values; flx returns the linear indices.
                return .array(ArrayValue(tensor: r))
            }
            guard arr.count > 0 else { throw Exceptions.argument("collection must be non-empty") }
            // The engine answers with Julia's 1-based linear index.
            let i = try x.engine { max ? try Reductions.argmax(t) : try Reductions.argmin(t) }
            return .int(Int64(i))
        }
        if a.count == 2 {
            let items = try x.collect(a[1])
            guard !items.isEmpty else { throw Exceptions.argument("collection must be non-empty") }
            var best = 0
            var bestValue = try x.call(a[0], [items[0]])
            for i in 1..<items.count {
                let v = try x.call(a[0], [items[i]])
                if case .bool(true) = try OperatorBuiltins.binaryValues(max ? .gt : .lt, v, bestValue, x) { best = i; bestValue = v }
            }
            return a[1].isRange ? items[best] : .int(Int64(best + 1))
        }
        let items = try x.collect(a[0])
        guard !items.isEmpty else { throw Exceptions.argument("collection must be non-empty") }
        var best = 0
        for i in 1..<items.count {
            if case .bool(true) = try OperatorBuiltins.binaryValues(max ? .gt : .lt, items[i], items[best], x) { best = i }
        }
        _ = name
        return .int(Int64(best + 1))
    }

    static func sortValues(_ items: [Value], _ a: Args, _ x: Interpreter, byFirst: Bool = false) throws -> [Value] {
        let rev = (try a.keywordBool("rev")) ?? false
        let by = a.keyword("by")
        let lt = a.keyword("lt")
        var keys = try items.map { v -> Value in
            var k = v
            if byFirst, case .tuple(let t) = v { k = t.items[0] }
            if let by { k = try x.call(by, [k]) }
            return k
        }
        var indices = Array(items.indices)
        var failure: Error? = nil
        // A stable merge sort so equal keys keep their order, as Julia's default for sortperm.
        func less(_ i: Int, _ j: Int) -> Bool {
            if failure != nil { return false }
            do {
                let (p, q) = rev ? (keys[j], keys[i]) : (keys[i], keys[j])
                let r = try lt.map { try x.call($0, [p, q]) } ?? OperatorBuiltins.binaryValues(.lt, p, q, x)
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

    static func mergeSort(_ a: [Int], _ less: (Int, Int) -> Bool) -> [Int] {
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
    var isRange: Bool { if case .range = self { return true }; return false }
}

/// `Iterators.repeated(x, n)`: the same value n times (forever without n).
final class RepeatedIterable: NativeObject, NativeIterable {
    let value: Value
    let count: Int
    init(value: Value, count: Int) {
        self.value = value
        self.count = count
    }
    var iterationLength: Int? { count == Int.max ? nil : count }
    func makeIterator(_ x: Interpreter) throws -> ValueIterator { RepeatIterator(value, count) }

    final class RepeatIterator: ValueIterator {
        let value: Value
        var left: Int
        init(_ v: Value, _ n: Int) { value = v; left = n }
        override func next() throws -> Value? {
            guard left > 0 else { return nil }
            left -= 1
            return value
        }
    }
}

/// `enumerate`, `zip` and fixed lists, iterated lazily.
final class LazyIterable: NativeObject, NativeIterable, NativeShowable {
    enum Kind { case enumerate, zip, list([Value]) }
    let kind: Kind
    let sources: [Value]
    unowned let interp: Interpreter
    init(kind: Kind, sources: [Value], _ x: Interpreter) {
        self.kind = kind
        self.sources = sources
        self.interp = x
    }
    static let type = FlxType(name: "Iterators", supertype: BuiltinTypes.any)
    override var flxType: FlxType { LazyIterable.type }

    var iterationLength: Int? {
        switch kind {
        case .enumerate: return interp.knownLength(sources[0])
        case .zip: return sources.map { interp.knownLength($0) }.reduce(Int?.some(Int.max)) { acc, n in acc.flatMap { a in n.map { min(a, $0) } } }
        case .list(let items): return items.count
        }
    }

    func makeIterator(_ x: Interpreter) throws -> ValueIterator {
        switch kind {
        case .enumerate: return EnumerateIterator(try x.makeIterator(sources[0]))
        case .zip: return ZipIterator(try sources.map { try x.makeIterator($0) })
        case .list(let items): return ListIterator(items)
        }
    }

    func show(_ interp: Interpreter, compact: Bool) throws -> String {
        switch kind {
        case .enumerate: return "enumerate(" + (try Display.repr(sources[0], interp)) + ")"
        case .zip: return "zip(" + (try sources.map { try Display.repr($0, interp) }.joined(separator: ", ")) + ")"
        case .list(let items): return "pairs(" + (try items.map { try Display.repr($0, interp) }.joined(separator: ", ")) + ")"
        }
    }

    func display(_ interp: Interpreter) throws -> String? { nil }
}

final class EnumerateIterator: ValueIterator {
    let inner: ValueIterator
    var i: Int64 = 0
    init(_ inner: ValueIterator) { self.inner = inner }
    override func next() throws -> Value? {
        guard let v = try inner.next() else { return nil }
        i += 1
        return .tuple([.int(i), v])
    }
}

final class ZipIterator: ValueIterator {
    let inners: [ValueIterator]
    init(_ inners: [ValueIterator]) { self.inners = inners }
    override func next() throws -> Value? {
        var items: [Value] = []
        for it in inners {
            guard let v = try it.next() else { return nil }
            items.append(v)
        }
        return .tuple(items)
    }
}

/// Julia's `Dict` (insertion-ordered here) and `IdDict` (keys by identity).
final class DictObject: NativeObject, NativeIndexable, NativeIterable, NativeShowable {
    var keys: [Value] = []
    var values: [Value] = []
    let identity: Bool
    init(identity: Bool) { self.identity = identity }
    override var flxType: FlxType { identity ? BuiltinTypes.idDict : BuiltinTypes.dict }

    static func make(_ a: Args, _ x: Interpreter, identity: Bool = false) throws -> Value {
        let d = DictObject(identity: identity)
        var items = a.values
        if a.count == 1, !(a[0].isPair) { items = try x.collect(a[0]) }
        for item in items {
            switch item {
            case .pair(let p): try d.set(p.first, p.second, x)
            case .tuple(let t) where t.items.count == 2: try d.set(t.items[0], t.items[1], x)
            default: throw Exceptions.argument("Dict(kv): kv needs to be an iterator of 2-tuples or pairs")
            }
        }
        return .native(d)
    }

    func find(_ k: Value, _ x: Interpreter) -> Int? {
        keys.firstIndex { identity ? OperatorBuiltins.egal($0, k) : ((try? OperatorBuiltins.isEqual($0, k, x, nanEqual: true)) ?? false) }
    }

    func set(_ k: Value, _ v: Value, _ x: Interpreter) throws {
        if let i = find(k, x) { values[i] = v } else { keys.append(k); values.append(v) }
    }

    func remove(_ k: Value, _ x: Interpreter) {
        if let i = find(k, x) { keys.remove(at: i); values.remove(at: i) }
    }

    func getIndex(_ indices: [Value], _ interp: Interpreter) throws -> Value {
        guard indices.count == 1 else { throw Exceptions.method(.str("getindex"), [.native(self)] + indices) }
        guard let i = find(indices[0], interp) else { throw Exceptions.key(indices[0]) }
        return values[i]
    }

    func setIndex(_ indices: [Value], _ value: Value, _ interp: Interpreter) throws {
        guard indices.count == 1 else { throw Exceptions.method(.str("setindex!"), [.native(self)] + indices) }
        try set(indices[0], value, interp)
    }

    var iterationLength: Int? { keys.count }

    func makeIterator(_ x: Interpreter) throws -> ValueIterator {
        ListIterator(zip(keys, values).map { .pair(PairValue($0, $1)) })
    }

    func typeText(_ x: Interpreter) -> String {
        let kt = keys.isEmpty ? BuiltinTypes.any : x.joinedType(keys)
        let vt = values.isEmpty ? BuiltinTypes.any : x.joinedType(values)
        return (identity ? "IdDict{" : "Dict{") + TypeNames.show(kt) + ", " + TypeNames.show(vt) + "}"
    }

    func show(_ interp: Interpreter, compact: Bool) throws -> String {
        // Under `:limit` Julia stops after the 10th pair with `…` (base/show.jl), even at exactly 10.
        let shown = interp.displayLimit != nil ? min(keys.count, 10) : keys.count
        let items = try zip(keys.prefix(shown), values.prefix(shown)).map { try Display.repr($0, interp) + " => " + Display.repr($1, interp) }
        let more = interp.displayLimit != nil && keys.count >= 10 ? "…" : ""
        return (identity ? "IdDict" : "Dict") + "(" + items.joined(separator: ", ") + more + ")"
    }

    func display(_ interp: Interpreter) throws -> String? {
        let summary = typeText(interp) + " with \(keys.count) entr\(keys.count == 1 ? "y" : "ies")"
        if keys.isEmpty { return summary + "()" }
        let kt = interp.joinedType(keys), vt = interp.joinedType(values)
        return try DictDisplay.display(summary: summary, keys: keys, values: values, keyType: kt, valueType: vt, interp)
    }
}

extension Value {
    var isPair: Bool { if case .pair = self { return true }; return false }
}
