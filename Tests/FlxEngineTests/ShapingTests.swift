#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import FlxEngine

@Suite struct DropdimsTests {
    @Test func dropdimsAndUnsqueezeReshapeWithoutCopying() throws {
        let x = try T.random([3, 1, 2])
        let d = try Shaping.dropdims(x, dims: [2], tape: nil)
        #expect(d.shape.dims == [3, 2] && d.toDoubles() == x.toDoubles())
        #expect(throws: EngineError.argument("dropped dims must all be size 1")) { try Shaping.dropdims(x, dims: [1], tape: nil) }
        #expect(throws: EngineError.self) { try Shaping.dropdims(x, dims: [4], tape: nil) }
        #expect(try Shaping.unsqueeze(d, dim: 1, tape: nil).shape.dims == [1, 3, 2])
        #expect(try Shaping.unsqueeze(d, dim: 3, tape: nil).shape.dims == [3, 2, 1])
        #expect(throws: EngineError.self) { try Shaping.unsqueeze(d, dim: 4, tape: nil) }
        try T.gradcheck("dropdims", [x]) { xs, tape in try Shaping.dropdims(xs[0], dims: [2], tape: tape) }
    }
}
