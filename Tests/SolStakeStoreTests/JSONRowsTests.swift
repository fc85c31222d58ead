import Foundation
import SolStakeStore
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
