/// A JSON pull parser over UTF-8 bytes: the caller asks for the value it expects next (an object's members, an array's
/// elements, a string, an integer) and nothing is built that it does not ask for. It reads the large RPC answers
/// straight into their wire structs, and the database's JSON aggregates into rows (`JSONRowsReader`), without the
/// document map and containers of `JSONDecoder`.
///
/// Errors carry the byte offset and, when the reader used `within(_:_:)`, the path of the value (`current[3].commission`).
/// Pure: no I/O, no Foundation.
public struct JSONPullParser {
    public struct Malformed: Error, Equatable, CustomStringConvertible {
        /// Byte offset in the document.
        public var offset: Int
        /// What was expected there (`"an unsigned integer"`, `"missing field"`, ...).
        public var expected: String
        /// Members and indexes from the outermost value the reader named, outermost first.
        public var path: [String]
        /// True when the text is not JSON (bad punctuation, unterminated string, bad escape); false when it is JSON of
        /// another shape than the reader expected (a string for a number, a missing member, a number out of range).
        public var isSyntax: Bool

        public init(offset: Int, expected: String, path: [String] = [], isSyntax: Bool = true) {
            self.offset = offset
            self.expected = expected
            self.path = path
            self.isSyntax = isSyntax
        }

        /// `current[3].commission`; empty for the document itself.
        public var field: String {
            var text = ""
            for segment in path {
                if segment.hasPrefix("[") || text.isEmpty { text += segment } else { text += "." + segment }
            }
            return text
        }

        public var description: String {
            path.isEmpty ? "malformed JSON at byte \(offset): expected \(expected)"
                : "malformed JSON at \(field) (byte \(offset)): expected \(expected)"
        }
    }

    public let bytes: [UInt8]
    public private(set) var position = 0
    /// The current member's key, as raw bytes when it has no escapes.
    private var keyRange = 0..<0
    private var escapedKey: [UInt8]?
    /// Containers entered and, per container, whether it has produced a member or element yet.
    private var started: [Bool] = []
    /// Deeper nesting is refused (as `JSONDecoder` does), so hostile input cannot exhaust the stack in `skipValue`.
    public static let maxDepth = 512

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// A parser that starts at `position` (a value found by an earlier pass), outside any container.
    public init(_ bytes: [UInt8], at position: Int) {
        self.bytes = bytes
        self.position = position
    }

    // MARK: Containers

    /// Enters an object: then `nextMember()` until it returns false.
    public mutating func beginObject() throws {
        skipSpace()
        guard peek == UInt8(ascii: "{") else { throw mismatch("an object") }
        try enter()
    }

    /// Moves to the next member of the object entered last and reads its key (see `key`, `keyIs`); false (and the object
    /// left) at its end.
    public mutating func nextMember() throws -> Bool {
        skipSpace()
        if peek == UInt8(ascii: "}") {
            position += 1
            started.removeLast()
            return false
        }
        if started[started.count - 1] {
            try expect(UInt8(ascii: ","), ", or }")
            skipSpace()
        }
        started[started.count - 1] = true
        try expect(UInt8(ascii: "\""), "a member name")
        let start = position
        escapedKey = nil
        while let byte = peek, byte != UInt8(ascii: "\"") {
            if byte == UInt8(ascii: "\\") {
                position = start - 1
                escapedKey = Array(try string().utf8)
                position -= 1
                break
            }
            position += 1
        }
        keyRange = start..<position
        try expect(UInt8(ascii: "\""), "the end of a member name")
        skipSpace()
        try expect(UInt8(ascii: ":"), ": after a member name")
        return true
    }

    /// Whether the current member's key is `name`.
    public func keyIs(_ name: StaticString) -> Bool {
        name.withUTF8Buffer { expected in
            if let escapedKey { return escapedKey.elementsEqual(expected) }
            guard keyRange.count == expected.count else { return false }
            var index = keyRange.lowerBound
            for byte in expected {
                if bytes[index] != byte { return false }
                index += 1
            }
            return true
        }
    }

    /// The current member's key.
    public var key: String {
        if let escapedKey { return String(decoding: escapedKey, as: UTF8.self) }
        return String(decoding: bytes[keyRange], as: UTF8.self)
    }

