import Foundation
import SolStakeCore

/// API keys for mutations. Configured as `id:secret` pairs (or `id:sha256:<hex>` to keep even the configuration free of
/// secrets); only the SHA-256 of each secret is kept in memory, and a presented key is compared against every hash in
/// constant time.
public struct APIKeys: Sendable {
    public struct Key: Sendable, Equatable {
        public let id: String
        let hash: [UInt8]
    }

    public private(set) var keys: [Key] = []

    public init() {}

    /// Parses `id:secret,id2:sha256:<64 hex>`. Throws a message naming the bad entry (never its secret).
    public init(parsing text: String) throws(APIKeysError) {
        for (index, raw) in text.split(separator: ",").enumerated() {
            let entry = raw.trimmingCharacters(in: .whitespaces)
            guard !entry.isEmpty else { continue }
            let parts = entry.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw .malformed(position: index + 1, reason: "expected id:secret")
            }
            let id = parts[0]
            guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
                throw .malformed(position: index + 1, reason: "the id may only contain letters, digits, '-', '_' and '.'")
            }
            guard !keys.contains(where: { $0.id == id }) else { throw .malformed(position: index + 1, reason: "duplicate id \(id)") }
            let hash: [UInt8]
            if parts[1].hasPrefix("sha256:") {
                let hex = parts[1].dropFirst("sha256:".count)
                guard hex.count == 64, let bytes = Self.bytes(hex: String(hex)) else {
                    throw .malformed(position: index + 1, reason: "sha256: must be followed by 64 hex digits")
                }
                hash = bytes
            } else {
                guard parts[1].count >= 16 else {
                    throw .malformed(position: index + 1, reason: "the secret of \(id) is shorter than 16 characters")
                }
                hash = SHA256.hash(Array(parts[1].utf8))
            }
            keys.append(Key(id: id, hash: hash))
        }
    }

    public var isEmpty: Bool { keys.isEmpty }

    /// The id of the key whose secret is `presented`, or nil. Every configured key is compared, in constant time each.
    public func authenticate(_ presented: String) -> String? {
        let hash = SHA256.hash(Array(presented.utf8))
        var found: String?
        for key in keys where SHA256.constantTimeEquals(key.hash, hash) { found = key.id }
        return found
    }

    static func bytes(hex: String) -> [UInt8]? {
        var out: [UInt8] = []
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next() {
            guard let low = iterator.next(), let h = nibble(high), let l = nibble(low) else { return nil }
            out.append(h << 4 | l)
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

public enum APIKeysError: Error, Equatable, CustomStringConvertible {
    case malformed(position: Int, reason: String)

    public var description: String {
        switch self {
        case .malformed(let position, let reason): return "entry \(position): \(reason)"
        }
    }
}
