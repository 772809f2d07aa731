#if canImport(Glibc)
import Glibc
#endif
import FlxCore

/// Turns `savefig`'s SVG into a PNG with librsvg and cairo, opened with dlopen on the
/// first PNG (no headers or link-time dependency: the few entry points are declared
/// here, as librsvg 2.48 and cairo 1.16 publish them). Debian: librsvg2-2, which
/// brings cairo and GLib.
package enum SVGRasterizer {
    typealias NewFromData = @convention(c) (UnsafePointer<UInt8>?, UInt, UnsafeMutablePointer<OpaquePointer?>?) -> OpaquePointer?
    typealias RenderCairo = @convention(c) (OpaquePointer?, OpaquePointer?) -> Int32
    typealias SurfaceCreate = @convention(c) (Int32, Int32, Int32) -> OpaquePointer?
    typealias CairoCreate = @convention(c) (OpaquePointer?) -> OpaquePointer?
    typealias Release = @convention(c) (OpaquePointer?) -> Void
    typealias WriteChunk = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<UInt8>?, UInt32) -> Int32
    typealias WritePNG = @convention(c) (OpaquePointer?, WriteChunk?, UnsafeMutableRawPointer?) -> Int32
    typealias StatusText = @convention(c) (Int32) -> UnsafePointer<CChar>?

    struct Library: @unchecked Sendable {
        let newFromData: NewFromData
        let renderCairo: RenderCairo
        let surfaceCreate: SurfaceCreate
        let cairoCreate: CairoCreate
        let cairoDestroy: Release
        let surfaceDestroy: Release
        let writePNG: WritePNG
        let statusText: StatusText
        let objectUnref: Release
        let errorFree: Release
    }

    /// cairo's CAIRO_FORMAT_ARGB32.
    static let argb32: Int32 = 0

    static let library: Library? = open()

    private static func open() -> Library? {
        func lib(_ names: String...) -> UnsafeMutableRawPointer? {
            for n in names { if let h = dlopen(n, RTLD_NOW | RTLD_LOCAL) { return h } }
            return nil
        }
        guard let rsvg = lib("librsvg-2.so.2", "librsvg-2.so"), let cairo = lib("libcairo.so.2", "libcairo.so"),
              let gobject = lib("libgobject-2.0.so.0"), let glib = lib("libglib-2.0.so.0") else { return nil }
        func symbol<F>(_ h: UnsafeMutableRawPointer, _ name: String, _ type: F.Type) -> F? {
            guard let p = dlsym(h, name) else { return nil }
            return unsafeBitCast(p, to: type)
        }
        guard let newFromData = symbol(rsvg, "rsvg_handle_new_from_data", NewFromData.self),
              let render = symbol(rsvg, "rsvg_handle_render_cairo", RenderCairo.self),
              let surfaceCreate = symbol(cairo, "cairo_image_surface_create", SurfaceCreate.self),
              let cairoCreate = symbol(cairo, "cairo_create", CairoCreate.self),
              let cairoDestroy = symbol(cairo, "cairo_destroy", Release.self),
              let surfaceDestroy = symbol(cairo, "cairo_surface_destroy", Release.self),
              let writePNG = symbol(cairo, "cairo_surface_write_to_png_stream", WritePNG.self),
              let statusText = symbol(cairo, "cairo_status_to_string", StatusText.self),
              let unref = symbol(gobject, "g_object_unref", Release.self),
              let errorFree = symbol(glib, "g_error_free", Release.self)
        else { return nil }
        return Library(newFromData: newFromData, renderCairo: render, surfaceCreate: surfaceCreate, cairoCreate: cairoCreate,
                       cairoDestroy: cairoDestroy, surfaceDestroy: surfaceDestroy, writePNG: writePNG, statusText: statusText,
                       objectUnref: unref, errorFree: errorFree)
    }

    /// The PNG file of `svg` drawn on a `width` × `height` canvas.
    package static func png(svg: String, width: Int, height: Int) throws -> [UInt8] {
        guard let lib = library else {
            throw Exceptions.error("savefig needs librsvg and cairo to write a PNG (Debian: librsvg2-2), which could not be loaded; save as .svg or .txt instead")
        }
        let bytes = Array(svg.utf8)
        var error: OpaquePointer?
        guard let handle = bytes.withUnsafeBufferPointer({ lib.newFromData($0.baseAddress, UInt($0.count), &error) }) else {
            if error != nil { lib.errorFree(error) }
            throw Exceptions.error("savefig: librsvg could not read the plot's SVG")
        }
        defer { lib.objectUnref(handle) }
        guard let surface = lib.surfaceCreate(argb32, Int32(clamping: width), Int32(clamping: height)) else {
            throw Exceptions.error("savefig: cairo could not make a \(width)×\(height) image")
        }
        defer { lib.surfaceDestroy(surface) }
        guard let cr = lib.cairoCreate(surface) else { throw Exceptions.error("savefig: cairo could not draw") }
        let drawn = lib.renderCairo(handle, cr)
        lib.cairoDestroy(cr)
        guard drawn != 0 else { throw Exceptions.error("savefig: librsvg could not draw the plot") }
        // cairo hands the encoded file over in chunks; the file itself is written by
        // FileSystem, as every other file flx writes.
        final class Sink { var bytes: [UInt8] = [] }
        let sink = Sink()
        let status = lib.writePNG(surface, { closure, data, length in
            guard let closure, let data else { return 11 }  // CAIRO_STATUS_WRITE_ERROR
            Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return 0
        }, Unmanaged.passUnretained(sink).toOpaque())
        guard status == 0 else {
            throw Exceptions.error("savefig: cairo could not encode the PNG: " + (lib.statusText(status).map { String(cString: $0) } ?? "status \(status)"))
        }
        return sink.bytes
    }
}
