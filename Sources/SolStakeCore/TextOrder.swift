/// Texts in UTF-8 byte order (for Solana's ASCII pubkeys, the order of `String`'s `<`, SQLite's BINARY collation and
/// PostgreSQL's "C"), sorted through an integer key. Pure; unit-tested.
///
/// Sorting 100,000 vote pubkeys with `String`'s `<` compares heap-allocated texts ~1.7 million times, each a pointer chase
/// and a `memcmp`: in perf profiles of the fetch at 100,000 validators against ten runs at 10,000, the sort's merge grew
/// 3.0x and `memcmp` 1.8x faster than the rows. Here each text is compared by its first eight bytes packed into a
/// `UInt64` (base58 keys almost never share them), and only equal keys fall back to the bytes themselves.
public enum TextOrder {
    /// The first eight UTF-8 bytes, big-endian, zero-padded: `key(a) < key(b)` implies `a` precedes `b`; equal keys say
    /// nothing (the texts may differ after the eighth byte).
    @inlinable
    public static func key(_ text: String) -> UInt64 {
        var key: UInt64 = 0
        var count = 0
        for byte in text.utf8 {
            key = key << 8 | UInt64(byte)
            count += 1
            if count == 8 { return key }
        }
        return count == 0 ? 0 : key << (8 * UInt64(8 - count))
    }

    /// `a` before `b` in byte order.
    public static func precedes(_ a: String, _ b: String) -> Bool { precedes(a, key: key(a), b, key: key(b)) }

    /// `a` before `b` in byte order, their keys already at hand.
    public static func precedes(_ a: String, key x: UInt64, _ b: String, key y: UInt64) -> Bool {
        x != y ? x < y : a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// The positions `0..<count` ordered by `text(position)` in byte order; equal texts keep their position order. Input
    /// already strictly ascending (as a fetch's validators come out of the snapshot builder) costs one pass, no sort.
    public static func sortedPositions(count: Int, text: (Int) -> String) -> [Int] {
        if isStrictlyAscending(count: count, text: text) { return Array(0..<count) }
        var keyed: [(key: UInt64, position: Int)] = []
        keyed.reserveCapacity(count)
        for position in 0..<count { keyed.append((key(text(position)), position)) }
        keyed.sort { a, b in
            if a.key != b.key { return a.key < b.key }
            let (x, y) = (text(a.position), text(b.position))
            if x.utf8.elementsEqual(y.utf8) { return a.position < b.position }
            return x.utf8.lexicographicallyPrecedes(y.utf8)
        }
        return keyed.map(\.position)
    }

    /// Whether `0..<count` is already strictly ascending by `text(position)` (no two equal texts).
    public static func isStrictlyAscending(count: Int, text: (Int) -> String) -> Bool {
        guard count > 1 else { return true }
        var previous = text(0)
        var previousKey = key(previous)
        for position in 1..<count {
            let next = text(position)
            let nextKey = key(next)
            guard precedes(previous, key: previousKey, next, key: nextKey) else { return false }
            (previous, previousKey) = (next, nextKey)
        }
        return true
    }
}
