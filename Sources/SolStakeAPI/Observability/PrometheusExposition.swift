import Prometheus

/// The Prometheus text exposition: the process's own instruments (HTTP, RPC, jobs run here, through swift-metrics) plus
/// gauges read from the database at scrape time, so queue depth, workers, freshness and scores are correct whichever
/// process is scraped.
public struct PrometheusExposition: Sendable {
    /// The registry swift-metrics reports into in this process (nil when metrics are not bootstrapped, e.g. the CLI).
    public let processRegistry: PrometheusCollectorRegistry?

    public init(processRegistry: PrometheusCollectorRegistry?) {
        self.processRegistry = processRegistry
    }

    public func render(_ report: SystemReport) -> String {
        var buffer: [UInt8] = []
        processRegistry?.emit(into: &buffer)
        let scrape = PrometheusCollectorRegistry()
        func gauge(_ name: String, _ help: String, _ value: Double, _ labels: [(String, String)] = []) {
            scrape.makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels).set(value)
        }
        gauge("solstake_database_up", "1 when the database answers a query", report.database.status == "up" ? 1 : 0)
        if let latency = report.database.latencyMs { gauge("solstake_database_latency_seconds", "Latency of the health query", latency / 1000) }
        if let queue = report.queue {
            for state in ["available", "running", "completed", "failed", "cancelled"] {
                for (kind, count) in (queue.depth[state] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    gauge("solstake_queue_jobs", "Jobs in the queue by state and kind", Double(count), [("state", state), ("kind", kind)])
                }
            }
            gauge("solstake_queue_oldest_available_age_seconds", "Age of the oldest job waiting to run (0 when none)", queue.oldestAvailableAgeSeconds ?? 0)
            gauge("solstake_queue_finished_last_hour", "Jobs finished in the last hour by state", Double(queue.completedLastHour), [("state", "completed")])
            gauge("solstake_queue_finished_last_hour", "Jobs finished in the last hour by state", Double(queue.failedLastHour), [("state", "failed")])
        }
        if let workers = report.workers { gauge("solstake_workers_alive", "Worker processes heartbeating in the last minute", Double(workers.alive)) }
        for (kind, stats) in (report.jobs ?? [:]).sorted(by: { $0.key < $1.key }) {
            gauge("solstake_jobs_finished_24h", "Jobs finished in the last 24 hours (all processes)", Double(stats.completed), [("kind", kind), ("outcome", "completed")])
            gauge("solstake_jobs_finished_24h", "Jobs finished in the last 24 hours (all processes)", Double(stats.failed), [("kind", kind), ("outcome", "failed")])
            if let p50 = stats.durationP50Seconds { gauge("solstake_job_duration_p50_seconds", "Median job duration over 24 hours", p50, [("kind", kind)]) }
            if let p99 = stats.durationP99Seconds { gauge("solstake_job_duration_p99_seconds", "99th percentile job duration over 24 hours", p99, [("kind", kind)]) }
        }
        if let freshness = report.freshness {
            if let age = freshness.lastFetchAgeSeconds { gauge("solstake_last_fetch_age_seconds", "Seconds since the last completed fetch", age) }
            if let age = freshness.lastScoreAgeSeconds { gauge("solstake_last_score_age_seconds", "Seconds since the last completed scoring run", age) }
        }
        if let business = report.business {
            gauge("solstake_validators", "Validators known", Double(business.validators))
            gauge("solstake_validators_delinquent", "Validators delinquent at the last fetch", Double(business.delinquent))
            gauge("solstake_stake_lamports", "Activated stake of all validators", Double(business.totalStakeLamports) ?? 0)
            gauge("solstake_delinquent_stake_lamports", "Activated stake of delinquent validators", Double(business.delinquentStakeLamports) ?? 0)
            gauge("solstake_latest_scoring_run_validators", "Validators of the latest completed run by outcome", Double(business.latestRunScored), [("outcome", "scored")])
            gauge("solstake_latest_scoring_run_validators", "Validators of the latest completed run by outcome", Double(business.latestRunFailed), [("outcome", "failed")])
            if let coverage = business.coverage { gauge("solstake_scoring_coverage_ratio", "Validators scored in the latest run / validators known", coverage) }
            if let rate = business.scoringRunCompletionRate { gauge("solstake_scoring_run_completion_ratio", "Completed scoring runs / finished runs", rate) }
            if let average = business.averageScore { gauge("solstake_trust_score_average", "Average trust score of the latest run", average) }
            for (decile, count) in business.scoreDistribution.sorted(by: { $0.key < $1.key }) {
                gauge("solstake_trust_scores", "Scores of the latest run by decile", Double(count), [("decile", decile)])
            }
        }
        scrape.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
