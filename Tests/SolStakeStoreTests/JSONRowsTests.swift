import Foundation
import SolStakeCore
@testable import SolStakeStore
import Testing

@Suite("JSON rows of a bulk statement")
struct JSONRowsTests {
    @Test func emptyDocumentIsAnEmptyArray() {
        #expect(JSONRows(width: 3).text == "[]")
    }

    @Test func numbersBooleansAndNulls() throws {
        var rows = JSONRows(width: 5)
        try rows.append { row in
            row.bigint(0)
            row.bigint(Int64.max)
            row.bigint(Int64.min)
            row.boolean(true)
            row.integer(-42)
        }
        try rows.append { row in
            row.bigint(nil)
            row.integer(nil)
            row.boolean(false)
            row.boolean(nil)
            try row.double(nil)
        }
        #expect(rows.text == "[[0,9223372036854775807,-9223372036854775808,true,-42],[null,null,false,null,null]]")
        #expect(rows.count == 2)
    }

    @Test func doublesReadBackExactly() throws {
        let values: [Double] = [0, 0.1, 1e-05, 1.0 / 3.0, 100, 2.5e-300, -0.5, 1e16, .ulpOfOne, .greatestFiniteMagnitude]
        var rows = JSONRows(width: values.count)
        try rows.append { row in for value in values { try row.double(value) } }
        // An independent reader: Foundation's JSON parser.
        let parsed = try JSONSerialization.jsonObject(with: Data(rows.text.utf8)) as! [[NSNumber]]
        #expect(parsed[0].map(\.doubleValue) == values)
    }

    @Test func nonFiniteDoublesAreRejectedAndTheRowIsDropped() throws {
        var rows = JSONRows(width: 2)
        try rows.append { row in
            row.bigint(1)
            try row.double(0.5)
        }
        let before = rows.text
        for bad in [Double.nan, .infinity, -.infinity] {
            #expect(throws: JSONRows.EncodingError.self) {
                try rows.append { row in
                    row.bigint(2)
                    try row.double(bad)
                }
            }
        }
        #expect(rows.text == before)
        #expect(rows.count == 1)
    }

    @Test func rowsOfTheWrongWidthAreRejected() {
        var rows = JSONRows(width: 3)
        #expect(throws: JSONRows.EncodingError.wrongWidth(expected: 3, got: 2)) {
            try rows.append { row in
                row.bigint(1)
                row.bigint(2)
            }
        }
        #expect(rows.text == "[]")
    }

    @Test func textIsEscapedAndReadsBackExactly() throws {
        let texts = [
            #"quote " backslash \ slash /"#, "line\nbreak\ttab\rreturn", "control \u{00}\u{01}\u{1F} del \u{7F}",
            "Ünïcødé ✓ 🚀 漢字", "123", "null", "", String(repeating: "é\"", count: 1_000),
        ]
        var rows = JSONRows(width: texts.count + 1)
        try rows.append { row in
            for text in texts { row.text(text) }
            row.text(nil)
        }
        #expect(rows.text.hasPrefix(#"[["quote \" backslash \\ slash /","line\nbreak\ttab\rreturn","control \u0000\u0001\u001f del "#))
        let parsed = try JSONSerialization.jsonObject(with: Data(rows.text.utf8)) as! [[Any]]
        #expect(parsed[0].dropLast().map { $0 as? String } == texts)
        #expect(parsed[0].last is NSNull)
    }
}

