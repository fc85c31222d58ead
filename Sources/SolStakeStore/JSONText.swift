import SolStakeCore

/// JSON text written by hand for the values stores write many of: strings (escaped as JSON requires), finite doubles,
/// and the two documents every trust score carries (`JSONEncoder` builds a value tree per call, twice per score). Pure;
/// tested against `JSONDecoder`.
public enum JSONText {
    private static let hex = Array("0123456789abcdef".utf8)

    /// Appends `value` as a JSON string: `"` and `\` escaped, control characters as `\u00XX` (`\n`, `\t`, `\r` short),
    /// everything else as its UTF-8 bytes.
    static func appendString(_ value: String, to bytes: inout [UInt8]) {
        var value = value
        bytes.append(UInt8(ascii: "\""))
        value.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
                case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
                case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
                default:
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
                }
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Swift's shortest representation that reads back as the same `Double` (valid JSON). The caller checks finiteness.
    static func appendDouble(_ value: Double, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: value.description.utf8)
    }

    /// `["a","b"]`.
    public static func array(of strings: some Sequence<String>) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for (index, string) in strings.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendString(string, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The components as the object `JSONEncoder` with sorted keys writes (numbers may print differently, e.g. `1.0`
    /// for `1`; both read back as the same `Double`). A test decodes it with `JSONDecoder` into `ScoreComponents`.
    public static func object(of components: ScoreComponents) throws -> String {
        let fields = components.sorted
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        for (index, (key, value)) in fields.enumerated() {
            guard value.isFinite else { throw JSONRows.EncodingError.nonFiniteDouble(column: index, value: value) }
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendString(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            appendDouble(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
