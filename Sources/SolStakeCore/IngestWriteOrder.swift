/// The order a fetch is written in: validator positions ascending by vote account, and each validator's epoch stats by
/// position. Pure; unit-tested.
///
/// Writing in vote-account order makes the `voteAccount` index (and, for new validators, their ids and every index keyed
/// by `validatorId`) grow at its right edge. The stats are found by position rather than by hashing vote-account strings:
/// at 100,000 validators and 500,000 stats, grouping them in a `[String: [EpochStatSnapshot]]` and sorting the validator
/// structs themselves cost 0.4 s of the fetch write, and the copies, hashes and string compares grew faster than the rows.
public struct IngestWriteOrder: Sendable, Equatable {
    /// Positions in the validator array, ascending by vote account in byte order (`TextOrder`); equal vote accounts keep
    /// their input order.
    public private(set) var validators: [Int]
    /// Stat positions grouped by validator position: validator `p`'s stats are `statIndex[statStart[p]..<statStart[p + 1]]`.
    public private(set) var statStart: [Int]
    public private(set) var statIndex: [Int]
    /// Stats whose vote account is not among the validators (the store looks those up among stored validators).
    public private(set) var orphanStats: [Int]

    public init(validators: [ValidatorSnapshot], stats: [EpochStatSnapshot]) {
        self.validators = TextOrder.sortedPositions(count: validators.count) { validators[$0].voteAccount }
        (statStart, statIndex, orphanStats) = Self.group(stats, of: validators)
    }

    /// The stat positions of the validator at `position`.
    public func stats(ofValidatorAt position: Int) -> ArraySlice<Int> {
        statIndex[statStart[position]..<statStart[position + 1]]
    }

    /// Stats grouped by validator position. When they come as the snapshot builder writes them (each validator's stats
    /// together, validators in array order) one pass of equality checks finds the groups; otherwise a dictionary does.
    private static func group(
        _ stats: [EpochStatSnapshot], of validators: [ValidatorSnapshot]
    ) -> (start: [Int], index: [Int], orphans: [Int]) {
        var start = [Int](repeating: 0, count: validators.count + 1)
        var position = 0
        var inOrder = true
        for stat in stats {
            while position < validators.count, stat.voteAccount != validators[position].voteAccount { position += 1 }
            guard position < validators.count else {
                inOrder = false
                break
            }
            start[position + 1] += 1
        }
        if inOrder {
            for p in validators.indices { start[p + 1] += start[p] }
            return (start, Array(stats.indices), [])
        }

        // Any order: the first validator with a vote account owns its stats, as in the pass above.
        var positionOf: [String: Int] = [:]
        positionOf.reserveCapacity(validators.count)
        for (p, validator) in validators.enumerated() where positionOf[validator.voteAccount] == nil {
            positionOf[validator.voteAccount] = p
        }
        start = [Int](repeating: 0, count: validators.count + 1)
        var owner = [Int](repeating: -1, count: stats.count)
        var orphans: [Int] = []
        for (s, stat) in stats.enumerated() {
            if let p = positionOf[stat.voteAccount] {
                owner[s] = p
                start[p + 1] += 1
            } else {
                orphans.append(s)
            }
        }
        for p in validators.indices { start[p + 1] += start[p] }
        var next = start
        var index = [Int](repeating: 0, count: stats.count - orphans.count)
        for (s, p) in owner.enumerated() where p >= 0 {
            index[next[p]] = s
            next[p] += 1
        }
        return (start, index, orphans)
    }
}