    /// Enters an array: then `nextElement()` until it returns false.
    public mutating func beginArray() throws {
        skipSpace()
        guard peek == UInt8(ascii: "[") else { throw mismatch("an array") }
        try enter()
    }

    /// Moves to the next element of the array entered last; false (and the array left) at its end.
    public mutating func nextElement() throws -> Bool {
        skipSpace()
        if peek == UInt8(ascii: "]") {
            position += 1
            started.removeLast()
            return false
        }
        if started[started.count - 1] {
            try expect(UInt8(ascii: ","), ", or ]")
        }
        started[started.count - 1] = true
        return true
    }

    private mutating func enter() throws {
        guard started.count < Self.maxDepth else {
            throw Malformed(offset: position, expected: "nesting no deeper than \(Self.maxDepth) levels")
        }
        position += 1
        started.append(false)
    }

    /// What kind of value comes next, without reading it.
    public enum Kind: Equatable, Sendable { case object, array, string, number, boolean, null, end }

    public mutating func peekKind() -> Kind {
        skipSpace()
        switch peek {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .boolean
        case UInt8(ascii: "n"): return .null
        case nil: return .end
        default: return .number
        }
    }

    /// After the outermost value: only whitespace may remain.
    public mutating func end() throws {
        skipSpace()
        guard position == bytes.count else { throw Malformed(offset: position, expected: "the end of the document") }
    }

    /// Runs `body`; an error it throws gets `segment` in front of its path. Costs nothing unless something throws.
    public mutating func within<T>(_ segment: @autoclosure () -> String, _ body: (inout JSONPullParser) throws -> T) throws -> T {
        do {
            return try body(&self)
        } catch var error as Malformed {
            error.path.insert(segment(), at: 0)
            throw error
        }
    }

    /// The error for a required member that was absent, at the object's end.
    public func missing(_ member: String) -> Malformed {
        Malformed(offset: position, expected: "missing field", path: [member], isSyntax: false)
    }

    // MARK: Values

    /// Consumes `null` when it comes next.
    public mutating func null() -> Bool {
        skipSpace()
        return literal("null")
    }

    public mutating func boolean() throws -> Bool {
        skipSpace()
        if literal("true") { return true }
        if literal("false") { return false }
        throw mismatch("a boolean")
    }

    /// An unsigned integer; a zero fraction (`5.0`) is accepted, anything else (sign, fraction, exponent, above
    /// `UInt64.max`) is refused rather than rounded.
    public mutating func uint64() throws -> UInt64 {
        skipSpace()
        let start = position
        var value: UInt64 = 0
        var digits = 0
        while let byte = peek, byte &- UInt8(ascii: "0") < 10 {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(UInt64(byte &- UInt8(ascii: "0")))
            guard !o1, !o2 else { throw Malformed(offset: start, expected: "an unsigned integer within 64 bits", isSyntax: false) }
            value = plus
            digits += 1
            position += 1
        }
        guard digits > 0 else { throw mismatch("an unsigned integer") }
        try zeroFraction(start: start, "an integer")
        return value
    }

