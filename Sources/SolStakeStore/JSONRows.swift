/// Rows of one bulk statement written as a JSON array of arrays (`[[1,"a",null],[2,"b",true]]`) into one byte buffer.
///
/// Both databases expand such a document in SQL (SQLite `jsonb_each`, PostgreSQL `jsonb_array_elements`), so a statement
/// of thousands of rows carries a single bind instead of one placeholder, box and driver cast per value. Pure: no
/// database, unit-tested.
public struct JSONRows: Sendable {
    public enum EncodingError: Error, Equatable, CustomStringConvertible {
        /// JSON has no NaN or infinity.
        case nonFiniteDouble(column: Int, value: Double)
        case wrongWidth(expected: Int, got: Int)

        public var description: String {
            switch self {
            case .nonFiniteDouble(let column, let value): "column \(column) holds \(value), which a database row cannot store"
            case .wrongWidth(let expected, let got): "a row has \(got) values; its statement has \(expected) columns"
            }
        }
    }

    /// Values per row.
    public let width: Int
    public private(set) var bytes: [UInt8]
    public private(set) var count = 0

    public init(width: Int, reservingRows rows: Int = 0) {
        self.width = width
        bytes = [UInt8(ascii: "[")]
        bytes.reserveCapacity(1 + rows * width * 12)
    }

    /// The document as text (the statement's one bind).
    public var text: String {
        String(unsafeUninitializedCapacity: bytes.count + 1) { buffer in
            _ = buffer.initialize(fromContentsOf: bytes)
            buffer[bytes.count] = UInt8(ascii: "]")
            return bytes.count + 1
        }
    }

    /// Appends one row; `write` must add exactly `width` values.
    public mutating func append(_ write: (inout Row) throws -> Void) throws {
        let mark = bytes.count
        var row = Row(bytes: bytes)  // moved, not copied: `bytes` is emptied until the row is done
        bytes = []
        do {
            if count > 0 { row.bytes.append(UInt8(ascii: ",")) }
            row.bytes.append(UInt8(ascii: "["))
            try write(&row)
            guard row.values == width else { throw EncodingError.wrongWidth(expected: width, got: row.values) }
            row.bytes.append(UInt8(ascii: "]"))
            bytes = row.bytes
            count += 1
        } catch {
            row.bytes.removeSubrange(mark...)  // a failed row leaves the document as it was
            bytes = row.bytes
            throw error
        }
    }

    /// The values of one row, in column order.
    public struct Row {
        fileprivate var bytes: [UInt8]
        fileprivate var values = 0

        fileprivate init(bytes: [UInt8]) { self.bytes = bytes }

        private mutating func separate() {
            if values > 0 { bytes.append(UInt8(ascii: ",")) }
            values += 1
        }

        private mutating func null() { bytes.append(contentsOf: "null".utf8) }

        public mutating func bigint(_ value: Int64?) {
            separate()
            guard let value else { return null() }
            var magnitude = value.magnitude
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            // Digits right to left into a small stack buffer, then appended in order.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
                var index = 20
                repeat {
                    index -= 1
                    digits[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                    magnitude /= 10
                } while magnitude > 0
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[index...]))
            }
        }

        public mutating func integer(_ value: Int?) { bigint(value.map(Int64.init)) }

        public mutating func boolean(_ value: Bool?) {
            separate()
            guard let value else { return null() }
            bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
        }

        /// Swift's shortest representation that reads back as the same `Double` (valid JSON: `0.5`, `1e-05`, `100.0`).
        public mutating func double(_ value: Double?) throws {
            guard let value else {
                separate()
                return null()
            }
            guard value.isFinite else { throw EncodingError.nonFiniteDouble(column: values, value: value) }
            separate()
            JSONText.appendDouble(value, to: &bytes)
        }

        /// A JSON string (`JSONText.appendString`).
        public mutating func text(_ value: String?) {
            separate()
            guard let value else { return null() }
            JSONText.appendString(value, to: &bytes)
        }
    }
}
