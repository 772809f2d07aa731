#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import FlxEngine

/// getindex/setindex with every index form, Julia's dim dropping and errors.
@Suite struct IndexingTests {
    @Test func getindexDropsScalarDimsLikeJulia() throws {
        let m = try T.mat(3, 2, [1, 2, 3, 4, 5, 6])
        let col = try Indexing.getindex(m, [.all, .scalar(2)], tape: nil)
        #expect(col.shape.dims == [3] && col.toDoubles() == [4, 5, 6])
        let row = try Indexing.getindex(m, [.scalar(2), .all], tape: nil)
        #expect(row.shape.dims == [2] && row.toDoubles() == [2, 5])
        let el = try Indexing.getindex(m, [.scalar(3), .scalar(2)], tape: nil)
        #expect(el.rank == 0 && el.toDoubles() == [6])
        let keep = try Indexing.getindex(m, [.range(2, 3), .range(2, 2)], tape: nil)
        #expect(keep.shape.dims == [2, 1] && keep.toDoubles() == [5, 6])
        #expect(try Indexing.getindex(m, [.list([6, 1])], tape: nil).toDoubles() == [6, 1])
        #expect(try Indexing.getindex(m, [.all], tape: nil).shape.dims == [6])
        #expect(try Indexing.getindex(m, [.mask([true, false, true]), .scalar(1)], tape: nil).toDoubles() == [1, 3])
        #expect(try Indexing.getindex(m, [.range(start: 3, step: -1, stop: 1), .scalar(1)], tape: nil).toDoubles() == [3, 2, 1])
        #expect(try Indexing.getindex(m, [.scalar(1), .scalar(2), .scalar(1)], tape: nil).toDoubles() == [4])
    }

    @Test func setindexWritesSelectionAndBroadcastsScalars() throws {
        let m = try Tensor.zeros(.int64, Shape(2, 2))
        try Indexing.setindex(m, [.all, .scalar(2)], value: Tensor([7, 8] as [Int64]), tape: nil)
        try Indexing.setindex(m, [.scalar(1), .scalar(1)], value: Tensor.scalar(3), tape: nil)
        #expect(try m.toInt64s() == [3, 0, 7, 8])
        #expect(throws: EngineError.dimensionMismatch("tried to assign 3 elements to 2 destinations")) {
            try Indexing.setindex(m, [.all, .scalar(1)], value: Tensor([1, 2, 3] as [Int64]), tape: nil)
        }
        #expect(throws: EngineError.inexact(target: .int64, value: 0.5, source: .float64)) {
            try Indexing.setindex(m, [.scalar(1)], value: Tensor.scalar(0.5), tape: nil)
        }
    }

    @Test func setindexOnTrackedArrayIsZygoteMutationError() throws {
        let x = try T.vec([1, 2, 3]); let tape = Tape(); tape.watch(x)
        do {
            try Indexing.setindex(x, [.scalar(1)], value: Tensor.scalar(0), tape: tape)
            Issue.record("expected a mutation error")
        } catch let EngineError.mutation(function, shape, dtype) {
            #expect(function == "setindex!" && shape.dims == [3] && dtype == .float64)
        }
        tape.reset() // after reset the array is no longer tracked
        try Indexing.setindex(x, [.scalar(1)], value: Tensor.scalar(0), tape: tape)
        #expect(x.toDoubles() == [0, 2, 3])
    }
}
