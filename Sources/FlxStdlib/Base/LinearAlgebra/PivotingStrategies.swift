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
        for (name, text, example) in help { interp.builtinHelp.add(BuiltinHelp(name + "()", text, example), for: name) }
        interp.builtinHelp.add(BuiltinHelp("ZeroPivotException(info)",
            "Thrown by `lu(A, NoPivot())` when elimination meets a zero pivot (`info` is its index): switch to a pivoted factorization.",
            "lu([0.0 1.0; 1.0 0.0], NoPivot())  # ZeroPivotException"), for: "ZeroPivotException")
    }

    private static let help: [(String, String, String)] = [
        ("NoPivot", "Pivoting strategy: `lu(A, NoPivot())` eliminates without row exchanges (a zero pivot is a ZeroPivotException); `qr(A, NoPivot())` is `qr(A)`.",
         "lu([1.0 2.0; 3.0 4.0], NoPivot()).U"),
        ("RowNonZero", "Pivoting strategy: `lu(A, RowNonZero())` exchanges each pivot row for the first one with a nonzero entry in the column.",
         "lu([0.0 1.0; 2.0 3.0], RowNonZero()).p  # [2, 1]"),
        ("RowMaximum", "Pivoting strategy: partial pivoting by the largest entry of the column, `lu`'s default (LAPACK's getrf).",
         "lu([1.0 2.0; 3.0 4.0], RowMaximum()).p  # [2, 1]"),
        ("ColumnNorm", "Pivoting strategy: `qr(A, ColumnNorm())` takes the remaining column of largest norm first (LAPACK's geqp3), giving a QRPivoted with `A[:, F.p] ≈ F.Q * F.R`.",
         "qr([1.0 2.0; 3.0 4.0; 5.0 7.0], ColumnNorm()).p  # [2, 1]"),
    ]
}
