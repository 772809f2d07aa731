import FlxSyntax
import FlxCore

/// LinearAlgebra's pivoting strategies, the second argument of `lu` and `qr`:
/// `NoPivot()`, `RowNonZero()`, `RowMaximum()` (lu's default) and `ColumnNorm()` (qr's
/// column pivoting), each an empty struct under `LinearAlgebra.PivotingStrategy`. One
/// instance per strategy, so `===` holds between two `RowMaximum()`s as in Julia.
package final class PivotingStrategyObject: NativeObject, NativeShowable, NativeImmutableValue {
    package enum Kind: String, CaseIterable { case noPivot = "NoPivot", rowNonZero = "RowNonZero", rowMaximum = "RowMaximum", columnNorm = "ColumnNorm" }
    package let kind: Kind
    private init(_ kind: Kind) { self.kind = kind }

    package static let abstractType = FlxType(name: "LinearAlgebra.PivotingStrategy", kind: .abstract, supertype: BuiltinTypes.any)
    private static let types: [Kind: FlxType] = Dictionary(uniqueKeysWithValues: Kind.allCases.map {
        ($0, FlxType(name: $0.rawValue, supertype: abstractType))
    })
    // Immutable once made: each instance only holds its `let` kind.
    nonisolated(unsafe) private static let instances: [Kind: PivotingStrategyObject] = Dictionary(uniqueKeysWithValues: Kind.allCases.map { ($0, PivotingStrategyObject($0)) })

    package override var flxType: FlxType { PivotingStrategyObject.types[kind] ?? PivotingStrategyObject.abstractType }
    package func show(_ interp: Interpreter, compact: Bool) throws -> String { kind.rawValue + "()" }
    package func display(_ interp: Interpreter) throws -> String? { nil }
    package func isIdentical(to other: NativeObject) -> Bool { (other as? PivotingStrategyObject)?.kind == kind }

    /// The strategy a value is, nil for anything else.
    static func of(_ v: Value) -> Kind? {
        if case .native(let p as PivotingStrategyObject) = v { return p.kind }
        return nil
    }

    static func install(_ interp: Interpreter) {
        for kind in Kind.allCases {
            guard let t = types[kind], let instance = instances[kind] else { continue }
            TypeBuiltins.setConstructor(t) { _, a in
                guard a.count == 0, a.keywords.isEmpty else { throw Exceptions.method(.type(t), a.values) }
                return .native(instance)
            }
            interp.base.define(kind.rawValue, .type(t))
        }
        interp.builtinHelp.add(BuiltinHelp("NoPivot()  /  RowNonZero()  /  RowMaximum()  /  ColumnNorm()",
            "Pivoting strategies: `lu(A, RowMaximum())` is the default partial pivoting, `lu(A, NoPivot())` eliminates without row exchanges (a zero pivot is a ZeroPivotException), `lu(A, RowNonZero())` takes the first nonzero entry; `qr(A, ColumnNorm())` pivots columns by norm (QRPivoted).",
            "lu([1.0 2.0; 3.0 4.0], NoPivot()).U"), for: "NoPivot")
    }
}
