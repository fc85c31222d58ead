import Foundation
import SQLKit
import SolStakeJobs
import SolStakeStore

/// Everything the health checks, `/metrics` and the `metrics` CLI report, read from the database in one pass (so it is
/// correct with many processes) plus the in-process RPC observation when there is one.
public struct SystemReport: Sendable, Codable {
    public var generatedAt: Int64
    public var database: DatabaseProbe.Result
    public var queue: Queue?
    public var workers: Workers?
    public var freshness: Freshness?
    public var jobs: [String: JobStats]?
    public var business: Business?
    public var rpc: RPCStatus?

    public init(
        generatedAt: Int64, database: DatabaseProbe.Result, queue: Queue? = nil, workers: Workers? = nil, freshness: Freshness? = nil,
        jobs: [String: JobStats]? = nil, business: Business? = nil, rpc: RPCStatus? = nil
    ) {
        self.generatedAt = generatedAt
        self.database = database
        self.queue = queue
        self.workers = workers
        self.freshness = freshness
        self.jobs = jobs
        self.business = business
        self.rpc = rpc
    }

    public struct Queue: Sendable, Codable {
        public init(depth: [String: [String: Int]], available: Int, running: Int, oldestAvailableAgeSeconds: Double?, completedLastHour: Int, failedLastHour: Int) {
            self.depth = depth
            self.available = available
            self.running = running
            self.oldestAvailableAgeSeconds = oldestAvailableAgeSeconds
            self.completedLastHour = completedLastHour
            self.failedLastHour = failedLastHour
        }

        /// Jobs by state, then by kind.
        public var depth: [String: [String: Int]]
        public var available: Int
        public var running: Int
        public var oldestAvailableAgeSeconds: Double?
        public var completedLastHour: Int
        public var failedLastHour: Int
    }

    public struct Workers: Sendable, Codable {
        public init(alive: Int, ids: [String]) {
            self.alive = alive
            self.ids = ids
        }

        /// Worker processes whose heartbeat is newer than a minute.
        public var alive: Int
        public var ids: [String]
    }

    public struct Freshness: Sendable, Codable {
        public init(lastFetchAgeSeconds: Double?, lastScoreAgeSeconds: Double?, fetchIntervalSeconds: Int64?, scoreIntervalSeconds: Int64?, profile: String?) {
            self.lastFetchAgeSeconds = lastFetchAgeSeconds
            self.lastScoreAgeSeconds = lastScoreAgeSeconds
            self.fetchIntervalSeconds = fetchIntervalSeconds
            self.scoreIntervalSeconds = scoreIntervalSeconds
            self.profile = profile
        }

        public var lastFetchAgeSeconds: Double?
        public var lastScoreAgeSeconds: Double?
        public var fetchIntervalSeconds: Int64?
        public var scoreIntervalSeconds: Int64?
        public var profile: String?
    }

    public struct JobStats: Sendable, Codable {
        public init(completed: Int, failed: Int, successRate: Double?, durationP50Seconds: Double?, durationP90Seconds: Double?, durationP99Seconds: Double?) {
            self.completed = completed
            self.failed = failed
            self.successRate = successRate
            self.durationP50Seconds = durationP50Seconds
            self.durationP90Seconds = durationP90Seconds
            self.durationP99Seconds = durationP99Seconds
        }

        /// Over the last 24 hours.
        public var completed: Int
        public var failed: Int
        public var successRate: Double?
        public var durationP50Seconds: Double?
        public var durationP90Seconds: Double?
        public var durationP99Seconds: Double?
    }

    public struct Business: Sendable, Codable {
        public init(validators: Int, delinquent: Int, delinquentStakeLamports: String, totalStakeLamports: String, latestRunId: Int64?, latestRunEpoch: Int64?, latestRunScored: Int, latestRunFailed: Int, coverage: Double?, scoringRunCompletionRate: Double?, scoreDistribution: [String: Int], averageScore: Double?) {
            self.validators = validators
            self.delinquent = delinquent
            self.delinquentStakeLamports = delinquentStakeLamports
            self.totalStakeLamports = totalStakeLamports
            self.latestRunId = latestRunId
            self.latestRunEpoch = latestRunEpoch
            self.latestRunScored = latestRunScored
            self.latestRunFailed = latestRunFailed
            self.coverage = coverage
            self.scoringRunCompletionRate = scoringRunCompletionRate
            self.scoreDistribution = scoreDistribution
            self.averageScore = averageScore
        }

        public var validators: Int
        public var delinquent: Int
        public var delinquentStakeLamports: String
        public var totalStakeLamports: String
        public var latestRunId: Int64?
        public var latestRunEpoch: Int64?
        public var latestRunScored: Int
        public var latestRunFailed: Int
        /// Validators scored in the latest run / validators known.
        public var coverage: Double?
        /// Completed runs / all finished runs.
        public var scoringRunCompletionRate: Double?
        /// Scores of the latest run by decile: "0-10" ... "90-100".
        public var scoreDistribution: [String: Int]
        public var averageScore: Double?
        /// The latest run's scores, cumulative per bound (the Prometheus histogram).
        public var scoreHistogram: OperationsFigures.ScoreHistogram? = nil
    }

    public struct RPCStatus: Sendable, Codable {
        public var method: String
        public var endpoint: String
        public var succeeded: Bool
        public var latencyMs: Double
        public var error: String?
        public var at: String

        public init(method: String, endpoint: String, succeeded: Bool, latencyMs: Double, error: String?, at: String) {
            self.method = method
            self.endpoint = endpoint
            self.succeeded = succeeded
            self.latencyMs = latencyMs
            self.error = error
            self.at = at
        }
    }
}

