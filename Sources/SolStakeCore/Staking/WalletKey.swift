/// A wallet public key that has been validated: base58 of exactly 32 bytes.
public struct WalletKey: Sendable, Hashable, CustomStringConvertible {
    public let text: String

    public init(validating raw: String) throws(WalletKeyError) {
        let text = raw.trimmingCharacters(in: " \t\n\r")
        guard !text.isEmpty else { throw .empty }
        guard text.utf8.allSatisfy({ $0 < 128 }), let bytes = Base58.decode(text) else { throw .notBase58(raw) }
        guard bytes.count == 32, (32...44).contains(text.utf8.count) else { throw .wrongLength(raw, bytes: bytes.count) }
        self.text = text
    }

    public var description: String { text }
}

/// Why a text is not a wallet public key.
public enum WalletKeyError: Error, Equatable, CustomStringConvertible {
    case empty
    case notBase58(String)
    case wrongLength(String, bytes: Int)

    public var description: String {
        switch self {
        case .empty: return "wallet public key is empty"
        case .notBase58(let text):
            return "\"\(text.prefix(64))\" is not a base58 public key (characters 0, O, I and l are not base58)"
        case .wrongLength(let text, let bytes):
            return "\"\(text.prefix(64))\" decodes to \(bytes) bytes; a Solana public key is 32 bytes"
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let drop = Set(set.unicodeScalars)
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, drop.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, drop.contains(last) { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
