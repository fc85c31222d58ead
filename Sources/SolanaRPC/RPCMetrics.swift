import Metrics

/// swift-metrics instruments for RPC calls: counts by method, endpoint and outcome; latency; retries.
struct RPCMetrics: Sendable {
    func recordAttempt(method: String, endpoint: String, outcome: String, nanoseconds: Int64) {
        Counter(label: "solstake_rpc_requests_total", dimensions: [("method", method), ("endpoint", endpoint), ("outcome", outcome)])
            .increment()
        Metrics.Timer(label: "solstake_rpc_request_duration_seconds", dimensions: [("method", method), ("endpoint", endpoint)])
            .recordNanoseconds(nanoseconds)
        if outcome != "ok" {
            Counter(label: "solstake_rpc_errors_total", dimensions: [("method", method), ("endpoint", endpoint), ("kind", outcome)])
                .increment()
        }
    }

    func recordRetry(method: String, endpoint: String) {
        Counter(label: "solstake_rpc_retries_total", dimensions: [("method", method), ("endpoint", endpoint)]).increment()
    }
}
