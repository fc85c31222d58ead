/// A token bucket: `capacity` tokens, refilled continuously at `capacity / period`.
///
/// Pure arithmetic over an explicit clock reading (seconds), so it is tested without sleeping. `reserve` always takes a
/// token, possibly going into debt, and says how long the caller must wait for it: callers that reserve in turn are served
/// in order and never overshoot the rate.
public struct TokenBucket: Sendable, Equatable {
    public let capacity: Double
    public let period: Double
    private(set) var tokens: Double
    private(set) var last: Double

    public init(capacity: Int, period: Duration, now: Double) {
        self.capacity = Double(capacity)
        self.period = period.seconds
        self.tokens = Double(capacity)
        self.last = now
    }

    public var refillPerSecond: Double { capacity / period }

    /// Takes one token; returns the seconds to wait before using it (0 when one was available).
    public mutating func reserve(now: Double) -> Double {
        refill(now: now)
        tokens -= 1
        return tokens >= 0 ? 0 : -tokens / refillPerSecond
    }

    /// Seconds until a token would be available, without taking one.
    public mutating func waitTime(now: Double) -> Double {
        refill(now: now)
        return tokens >= 1 ? 0 : (1 - tokens) / refillPerSecond
    }

    private mutating func refill(now: Double) {
        if now > last {
            tokens = min(capacity, tokens + (now - last) * refillPerSecond)
            last = now
        }
    }
}
