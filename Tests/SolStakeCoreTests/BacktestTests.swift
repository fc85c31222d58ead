import SolStakeCore
import Testing

@Suite("Back-test arithmetic")
struct BacktestTests {
    @Test func ranksAverageTies() {
        #expect(RankMetrics.ranks([10, 20, 20, 5]) == [2, 3.5, 3.5, 1])
    }

    @Test func spearmanAndAUC() {
        #expect(RankMetrics.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == 1)
        #expect(RankMetrics.spearman([1, 2, 3, 4], [40, 30, 20, 10]) == -1)
        // d = (0, 1, -1): 1 - 6 x 2 / (3 x 8) = 0.5
        #expect(abs(RankMetrics.spearman([1, 2, 3], [1, 3, 2])! - 0.5) < 1e-12)
        #expect(RankMetrics.spearman([1, 1, 1], [1, 2, 3]) == nil)
        // Good validators (no bad event) at 0.9 and 0.5; bad at 0.7 and 0.1: 3 of 4 pairs ordered right.
        #expect(RankMetrics.auc(scores: [0.9, 0.7, 0.5, 0.1], bad: [false, true, false, true]) == 0.75)
        #expect(RankMetrics.auc(scores: [1, 1], bad: [false, true]) == 0.5)
        #expect(RankMetrics.auc(scores: [1, 2], bad: [false, false]) == nil)
    }

    static let a = "A", b = "B", c = "C"

    /// Three validators over epochs 1-4: A at 0% commission with Jito at 10% MEV commission, B at 10% commission without
    /// Jito, C at 5% that raises to 10% in epoch 3 and is absent in epoch 4.
    static var panel: HistoryPanel {
        typealias F = HistoryPanel.Figures
        var byEpoch: [UInt64: [String: F]] = [:]
        for e in UInt64(1)...4 {
            var rows: [String: F] = [
                a: F(credits: 1_000, commission: 0, mevCommissionBps: 1_000, runsJito: true, activatedStake: 10),
                b: F(credits: 950, commission: 10, runsJito: false, activatedStake: 20),
            ]
            if e < 4 { rows[c] = F(credits: e == 2 ? 800 : 1_000, commission: e >= 3 ? 10 : 5, runsJito: false, activatedStake: 30) }
            byEpoch[e] = rows
        }
        return HistoryPanel(byEpoch: byEpoch)
    }

    @Test func yieldRatioAndBadEvents() {
        let p = Self.panel
        // A: 1 x (0.9 x 1 + 0.1 x 0.9) = 0.99
        #expect(abs(DelegatorOutcome.yieldRatio(p, Self.a, at: 1, mevShare: 0.1) - 0.99) < 1e-12)
        // B: 0.95 x (0.9 x 0.9 + 0) = 0.7695
        #expect(abs(DelegatorOutcome.yieldRatio(p, Self.b, at: 1, mevShare: 0.1) - 0.7695) < 1e-12)
        #expect(DelegatorOutcome.yieldRatio(p, Self.c, at: 4) == 0)
        #expect(p.medianCredits(at: 2) == 950 && p.bestCredits(at: 2) == 1_000)
        #expect(!DelegatorOutcome.hadBadEvent(p, Self.a, after: 1, horizon: 3))
        // C: credits 800 < 0.9 x 950 in epoch 2.
        #expect(DelegatorOutcome.hadBadEvent(p, Self.c, after: 1, horizon: 1))
        // C: commission 5 -> 10 in epoch 3 (+5 points).
        #expect(DelegatorOutcome.hadBadEvent(p, Self.c, after: 2, horizon: 1))
        // C: absent in epoch 4.
        #expect(DelegatorOutcome.hadBadEvent(p, Self.c, after: 3, horizon: 1))
        #expect(abs(DelegatorOutcome.realizedYield(p, Self.a, after: 1, horizon: 3, mevShare: 0.1) - 0.99) < 1e-12)
    }

    struct Oracle: BacktestModel {
        let name = "oracle"
        let lookbackEpochs: UInt64 = 0
        func scores(_ panel: HistoryPanel, at epoch: UInt64) -> [String: Double] {
            (panel.byEpoch[epoch] ?? [:]).keys.reduce(into: [:]) { $0[$1] = DelegatorOutcome.realizedYield(panel, $1, after: epoch, horizon: 1) }
        }
    }

    @Test func aModelThatKnowsTheFutureIsPerfect() {
        var settings = Backtest.Settings()
        settings.horizon = 1
        settings.portfolioSize = 1
        let results = Backtest.run(Self.panel, models: [Oracle(), NaiveModel()], from: 1, to: 3, settings: settings)
        #expect(Backtest.scoredEpochs(Self.panel, from: 1, to: 3, horizon: 1) == [1, 2, 3])
        let oracle = results[0]
        #expect(oracle.epochs == 3 && oracle.spearman == 1)
        // Yield and bad events are different targets: in epoch 3 C (a +5-point rise, a bad event) still yields more
        // than B, so that epoch's AUC is 0.5 and the mean (1 + 0.5 + 1) / 3.
        #expect(abs(oracle.auc - 2.5 / 3) < 1e-12)
        // The oracle's one-validator portfolio is A every epoch.
        #expect(abs(oracle.portfolioYield - DelegatorOutcome.yieldRatio(Self.panel, Self.a, at: 2)) < 1e-12)
        #expect(results[1].model == "naive" && results[1].epochs == 3)
    }
}
