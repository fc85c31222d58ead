import Prometheus
import SolStakeStore

/// The Prometheus text exposition: the process's own instruments (HTTP, RPC, jobs run here, through swift-metrics),
/// its `process_*` figures, and gauges read from the database at scrape time, so queue depth, workers, freshness and
/// scores are correct whichever process is scraped. Names follow Prometheus's conventions: base units, no time window
/// in a name (the reader's `rate()` chooses it), freshness as a timestamp, distributions as histograms.
public struct PrometheusExposition: Sendable {
    /// The registry swift-metrics reports into in this process (nil when metrics are not bootstrapped, e.g. the CLI).
    public let processRegistry: PrometheusCollectorRegistry?
    public let version: String

    public init(processRegistry: PrometheusCollectorRegistry?, version: String) {
        self.processRegistry = processRegistry
        self.version = version
    }

    public func render(_ report: SystemReport) -> String {
        var buffer: [UInt8] = []
        processRegistry?.emit(into: &buffer)
        let scrape = PrometheusCollectorRegistry()
        func gauge(_ name: String, _ value: Double, _ labels: [(String, String)] = []) {
            scrape.makeGauge(descriptor: Self.describe(name), labels: labels).set(value)
        }
        gauge("solstake_build_info", 1, [("version", version)])
        Self.processFigures(ProcessMetrics.read(), into: scrape)
        gauge("solstake_database_up", report.database.status == "up" ? 1 : 0)
        if let latency = report.database.latencyMs { gauge("solstake_database_latency_seconds", latency / 1000) }
        let now = Double(report.generatedAt) / 1000
        if let queue = report.queue {
            for state in ["available", "running", "completed", "failed", "cancelled"] {
                for (kind, count) in (queue.depth[state] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    gauge("solstake_queue_jobs", Double(count), [("state", state), ("kind", kind)])
                }
            }
            if let age = queue.oldestAvailableAgeSeconds { gauge("solstake_queue_oldest_available_timestamp_seconds", now - age) }
        }
        if let workers = report.workers { gauge("solstake_workers_alive", Double(workers.alive)) }
        if let freshness = report.freshness {
            if let age = freshness.lastFetchAgeSeconds { gauge("solstake_last_fetch_timestamp_seconds", now - age) }
            if let age = freshness.lastScoreAgeSeconds { gauge("solstake_last_score_timestamp_seconds", now - age) }
        }
        var histogram = ""
        if let business = report.business {
            gauge("solstake_validators", Double(business.validators))
            gauge("solstake_validators_delinquent", Double(business.delinquent))
            gauge("solstake_stake_lamports", Double(business.totalStakeLamports) ?? 0)
            gauge("solstake_delinquent_stake_lamports", Double(business.delinquentStakeLamports) ?? 0)
            gauge("solstake_latest_scoring_run_validators", Double(business.latestRunScored), [("outcome", "scored")])
            gauge("solstake_latest_scoring_run_validators", Double(business.latestRunFailed), [("outcome", "failed")])
            if let coverage = business.coverage { gauge("solstake_scoring_coverage_ratio", coverage) }
            if let rate = business.scoringRunCompletionRate { gauge("solstake_scoring_run_completion_ratio", rate) }
            if let scores = business.scoreHistogram { histogram = Self.histogram("solstake_trust_score", scores) }
        }
        scrape.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self) + histogram
    }

    static func describe(_ name: String) -> MetricNameDescriptor { MetricCatalog.descriptor(name) }

    static func processFigures(_ figures: ProcessMetrics, into registry: PrometheusCollectorRegistry) {
        func gauge(_ name: String, _ value: Double?) {
            if let value { registry.makeGauge(descriptor: describe(name)).set(value) }
        }
        if let stat = figures.stat {
            registry.makeCounter(descriptor: describe("process_cpu_seconds_total")).increment(by: stat.cpuSeconds)
            gauge("process_start_time_seconds", stat.startTimeSeconds)
            gauge("process_resident_memory_bytes", stat.residentMemoryBytes)
            gauge("process_virtual_memory_bytes", stat.virtualMemoryBytes)
        }
        gauge("process_open_fds", figures.openFileDescriptors.map(Double.init))
        gauge("process_max_fds", figures.maxFileDescriptors)
    }

    /// A histogram family from counts the database made (the registry's histograms only take observations).
    static func histogram(_ name: String, _ scores: OperationsFigures.ScoreHistogram) -> String {
        var lines = ["# HELP \(name) \(MetricCatalog.help[name] ?? MetricCatalog.undocumented)", "# TYPE \(name) histogram"]
        for (bound, count) in zip(scores.upperBounds, scores.cumulativeCounts) {
            lines.append("\(name)_bucket{le=\"\(bound).0\"} \(count)")
        }
        lines.append("\(name)_bucket{le=\"+Inf\"} \(scores.count)")
        lines.append("\(name)_sum \(scores.sum)")
        lines.append("\(name)_count \(scores.count)")
        return lines.joined(separator: "\n") + "\n"
    }
}
