/// A validator software version (`2.1.14`, `0.708.20306`, `1.18.26 abcdef12`), compared numerically part by part.
public struct SoftwareVersion: Sendable, Comparable, Hashable, CustomStringConvertible {
    public let parts: [Int]
    public let text: String

    /// Nil for `unknown`, empty or non-numeric versions.
    public init?(_ text: String) {
        let head = text.split(separator: " ").first.map(String.init) ?? ""
        let numbers = head.split(separator: ".").map { Int($0.prefix { $0.isNumber }) }
        guard !numbers.isEmpty, !numbers.contains(where: { $0 == nil }) else { return nil }
        self.parts = numbers.map { $0! }
        self.text = head
    }

    public var description: String { text }

    public var majorMinor: [Int] { Array(parts.prefix(2)) }

    /// A Frankendancer build (`0.8xx.3yyzz`) as the Agave line it carries (`0.808.30014` is Agave 3.0.14), so it is
    /// compared with the consensus version on Agave's scale; every other version as itself.
    public var agaveEquivalent: SoftwareVersion {
        guard isFrankendancer else { return self }
        let agave = [parts[2] / 10_000, parts[2] / 100 % 100, parts[2] % 100]
        return SoftwareVersion(parts: agave, text: agave.map(String.init).joined(separator: "."))
    }

    /// True for a Frankendancer build: `0`, a minor of three digits or more, a patch of five (`3yyzz`).
    public var isFrankendancer: Bool { parts.count >= 3 && parts[0] == 0 && parts[1] >= 100 && parts[2] >= 10_000 }

    private init(parts: [Int], text: String) {
        self.parts = parts
        self.text = text
    }

    public static func < (lhs: SoftwareVersion, rhs: SoftwareVersion) -> Bool {
        let count = max(lhs.parts.count, rhs.parts.count)
        for i in 0..<count {
            let a = i < lhs.parts.count ? lhs.parts[i] : 0
            let b = i < rhs.parts.count ? rhs.parts[i] : 0
            if a != b { return a < b }
        }
        return false
    }

    public static func == (lhs: SoftwareVersion, rhs: SoftwareVersion) -> Bool {
        !(lhs < rhs) && !(rhs < lhs)
    }

    public func hash(into hasher: inout Hasher) {
        var trimmed = parts
        while trimmed.last == 0 { trimmed.removeLast() }
        hasher.combine(trimmed)
    }
}

