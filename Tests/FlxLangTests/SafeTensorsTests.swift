import Testing
import FlxEngine
import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
import FlxREPL
#if canImport(Glibc)
import Glibc
#endif

/// The safetensors format: byte layout checked by hand, round trips, and damaged input.
@Suite(.serialized) struct SafeTensorsTests {
    typealias F = SafeTensorsFormat

    /// A 2×3 column-major Float32 matrix [1 2 3; 4 5 6] is written row by row: 1 2 3 4 5 6,
    /// with shape [2,3] as Python sees it.
    @Test func layoutIsRowMajorWithPythonShape() throws {
        let t = try Tensor([Float(1), 4, 2, 5, 3, 6], shape: try Shape(2, 3))
        let bytes = try F.encode([.init(name: "w", tensor: t)])
        var n = 0
        for i in (0..<8).reversed() { n = n << 8 | Int(bytes[i]) }
        #expect(n % 8 == 0)
        let header = String(decoding: bytes[8..<(8 + n)], as: UTF8.self)
        #expect(header.hasPrefix("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}}"))
        #expect(header.hasSuffix(" ") || header.hasSuffix("}"))
        let data = Array(bytes[(8 + n)...])
        #expect(data.count == 24)
        var values: [Float] = []
        for k in 0..<6 {
            var bits: UInt32 = 0
            for b in (0..<4).reversed() { bits = bits << 8 | UInt32(data[4 * k + b]) }
            values.append(Float(bitPattern: bits))
        }
        #expect(values == [1, 2, 3, 4, 5, 6])
    }

    @Test func roundTripKeepsShapeValuesAndDtype() throws {
        let a = try Tensor((0..<24).map { Double($0) * 0.5 }, shape: try Shape([2, 3, 4]))
        let b = try Tensor([Int64(-3), 7, Int64.max], shape: try Shape(3))
        let c = try Tensor([Float(1.5)], shape: .scalar)
        let d = try Tensor([true, false, true, true], shape: try Shape(2, 2))
        let e = try Tensor([Float](), shape: try Shape(0, 3))
        let bytes = try F.encode([.init(name: "a", tensor: a), .init(name: "b", tensor: b), .init(name: "c", tensor: c), .init(name: "d", tensor: d), .init(name: "é \"q\"", tensor: e)], metadata: [("k", "v")])
        let (entries, metadata) = try F.decode(bytes)
        #expect(metadata.map { $0.0 + "=" + $0.1 } == ["k=v"])
        #expect(entries.map(\.name) == ["a", "b", "c", "d", "é \"q\""])
        #expect(entries[0].tensor.shape.dims == [2, 3, 4] && entries[0].tensor.toDoubles() == a.toDoubles())
        #expect(try entries[1].tensor.toInt64s() == [-3, 7, Int64.max])
        #expect(entries[2].tensor.dtype == .float32 && entries[2].tensor.rank == 0 && entries[2].tensor.floatValue(0) == 1.5)
        #expect(entries[3].tensor.dtype == .bool && entries[3].tensor.toDoubles() == [1, 0, 1, 1])
        #expect(entries[4].tensor.shape.dims == [0, 3])
    }

    @Test func columnMajorOffsetsTransposeMemoryOrder() {
        #expect(F.columnMajorOffsets([2, 3]) == [0, 2, 4, 1, 3, 5])
        #expect(F.columnMajorOffsets([2, 1, 2]) == [0, 2, 1, 3])
        #expect(F.columnMajorOffsets([4]) == [0, 1, 2, 3])
        #expect(F.columnMajorOffsets([0, 5]) == [])
    }

    static func file(_ header: String, data: [UInt8] = []) -> [UInt8] {
        let h = Array(header.utf8)
        var n = UInt64(h.count)
        var out: [UInt8] = []
        for _ in 0..<8 { out.append(UInt8(n & 0xff)); n >>= 8 }
        return out + h + data
    }

