import SolStakeCore
import Testing

@Suite struct JSONPullParserTests {
    func parser(_ text: String) -> JSONPullParser { JSONPullParser(Array(text.utf8)) }

    @Test func readsMembersInAnyOrderAndSkipsTheRest() throws {
        var p = parser(#" { "b" : [1, {"x": [true, null, "s\"]"]}, -2.5e3], "a":"\u00e9\ud83d\ude00\n", "c": 18446744073709551615 } "#)
        var a: String?, c: UInt64?
        try p.beginObject()
        var keys: [String] = []
        while try p.nextMember() {
            keys.append(p.key)
            if p.keyIs("a") {
                a = try p.string()
            } else if p.keyIs("c") {
                c = try p.uint64()
            } else {
                try p.skipValue()
            }
        }
        try p.end()
        #expect(keys == ["b", "a", "c"])
        #expect(a == "é😀\n")
        #expect(c == UInt64.max)
    }

    @Test func escapedKeysCompareByTheirText() throws {
        var p = parser(#"{"vote\u0050ubkey": "V", "x\"y": 1}"#)
        try p.beginObject()
        #expect(try p.nextMember())
        #expect(p.keyIs("votePubkey") && !p.keyIs("votePubke") && p.key == "votePubkey")
        #expect(try p.string() == "V")
        #expect(try p.nextMember())
        #expect(p.keyIs("x\"y"))
        #expect(try p.uint64() == 1)
        #expect(try !p.nextMember())
    }

    @Test func integersAreExactOrRefused() throws {
        var p = parser("[0, 5.0, 9223372036854775807, -9223372036854775808, 18446744073709551616, 1.5, 1e3, -1, 256]")
        try p.beginArray()
        #expect(try p.nextElement() && p.uint64() == 0)
        #expect(try p.nextElement() && p.uint64() == 5)
        #expect(try p.nextElement() && p.int64() == Int64.max)
        #expect(try p.nextElement() && p.int64() == Int64.min)
        #expect(try p.nextElement())
        #expect(throws: JSONPullParser.Malformed.self) { try p.uint64() }
        var q = parser("[1.5]")
        try q.beginArray()
        _ = try q.nextElement()
        do {
            _ = try q.uint64()
            Issue.record("1.5 read as an integer")
        } catch let error as JSONPullParser.Malformed {
            #expect(!error.isSyntax)  // a number of the wrong kind is a shape error, not bad JSON
        }
        for text in ["1e3", "-1", "\"1\"", "null", "true"] {
            var r = parser(text)
            #expect(throws: JSONPullParser.Malformed.self, "\(text)") { try r.uint64() }
        }
        var s = parser("256")
        #expect(throws: JSONPullParser.Malformed.self) { try s.unsigned(UInt8.self) }
        var t = parser("255")
        #expect(try t.unsigned(UInt8.self) == 255)
    }

    @Test func errorsNameThePathAndTellSyntaxFromShape() throws {
        var p = parser(#"{"current": [{"stake": 1}, {"stake": "2"}]}"#)
        do {
            try p.beginObject()
            while try p.nextMember() {
                let key = p.key
                try p.within(key) { p in
                    try p.beginArray()
                    var index = 0
                    while try p.nextElement() {
                        try p.within("[\(index)]") { p in
                            try p.beginObject()
                            while try p.nextMember() {
                                let key = p.key
                                _ = try p.within(key) { try $0.uint64() }
                            }
                        }
                        index += 1
                    }
                }
            }
            Issue.record("read a string as a number")
        } catch let error as JSONPullParser.Malformed {
            #expect(error.field == "current[1].stake")
            #expect(!error.isSyntax)
            #expect(error.expected.contains("found a string"))
            #expect(error.description.contains("current[1].stake"))
        }
        for broken in [#"{"a" 1}"#, #"{"a": 1,}"#, #"{"a": "unterminated"#, #"{"a": "\x"}"#, #"{"a": 1} x"#, "{\"a\": \"tab\there\"}"] {
            var q = parser(broken)
            do {
                try q.beginObject()
                while try q.nextMember() { try q.skipValue() }
                try q.end()
                Issue.record("accepted \(broken)")
            } catch let error as JSONPullParser.Malformed {
                #expect(error.isSyntax, "\(broken)")
            }
        }
    }

    @Test func missingMembersAreShapeErrors() {
        let p = parser("{}")
        let error = p.missing("votePubkey")
        #expect(error.field == "votePubkey" && error.expected == "missing field" && !error.isSyntax)
    }

    @Test func peekKindDoesNotConsume() throws {
        var p = parser(#"[{}, [], "s", 1, -1, true, false, null]"#)
        try p.beginArray()
        var kinds: [JSONPullParser.Kind] = []
        while try p.nextElement() {
            kinds.append(p.peekKind())
            try p.skipValue()
        }
        #expect(kinds == [.object, .array, .string, .number, .number, .boolean, .boolean, .null])
        #expect(p.peekKind() == .end)
    }
}

@Suite struct JSONPullParserLimitTests {
    @Test func deepNestingIsRefusedNotRecursedInto() throws {
        let limit = JSONPullParser.maxDepth
        var fine = JSONPullParser(Array((String(repeating: "[", count: limit) + String(repeating: "]", count: limit)).utf8))
        try fine.skipValue()
        try fine.end()
        var hostile = JSONPullParser(Array((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8))
        #expect(throws: JSONPullParser.Malformed.self) { try hostile.skipValue() }
    }
}
