import Testing
import FlxSyntax

@Suite struct ParserTests {
    func parse(_ text: String) throws(ParseError) -> [Expr] {
        try Parser.parseProgram(SourceFile(name: "t", text: text))
    }

    /// A compact rendering of the tree for assertions.
    func shape(_ e: Expr) -> String {
        switch e.kind {
        case .int(let v): return "\(v)"
        case .float64(let v): return "\(v)"
        case .identifier(let n): return n
        case .binary(let op, let l, let r): return "(\(shape(l)) \(op) \(shape(r)))"
        case .unary(let op, let x): return "(\(op)\(shape(x)))"
        case .call(let f, let args, let kw, let bc): return "\(shape(f))\(bc ? "." : "")(" + (args.map(shape) + kw.map { "\($0.name)=\(shape($0.value))" }).joined(separator: ",") + ")"
        case .range(let a, let s, let b): return "range(\(shape(a)),\(s.map(shape) ?? "_"),\(shape(b)))"
        case .comparison(let xs, let ops): return "cmp(" + zip(xs, ops + [""]).map { shape($0) + $1 }.joined() + ")"
        case .ternary(let c, let a, let b): return "(\(shape(c)) ? \(shape(a)) : \(shape(b)))"
        case .assign(let t, let v): return "\(shape(t)) = \(shape(v))"
        case .tuple(let xs): return "tuple(" + xs.map(shape).joined(separator: ",") + ")"
        case .index(let b, let xs): return "\(shape(b))[" + xs.map(shape).joined(separator: ",") + "]"
        case .endIndex: return "end"
        case .colon: return ":"
        case .pair(let a, let b): return "(\(shape(a)) => \(shape(b)))"
        case .lambda(let d): return "lambda(\(d.params.compactMap { $0.name }.joined(separator: ",")))->\(shape(d.body))"
        case .adjoint(let x): return "\(shape(x))'"
        case .and(let a, let b): return "(\(shape(a)) && \(shape(b)))"
        case .or(let a, let b): return "(\(shape(a)) || \(shape(b)))"
        case .field(let b, let n): return "\(shape(b)).\(n)"
        case .matrix(let rows): return "[" + rows.map { $0.map(shape).joined(separator: " ") }.joined(separator: "; ") + "]"
        case .vect(let xs): return "vect(" + xs.map(shape).joined(separator: ",") + ")"
        case .block(let xs): return "block(" + xs.map(shape).joined(separator: ";") + ")"
        default: return "?"
        }
    }

    func one(_ text: String) throws -> String {
        let es = try parse(text)
        #expect(es.count == 1)
        return es.first.map(shape) ?? ""
    }

    @Test func precedenceFollowsJulia() throws {
        #expect(try one("1 + 2 * 3") == "(1 + (2 * 3))")
        #expect(try one("-2^2") == "(-(2 ^ 2))")
        #expect(try one("2^3^2") == "(2 ^ (3 ^ 2))")
        #expect(try one("a || b && c") == "(a || (b && c))")
        #expect(try one("1:n-1") == "range(1,_,(n - 1))")
        #expect(try one("x |> f |> g") == "((x |> f) |> g)")
        #expect(try one("a => b => c") == "(a => (b => c))")
    }

    @Test func juxtapositionBindsTighterThanDivision() throws {
        #expect(try one("1/2x") == "(1 / (2 * x))")
        #expect(try one("2x^2") == "(2 * (x ^ 2))")
    }

    @Test func comparisonsChain() throws {
        #expect(try one("0 < x <= 1") == "cmp(0<x<=1)")
    }

    @Test func ternaryNeedsSpacesAroundColon() throws {
        #expect(try one("c ? 1 : 2") == "(c ? 1 : 2)")
        #expect(try one("c ? a[1:2] : b") == "(c ? a[range(1,_,2)] : b)")
    }

    @Test func rangesWithStep() throws {
        #expect(try one("1:2:9") == "range(1,2,9)")
    }

    @Test func indexingWithEndAndColon() throws {
        #expect(try one("x[end-1, :]") == "x[(end - 1),:]")
    }

    @Test func matrixLiteralsAreSpaceSensitive() throws {
        #expect(try one("[1 -2; 3 4]") == "[1 -2; 3 4]")
        #expect(try one("[1 - 2]") == "vect((1 - 2))")
    }

    @Test func lambdasAndDoBlocks() throws {
        #expect(try one("(x, y) -> x + y") == "lambda(x,y)->(x + y)")
        #expect(try one("map(xs) do x\n 2x\nend") == "map(lambda(x)->block((2 * x)),xs)")
    }

    @Test func keywordArgumentsAndBroadcastCalls() throws {
        #expect(try one("f(x; k = 1)") == "f(x,k=1)")
        #expect(try one("σ.(W * x .+ b)") == "σ.(((W * x) .+ b))")
    }

    @Test func tupleAssignmentWithoutParentheses() throws {
        #expect(try one("a, b = 1, 2") == "tuple(a,b) = tuple(1,2)")
    }

    @Test func shortFunctionDefinitionBecomesAFunction() throws {
        let e = try parse("f(x, y = 2; k = 3) = x + y")[0]
        guard case .function(let def) = e.kind else { Issue.record("not a function"); return }
        #expect(def.params.count == 2)
        #expect(def.params[1].defaultValue != nil)
        #expect(def.keywords.map { $0.name } == ["k"])
    }

    @Test func operatorContinuesOnTheNextLine() throws {
        #expect(try one("1 +\n2") == "(1 + 2)")
        #expect(try parse("a\n+b").count == 2)
    }

    @Test func incompleteInputIsReportedAsSuch() {
        for text in ["function f(x)", "(1 +", "[1, 2", "if x", "begin", "f(x) do y"] {
            do {
                _ = try parse(text)
                Issue.record("\(text) parsed")
            } catch {
                #expect(error.incomplete, "\(text) should be incomplete")
            }
        }
    }

    @Test func errorsPointAtTheOffendingToken() {
        do {
            _ = try parse("x = 1 +* 2")
            Issue.record("parsed")
        } catch {
            #expect(!error.incomplete)
            #expect(error.span.file.location(of: error.span.start) == (1, 8))
            #expect(error.render().contains("└"))
        }
    }
}
