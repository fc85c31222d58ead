import SolStakeCore

/// Row ids by vote account, kept in vote-account byte order (`TextOrder`): a scoring run's results come out of the model
/// in that order, so their ids are found by one merge instead of hashing every vote account into a `[String: Int64]`.
/// Pure; unit-tested.
public struct ValidatorIDs: Sendable {
    private let voteAccounts: [String]
    private let ids: [Int64]

    public init(_ pairs: [(voteAccount: String, id: Int64)]) {
        let ordered = TextOrder.isStrictlyAscending(count: pairs.count, text: { pairs[$0].voteAccount })
            ? Array(pairs.indices)
            : TextOrder.sortedPositions(count: pairs.count) { pairs[$0].voteAccount }
        voteAccounts = ordered.map { pairs[$0].voteAccount }
        ids = ordered.map { pairs[$0].id }
    }

    public var count: Int { ids.count }

    /// The id of one vote account (a binary search; the first of duplicates).
    public subscript(voteAccount: String) -> Int64? {
        let index = lowerBound(voteAccount, from: 0)
        return index < voteAccounts.count && voteAccounts[index] == voteAccount ? ids[index] : nil
    }

    /// The ids of `keys`, in their order (nil: unknown). Keys in byte order are merged in one pass; any other order
    /// falls back to a binary search per key.
    public func ids(of keys: [String]) -> [Int64?] {
        var found: [Int64?] = []
        found.reserveCapacity(keys.count)
        var cursor = 0
        var previous: String?
        for key in keys {
            if let previous, TextOrder.precedes(key, previous) { return keys.map { self[$0] } }
            previous = key
            while cursor < voteAccounts.count, TextOrder.precedes(voteAccounts[cursor], key) { cursor += 1 }
            found.append(cursor < voteAccounts.count && voteAccounts[cursor] == key ? ids[cursor] : nil)
        }
        return found
    }

    private func lowerBound(_ key: String, from start: Int) -> Int {
        var (low, high) = (start, voteAccounts.count)
        while low < high {
            let middle = (low + high) / 2
            if TextOrder.precedes(voteAccounts[middle], key) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
