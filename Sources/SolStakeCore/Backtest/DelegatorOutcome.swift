/// What happened to a delegator of a validator after the epoch it was chosen in: the back-test's ground truth.
public enum DelegatorOutcome {
    /// The share of MEV in a Jito delegator's rewards, used to weigh MEV commission against inflation commission. The
    /// history has no tip amounts, so this is an assumption, stated with every report.
    public static let defaultMEVShare = 0.10

    /// The share of the best achievable rewards a delegator of `voteAccount` got in `epoch`: credits against the epoch's
    /// best, times what commissions left, `(1 - m)(1 - inflation commission) + m (1 - MEV commission)` where `m` is
    /// `mevShare`; a validator without Jito passes no MEV on. Absent or without credits: 0.
    public static func yieldRatio(_ panel: HistoryPanel, _ voteAccount: String, at epoch: UInt64, mevShare: Double = defaultMEVShare) -> Double {
        guard let f = panel.figures(voteAccount, at: epoch), let credits = f.credits, credits > 0 else { return 0 }
        let best = panel.bestCredits(at: epoch)
        guard best > 0 else { return 0 }
        let creditShare = Double(credits) / Double(best)
        // Unknown MEV commission of a Jito validator counts as all kept by the validator: the outcome errs low.
        let mev: DelegatorKeptShare.MEV = f.runsJito == true ? .commission(bps: f.mevCommissionBps ?? 10_000) : .notRunningJito
        return creditShare * DelegatorKeptShare.share(commission: f.commission ?? 100, mev: mev, mevShare: mevShare)
    }

    /// Mean yield ratio over `epoch + 1 ... epoch + horizon`.
    public static func realizedYield(_ panel: HistoryPanel, _ voteAccount: String, after epoch: UInt64, horizon: UInt64, mevShare: Double = defaultMEVShare) -> Double {
        guard horizon > 0 else { return 0 }
        let total = (1...horizon).reduce(0.0) { $0 + yieldRatio(panel, voteAccount, at: epoch + $1, mevShare: mevShare) }
        return total / Double(horizon)
    }

    /// A bad event in `epoch + 1 ... epoch + horizon`: commission raised by 5 points or more over its value at `epoch`,
    /// an epoch absent or without credits (delinquent), or credits below 90% of the epoch's median.
    public static func hadBadEvent(_ panel: HistoryPanel, _ voteAccount: String, after epoch: UInt64, horizon: UInt64) -> Bool {
        let start = panel.figures(voteAccount, at: epoch)?.commission ?? 0
        for e in (epoch + 1)...(epoch + max(1, horizon)) {
            guard let f = panel.figures(voteAccount, at: e), let credits = f.credits, credits > 0 else { return true }
            if let commission = f.commission, commission >= start + 5 { return true }
            if Double(credits) < 0.9 * Double(panel.medianCredits(at: e)) { return true }
        }
        return false
    }
}
