import SolStakeCore
import Testing

/// The scans that run before any parser: they must count exactly, stay linear, and never recurse.
@Suite struct GraphQLDocumentScanTests {
    @Test func countsTokensNestingSpreadsAndDirectives() {
        let scan = GraphQLDocumentScan("""
            query Q($n: Int = 3, $ids: [String!]) @live {
              # a comment with { [ ( that does not count
              validators(limit: $n, search: "not { a [ brace", note: \"\"\"block "quoted" { ( \\\""" \"\"\") {
                ...F @include(if: true)
                ... on Validator { id }
              }
            }
            fragment F on Validator { name }
            """)
        #expect(scan.fragmentSpreads == 2)
        #expect(scan.directives == 2)
        // ( [ ] ) of the variables, the selection braces, and the arguments' parentheses: three selection levels.
        #expect(scan.nesting == 3)
        #expect(scan.valueNesting == 1, "the list type [String!] is the only list")
        // graphql-core's lexer counts 58 tokens in this document.
        #expect(scan.tokens == 58)
    }

    @Test func objectLiteralsInsideArgumentsAreValueNesting() {
        let scan = GraphQLDocumentScan("{ f(a: {b: {c: [1, {d: 2}]}}) { id } }")
        #expect(scan.valueNesting == 4)
        #expect(scan.nesting == 6)
        #expect(scan.tokens == 26, "as graphql-core's lexer counts")
        let selections = GraphQLDocumentScan("{ a { b { c { d } } } }")
        #expect(selections.valueNesting == 0 && selections.nesting == 4)
    }

    @Test func hostileDocumentsAreMeasuredWithoutRecursion() {
        let deep = GraphQLDocumentScan(String(repeating: "{", count: 100_000) + String(repeating: "}", count: 100_000))
        #expect(deep.nesting == 100_000 && deep.tokens == 200_000)
        let list = GraphQLDocumentScan("{ f(a: " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + ") }")
        #expect(list.valueNesting == 50_000)
    }

    /// GraphQLSwift's lexer reads past the end of the text on these (found by scripts/fuzz.sh): they never reach it.
    @Test func malformedStringsAreFoundBeforeTheLexerSeesThem() {
        #expect(GraphQLDocumentScan(#"{ f(a: "\u"#).stringError?.hasPrefix("Invalid Unicode escape") == true)
        #expect(GraphQLDocumentScan(#"{ f(a: "\u12") }"#).stringError?.hasPrefix("Invalid Unicode escape") == true)
        #expect(GraphQLDocumentScan(#"{ f(a: "\u{1F600}") }"#).stringError?.hasPrefix("Invalid Unicode escape") == true)
        #expect(GraphQLDocumentScan(#"{ f(a: "\"#).stringError == "Unterminated string at byte 7")
        #expect(GraphQLDocumentScan(#"{ f(a: """ ""#).stringError == "Unterminated block string at byte 7")
        #expect(GraphQLDocumentScan(#"{ f(a: """ \""""#).stringError?.hasPrefix("Unterminated block string") == true, "an escaped closing")
        #expect(GraphQLDocumentScan("{ f(a: \"line\nbreak\") }").stringError?.hasPrefix("Unterminated string") == true)
        #expect(GraphQLDocumentScan(#"{ f(a: "ok \u00e9 \" \\", b: """ \""" x """) }"#).stringError == nil)
    }

    @Test func unterminatedStringsAndStrayBytesEndTheScanCleanly() {
        #expect(GraphQLDocumentScan("{ f(a: \"open").tokens == 6)
        #expect(GraphQLDocumentScan("{ f(a: \"\"\"open").tokens == 6)
        #expect(GraphQLDocumentScan("\u{FEFF}{ é }").tokens == 4, "a BOM is ignored; a non-ASCII character is a token per byte")
        #expect(GraphQLDocumentScan("").tokens == 0)
        #expect(GraphQLDocumentScan(")]}").nesting == 0, "closing without opening does not underflow")
    }
}

@Suite struct JSONShapeScanTests {
    @Test func measuresNestingAndTopLevelMembers() {
        let text = #"{"query": "{ a { b } }", "variables": {"x": [1, [2, {"y": "]}"}]]}, "n": 12 }"#
        let scan = JSONShapeScan(Array(text.utf8))
        #expect(scan.nesting == 5)
        #expect(scan.memberBytes["query"] == 13)
        #expect(scan.memberBytes["variables"] == #"{"x": [1, [2, {"y": "]}"}]]}"#.utf8.count)
        #expect(scan.memberBytes["n"] == 3)
    }

    @Test func escapedMemberNamesAreDecoded() {
        let scan = JSONShapeScan(Array(#"{"\u0076ariables": [1, 2], "a\"b": 1, "\ud83d\ude00": 2}"#.utf8))
        #expect(scan.memberBytes["variables"] == 6)
        #expect(scan.memberBytes["a\"b"] == 1)
        #expect(scan.memberBytes["😀"] == 1)
    }

    @Test func deepTextsAreMeasuredWithoutRecursion() {
        let scan = JSONShapeScan(Array((String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)).utf8))
        #expect(scan.nesting == 200_000 && scan.memberBytes.isEmpty)
        #expect(JSONShapeScan(Array("3".utf8)).nesting == 0)
        #expect(JSONShapeScan(Array(#"{"a": "unterminated"#.utf8)).nesting == 1)
    }
}

@Suite struct HTTPHeadScannerTests {
    @Test func findsTheEndOfTheHeadAcrossChunks() {
        var scanner = HTTPHeadScanner(maxLineBytes: 100, maxHeadBytes: 1_000)
        #expect(scanner.scan(Array("GET / HTTP/1.1\r\nHost: x\r".utf8)) == .incomplete)
        #expect(scanner.scan(Array("\n".utf8)) == .incomplete)
        #expect(scanner.scan(Array("\r\nbody".utf8)) == .complete)
        var bare = HTTPHeadScanner(maxLineBytes: 100, maxHeadBytes: 1_000)
        #expect(bare.scan(Array("\r\n\r\nGET / HTTP/1.1\nHost: x\n\n".utf8)) == .complete, "leading empty lines; bare LF")
    }

    @Test func refusesLongRequestLinesAndLargeHeads() {
        var line = HTTPHeadScanner(maxLineBytes: 20, maxHeadBytes: 1_000)
        #expect(line.scan(Array(("GET /" + String(repeating: "a", count: 30)).utf8)) == .lineTooLong)
        var exact = HTTPHeadScanner(maxLineBytes: 14, maxHeadBytes: 1_000)
        #expect(exact.scan(Array("GET / HTTP/1.1\r\n\r\n".utf8)) == .complete, "a line of exactly the limit passes")
        var head = HTTPHeadScanner(maxLineBytes: 100, maxHeadBytes: 40)
        #expect(head.scan(Array("GET / HTTP/1.1\r\nX-A: 1\r\n".utf8)) == .incomplete)
        #expect(head.scan(Array("X-Big: 0123456789012345\r\n".utf8)) == .headTooLarge)
    }
}
