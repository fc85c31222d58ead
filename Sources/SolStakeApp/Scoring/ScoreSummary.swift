import Foundation
import SolStakeCore
import SolStakeStore

/// The text `solstake score all` prints: counts, the distribution by decile with the median estimated APY of each, and
/// the top and bottom five with their APY and reasons.
public enum ScoreSummary {
    public static func render(_ report: ScoreJob.Report, names: [String: String] = [:], yields: ValidatorYields = .init()) -> String {
        guard let outcome = report.outcome else {
            return "scoring run \(report.runId) for job \(report.jobId) was already completed; nothing recomputed\n"
        }
        var lines: [String] = []
        let total = outcome.results.count + outcome.failures.count
        lines.append("scoring run \(report.runId) (epoch \(report.epoch), model \(report.algorithmVersion))")
        lines.append("validators: \(total)   success: \(outcome.results.count)   fail: \(outcome.failures.count)")
        lines.append(String(format: "time: read %.3f s, score %.3f s, write %.3f s", report.timings.read, report.timings.score, report.timings.write))
        if let consensus = outcome.facts.consensusVersion { lines.append("consensus version: \(consensus)") }
        lines.append("superminority: \(outcome.facts.superminority.count) validators; judged epochs: \(outcome.facts.window.map(String.init).joined(separator: ", "))")
        if let network = yields.networkApy {
            lines.append(String(format: "estimated staking APY (stake-weighted, epoch %lld): %.2f%%", yields.epoch ?? 0, network * 100))
        } else {
            lines.append("estimated staking APY: not estimated yet (no fetch has stored the network's economics)")
        }
        lines.append("")
        lines.append("score distribution (score band, validators, median estimated APY):")
        var bands = Array(repeating: [Double](), count: 10)
        var counts = Array(repeating: 0, count: 10)
        for r in outcome.results {
            let band = min(9, Int(r.score / 10))
            counts[band] += 1
            if let apy = yields.byVoteAccount[r.voteAccount] { bands[band].append(apy) }
        }
        let widest = max(1, counts.max() ?? 1)
        for (i, count) in counts.enumerated() {
            let label = i == 9 ? "90-100" : "\(i * 10)-\(i * 10 + 10)"
            let bar = String(repeating: "#", count: Int((Double(count) / Double(widest) * 40).rounded(.up)))
            let median = bands[i].isEmpty ? "     -" : String(format: "%5.2f%%", Self.median(bands[i]) * 100)
            lines.append("  \(label.padding(toLength: 7, withPad: " ", startingAt: 0)) \(String(format: "%5d", count)) \(median) \(bar)")
        }
        let sorted = outcome.results.sorted { ($0.score, $1.voteAccount) > ($1.score, $0.voteAccount) }
        func describe(_ r: TrustScoreResult) -> [String] {
            let name = names[r.voteAccount].map { " (\($0))" } ?? ""
            let apy = yields.byVoteAccount[r.voteAccount].map { String(format: "  APY %.2f%%", $0 * 100) } ?? "  APY not estimated"
            var out = [String(format: "  %6.2f  %@%@%@", r.score, r.voteAccount, name, apy)]
            out += r.reasons.isEmpty ? ["          no points lost"] : r.reasons.map { "          - \($0)" }
            return out
        }
        lines.append("")
        lines.append("top 5:")
        for r in sorted.prefix(5) { lines += describe(r) }
        lines.append("")
        lines.append("bottom 5:")
        for r in sorted.suffix(5).reversed() { lines += describe(r) }
        if !outcome.failures.isEmpty {
            lines.append("")
            lines.append("not scored:")
            for f in outcome.failures.prefix(20) { lines.append("  \(f.voteAccount): \(f.reason)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
