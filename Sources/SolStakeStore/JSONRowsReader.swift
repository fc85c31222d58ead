/// Reads a JSON array of rows (`[[1,"a",null],[2,"b",true]]`) value by value, without building a tree: the inverse of
/// `JSONRows`, for large reads that the database aggregates into one JSON text (SQLite `json_group_array`, PostgreSQL
/// `json_agg`). Decoding 500,000 rows column by column through `Codable` costs far more than the database's aggregation
/// and this scan. Pure: no database, unit-tested.
public struct JSONRowsReader {
    public struct Malformed: Error, Equatable, CustomStringConvertible {
        public var offset: Int
        public var expected: String
        public var description: String { "malformed JSON rows at byte \(offset): expected \(expected)" }

        public init(offset: Int, expected: String) {
            self.offset = offset
            self.expected = expected
        }
    }

    private let bytes: [UInt8]
    private var position = 0
    private var rowsStarted = 0
    private var inRow = false
    private var valuesInRow = 0

    /// `nil` (an aggregate over no rows in PostgreSQL) reads as no rows.
    public init(_ text: String?) throws {
        bytes = Array((text ?? "[]").utf8)
        skipSpace()
        try expect(UInt8(ascii: "["), "[")
    }

    /// Moves to the next row; false at the end of the document.
    public mutating func nextRow() throws -> Bool {
        if inRow {
            skipSpace()
            let (row, values) = (rowsStarted, valuesInRow)
            try expect(UInt8(ascii: "]"), "] (end of row \(row) after \(values) values)")
            inRow = false
        }
        skipSpace()
        if peek == UInt8(ascii: "]") {
            position += 1
            skipSpace()
            guard position == bytes.count else { throw Malformed(offset: position, expected: "end of document") }
            return false
        }
        if rowsStarted > 0 { try expect(UInt8(ascii: ","), ", or ]") }
        skipSpace()
        try expect(UInt8(ascii: "["), "[ (start of a row)")
        rowsStarted += 1
        inRow = true
        valuesInRow = 0
        return true
    }

    public mutating func bigint() throws -> Int64? {
        try startValue()
        if try null() { return nil }
        let start = position
        var negative = false
        if peek == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        var magnitude: UInt64 = 0
        var digits = 0
        while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            let (times, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !o1, !o2 else { throw Malformed(offset: start, expected: "an integer within 64 bits") }
            magnitude = plus
            digits += 1
            position += 1
        }
        guard digits > 0 else { throw Malformed(offset: start, expected: "an integer") }
        // A database may print an integral REAL as `5.0`: accept a zero fraction, refuse anything else.
        if peek == UInt8(ascii: ".") {
            position += 1
            while peek == UInt8(ascii: "0") { position += 1 }
            if let byte = peek, (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                throw Malformed(offset: start, expected: "an integer")
            }
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw Malformed(offset: start, expected: "an integer within 64 bits") }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw Malformed(offset: start, expected: "an integer within 64 bits") }
        return Int64(magnitude)
    }

    public mutating func integer() throws -> Int? { try bigint().map { Int($0) } }

    /// `true`/`false`, or `1`/`0` (SQLite has no boolean type and stores them as integers).
    public mutating func boolean() throws -> Bool? {
        try startValue()
        if try null() { return nil }
        if try literal("true") { return true }
        if try literal("false") { return false }
        if try literal("1") { return true }
        if try literal("0") { return false }
        throw Malformed(offset: position, expected: "a boolean")
    }

    public mutating func double() throws -> Double? {
        try startValue()
        if try null() { return nil }
        let start = position
        while let byte = peek, (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
        {
            position += 1
        }
        guard position > start, let value = Double(String(decoding: bytes[start..<position], as: UTF8.self)) else {
            throw Malformed(offset: start, expected: "a number")
        }
        return value
    }

    public mutating func text() throws -> String? {
        try startValue()
        if try null() { return nil }
        try expect(UInt8(ascii: "\""), "a string")
        var run = position
        var escaped: [UInt8]?  // only built when the string has escapes
        while true {
            guard let byte = peek else { throw Malformed(offset: position, expected: "the end of a string") }
            if byte == UInt8(ascii: "\"") {
                let text: String
                if var escaped {
                    escaped.append(contentsOf: bytes[run..<position])
                    text = String(decoding: escaped, as: UTF8.self)
                } else {
                    text = String(decoding: bytes[run..<position], as: UTF8.self)
                }
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") {
                var buffer = escaped ?? []
                buffer.append(contentsOf: bytes[run..<position])
                position += 1
                try unescape(into: &buffer)
                escaped = buffer
                run = position
                continue
            }
            position += 1
        }
    }

    // MARK: Scanning

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    /// `what` is built only on failure: this runs for every value of every row.
    private mutating func expect(_ byte: UInt8, _ what: @autoclosure () -> String) throws {
        guard peek == byte else { throw Malformed(offset: position, expected: what()) }
        position += 1
    }

    private mutating func startValue() throws {
        guard inRow else { throw Malformed(offset: position, expected: "a row (call nextRow first)") }
        skipSpace()
        if valuesInRow > 0 {
            let (row, value) = (rowsStarted, valuesInRow + 1)
            try expect(UInt8(ascii: ","), ", (value \(value) of row \(row))")
            skipSpace()
        }
        valuesInRow += 1
    }

    private mutating func literal(_ word: StaticString) throws -> Bool {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let matches = word.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[position + $0] == expected[$0] }
        }
        if matches { position += count }
        return matches
    }

    private mutating func null() throws -> Bool { try literal("null") }

    private mutating func hex4() throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw Malformed(offset: position, expected: "4 hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Malformed(offset: position, expected: "a hex digit")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private mutating func unescape(into buffer: inout [UInt8]) throws {
        guard let byte = peek else { throw Malformed(offset: position, expected: "an escape") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(byte)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800...0xDBFF).contains(scalar), position + 6 <= bytes.count, bytes[position] == UInt8(ascii: "\\"),
                bytes[position + 1] == UInt8(ascii: "u")
            {
                position += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw Malformed(offset: position - 6, expected: "a low surrogate") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            buffer.append(contentsOf: String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
        default:
            throw Malformed(offset: position - 1, expected: "a valid escape")
        }
    }
}
