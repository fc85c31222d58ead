/// Why an RPC call failed. Every message names the method, the endpoint (credentials hidden) and the cause.
public enum SolanaRPCError: Error, CustomStringConvertible, Sendable {
    /// The connection could not be made or broke.
    case transport(method: String, endpoint: String, cause: String)
    /// No complete answer within the per-request timeout.
    case timeout(method: String, endpoint: String, seconds: Double)
    /// An HTTP status other than 200 (429 carries its `Retry-After`).
    case http(method: String, endpoint: String, status: Int, retryAfter: Double?, body: String)
    /// The node answered with a JSON-RPC error.
    case node(method: String, endpoint: String, code: Int, message: String)
    /// The body is not valid JSON (malformed or truncated).
    case malformed(method: String, endpoint: String, detail: String)
    /// Valid JSON of the wrong shape: `field` is the path to the first offending value (`result.current[3].activatedStake`).
    case decoding(method: String, endpoint: String, field: String, detail: String)
    /// Every attempt failed; `last` is the final error.
    indirect case exhausted(method: String, attempts: Int, last: SolanaRPCError)

    public var description: String {
        switch self {
        case .transport(let method, let endpoint, let cause):
            return "\(method) on \(endpoint): connection failed: \(cause)"
        case .timeout(let method, let endpoint, let seconds):
            return "\(method) on \(endpoint): no answer within \(seconds) s"
        case .http(let method, let endpoint, let status, let retryAfter, let body):
            let wait = retryAfter.map { " (Retry-After \($0) s)" } ?? ""
            return "\(method) on \(endpoint): HTTP \(status)\(wait)\(body.isEmpty ? "" : ": \(body)")"
        case .node(let method, let endpoint, let code, let message):
            return "\(method) on \(endpoint): node error \(code): \(message)"
        case .malformed(let method, let endpoint, let detail):
            return "\(method) on \(endpoint): malformed JSON: \(detail)"
        case .decoding(let method, let endpoint, let field, let detail):
            return "\(method) on \(endpoint): unexpected response at \(field): \(detail)"
        case .exhausted(let method, let attempts, let last):
            return "\(method) failed after \(attempts) attempt(s); last error: \(last)"
        }
    }

    /// The innermost error (unwrapping `exhausted`).
    public var underlying: SolanaRPCError {
        if case .exhausted(_, _, let last) = self { return last.underlying }
        return self
    }

    /// A short kind for metrics labels.
    public var kind: String {
        switch self {
        case .transport: return "transport"
        case .timeout: return "timeout"
        case .http(_, _, let status, _, _): return "http_\(status)"
        case .node: return "node"
        case .malformed: return "malformed"
        case .decoding: return "decoding"
        case .exhausted(_, _, let last): return last.kind
        }
    }
}
