/// Julia's Unicode general categories of a `Char` (`Base.Unicode.category_code`), which its
/// `show(io, MIME"text/plain"(), c)` names and `isprint`/`isletter`/... test. A `Char`
/// holds any code point below 0x200000: above U+10FFFF it is "In: Invalid, too high",
/// a surrogate is "Cs", and a code point Unicode has not assigned is "Cn".
package enum UnicodeCategory: Int {
    case Cn, Lu, Ll, Lt, Lm, Lo, Mn, Mc, Me, Nd, Nl, No, Pc, Pd, Ps, Pe, Pi, Pf, Po, Sm, Sc, Sk, So, Zs, Zl, Zp, Cc, Cf, Cs, Co, In

    package init(_ c: UInt32) {
        if c > 0x10FFFF { self = .In; return }
        if (0xD800...0xDFFF).contains(c) { self = .Cs; return }
        guard let s = Unicode.Scalar(c) else { self = .Cn; return }
        switch s.properties.generalCategory {
        case .uppercaseLetter: self = .Lu
        case .lowercaseLetter: self = .Ll
        case .titlecaseLetter: self = .Lt
        case .modifierLetter: self = .Lm
        case .otherLetter: self = .Lo
        case .nonspacingMark: self = .Mn
        case .spacingMark: self = .Mc
        case .enclosingMark: self = .Me
        case .decimalNumber: self = .Nd
        case .letterNumber: self = .Nl
        case .otherNumber: self = .No
        case .connectorPunctuation: self = .Pc
        case .dashPunctuation: self = .Pd
        case .openPunctuation: self = .Ps
        case .closePunctuation: self = .Pe
        case .initialPunctuation: self = .Pi
        case .finalPunctuation: self = .Pf
        case .otherPunctuation: self = .Po
        case .mathSymbol: self = .Sm
        case .currencySymbol: self = .Sc
        case .modifierSymbol: self = .Sk
        case .otherSymbol: self = .So
        case .spaceSeparator: self = .Zs
        case .lineSeparator: self = .Zl
        case .paragraphSeparator: self = .Zp
        case .control: self = .Cc
        case .format: self = .Cf
        case .surrogate: self = .Cs
        case .privateUse: self = .Co
        case .unassigned: self = .Cn
        @unknown default: self = .Cn
        }
    }

    package var abbreviation: String { String(describing: self) }

    package var description: String {
        switch self {
        case .Cn: return "Other, not assigned"
        case .Lu: return "Letter, uppercase"
        case .Ll: return "Letter, lowercase"
        case .Lt: return "Letter, titlecase"
        case .Lm: return "Letter, modifier"
        case .Lo: return "Letter, other"
        case .Mn: return "Mark, nonspacing"
        case .Mc: return "Mark, spacing combining"
        case .Me: return "Mark, enclosing"
        case .Nd: return "Number, decimal digit"
        case .Nl: return "Number, letter"
        case .No: return "Number, other"
        case .Pc: return "Punctuation, connector"
        case .Pd: return "Punctuation, dash"
        case .Ps: return "Punctuation, open"
        case .Pe: return "Punctuation, close"
        case .Pi: return "Punctuation, initial quote"
        case .Pf: return "Punctuation, final quote"
        case .Po: return "Punctuation, other"
        case .Sm: return "Symbol, math"
        case .Sc: return "Symbol, currency"
        case .Sk: return "Symbol, modifier"
        case .So: return "Symbol, other"
        case .Zs: return "Separator, space"
        case .Zl: return "Separator, line"
        case .Zp: return "Separator, paragraph"
        case .Cc: return "Other, control"
        case .Cf: return "Other, format"
        case .Cs: return "Other, surrogate"
        case .Co: return "Other, private use"
        case .In: return "Invalid, too high"
        }
    }

    /// Julia's `isprint`: letters, marks, numbers, punctuation, symbols and the space
    /// separators (Lu through Zs).
    package var isPrintable: Bool { rawValue >= UnicodeCategory.Lu.rawValue && rawValue <= UnicodeCategory.Zs.rawValue }
    package var isLetter: Bool { rawValue >= UnicodeCategory.Lu.rawValue && rawValue <= UnicodeCategory.Lo.rawValue }
    package var isPunctuation: Bool { rawValue >= UnicodeCategory.Pc.rawValue && rawValue <= UnicodeCategory.Po.rawValue }
    package var isNumeric: Bool { rawValue >= UnicodeCategory.Nd.rawValue && rawValue <= UnicodeCategory.No.rawValue }
}