@Suite("Reading JSON rows")
struct JSONRowsReaderTests {
    @Test func readsWhatTheWriterWrote() throws {
        let texts = [#"q " b \ s /"#, "line\nbreak\u{01}", "Ünïcødé 🚀", "", "null"]
        var rows = JSONRows(width: 6)
        for (index, text) in texts.enumerated() {
            try rows.append { row in
                row.bigint(index == 0 ? Int64.min : (index == 1 ? Int64.max : Int64(index)))
                row.integer(index % 2 == 0 ? nil : -index)
                row.text(text)
                row.boolean(index % 3 == 0 ? nil : index % 2 == 0)
                try row.double(index == 4 ? nil : 1.0 / Double(index + 3))
                row.text(index == 2 ? nil : text)
            }
        }
        var reader = try JSONRowsReader(rows.text)
        var index = 0
        while try reader.nextRow() {
            #expect(try reader.bigint() == (index == 0 ? Int64.min : (index == 1 ? Int64.max : Int64(index))))
            #expect(try reader.integer() == (index % 2 == 0 ? nil : -index))
            #expect(try reader.text() == texts[index])
            #expect(try reader.boolean() == (index % 3 == 0 ? nil : index % 2 == 0))
            #expect(try reader.double() == (index == 4 ? nil : 1.0 / Double(index + 3)))
            #expect(try reader.text() == (index == 2 ? nil : texts[index]))
            index += 1
        }
        #expect(index == texts.count)
    }

    @Test func readsTheDatabasesSpellings() throws {
        // PostgreSQL's json_agg/json_build_array put spaces and newlines between values; SQLite stores booleans as 1/0 and
        // may print an integral REAL as 5.0; escapes include \/ and surrogate pairs.
        var reader = try JSONRowsReader("[[1, \"a\\/b\\u00e9\\ud83d\\ude80\", true, 5.0], \n [2, \"\", 0, -7]]")
        #expect(try reader.nextRow())
        #expect(try reader.bigint() == 1)
        #expect(try reader.text() == "a/bé🚀")
        #expect(try reader.boolean() == true)
        #expect(try reader.bigint() == 5)
        #expect(try reader.nextRow())
        #expect(try reader.bigint() == 2)
        #expect(try reader.text() == "")
        #expect(try reader.boolean() == false)
        #expect(try reader.bigint() == -7)
        #expect(try !reader.nextRow())
    }

    @Test func noRows() throws {
        var empty = try JSONRowsReader("[]")
        #expect(try !empty.nextRow())
        var null = try JSONRowsReader(nil)  // PostgreSQL's aggregate over no rows
        #expect(try !null.nextRow())
    }

    @Test func malformedInputIsAnErrorNamingTheOffset() throws {
        #expect(throws: JSONRowsReader.Malformed.self) { _ = try JSONRowsReader("{}") }
        var tooBig = try JSONRowsReader("[[9223372036854775808]]")
        #expect(try tooBig.nextRow())
        #expect(throws: JSONRowsReader.Malformed(offset: 2, expected: "an integer within 64 bits", isSyntax: false)) { _ = try tooBig.bigint() }
        var fraction = try JSONRowsReader("[[5.5]]")
        #expect(try fraction.nextRow())
        #expect(throws: JSONRowsReader.Malformed.self) { _ = try fraction.bigint() }
        var unterminated = try JSONRowsReader(#"[["abc]]"#)
        #expect(try unterminated.nextRow())
        #expect(throws: JSONRowsReader.Malformed.self) { _ = try unterminated.text() }
        var shortRow = try JSONRowsReader("[[1],[2,3]]")
        #expect(try shortRow.nextRow())
        #expect(try shortRow.bigint() == 1)
        #expect(throws: JSONRowsReader.Malformed.self) { _ = try shortRow.bigint() }  // past the row's end
    }
}

@Suite("JSON text of a trust score")
struct JSONTextTests {
    @Test func componentsReadBackAsTheSameStruct() throws {
        var generator = SystemRandomNumberGenerator()
        var samples = [
            ScoreComponents(voteEffectiveness: 1, liveness: 0, commission: 0.5, commissionStability: 1e-05, skipRate: 1.0 / 3.0,
                decentralization: 0.999_999_999_999, version: 0.1, publishedInfo: 0.7),
        ]
        for _ in 0..<200 {
            samples.append(ScoreComponents(
                voteEffectiveness: .random(in: 0...1, using: &generator), liveness: .random(in: 0...1, using: &generator),
                commission: .random(in: 0...1, using: &generator), commissionStability: .random(in: 0...1, using: &generator),
                skipRate: .random(in: 0...1, using: &generator), decentralization: .random(in: 0...1, using: &generator),
                version: .random(in: 0...1, using: &generator), publishedInfo: .random(in: 0...1, using: &generator)))
        }
        for components in samples {
            let text = try JSONText.object(of: components)
            // An independent reader, and every key of the Codable struct present (a new field not written here fails).
            #expect(try JSONDecoder().decode(ScoreComponents.self, from: Data(text.utf8)) == components)
            let keys = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]).keys.sorted()
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let reference = try #require(try JSONSerialization.jsonObject(with: encoder.encode(components)) as? [String: Any])
            #expect(keys == reference.keys.sorted())
        }
        var broken = samples[0]
        broken.values["liveness"] = .nan
        #expect(throws: JSONRows.EncodingError.self) { _ = try JSONText.object(of: broken) }
    }

    @Test func reasonsReadBackExactly() throws {
        let reasons = ["commission 8% is above 5%: -9.00", #"name "quoted" \ slash"#, "tab\tnew\nline\u{01}", "Ünïcødé 🚀", ""]
        for count in 0...reasons.count {
            let slice = Array(reasons.prefix(count))
            #expect(try JSONDecoder().decode([String].self, from: Data(JSONText.array(of: slice).utf8)) == slice)
        }
        #expect(JSONText.array(of: []) == "[]")
    }
}
