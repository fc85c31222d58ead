import SolStakeCore
import Testing

/// The write order against the plain rule: validators sorted by vote account (stable); every stat of a known vote account
/// in the group of a validator with that vote account (each group in input order), every other stat set apart, each stat
/// exactly once.
@Suite struct IngestWriteOrderTests {
    static func validator(_ vote: String) -> ValidatorSnapshot { ValidatorSnapshot(voteAccount: vote, identity: "N-\(vote)") }
    static func stat(_ vote: String, _ epoch: UInt64) -> EpochStatSnapshot { EpochStatSnapshot(voteAccount: vote, epoch: epoch) }

    static func check(_ validators: [ValidatorSnapshot], _ stats: [EpochStatSnapshot]) {
        let order = IngestWriteOrder(validators: validators, stats: stats)
        #expect(order.validators == validators.indices.sorted { (validators[$0].voteAccount, $0) < (validators[$1].voteAccount, $1) })
        let known = Set(validators.map(\.voteAccount))
        var seen: [Int] = []
        for (p, v) in validators.enumerated() {
            let group = Array(order.stats(ofValidatorAt: p))
            #expect(group == group.sorted())
            #expect(group.allSatisfy { stats[$0].voteAccount == v.voteAccount })
            seen += group
        }
        #expect(order.orphanStats == stats.indices.filter { !known.contains(stats[$0].voteAccount) })
        #expect((seen + order.orphanStats).sorted() == Array(stats.indices))
    }

    @Test func sortedAndGroupedInputIsTakenAsItIs() {
        let validators = ["A", "B", "C", "D"].map(Self.validator)
        let stats = [Self.stat("A", 1), Self.stat("A", 2), Self.stat("C", 1), Self.stat("D", 1), Self.stat("D", 2)]
        Self.check(validators, stats)
        let order = IngestWriteOrder(validators: validators, stats: stats)
        #expect(order.validators == [0, 1, 2, 3])
        #expect(Array(order.stats(ofValidatorAt: 1)).isEmpty)
        #expect(order.statIndex == Array(stats.indices))
    }

    @Test func anyOrderDuplicatesAndOrphans() {
        let validators = ["D", "B", "A", "B", "C"].map(Self.validator)
        let stats = [
            Self.stat("A", 1), Self.stat("Z", 7), Self.stat("D", 2), Self.stat("B", 1), Self.stat("A", 2), Self.stat("D", 1),
            Self.stat("Y", 3),
        ]
        Self.check(validators, stats)
        let order = IngestWriteOrder(validators: validators, stats: stats)
        #expect(order.validators == [2, 1, 3, 4, 0])
        #expect(Array(order.stats(ofValidatorAt: 1)) == [3])  // the first "B" owns it
        #expect(Array(order.stats(ofValidatorAt: 3)).isEmpty)
        #expect(order.orphanStats == [1, 6])
    }

    @Test func emptyInputs() {
        Self.check([], [])
        Self.check([], [Self.stat("A", 1)])
        Self.check(["A"].map(Self.validator), [])
    }

    @Test func randomInputsFollowTheRule() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let keys = (0..<Int.random(in: 0...12, using: &generator)).map { _ in String(UnicodeScalar(UInt8.random(in: 65...72, using: &generator))) }
            let validators = keys.map(Self.validator)
            var stats: [EpochStatSnapshot] = []
            if Bool.random(using: &generator) {
                // As the snapshot builder writes them: grouped, in validator order.
                for v in validators { for e in 0..<UInt64.random(in: 0...3, using: &generator) { stats.append(Self.stat(v.voteAccount, e)) } }
            } else {
                for _ in 0..<Int.random(in: 0...20, using: &generator) {
                    stats.append(Self.stat(String(UnicodeScalar(UInt8.random(in: 65...74, using: &generator))), UInt64.random(in: 0...9, using: &generator)))
                }
            }
            Self.check(validators, stats)
        }
    }
}
