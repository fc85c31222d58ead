/// Model v2's inputs at epoch `t`, from the panel alone: credits of `t - history ... t - 1`, commissions of
/// `t - history ... t`, and at `t` itself commission, MEV commission, Jito, stake, version and whether it votes (its
/// early sample is not zero). The history has no block production: no leader slots.
public enum PanelScoringInput {
    public static func cluster(_ panel: HistoryPanel, at epoch: UInt64, historyEpochs: UInt64) -> ClusterScoringInput {
        let rows = panel.byEpoch[epoch] ?? [:]
        let first = epoch > historyEpochs ? epoch - historyEpochs : 0
        let past = panel.epochs.filter { $0 >= first && $0 < epoch }
        var inputs: [ValidatorScoringInput] = []
        inputs.reserveCapacity(rows.count)
        for (vote, f) in rows {
            var credits: [UInt64: UInt64] = [:]
            var commissions: [CommissionObservation] = []
            for e in past {
                guard let row = panel.figures(vote, at: e) else { continue }
                if let c = row.credits { credits[e] = c }
                if let c = row.commission { commissions.append(.init(epoch: e, commission: c)) }
            }
            if let c = f.commission { commissions.append(.init(epoch: epoch, commission: c)) }
            var input = ValidatorScoringInput(
                voteAccount: vote, commission: f.commission, delinquent: (f.credits ?? 0) == 0, activatedStake: f.activatedStake ?? 0,
                version: f.version, infoFieldCount: 5, firstSeenEpoch: nil, credits: credits, commissionHistory: commissions,
                delinquencyObservations: [], leaderSlots: 0, blocksProduced: 0)
            input.mevCommissionBps = f.mevCommissionBps
            input.runsJito = f.runsJito
            inputs.append(input)
        }
        return ClusterScoringInput(currentEpoch: epoch, blocksByEpoch: [:], validators: inputs)
    }
}

/// Model v2 (`TrustScoreV2Model`) on the panel.
public struct TrustScoreV2BacktestModel: BacktestModel {
    public let name: String
    public let configuration: ScoringConfigurationV2
    public init(name: String = "v2", configuration: ScoringConfigurationV2 = .init()) {
        self.name = name
        self.configuration = configuration
    }

    public var lookbackEpochs: UInt64 { configuration.lookbackEpochs }

    public func scores(_ panel: HistoryPanel, at epoch: UInt64) -> [String: Double] {
        let outcome = TrustScoreV2Model.score(
            PanelScoringInput.cluster(panel, at: epoch, historyEpochs: lookbackEpochs), configuration: configuration)
        return Dictionary(outcome.results.map { ($0.voteAccount, $0.score) }, uniquingKeysWith: { a, _ in a })
    }
}
