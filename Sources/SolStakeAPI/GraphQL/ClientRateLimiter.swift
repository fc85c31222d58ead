import Foundation
import SolStakeCore
import Synchronization

/// Per-client token buckets (`perMinute` requests per minute, bursts up to the same number). A client is its API key id
/// when it presents a valid key, else its remote address. Clients idle for a minute (whose bucket is full again) are
/// forgotten when the table grows large.
public final class ClientRateLimiter: Sendable {
    private struct Entry {
        var bucket: TokenBucket
        var lastSeen: Double
    }

    private let perMinute: Int
    private let entries = Mutex<[String: Entry]>([:])
    private let now: @Sendable () -> Double

    public init(perMinute: Int, now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }) {
        self.perMinute = perMinute
        self.now = now
    }

    /// Nil when the request may proceed (a token is taken), else the seconds to wait.
    public func admit(_ client: String) -> Double? {
        guard perMinute > 0 else { return nil }
        let time = now()
        return entries.withLock { entries in
            if entries.count > 50_000 { entries = entries.filter { time - $0.value.lastSeen < 60 } }
            var entry = entries[client] ?? Entry(bucket: TokenBucket(capacity: perMinute, period: .seconds(60), now: time), lastSeen: time)
            entry.lastSeen = time
            let wait = entry.bucket.waitTime(now: time)
            if wait == 0 { _ = entry.bucket.reserve(now: time) }
            entries[client] = entry
            return wait > 0 ? wait : nil
        }
    }
}
