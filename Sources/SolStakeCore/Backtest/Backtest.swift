/// Scores every epoch t of a span with each model, using only what was known at t, and measures what delegators got in
/// t+1 ... t+horizon (`DelegatorOutcome`). Pure: the panel comes from the database, the report goes to the caller.
public enum Backtest {
    public struct Settings: Sendable {
        public var horizon: UInt64 = 10
        public var portfolioSize = 100
        public var mevShare = DelegatorOutcome.defaultMEVShare
        public init() {}
    }

    public struct ModelResult: Sendable, Equatable {
        public var model: String
        /// Epochs scored (each with `horizon` later epochs in the panel).
        public var epochs: Int
        /// Mean over the epochs of Spearman's correlation between score and realized yield.
        public var spearman: Double
        /// Mean over the epochs of the AUC of the score against bad events.
        public var auc: Double
        /// Mean realized yield of the model's top `portfolioSize` validators, chosen each epoch.
        public var portfolioYield: Double
        /// Mean realized yield by score decile (index 0: the lowest scores), over the epochs.
        public var yieldByDecile: [Double]
    }

    /// The epochs of `from ... to` that have `horizon` epochs after them in the panel.
    public static func scoredEpochs(_ panel: HistoryPanel, from: UInt64, to: UInt64, horizon: UInt64) -> [UInt64] {
        guard let last = panel.epochs.last else { return [] }
        return panel.epochs.filter { $0 >= from && $0 <= to && $0 + horizon <= last }
    }

    public static func run(
        _ panel: HistoryPanel, models: [any BacktestModel], from: UInt64, to: UInt64, settings: Settings = .init(),
        progress: (Int, Int) -> Void = { _, _ in }
    ) -> [ModelResult] {
        let epochs = scoredEpochs(panel, from: from, to: to, horizon: settings.horizon)
        var sums = models.map { ModelResult(model: $0.name, epochs: 0, spearman: 0, auc: 0, portfolioYield: 0, yieldByDecile: Array(repeating: 0, count: 10)) }
        var spearmanCounts = [Int](repeating: 0, count: models.count)
        var aucCounts = [Int](repeating: 0, count: models.count)
        for (done, t) in epochs.enumerated() {
            let votes = (panel.byEpoch[t] ?? [:]).keys.sorted()
            let realized = votes.map { DelegatorOutcome.realizedYield(panel, $0, after: t, horizon: settings.horizon, mevShare: settings.mevShare) }
            let bad = votes.map { DelegatorOutcome.hadBadEvent(panel, $0, after: t, horizon: settings.horizon) }
            for (m, model) in models.enumerated() {
                let byVote = model.scores(panel, at: t)
                // A validator the model cannot score ranks below every scored one.
                let scores = votes.map { byVote[$0] ?? -1 }
                if let rho = RankMetrics.spearman(scores, realized) {
                    sums[m].spearman += rho
                    spearmanCounts[m] += 1
                }
                if let auc = RankMetrics.auc(scores: scores, bad: bad) {
                    sums[m].auc += auc
                    aucCounts[m] += 1
                }
                // Highest score first; ties by vote account, so the pick does not depend on dictionary order.
                let order = votes.indices.sorted { (scores[$0], votes[$1]) > (scores[$1], votes[$0]) }
                let top = order.prefix(settings.portfolioSize)
                if !top.isEmpty { sums[m].portfolioYield += top.reduce(0.0) { $0 + realized[$1] } / Double(top.count) }
                let ascending = Array(order.reversed())
                for decile in 0..<10 {
                    let slice = ascending[(decile * ascending.count / 10)..<((decile + 1) * ascending.count / 10)]
                    if !slice.isEmpty { sums[m].yieldByDecile[decile] += slice.reduce(0.0) { $0 + realized[$1] } / Double(slice.count) }
                }
                sums[m].epochs += 1
            }
            progress(done + 1, epochs.count)
        }
        for m in sums.indices where sums[m].epochs > 0 {
            let n = Double(sums[m].epochs)
            sums[m].spearman = spearmanCounts[m] > 0 ? sums[m].spearman / Double(spearmanCounts[m]) : .nan
            sums[m].auc = aucCounts[m] > 0 ? sums[m].auc / Double(aucCounts[m]) : .nan
            sums[m].portfolioYield /= n
            sums[m].yieldByDecile = sums[m].yieldByDecile.map { $0 / n }
        }
        return sums
    }
}
