/// `application/x-www-form-urlencoded` decoding per the URL Standard (what HTML forms, `URLSearchParams` and curl
/// `--data-urlencode` send): `+` is a space, `%XX` a byte, the result UTF-8.
public enum FormURLEncoded {
    public struct Malformed: Error, Equatable, CustomStringConvertible {
        public let name: String
        public var description: String { "query parameter \(name.isEmpty ? "(unnamed)" : "\"\(name)\"") is not valid percent-encoded UTF-8" }
    }

    /// Name-value pairs in order; a name without `=` has the empty value. Empty pieces (`a=1&&b=2`) are skipped.
    public static func pairs(_ query: Substring) throws(Malformed) -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        for piece in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let rawName = parts[0]
            guard let name = decode(rawName) else { throw Malformed(name: String(rawName)) }
            guard let value = decode(parts.count > 1 ? parts[1] : "") else { throw Malformed(name: name) }
            out.append((name, value))
        }
        return out
    }

    /// One component: `+` to space, then percent-decoding; nil for a bad escape or bytes that are not UTF-8.
    static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
