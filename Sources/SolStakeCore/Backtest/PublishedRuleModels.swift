/// The Solana Foundation Delegation Program's residual criteria (https://solana.org/delegation-criteria) as far as the
/// history states them: vote credits of the last completed epoch at least 97% of the cluster average, commission at
/// most 5%, Jito MEV commission at most 10%, total stake at most 1,000,000 SOL, and voting now. Self stake, release,
/// infrastructure concentration and testnet participation are not in the history and are not applied. Eligible: 1,
/// else 0 (the program does not rank eligible validators).
public struct SFDPRuleModel: BacktestModel {
    public let name = "sfdp"
    public let lookbackEpochs: UInt64 = 1
    public init() {}

    public func scores(_ panel: HistoryPanel, at epoch: UInt64) -> [String: Double] {
        let rows = panel.byEpoch[epoch] ?? [:]
        let last = epoch > 0 ? epoch - 1 : 0
        let credits = (panel.byEpoch[last] ?? [:]).values.compactMap(\.credits)
        let average = credits.isEmpty ? 0 : Double(credits.reduce(0, +)) / Double(credits.count)
        return rows.reduce(into: [:]) { out, entry in
            let (vote, f) = entry
            let voted = Double(panel.figures(vote, at: last)?.credits ?? 0)
            let eligible = voted >= 0.97 * average && (f.commission ?? 100) <= 5
                && (f.runsJito != true || (f.mevCommissionBps ?? 10_000) <= 1_000)
                && (f.activatedStake ?? 0) <= 1_000_000 * 1_000_000_000 && (f.credits ?? 0) > 0
            out[vote] = eligible ? 1 : 0
        }
    }
}

/// Jito's steward (https://github.com/jito-foundation/stakenet, programs/steward/README.md, "Compute Scores") on what
/// the history states. Raw score in four tiers, most important first: the maximum commission over 30 epochs
/// (inverted), the mean MEV commission over 30 epochs (inverted), age (epochs with credits) and the mean credit
/// ratio over 30 epochs. Times binary filters: maximum MEV commission over 30 epochs at most 10%, maximum commission
/// over 30 epochs at most 5%, over all history at most 50%, not in the superminority, every epoch of the 30 with
/// credits at least 97% of the epoch's 95th-percentile credits (our stand-in for the steward's voted-slot ratio), and
/// running Jito within the 30 epochs. The blacklist and merkle-root authority filters are not in the history.
public struct JitoStewardRuleModel: BacktestModel {
    public let name = "jito-steward"
    /// Age counts every epoch with credits since the history began; 100 epochs stand in for it.
    public let lookbackEpochs: UInt64 = 100
    public init() {}

    public func scores(_ panel: HistoryPanel, at epoch: UInt64) -> [String: Double] {
        let rows = panel.byEpoch[epoch] ?? [:]
        let range = panel.epochs.filter { $0 < epoch && $0 + 30 >= epoch }
        let before = panel.epochs.filter { $0 < epoch }
        var ceilings: [UInt64: Double] = [:]
        for e in range {
            let credits = (panel.byEpoch[e] ?? [:]).values.compactMap(\.credits).sorted()
            if !credits.isEmpty { ceilings[e] = Double(ClusterAnalysis.nearestRank(credits, 0.95)) }
        }
        let superminority = ClusterAnalysis.superminority(stakes: rows.map { ($0.key, $0.value.activatedStake ?? 0) }, share: 1.0 / 3.0)
        return rows.reduce(into: [:]) { out, entry in
            let (vote, f) = entry
            var maxCommission = f.commission ?? 100
            var historicalMax = maxCommission
            var mevSum = 0
            var mevCount = 0
            var maxMEV = 0
            var ranJito = f.runsJito == true
            var ratioSum = 0.0
            var reliable = true
            for e in range {
                guard let row = panel.figures(vote, at: e) else { reliable = false; continue }
                maxCommission = max(maxCommission, row.commission ?? 100)
                if row.runsJito == true, let bps = row.mevCommissionBps {
                    ranJito = true
                    mevSum += bps
                    mevCount += 1
                    maxMEV = max(maxMEV, bps)
                }
                let ratio = ceilings[e].map { $0 > 0 ? min(1, Double(row.credits ?? 0) / $0) : 0 } ?? 0
                ratioSum += ratio
                if ratio < 0.97 { reliable = false }
            }
            var age = 0
            for e in before {
                guard let row = panel.figures(vote, at: e) else { continue }
                historicalMax = max(historicalMax, row.commission ?? 0)
                if (row.credits ?? 0) > 0 { age += 1 }
            }
            let mevAverage = mevCount > 0 ? mevSum / mevCount : 10_000
            let creditRatio = range.isEmpty ? 0 : ratioSum / Double(range.count)
            let tier1 = Double(100 - min(100, max(0, maxCommission)))
            let tier2 = Double(10_000 - min(10_000, max(0, mevAverage)))
            let tier3 = Double(min(1_999, age))
            let tier4 = (creditRatio * 10_000).rounded()
            let raw = ((tier1 * 10_001 + tier2) * 2_000 + tier3) * 10_001 + tier4
            let eligible = maxMEV <= 1_000 && maxCommission <= 5 && historicalMax <= 50 && !superminority.contains(vote)
                && reliable && ranJito
            out[vote] = eligible ? raw : 0
        }
    }
}
