import FlxSyntax
import FlxCore
import FlxEngine

/// Functions over any iterable: length, map, filter, reduce, sum, sort, zip, Dict, ...
package enum CollectionBuiltins {
    package static var tables: [[Builtin]] {
        [collectionElements, higherOrderFunctions, collectionSearching, collectionReductions, collectionOrdering, iteration, dictFunctions,
         iteratorFunctions, absentValues, sortedSearch]
    }

    package static func install(_ interp: Interpreter) {
        let b = interp.base
        for table in tables { b.register(table, helpInto: interp.builtinHelp) }
        TypeBuiltins.setConstructor(BuiltinTypes.dict) { interp, a in try DictObject.make(a, interp) }
        TypeBuiltins.setConstructor(BuiltinTypes.idDict) { interp, a in try DictObject.make(a, interp, identity: true) }
    }

    package static func copyArray(_ a: ArrayValue, _ interp: Interpreter, keepType: Bool = false) throws -> ArrayValue {
        let keep = keepType && a.type.root.copyKeepsType
        if let t = a.tensor {
            // A copy of an array being differentiated is recorded, so the gradient flows back.
            if interp.isTracked(.array(a)) { return ArrayValue(tensor: try interp.engine { tape in try Conversion.convert(t, to: t.dtype, tape: tape) }) }
            // A static array stays one: its size is part of its type.
            let c = ArrayValue(tensor: try t.copy())
            return keep ? c.retyped(a.type) : c
        }
        let c = ArrayValue(boxed: a.boxedValues, shape: a.shape, elementType: a.elementType)
        return keep ? c.retyped(a.type) : c
    }

    package static func takeFirst(_ v: Value, _ n: Int, _ interp: Interpreter) throws -> Value {
        guard n >= 0 else { throw Exceptions.argument("Number of elements must be nonnegative") }
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
        if interp.isDifferentiating, case .boxed(let b) = arr.storage, ArrayValue.dtype(of: arr.elementType) != nil {
            // A numeric array holding numbers being differentiated (`holdTracked`) keeps them
            // as values, so each keeps its own place on the tape (packing them into a new
            // tensor would make it an array on the tape, which no `!` function may change).
            b.values = items
            b.shape = try Shape([items.count])
            return
        }
        if arr.subArray != nil, items.count == arr.count {
            // A SubArray shares its parent's elements: `sort!(view(A, :, 1))` sorts them there.
            for (i, item) in items.enumerated() { try arr.setElement(i, try interp.convertElement(item, to: arr.elementType)) }
            return
        }
        let fresh = try interp.makeArray(items, shape: try Shape([items.count]), elementType: arr.elementType)
        arr.storage = fresh.storage
        arr.reserve = nil
    }

    package static func anyAll(_ a: Args, _ interp: Interpreter, any: Bool) throws -> Value {
        let name = any ? "any" : "all"
        try a.expect(name, 1...2)
        // Streamed, so that `any(p, 1:10^12)` stops at the first hit without a list.
        let it = try interp.makeIterator(a[a.count - 1])
        while let v = try it.next() {
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
        // Ranges are searched in place, in either direction; other collections stream
        // forwards for findfirst.
        if case .range(let r) = a[a.count - 1] {
            let n = r.count
            var i: Int64 = first ? 0 : n - 1
            while i >= 0 && i < n {
                let e = r.element(i)
                if try isHit(a.count == 2 ? try interp.call(a[0], [e]) : e) { return .int(i + 1) }
                i += first ? 1 : -1
            }
            return .nothing
        }
        if first {
            let it = try interp.makeIterator(a[a.count - 1])
            var i: Int64 = 0
            while let e = try it.next() {
                i += 1
                if try isHit(a.count == 2 ? try interp.call(a[0], [e]) : e) { return CartesianIndexing.key(i, of: a[a.count - 1]) }
            }
            return .nothing
        }
        let items = try interp.collect(a[a.count - 1])
        for i in items.indices.reversed() {
            let r = a.count == 2 ? try interp.call(a[0], [items[i]]) : items[i]
            if try isHit(r) { return CartesianIndexing.key(Int64(i + 1), of: a[a.count - 1]) }
        }
        return .nothing
    }

    /// findfirst/findlast test each element (or predicate result) as Julia's `if` does: a
    /// value that is not a Bool is a TypeError, not a miss (skipping them made
    /// `findlast(0:typemax(Int))` walk 2^63 numbers, and `findfirst([1, 2])` answer nothing).
    private static func isHit(_ v: Value) throws -> Bool {
        if case .bool(let b) = v { return b }
        throw Exceptions.typeError("if", expected: "Bool", got: v)
    }

    package static func argExtreme(_ a: Args, _ interp: Interpreter, max: Bool) throws -> Value {
        let name = max ? "argmax" : "argmin"
        if case .array(let arr) = a[a.count - 1], a.count == 1, let t = arr.tensor {
            if let dims = a.keyword("dims") {
                let ds = try ArrayBuiltins.dimSet(dims, interp)
                let r = try interp.engine { max ? try Reductions.argmax(t, dims: ds) : try Reductions.argmin(t, dims: ds) }
                // The engine gives linear positions; along dimensions Julia reports CartesianIndex values.
                return try CartesianIndexing.cartesian(r, dims: arr.dims, interp)
            }
            guard arr.count > 0 else { throw Exceptions.argument("collection must be non-empty") }
            // The engine answers with Julia's 1-based linear index (a CartesianIndex beyond one dimension).
            let i = try interp.engine { max ? try Reductions.argmax(t) : try Reductions.argmin(t) }
            return CartesianIndexing.key(Int64(i), of: a[0])
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
            return a[1].isRange ? items[best] : CartesianIndexing.key(Int64(best + 1), of: a[1])
        }
        let items = try interp.collect(a[0])
        guard !items.isEmpty else { throw Exceptions.argument("collection must be non-empty") }
        var best = 0
        for i in 1..<items.count {
            if case .bool(true) = try OperatorBuiltins.binaryValues(max ? .gt : .lt, items[i], items[best], interp) { best = i }
        }
        _ = name
        return CartesianIndexing.key(Int64(best + 1), of: a[0])
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
