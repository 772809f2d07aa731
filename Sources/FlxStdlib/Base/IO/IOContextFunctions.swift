import FlxSyntax
import FlxCore

/// What an IOContext tells a printer: `displaysize`, the rows and columns to fit.
extension IOContextBuiltins {
    package static var ioContextFunctions: [Builtin] {
        [
            Builtin("displaysize", { interp, a in
                try a.expect("displaysize", 0...1)
                let s: (rows: Int, cols: Int)
                if a.count == 0 {
                    s = DisplaySize.environment()
                } else if case .native(let n) = a[0], let ctx = n as? IOContextObject {
                    s = ctx.displaySize(interp)
                } else if case .native(let n) = a[0], let std = n as? StdStream {
                    s = DisplaySize.stream(interp, error: std.isError)
                } else {
                    s = DisplaySize.environment()
                }
                return .tuple(TupleValue([.int(Int64(s.rows)), .int(Int64(s.cols))]))
            }, help: BuiltinHelp("displaysize([io])", "The (rows, columns) limited output fits: the terminal's size when `io` is one, else ENV LINES and COLUMNS, else (24, 80).", "displaysize(stdout)")),
        ]
    }
}
