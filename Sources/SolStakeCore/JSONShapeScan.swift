/// One pass over a JSON text before it is decoded: the deepest nesting of arrays and objects, and the size in bytes of
/// each member's value when the text is an object (so a request's `variables` can be measured first).
///
/// Linear and without recursion, so a hostile text cannot exhaust the stack or make a decoder build a deep tree. It does
/// not validate: the decoder still refuses malformed JSON afterwards.
public struct JSONShapeScan: Sendable, Equatable {
    /// Deepest nesting of `[` and `{` outside strings (a scalar is 0, `{}` is 1).
    public var nesting = 0
    /// Bytes of each top-level member's value, by member name (escapes in names decoded).
    public var memberBytes: [String: Int] = [:]

    public init<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if bytes.withContiguousStorageIfAvailable({ run($0) }) == nil {
            Array(bytes).withUnsafeBufferPointer { run($0) }
        }
    }

    private mutating func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        var depth = 0
        var i = 0
        let n = bytes.count
        var key: String?
        var valueStart: Int?
        var expectingKey = false
        while i < n {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\""):
                let start = i
                i += 1
                while i < n, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
                if depth == 1, expectingKey, i <= n {
                    key = Self.unescape(UnsafeBufferPointer(rebasing: bytes[(start + 1)..<min(i, n)]))
                    expectingKey = false
                }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                nesting = max(nesting, depth)
                if depth == 1, byte == UInt8(ascii: "{") { expectingKey = true }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 1 { record(&key, &valueStart, end: i) }
                depth -= 1
            case UInt8(ascii: ":"):
                if depth == 1 {
                    var j = i + 1
                    while j < n, Self.isSpace(bytes[j]) { j += 1 }
                    valueStart = j
                }
            case UInt8(ascii: ","):
                if depth == 1 {
                    record(&key, &valueStart, end: i)
                    expectingKey = true
                }
            default:
                break
            }
            i += 1
        }
    }

    private mutating func record(_ key: inout String?, _ start: inout Int?, end: Int) {
        if let name = key, let start { memberBytes[name] = max(0, end - start) }
        key = nil
        start = nil
    }

    private static func isSpace(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r")
    }

    /// A member name's text with JSON escapes decoded (`\u0076ariables` is `variables`); invalid escapes are kept as text.
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        guard raw.contains(UInt8(ascii: "\\")) else { return String(decoding: raw, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        var text = String(decoding: raw, as: UTF8.self).unicodeScalars[...]
        func hex4() -> UInt32? {
            guard text.count >= 4 else { return nil }
            let digits = String(String.UnicodeScalarView(text.prefix(4)))
            guard let value = UInt32(digits, radix: 16) else { return nil }
            text = text.dropFirst(4)
            return value
        }
        while let scalar = text.popFirst() {
            guard scalar == "\\", let escaped = text.popFirst() else {
                scalars.append(scalar)
                continue
            }
            switch escaped {
            case "b": scalars.append("\u{08}")
            case "f": scalars.append("\u{0C}")
            case "n": scalars.append("\n")
            case "r": scalars.append("\r")
            case "t": scalars.append("\t")
            case "u":
                guard var code = hex4() else { continue }
                if (0xD800..<0xDC00).contains(code), text.starts(with: ["\\", "u"]) {
                    text = text.dropFirst(2)
                    if let low = hex4(), (0xDC00..<0xE000).contains(low) { code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00) }
                }
                if let decoded = Unicode.Scalar(code) { scalars.append(decoded) }
            default: scalars.append(escaped)
            }
        }
        return String(scalars)
    }
}