    static func fails(_ bytes: [UInt8], _ fragment: String) {
        do {
            _ = try F.decode(bytes)
            Issue.record("no error for \(fragment)")
        } catch let e as F.FormatError {
            #expect(e.message.contains(fragment), "\(e.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func damagedInputIsAnErrorNeverACrash() throws {
        let good = try F.encode([.init(name: "x", tensor: try Tensor([Float(1), 2, 3]))])
        // Every truncation of a good file is rejected.
        for k in 0..<good.count {
            #expect(throws: F.FormatError.self) { _ = try F.decode(Array(good[0..<k])) }
        }
        Self.fails([1, 2, 3], "truncated")
        Self.fails([255, 255, 255, 255, 255, 255, 255, 255], "too large")
        Self.fails([16, 0, 0, 0, 0, 0, 0, 0, 0x7b], "truncated")
        Self.fails(Self.file("{\"x\":"), "corrupt header")
        Self.fails(Self.file("{\"x\":1,}"), "corrupt header")
        Self.fails(Self.file("{\"a\":{},\"a\":{}}"), "duplicate key")
        Self.fails(Self.file(String(repeating: "[", count: 100) + String(repeating: "]", count: 100)), "nesting")
        Self.fails(Self.file("{\"x\":\"\\ud800\"}"), "surrogate")
        Self.fails(Self.file("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"), "outside")
        Self.fails(Self.file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0]), "needs 8 bytes")
        Self.fails(Self.file("{\"x\":{\"dtype\":\"F32\",\"shape\":[9223372036854775807,9],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0]), "too large")
        Self.fails(Self.file("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[18446744073709551615,4]}}", data: [0, 0, 0, 0]), "data_offsets")
        Self.fails(Self.file("{\"x\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", data: [0]), "dtype U8")
        Self.fails(Self.file("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0, 0]), "accounts for 4")
        Self.fails(Self.file("{\"x\":{\"dtype\":\"BOOL\",\"shape\":[1],\"data_offsets\":[0,1]}}", data: [7]), "BOOL byte")
        Self.fails(Self.file("{\"x\":{\"shape\":[1],\"data_offsets\":[0,1]}}", data: [7]), "no \"dtype\"")
        // Random bytes after a valid length prefix never crash.
        var seed: UInt64 = 42
        for _ in 0..<2000 {
            var bytes = good
            for _ in 0..<3 {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                bytes[Int(seed >> 33) % bytes.count] = UInt8(truncatingIfNeeded: seed >> 20)
            }
            _ = try? F.decode(bytes)
        }
    }

    @Test func atomicWriteReplacesTheFileAndLeavesNoTemporary() throws {
        var template = Array("/tmp/flx-st-XXXXXX".utf8CString)
        let dirOK = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) != nil }
        #expect(dirOK)
        let dir = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let path = dir + "/m.safetensors"
        try FileSystem.writeFile(path, [1, 2, 3])
        try FileSystem.writeFile(path, [4, 5])
        #expect(try FileSystem.readFile(path) == [4, 5])
        let names = (FileSystem.directoryEntries(dir) ?? []).map { $0.name }
        #expect(names == ["m.safetensors"])
        #expect(throws: FileSystem.Failure.self) { try FileSystem.writeFile(dir + "/no/such/dir/x", [1]) }
        unlink(path)
        rmdir(dir)
    }

    @Test func modelRoundTripThroughFluxFunctions() {
        let r = run("""
            using Flux
            model = Chain(Dense(3 => 4, relu), Dense(4 => 2))
            path = tempname() * ".safetensors"
            Flux.savemodel(path, model)
            m2 = Chain(Dense(3 => 4, relu), Dense(4 => 2))
            Flux.loadmodel!(m2, path)
            x = rand(Float32, 3, 5)
            println(m2(x) == model(x))
            println(Flux.state(m2).layers[2].weight == model[2].weight)
            rm(path)
            println(isfile(path))
            """)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == "true\ntrue\nfalse\n")
    }
}