    /// A signed integer within 64 bits, with the same rules as `uint64()`.
    public mutating func int64() throws -> Int64 {
        skipSpace()
        let start = position
        let negative = peek == UInt8(ascii: "-")
        if negative { position += 1 }
        guard let byte = peek, byte &- UInt8(ascii: "0") < 10 else {
            position = start
            throw mismatch("an integer")
        }
        let magnitude: UInt64
        do {
            magnitude = try uint64()
        } catch var error as Malformed {
            error.offset = start
            if !error.isSyntax { error.expected = "an integer within 64 bits" }
            throw error
        }
        let outOfRange = Malformed(offset: start, expected: "an integer within 64 bits", isSyntax: false)
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw outOfRange }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw outOfRange }
        return Int64(magnitude)
    }

    /// An unsigned integer that must fit `T` (`UInt8`, `UInt16`, ...).
    public mutating func unsigned<T: FixedWidthInteger & UnsignedInteger>(_ type: T.Type) throws -> T {
        let start = position
        let value = try uint64()
        guard let narrowed = T(exactly: value) else {
            throw Malformed(offset: start, expected: "\(T.self) (found \(value))", isSyntax: false)
        }
        return narrowed
    }

    /// A number as `Double` (any JSON number form).
    public mutating func double() throws -> Double {
        let start = position
        let text = try numberText()
        guard let value = Double(text), value.isFinite else {
            position = start
            throw mismatch("a number")
        }
        return value
    }

    /// A number's text as written (`150831.488685935`, `1e-05`), for exact decimal arithmetic without `Double`.
    public mutating func numberText() throws -> String {
        skipSpace()
        let start = position
        while let byte = peek, byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
        {
            position += 1
        }
        guard position > start else { throw mismatch("a number") }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    public mutating func string() throws -> String {
        skipSpace()
        guard peek == UInt8(ascii: "\"") else { throw mismatch("a string") }
        position += 1
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
            if byte < 0x20 { throw Malformed(offset: position, expected: "an escaped control character") }
            position += 1
        }
    }

    /// A string, or nil for `null`.
    public mutating func optionalString() throws -> String? { null() ? nil : try string() }

    /// Skips one value of any kind, checking its structure.
    public mutating func skipValue() throws {
        switch peekKind() {
        case .object:
            try beginObject()
            while try nextMember() { try skipValue() }
        case .array:
            try beginArray()
            while try nextElement() { try skipValue() }
        case .string:
            _ = try skipString()
        case .boolean:
            _ = try boolean()
        case .null:
            guard null() else { throw Malformed(offset: position, expected: "a value") }
        case .number:
            _ = try double()
        case .end:
            throw Malformed(offset: position, expected: "a value")
        }
    }

    // MARK: Scanning

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipSpace() {
        while position < bytes.count {
            let byte = bytes[position]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            position += 1
        }
    }

    /// Consumes `byte` or throws; `what` is built only on failure.
    private mutating func expect(_ byte: UInt8, _ what: @autoclosure () -> String) throws {
        guard peek == byte else { throw Malformed(offset: position, expected: what()) }
        position += 1
    }

    /// Consumes `word` when it comes next.
    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let matches = word.withUTF8Buffer { expected in
            var index = position
            for byte in expected {
                if bytes[index] != byte { return false }
                index += 1
            }
            return true
        }
        if matches { position += count }
        return matches
    }

    /// The error for a value of another kind than `expected` (a shape error), or for text that starts no value at all
    /// (a syntax error).
    private func mismatch(_ expected: String) -> Malformed {
        let found: String
        switch peek {
        case UInt8(ascii: "n"): found = "null"
        case UInt8(ascii: "\""): found = "a string"
        case UInt8(ascii: "{"): found = "an object"
        case UInt8(ascii: "["): found = "an array"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): found = "a boolean"
        case .some(UInt8(ascii: "-")), .some(UInt8(ascii: "0")...UInt8(ascii: "9")): found = "a number"
        case nil: return Malformed(offset: position, expected: expected + ", found the end of the document")
        default: return Malformed(offset: position, expected: expected)
        }
        return Malformed(offset: position, expected: expected + ", found " + found, isSyntax: false)
    }

    /// After integer digits: accepts `.0…`, refuses another fraction or an exponent.
    private mutating func zeroFraction(start: Int, _ what: String) throws {
        if peek == UInt8(ascii: ".") {
            position += 1
            while peek == UInt8(ascii: "0") { position += 1 }
        }
        if let byte = peek, byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
            || byte == UInt8(ascii: ".")
        {
            throw Malformed(offset: start, expected: what, isSyntax: false)
        }
    }

    private mutating func skipString() throws {
        try expect(UInt8(ascii: "\""), "a string")
        while true {
            guard let byte = peek else { throw Malformed(offset: position, expected: "the end of a string") }
            position += 1
            if byte == UInt8(ascii: "\"") { return }
            if byte == UInt8(ascii: "\\") {
                var scratch: [UInt8] = []
                try unescape(into: &scratch)
            } else if byte < 0x20 {
                throw Malformed(offset: position - 1, expected: "an escaped control character")
            }
        }
    }

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
