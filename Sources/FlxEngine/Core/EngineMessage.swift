/// The words of an engine error, as data. The engine says what went wrong in plain words
/// and marks the values a user must see in the language's own notation (an array's size and
/// element type, a size tuple, a number of some element type); the language renders them
/// (FlxCore's engine adapter), so no Julia display text is written here.
///
/// Written like a string: `"cannot reshape \(x.shape) to \(dims: dims)"`. Interpolating a
/// `Shape` or a `DType` marks it; `array:` marks a whole array; anything else becomes text.
public struct EngineMessage: Equatable, Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public enum Part: Equatable, Sendable {
        case text(String)
        /// A size, shown as a tuple: `(3, 2)`.
        case dims([Int])
        /// The size a reshape was asked for, where -1 is a dimension left to be computed
        /// (the `:` of `reshape(x, 2, :)`).
        case requestedDims([Int])
        /// An element type: `Float32`.
        case elementType(DType)
        /// An array by its size and element type: `3×2 Matrix{Float32}`.
        case array(Shape, DType)
        /// An array's type alone: `Matrix{Float32}`.
        case arrayType(rank: Int, DType)
        /// A number as a value of its element type shows: `1.5`, `2`.
        case number(Double, DType)
    }

    public private(set) var parts: [Part]

    public init(_ parts: [Part]) { self.parts = parts }

    public init(stringLiteral value: String) { parts = [.text(value)] }

    public init(stringInterpolation: StringInterpolation) { parts = stringInterpolation.parts }

    /// The words alone, with marked values in a neutral form: for logs and engine tests, not
    /// for users (they see the language's rendering).
    public var description: String {
        parts.map { part -> String in
            switch part {
            case .text(let s): return s
            case .dims(let d), .requestedDims(let d): return "(" + d.map(String.init).joined(separator: ", ") + ")"
            case .elementType(let t): return "\(t)"
            case .array(let s, let t): return "array(" + s.dims.map(String.init).joined(separator: ", ") + ") of \(t)"
            case .arrayType(let r, let t): return "rank-\(r) array of \(t)"
            case .number(let v, _): return "\(v)"
            }
        }.joined()
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var parts: [Part] = []

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) { appendText(literal) }

        public mutating func appendInterpolation<T>(_ value: T) { appendText(String(describing: value)) }

        public mutating func appendInterpolation(_ shape: Shape) { parts.append(.dims(shape.dims)) }

        public mutating func appendInterpolation(_ message: EngineMessage) {
            for part in message.parts {
                if case .text(let s) = part { appendText(s) } else { parts.append(part) }
            }
        }

        public mutating func appendInterpolation(_ dtype: DType) { parts.append(.elementType(dtype)) }

        public mutating func appendInterpolation(dims: [Int]) { parts.append(.dims(dims)) }

        public mutating func appendInterpolation(requestedDims dims: [Int]) { parts.append(.requestedDims(dims)) }

        public mutating func appendInterpolation(array shape: Shape, _ dtype: DType) { parts.append(.array(shape, dtype)) }

        public mutating func appendInterpolation(arrayType rank: Int, _ dtype: DType) { parts.append(.arrayType(rank: rank, dtype)) }

        public mutating func appendInterpolation(number value: Double, _ dtype: DType) { parts.append(.number(value, dtype)) }

        private mutating func appendText(_ s: String) {
            guard !s.isEmpty else { return }
            if case .text(let previous)? = parts.last {
                parts[parts.count - 1] = .text(previous + s)
            } else {
                parts.append(.text(s))
            }
        }
    }
}
