import SolStakeStore
import Testing

/// `ValidatorIDs` against a dictionary.
@Suite struct ValidatorIDsTests {
    @Test func findsWhatADictionaryFinds() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let count = Int.random(in: 0...40, using: &generator)
            var pairs: [(voteAccount: String, id: Int64)] = []
            var seen = Set<String>()
            while pairs.count < count {
                let key = String((0..<Int.random(in: 1...10, using: &generator)).map { _ in "ABCab12".randomElement(using: &generator)! })
                if seen.insert(key).inserted { pairs.append((key, Int64(pairs.count * 7 + 1))) }
            }
            let ids = ValidatorIDs(pairs.shuffled(using: &generator))
            let dictionary = Dictionary(uniqueKeysWithValues: pairs.map { ($0.voteAccount, $0.id) })
            let probes = pairs.map(\.voteAccount) + ["", "zzz", "AAAAAAAAAAAA"]
            for key in probes { #expect(ids[key] == dictionary[key]) }
            // In byte order (a merge) and in any order (the fallback), duplicates included.
            let ordered = probes.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            #expect(ids.ids(of: ordered) == ordered.map { dictionary[$0] })
            let shuffled = (probes + probes.prefix(3)).shuffled(using: &generator)
            #expect(ids.ids(of: shuffled) == shuffled.map { dictionary[$0] })
            #expect(ids.count == pairs.count)
        }
    }
}
