import Foundation
import SolStakeAPI

/// The readable table of `solstake metrics summary`.
public enum MetricsSummary {
    public static func render(_ report: SystemReport) -> String {
        var lines: [String] = []
        func row(_ name: String, _ value: String) { lines.append("  " + name.padding(toLength: 34, withPad: " ", startingAt: 0) + value) }
        func seconds(_ value: Double?) -> String { value.map { String(format: "%.0f s", $0) } ?? "-" }
        let (status, checks) = HealthEvaluation.evaluate(report)
        lines.append("solstake metrics: \(status.rawValue)")
        lines.append("")
        lines.append("system")
        row("database", "\(report.database.status) (\(report.database.flavor), \(report.database.latencyMs.map { "\($0) ms" } ?? report.database.error ?? "-"))")
        if let q = report.queue {
            row("queue waiting / running", "\(q.available) / \(q.running)")
            row("oldest waiting job", seconds(q.oldestAvailableAgeSeconds))
            row("finished last hour (ok / failed)", "\(q.completedLastHour) / \(q.failedLastHour)")
        }
        if let w = report.workers { row("workers heartbeating", "\(w.alive)") }
        lines.append("")
        lines.append("jobs (last 24 h)")
        for (kind, s) in (report.jobs ?? [:]).sorted(by: { $0.key < $1.key }) {
            let rate = s.successRate.map { String(format: "%.1f%%", $0 * 100) } ?? "-"
            let durations = [s.durationP50Seconds, s.durationP90Seconds, s.durationP99Seconds].map { $0.map { String(format: "%.2f", $0) } ?? "-" }
            row(kind, "\(s.completed) ok, \(s.failed) failed, success \(rate), p50/p90/p99 \(durations.joined(separator: "/")) s")
        }
        if (report.jobs ?? [:]).isEmpty { row("(none)", "") }
        lines.append("")
        lines.append("business")
        if let b = report.business {
            row("validators (delinquent)", "\(b.validators) (\(b.delinquent))")
            row("stake / delinquent stake (SOL)", "\(sol(b.totalStakeLamports)) / \(sol(b.delinquentStakeLamports))")
            row("latest scoring run", b.latestRunId.map { "#\($0), epoch \(b.latestRunEpoch.map(String.init) ?? "?"), \(b.latestRunScored) scored, \(b.latestRunFailed) failed" } ?? "none")
            row("coverage", b.coverage.map { String(format: "%.1f%%", $0 * 100) } ?? "-")
            row("scoring-run completion rate", b.scoringRunCompletionRate.map { String(format: "%.1f%%", $0 * 100) } ?? "-")
            row("average score", b.averageScore.map { String(format: "%.2f", $0) } ?? "-")
            let order = (0..<10).map { $0 == 9 ? "90-100" : "\($0 * 10)-\($0 * 10 + 10)" }
            row("score distribution", order.map { "\($0):\(b.scoreDistribution[$0] ?? 0)" }.joined(separator: " "))
        }
        if let f = report.freshness {
            row("last fetch / score", "\(seconds(f.lastFetchAgeSeconds)) / \(seconds(f.lastScoreAgeSeconds)) ago (profile \(f.profile ?? "none"))")
        }
        lines.append("")
        lines.append("checks")
        for check in checks { row("\(check.name)", "\(check.status.rawValue): \(check.detail)") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func sol(_ lamports: String) -> String {
        guard let value = UInt64(lamports) else { return lamports }
        return String(format: "%.0f", Double(value) / 1e9)
    }
}
