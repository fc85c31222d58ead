import SolStakeCore

/// Reads a JSON array of rows (`[[1,"a",null],[2,"b",true]]`) value by value, without building a tree: the inverse of
/// `JSONRows`, for large reads that the database aggregates into one JSON text (SQLite `json_group_array`, PostgreSQL
/// `json_agg`). Decoding 500,000 rows column by column through `Codable` costs far more than the database's aggregation
/// and this scan. Scanning is `JSONPullParser`'s; this adds the row discipline (every row read to its end, values in
/// order) and the databases' spellings (SQLite's 1/0 booleans, an integral REAL printed `5.0`). Pure, unit-tested.
public struct JSONRowsReader {
    public typealias Malformed = JSONPullParser.Malformed

    private var parser: JSONPullParser
    private var rowsStarted = 0
    private var inRow = false
    private var valuesInRow = 0

    /// `nil` (an aggregate over no rows in PostgreSQL) reads as no rows.
    public init(_ text: String?) throws {
        parser = JSONPullParser(Array((text ?? "[]").utf8))
        try parser.beginArray()
    }

    /// Moves to the next row; false at the end of the document.
    public mutating func nextRow() throws -> Bool {
        if inRow {
            let (row, values) = (rowsStarted, valuesInRow)
            guard try !parser.nextElement() else {
                throw Malformed(offset: parser.position, expected: "] (end of row \(row) after \(values) values)")
            }
            inRow = false
        }
        guard try parser.nextElement() else {
            try parser.end()
            return false
        }
        try parser.beginArray()
        rowsStarted += 1
        inRow = true
        valuesInRow = 0
        return true
    }

    public mutating func bigint() throws -> Int64? {
        try startValue()
        return parser.null() ? nil : try parser.int64()
    }

    public mutating func integer() throws -> Int? { try bigint().map { Int($0) } }

    /// `true`/`false`, or `1`/`0` (SQLite has no boolean type and stores them as integers).
    public mutating func boolean() throws -> Bool? {
        try startValue()
        if parser.null() { return nil }
        if parser.peekKind() == .boolean { return try parser.boolean() }
        let start = parser.position
        switch try parser.int64() {
        case 1: return true
        case 0: return false
        default: throw Malformed(offset: start, expected: "a boolean", isSyntax: false)
        }
    }

    public mutating func double() throws -> Double? {
        try startValue()
        return parser.null() ? nil : try parser.double()
    }

    public mutating func text() throws -> String? {
        try startValue()
        return try parser.optionalString()
    }

    private mutating func startValue() throws {
        guard inRow else { throw Malformed(offset: parser.position, expected: "a row (call nextRow first)") }
        let (row, value) = (rowsStarted, valuesInRow + 1)
        guard try parser.nextElement() else {
            inRow = false
            throw Malformed(offset: parser.position, expected: "value \(value) of row \(row), found the end of the row")
        }
        valuesInRow += 1
    }
}
