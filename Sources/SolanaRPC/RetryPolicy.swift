import SolStakeCore

/// Which failures are worth another attempt, where, and after how long. Pure: no clock, no I/O.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    public var backoff: Backoff
    /// A `Retry-After` longer than this is capped (a node asking for minutes would stall a fetch).
    public var maxRetryAfter: Duration

    public init(maxAttempts: Int = 5, backoff: Backoff = Backoff(base: .milliseconds(250), cap: .seconds(8)), maxRetryAfter: Duration = .seconds(30)) {
        self.maxAttempts = maxAttempts
        self.backoff = backoff
        self.maxRetryAfter = maxRetryAfter
    }

    public enum Decision: Equatable, Sendable {
        case fail
        /// Retry after `delay`; `failover` moves to the next endpoint first.
        case retry(delay: Duration, failover: Bool)
    }

    /// What to do after `error` on attempt number `attempt` (1-based).
    public func decide(after error: SolanaRPCError, attempt: Int, unit: Double = Double.random(in: 0..<1)) -> Decision {
        guard attempt < maxAttempts else { return .fail }
        let backoffDelay = backoff.delay(attempt: attempt, unit: unit)
        switch error {
        case .transport, .timeout:
            return .retry(delay: backoffDelay, failover: true)
        case .http(_, _, let status, let retryAfter, _):
            switch status {
            case 429:
                let wait = retryAfter.map { Duration.seconds(min($0, maxRetryAfter.seconds)) } ?? backoffDelay
                return .retry(delay: wait, failover: false)
            case 502, 503, 504:
                let wait = retryAfter.map { Duration.seconds(min($0, maxRetryAfter.seconds)) } ?? backoffDelay
                return .retry(delay: wait, failover: true)
            case 500...599:
                // Other 5xx: the endpoint is broken; try the next one (no retry when it is the only one).
                return .retry(delay: backoffDelay, failover: true)
            default:
                return .fail
            }
        case .node(_, _, let code, _):
            switch code {
            case JSONRPCErrorObject.invalidParams, JSONRPCErrorObject.methodNotFound, JSONRPCErrorObject.invalidRequest,
                JSONRPCErrorObject.parseError, JSONRPCErrorObject.keyExcludedFromSecondaryIndex:
                return .fail
            case _ where JSONRPCErrorObject.historyUnavailable.contains(code):
                // The node does not hold that history: the caller records it and a later run asks again.
                return .fail
            case -32099 ... -32000, JSONRPCErrorObject.internalError:
                // Server errors: node behind (-32005), block not available, slot skipped, ... transient.
                return .retry(delay: backoffDelay, failover: false)
            default:
                return .fail
            }
        case .malformed:
            // A truncated or garbled body is a transport fault more often than a node bug.
            return .retry(delay: backoffDelay, failover: false)
        case .decoding, .exhausted:
            return .fail
        }
    }

    /// Whether a failed single-endpoint answer (5xx, connection) should be retried at all when only one endpoint exists.
    public static func isFailoverOnly(_ error: SolanaRPCError) -> Bool {
        if case .http(_, _, let status, _, _) = error, status >= 500, ![502, 503, 504].contains(status) { return true }
        return false
    }
}