extension SystemReport {
    /// Collects the report. A database that does not answer gives a report with only the probe (and RPC) filled in.
    /// What to read: `health` only what the health checks judge (cheap enough for every probe of an orchestrator);
    /// `full` adds job statistics and the business figures for `/metrics` and the CLI.
    public enum Scope: Sendable { case health, full }

    public static func collect(database: any DatabaseClient, rpc: RPCStatus? = nil, scope: Scope = .full) async -> SystemReport {
        let probe = await DatabaseProbe(database: database).check()
        var report = SystemReport(generatedAt: Int64(Date().timeIntervalSince1970 * 1000), database: probe, rpc: rpc)
        guard probe.status == "up" else { return report }
        let queue = JobQueue(database: database)
        do {
            try await database.read { db in
                let now = try await queue.currentMillis(on: db)
                report.generatedAt = now
                try await collectQueue(db, queue: queue, now: now, into: &report)
                try await collectFreshness(db, queue: queue, now: now, into: &report)
                if scope == .full {
                    report.jobs = jobStats(try await queue.finishedJobs(since: now - 86_400_000, on: db))
                    try await collectBusiness(db, into: &report)
                }
            }
        } catch {
            report.database.status = "down"
            report.database.error = DatabaseProbe.describe(error)
        }
        return report
    }

    static func collectQueue(_ db: any SQLDatabase, queue: JobQueue, now: Int64, into report: inout SystemReport) async throws {
        let depth = try await queue.counts(on: db)
        let oldest = try await queue.oldestDueAt(now: now, on: db)
        let lastHour = try await queue.finishedJobs(since: now - 3_600_000, on: db)
        report.queue = Queue(
            depth: depth, available: depth["available"]?.values.reduce(0, +) ?? 0, running: depth["running"]?.values.reduce(0, +) ?? 0,
            oldestAvailableAgeSeconds: oldest.map { Double(now - $0) / 1000 },
            completedLastHour: lastHour.count { $0.state == "completed" }, failedLastHour: lastHour.count { $0.state == "failed" })
        let registered = try await queue.workers(on: db)
        let alive = registered.workers.filter { $0.isAlive(now: registered.now) }.map(\.id).sorted()
        report.workers = Workers(alive: alive.count, ids: alive)
    }

    /// Per kind: counts, success rate and duration percentiles of finished jobs.
    static func jobStats(_ finished: [JobQueue.FinishedJob]) -> [String: JobStats] {
        var stats: [String: JobStats] = [:]
        for (kind, rows) in Dictionary(grouping: finished, by: \.kind) {
            let completed = rows.filter { $0.state == "completed" }
            let durations = completed.compactMap { row -> Double? in
                guard let s = row.startedAt, let f = row.finishedAt, f >= s else { return nil }
                return Double(f - s) / 1000
            }.sorted()
            func p(_ q: Double) -> Double? { durations.isEmpty ? nil : durations[min(durations.count - 1, Int(Double(durations.count - 1) * q))] }
            stats[kind] = JobStats(
                completed: completed.count, failed: rows.count - completed.count,
                successRate: rows.isEmpty ? nil : Double(completed.count) / Double(rows.count),
                durationP50Seconds: p(0.5), durationP90Seconds: p(0.9), durationP99Seconds: p(0.99))
        }
        return stats
    }

    static func collectFreshness(_ db: any SQLDatabase, queue: JobQueue, now: Int64, into report: inout SystemReport) async throws {
        let fetch = try await OperationsFigures.lastFetchFinished(on: db)
        let score = try await OperationsFigures.lastScoreFinished(on: db)
        let schedules = try await ScheduleStore(queue: queue).list(on: db)
        report.freshness = Freshness(
            lastFetchAgeSeconds: fetch.map { Double(now - $0) / 1000 }, lastScoreAgeSeconds: score.map { Double(now - $0) / 1000 },
            fetchIntervalSeconds: schedules.first { $0.kind == "fetch" }?.everySeconds,
            scoreIntervalSeconds: schedules.first { $0.kind == "score" }?.everySeconds, profile: schedules.first?.profile)
    }

    static func collectBusiness(_ db: any SQLDatabase, into report: inout SystemReport) async throws {
        let totals = try await OperationsFigures.validatorTotals(on: db)
        let run = try await OperationsFigures.latestCompletedRun(on: db)
        let outcomes = try await OperationsFigures.runOutcomes(on: db)
        func decileName(_ decile: Int) -> String { decile == 9 ? "90-100" : "\(decile * 10)-\(decile * 10 + 10)" }
        var distribution = Dictionary(uniqueKeysWithValues: (0..<10).map { (decileName($0), 0) })
        var average: Double?
        if let run {
            var count: Int64 = 0
            var sum = 0.0
            for b in try await OperationsFigures.scoreBuckets(run: run.id, on: db) {
                distribution[decileName(min(9, max(0, b.bucket))), default: 0] += Int(b.n)
                count += b.n
                sum += b.total
            }
            if count > 0 { average = sum / Double(count) }
        }
        report.business = Business(
            validators: Int(totals.validators), delinquent: Int(totals.delinquent),
            delinquentStakeLamports: String(totals.delinquentStake), totalStakeLamports: String(totals.totalStake),
            latestRunId: run?.id, latestRunEpoch: run?.epoch, latestRunScored: Int(run?.successCount ?? 0), latestRunFailed: Int(run?.failCount ?? 0),
            coverage: totals.validators > 0 && run != nil ? Double(run!.successCount) / Double(totals.validators) : nil,
            scoringRunCompletionRate: outcomes.finished > 0 ? Double(outcomes.completed) / Double(outcomes.finished) : nil,
            scoreDistribution: distribution, averageScore: average)
        if let run { report.business?.scoreHistogram = try await OperationsFigures.scoreHistogram(run: run.id, on: db) }
    }
}
