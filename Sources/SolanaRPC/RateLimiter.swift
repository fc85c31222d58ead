import Foundation
import SolStakeCore

/// Token-bucket rate limits per endpoint: one bucket for all requests and one per method, as public RPC providers count.
/// Defaults fit the public mainnet endpoint: 100 requests per 10 s per IP, 40 per 10 s for one method.
public actor RateLimiter {
    public struct Limits: Sendable, Equatable {
        public var requestsPerPeriod: Int
        public var perMethodPerPeriod: Int
        public var period: Duration

        public init(requestsPerPeriod: Int = 100, perMethodPerPeriod: Int = 40, period: Duration = .seconds(10)) {
            self.requestsPerPeriod = requestsPerPeriod
            self.perMethodPerPeriod = perMethodPerPeriod
            self.period = period
        }

        public static let publicMainnet = Limits()
        /// No practical limit (a private node or the simulator).
        public static let unlimited = Limits(requestsPerPeriod: 1_000_000, perMethodPerPeriod: 1_000_000, period: .seconds(1))
    }

    private let limits: Limits
    private var overall: [String: TokenBucket] = [:]
    private var perMethod: [String: TokenBucket] = [:]
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant

    public init(limits: Limits) {
        self.limits = limits
        self.start = clock.now
    }

    private func now() -> Double { (clock.now - start).seconds }

    /// Reserves a slot for one request of `method` (counting `weight` requests, for batches) and returns how long to wait.
    func reserve(endpoint: String, method: String, weight: Int = 1) -> Duration {
        let t = now()
        var wait = 0.0
        for _ in 0..<max(weight, 1) {
            var all = overall[endpoint] ?? TokenBucket(capacity: limits.requestsPerPeriod, period: limits.period, now: t)
            var one = perMethod[endpoint + "|" + method] ?? TokenBucket(capacity: limits.perMethodPerPeriod, period: limits.period, now: t)
            wait = max(wait, all.reserve(now: t), one.reserve(now: t))
            overall[endpoint] = all
            perMethod[endpoint + "|" + method] = one
        }
        return .seconds(wait)
    }

    /// Waits until a request of `method` may be sent to `endpoint`.
    public func acquire(endpoint: String, method: String, weight: Int = 1) async throws {
        let wait = reserve(endpoint: endpoint, method: method, weight: weight)
        if wait > .zero { try await Task.sleep(for: wait) }
    }
}
