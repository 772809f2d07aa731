#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FlxCore

/// The PCRE2 library Julia's `Regex` runs on, opened with dlopen on the first regex (no
/// headers or link-time dependency: the few entry points are declared here). Options
/// and error codes are PCRE2's published constants (pcre2.h, 8-bit code units).
package enum PCRE2 {
    typealias Compile = @convention(c) (UnsafePointer<UInt8>?, Int, UInt32, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int>, OpaquePointer?) -> OpaquePointer?
    typealias MatchDataCreate = @convention(c) (OpaquePointer?, OpaquePointer?) -> OpaquePointer?
    typealias Match = @convention(c) (OpaquePointer?, UnsafePointer<UInt8>?, Int, Int, UInt32, OpaquePointer?, OpaquePointer?) -> Int32
    typealias OvectorPointer = @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<Int>?
    typealias PatternInfo = @convention(c) (OpaquePointer?, UInt32, UnsafeMutableRawPointer?) -> Int32
    typealias ErrorMessage = @convention(c) (Int32, UnsafeMutablePointer<UInt8>?, Int) -> Int32
    typealias Free = @convention(c) (OpaquePointer?) -> Void

    struct Library: @unchecked Sendable {
        let compile: Compile
        let matchDataCreate: MatchDataCreate
        let match: Match
        let ovector: OvectorPointer
        let patternInfo: PatternInfo
        let errorMessage: ErrorMessage
        let codeFree: Free
        let matchDataFree: Free
    }

    // Compile options.
    static let caseless: UInt32 = 0x0000_0008
    static let dotall: UInt32 = 0x0000_0020
    static let extended: UInt32 = 0x0000_0080
    static let multiline: UInt32 = 0x0000_0400
    static let ucp: UInt32 = 0x0002_0000
    static let utf: UInt32 = 0x0008_0000
    static let altBSUX: UInt32 = 0x0000_0002
    static let matchInvalidUTF: UInt32 = 0x0400_0000
    // Match options.
    static let notEmptyAtStart: UInt32 = 0x0000_0008
    static let noUTFCheck: UInt32 = 0x4000_0000
    static let anchored: UInt32 = 0x8000_0000
    static let endAnchored: UInt32 = 0x2000_0000
    static let errorNoMatch: Int32 = -1
    // pcre2_pattern_info queries.
    static let infoCaptureCount: UInt32 = 4
    static let infoNameCount: UInt32 = 17
    static let infoNameEntrySize: UInt32 = 18
    static let infoNameTable: UInt32 = 19

    /// Julia's defaults (`Base.DEFAULT_COMPILER_OPTS`): UTF-8 with Unicode properties for
    /// `\w` and friends, `\u` escapes, and invalid UTF-8 tolerated in subjects.
    static let defaultCompileOptions = utf | matchInvalidUTF | altBSUX | ucp

    static let library: Library? = open()

    private static func open() -> Library? {
        guard let h = dlopen("libpcre2-8.so.0", RTLD_NOW | RTLD_LOCAL) ?? dlopen("libpcre2-8.so", RTLD_NOW | RTLD_LOCAL)
                ?? dlopen("libpcre2-8.0.dylib", RTLD_NOW | RTLD_LOCAL) else { return nil }
        func symbol<F>(_ name: String, _ type: F.Type) -> F? {
            guard let p = dlsym(h, name) else { return nil }
            return unsafeBitCast(p, to: type)
        }
        guard let compile = symbol("pcre2_compile_8", Compile.self),
              let create = symbol("pcre2_match_data_create_from_pattern_8", MatchDataCreate.self),
              let match = symbol("pcre2_match_8", Match.self),
              let ovector = symbol("pcre2_get_ovector_pointer_8", OvectorPointer.self),
              let info = symbol("pcre2_pattern_info_8", PatternInfo.self),
              let message = symbol("pcre2_get_error_message_8", ErrorMessage.self),
              let codeFree = symbol("pcre2_code_free_8", Free.self),
              let dataFree = symbol("pcre2_match_data_free_8", Free.self)
        else { return nil }
        return Library(compile: compile, matchDataCreate: create, match: match, ovector: ovector, patternInfo: info,
                       errorMessage: message, codeFree: codeFree, matchDataFree: dataFree)
    }

    static func require() throws -> Library {
        guard let lib = library else {
            throw Exceptions.error("Regex needs the PCRE2 library (libpcre2-8.so.0, Debian's package libpcre2-8-0), which could not be loaded")
        }
        return lib
    }

    /// PCRE2's text for an error code.
    static func message(_ lib: Library, _ code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = buffer.withUnsafeMutableBufferPointer { lib.errorMessage(code, $0.baseAddress, 256) }
        return n > 0 ? String(decoding: buffer[0..<Int(n)], as: UTF8.self) : "error \(code)"
    }
}
