/// Turns a `SystemReport` into health checks: each `healthy`, `degraded` or `unhealthy` with a reason; the overall state
/// is the worst of them. Pure. Only a database that does not answer makes the service unhealthy: stale data, a backlog,
/// no worker or failing RPC degrade it (the API still serves what it has).
public enum HealthEvaluation {
    public enum Status: String, Sendable, Codable, Comparable {
        case healthy, degraded, unhealthy

        var rank: Int { self == .healthy ? 0 : self == .degraded ? 1 : 2 }
        public static func < (a: Status, b: Status) -> Bool { a.rank < b.rank }
    }

    public struct Check: Sendable, Codable, Equatable {
        public var name: String
        public var status: Status
        public var detail: String
    }

    public struct Thresholds: Sendable {
        /// A waiting job older than this means the workers are not keeping up (or none is running).
        public var backlogAgeSeconds = 600.0
        /// Data older than this many schedule intervals is stale.
        public var staleIntervals = 3.0
        public init() {}
    }

    public static func evaluate(_ report: SystemReport, thresholds: Thresholds = .init()) -> (status: Status, checks: [Check]) {
        var checks: [Check] = []
        let db = report.database
        checks.append(db.status == "up"
            ? Check(name: "database", status: .healthy, detail: "\(db.flavor) answered in \(db.latencyMs.map { String($0) } ?? "?") ms")
            : Check(name: "database", status: .unhealthy, detail: "\(db.flavor) does not answer: \(db.error ?? "unknown error")"))

        if let queue = report.queue {
            if let age = queue.oldestAvailableAgeSeconds, age > thresholds.backlogAgeSeconds {
                checks.append(Check(name: "queue", status: .degraded, detail: "\(queue.available) waiting; the oldest has waited \(Int(age)) s"))
            } else {
                checks.append(Check(name: "queue", status: .healthy, detail: "\(queue.available) waiting, \(queue.running) running"))
            }
        }
        if let workers = report.workers {
            checks.append(workers.alive > 0
                ? Check(name: "workers", status: .healthy, detail: "\(workers.alive) worker(s) heartbeating")
                : Check(name: "workers", status: .degraded, detail: "no worker has heartbeated in the last minute"))
        }
        if let freshness = report.freshness {
            checks.append(freshnessCheck(name: "fetch freshness", age: freshness.lastFetchAgeSeconds, interval: freshness.fetchIntervalSeconds, thresholds: thresholds))
            checks.append(freshnessCheck(name: "score freshness", age: freshness.lastScoreAgeSeconds, interval: freshness.scoreIntervalSeconds, thresholds: thresholds))
        }
        if let rpc = report.rpc {
            checks.append(rpc.succeeded
                ? Check(name: "solana rpc", status: .healthy, detail: "last call \(rpc.method) ok in \(Int(rpc.latencyMs)) ms at \(rpc.at)")
                : Check(name: "solana rpc", status: .degraded, detail: "last call \(rpc.method) failed at \(rpc.at): \(rpc.error ?? "?")"))
        } else {
            checks.append(Check(name: "solana rpc", status: .healthy, detail: "no call made by this process yet"))
        }
        return (checks.map(\.status).max() ?? .healthy, checks)
    }

    static func freshnessCheck(name: String, age: Double?, interval: Int64?, thresholds: Thresholds) -> Check {
        guard let age else { return Check(name: name, status: .degraded, detail: "never completed") }
        guard let interval else { return Check(name: name, status: .healthy, detail: "last completed \(Int(age)) s ago") }
        let limit = Double(interval) * thresholds.staleIntervals
        return age > limit
            ? Check(name: name, status: .degraded, detail: "last completed \(Int(age)) s ago, over \(Int(limit)) s (\(Int(thresholds.staleIntervals)) x the \(interval) s schedule)")
            : Check(name: name, status: .healthy, detail: "last completed \(Int(age)) s ago (schedule every \(interval) s)")
    }
}
