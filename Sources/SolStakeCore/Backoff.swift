/// Exponential backoff with jitter: `min(cap, base x 2^(attempt-1)) x uniform(0.5, 1.5)`.
///
/// Pure arithmetic: the random source is injected so tests are deterministic. Used by the RPC client's retries and the
/// job queue's retries and rescues.
public struct Backoff: Sendable, Equatable {
    public var base: Duration
    public var cap: Duration
    /// Jitter as a fraction: 0.5 means a factor drawn from [0.5, 1.5).
    public var jitter: Double

    public init(base: Duration, cap: Duration, jitter: Double = 0.5) {
        self.base = base
        self.cap = cap
        self.jitter = jitter
    }

    /// The un-jittered delay before retry number `attempt` (1 = the first retry).
    public func nominalDelay(attempt: Int) -> Duration {
        let exponent = max(0, min(attempt - 1, 40))
        let seconds = min(base.seconds * Double(1 << UInt64(exponent)), cap.seconds)
        return .seconds(seconds)
    }

    /// The delay with jitter; `unit` is a random number in [0, 1).
    public func delay(attempt: Int, unit: Double) -> Duration {
        let factor = 1 - jitter + 2 * jitter * min(max(unit, 0), 1)
        return .seconds(nominalDelay(attempt: attempt).seconds * factor)
    }

    public func delay(attempt: Int) -> Duration {
        delay(attempt: attempt, unit: Double.random(in: 0..<1))
    }
}

extension Duration {
    /// The duration in seconds as a `Double`.
    public var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    /// The duration in whole milliseconds (truncated), as SQL times are stored.
    public var millis: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
