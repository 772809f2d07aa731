import FlxSyntax
import FlxCore
import FlxStdlib
import FlxFlux
/// Julia's LaTeX-style input: `\alpha<TAB>` becomes `α`. The Greek alphabet and the
/// symbols Flux code uses.
public enum LaTeXSymbols {
    public static let table: [String: String] = {
        var t: [String: String] = [:]
        let greek: [(String, String, String)] = [
            ("alpha", "α", "Α"), ("beta", "β", "Β"), ("gamma", "γ", "Γ"), ("delta", "δ", "Δ"), ("epsilon", "ϵ", "Ε"),
            ("zeta", "ζ", "Ζ"), ("eta", "η", "Η"), ("theta", "θ", "Θ"), ("iota", "ι", "Ι"), ("kappa", "κ", "Κ"),
            ("lambda", "λ", "Λ"), ("mu", "μ", "Μ"), ("nu", "ν", "Ν"), ("xi", "ξ", "Ξ"), ("omicron", "ο", "Ο"),
            ("pi", "π", "Π"), ("rho", "ρ", "Ρ"), ("sigma", "σ", "Σ"), ("tau", "τ", "Τ"), ("upsilon", "υ", "Υ"),
            ("phi", "ϕ", "Φ"), ("chi", "χ", "Χ"), ("psi", "ψ", "Ψ"), ("omega", "ω", "Ω"),
        ]
        for (name, lower, upper) in greek {
            t["\\" + name] = lower
            t["\\" + name.prefix(1).uppercased() + name.dropFirst()] = upper
        }
        t["\\varepsilon"] = "ε"
        t["\\varphi"] = "φ"
        t["\\vartheta"] = "ϑ"
        let symbols: [(String, String)] = [
            ("partial", "∂"), ("nabla", "∇"), ("in", "∈"), ("notin", "∉"), ("sqrt", "√"), ("cbrt", "∛"),
            ("sum", "∑"), ("prod", "∏"), ("infty", "∞"), ("approx", "≈"), ("ne", "≠"), ("le", "≤"), ("ge", "≥"),
            ("leq", "≤"), ("geq", "≥"), ("times", "×"), ("div", "÷"), ("cdot", "⋅"), ("circ", "∘"), ("ell", "ℓ"),
            ("euler", "ℯ"), ("to", "→"), ("rightarrow", "→"), ("leftarrow", "←"), ("xor", "⊻"), ("equiv", "≡"),
            ("subseteq", "⊆"), ("cup", "∪"), ("cap", "∩"), ("emptyset", "∅"), ("otimes", "⊗"), ("boxtimes", "⊠"), ("oplus", "⊕"),
            ("prime", "′"), ("pm", "±"), ("neg", "¬"), ("forall", "∀"), ("exists", "∃"),
            ("hat", "\u{0302}"), ("bar", "\u{0304}"), ("dot", "\u{0307}"), ("ddot", "\u{0308}"), ("tilde", "\u{0303}"),
            ("vec", "\u{20D7}"), ("overleftarrow", "\u{20D6}"),
        ]
        for (name, sym) in symbols { t["\\" + name] = sym }
        let sub = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
        let sup = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        for i in 0..<10 {
            t["\\_\(i)"] = sub[i]
            t["\\^\(i)"] = sup[i]
        }
        t["\\^T"] = "ᵀ"
        t["\\_i"] = "ᵢ"
        t["\\^-"] = "⁻"
        return t
    }()
}
