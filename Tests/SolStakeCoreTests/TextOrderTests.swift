import SolStakeCore
import Testing

/// `TextOrder` against the bytes compared directly.
@Suite struct TextOrderTests {
    static func bytesPrecede(_ a: String, _ b: String) -> Bool { Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) }

    @Test func keysOrderLikeTheirBytes() {
        let texts = ["", "A", "AB", "AB\u{01}", "ABCDEFGH", "ABCDEFGHI", "ABCDEFGHA", "ABCDEFGG", "B", "a", "é", "zz", "\u{7F}"]
        for a in texts {
            for b in texts {
                if TextOrder.key(a) < TextOrder.key(b) { #expect(Self.bytesPrecede(a, b), "\(a) \(b)") }
                #expect(TextOrder.precedes(a, b) == Self.bytesPrecede(a, b), "\(a) \(b)")
            }
        }
    }

    @Test func sortsLikeAStableSortOfTheBytes() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
        for round in 0..<100 {
            // Short alphabets and lengths around the 8-byte key make shared prefixes and duplicates common.
            let letters = round % 2 == 0 ? Array(alphabet.prefix(3)) : alphabet
            let texts = (0..<Int.random(in: 0...60, using: &generator)).map { _ in
                String((0..<Int.random(in: 0...12, using: &generator)).map { _ in letters.randomElement(using: &generator)! })
            }
            let expected = texts.indices.sorted { a, b in
                Self.bytesPrecede(texts[a], texts[b]) || (texts[a] == texts[b] && a < b)
            }
            #expect(TextOrder.sortedPositions(count: texts.count) { texts[$0] } == expected)
            let ascending = zip(texts, texts.dropFirst()).allSatisfy { Self.bytesPrecede($0, $1) }
            #expect(TextOrder.isStrictlyAscending(count: texts.count) { texts[$0] } == ascending)
        }
    }
}
