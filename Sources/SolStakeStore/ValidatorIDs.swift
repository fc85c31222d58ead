import SolStakeCore

/// Row ids by vote account, kept in vote-account byte order (`TextOrder`): a scoring run's results come out of the model
/// in that order, so their ids are found by one merge instead of hashing every vote account into a `[String: Int64]`.
/// Pure; unit-tested.
public struct ValidatorIDs: Sendable {
    private let voteAccounts: [String]
    /// `TextOrder.key` of each vote account, computed once.
    private let keys: [UInt64]
    private let ids: [Int64]

    public init(_ pairs: [(voteAccount: String, id: Int64)]) {
        let ordered = TextOrder.sortedPositions(count: pairs.count) { pairs[$0].voteAccount }
        voteAccounts = ordered.map { pairs[$0].voteAccount }
        keys = voteAccounts.map(TextOrder.key)
        ids = ordered.map { pairs[$0].id }
    }

    public var count: Int { ids.count }

    /// The id of one vote account (a binary search; the first of duplicates).
    public subscript(voteAccount: String) -> Int64? {
        let index = lowerBound(voteAccount, key: TextOrder.key(voteAccount))
        return index < voteAccounts.count && voteAccounts[index] == voteAccount ? ids[index] : nil
    }

    /// The ids of `keys`, in their order (nil: unknown). Keys in byte order are merged in one pass; any other order
    /// falls back to a binary search per key.
    public func ids(of keys: [String]) -> [Int64?] {
        var found: [Int64?] = []
        found.reserveCapacity(keys.count)
        var cursor = 0
        var previous: (text: String, key: UInt64)?
        for text in keys {
            let key = TextOrder.key(text)
            if let previous, TextOrder.precedes(text, key: key, previous.text, key: previous.key) { return keys.map { self[$0] } }
            previous = (text, key)
            while cursor < voteAccounts.count, TextOrder.precedes(voteAccounts[cursor], key: self.keys[cursor], text, key: key) {
                cursor += 1
            }
            found.append(cursor < voteAccounts.count && voteAccounts[cursor] == text ? ids[cursor] : nil)
        }
        return found
    }

    private func lowerBound(_ text: String, key: UInt64) -> Int {
        var (low, high) = (0, voteAccounts.count)
        while low < high {
            let middle = (low + high) / 2
            if TextOrder.precedes(voteAccounts[middle], key: keys[middle], text, key: key) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
