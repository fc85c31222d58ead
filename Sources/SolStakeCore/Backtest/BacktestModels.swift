/// A scoring rule under test. It scores the vote accounts listed at `epoch` with what was known during that epoch:
/// credits of earlier epochs; commission, MEV commission, stake, version and whether it votes at all (its early sample
/// is not zero) at `epoch`. Higher is better.
public protocol BacktestModel: Sendable {
    var name: String { get }
    /// Epochs before a scored epoch the model reads (the panel must hold them).
    var lookbackEpochs: UInt64 { get }
    func scores(_ panel: HistoryPanel, at epoch: UInt64) -> [String: Double]
}

/// Commission at most 5% and voting: 1, else 0.
public struct NaiveModel: BacktestModel {
    public let name = "naive"
    public let lookbackEpochs: UInt64 = 0
    public init() {}

    public func scores(_ panel: HistoryPanel, at epoch: UInt64) -> [String: Double] {
        (panel.byEpoch[epoch] ?? [:]).mapValues { f in (f.commission ?? 100) <= 5 && (f.credits ?? 0) > 0 ? 1 : 0 }
    }
}

/// The original Node project's inputs, uptime and commission, read as uptime (credits against the epoch's best over
/// the last 10 epochs, in percent) times what commission leaves. Its exact formula is not published; this is our reading.
public struct OriginalModel: BacktestModel {
    public let name = "original"
    public let lookbackEpochs: UInt64 = 10
    public init() {}

    public func scores(_ panel: HistoryPanel, at epoch: UInt64) -> [String: Double] {
        let window = (max(epoch, 10) - 10)..<epoch
        return (panel.byEpoch[epoch] ?? [:]).reduce(into: [:]) { out, entry in
            let (vote, f) = entry
            let shares = window.map { e -> Double in
                let best = panel.bestCredits(at: e)
                guard best > 0, let credits = panel.figures(vote, at: e)?.credits else { return 0 }
                return Double(credits) / Double(best)
            }
            let uptime = shares.isEmpty ? 0 : shares.reduce(0, +) / Double(shares.count) * 100
            out[vote] = uptime * (1 - Double(min(100, f.commission ?? 100)) / 100)
        }
    }
}

/// Model v1 (`TrustScoreModel`) on what the history states: credits of the last completed epochs (ceilings estimated
/// from the credits, as v1 does without block totals), the commission history of 30 epochs, one liveness observation
/// per epoch (absent or not voting counts as delinquent), the version; no skip rate (the history has no block
/// production) and full validator-info (not in the history either).
public struct TrustScoreV1Model: BacktestModel {
    public let name = "v1"
    public let configuration: ScoringConfiguration
    public var lookbackEpochs: UInt64 { max(configuration.windowEpochs, configuration.commissionCeilingEpochs) }
    public init(configuration: ScoringConfiguration = .init()) { self.configuration = configuration }

    public func scores(_ panel: HistoryPanel, at epoch: UInt64) -> [String: Double] {
        let rows = panel.byEpoch[epoch] ?? [:]
        let history = max(configuration.windowEpochs, configuration.commissionCeilingEpochs)
        let first = epoch > history ? epoch - history : 0
        let liveFrom = epoch > configuration.livenessMaxEpochs ? epoch - configuration.livenessMaxEpochs : 0
        var inputs: [ValidatorScoringInput] = []
        inputs.reserveCapacity(rows.count)
        for (vote, f) in rows {
            var credits: [UInt64: UInt64] = [:]
            var commissions: [CommissionObservation] = []
            var delinquency: [Bool] = []
            var firstSeen: UInt64?
            for e in first...epoch {
                let past = panel.figures(vote, at: e)
                if past != nil, firstSeen == nil { firstSeen = e }
                if e < epoch, let c = past?.credits { credits[e] = c }
                if let c = past?.commission { commissions.append(.init(epoch: e, commission: c)) }
                if e >= liveFrom, firstSeen != nil { delinquency.append((past?.credits ?? 0) == 0) }
            }
            inputs.append(ValidatorScoringInput(
                voteAccount: vote, commission: f.commission, delinquent: (f.credits ?? 0) == 0,
                activatedStake: f.activatedStake ?? 0, version: f.version, infoFieldCount: 5,
                // Listed since the window's start: its tenure is longer than the panel shows (nil is v1's "unknown").
                firstSeenEpoch: firstSeen == first ? nil : firstSeen, credits: credits, commissionHistory: commissions,
                delinquencyObservations: delinquency, leaderSlots: 0, blocksProduced: 0))
        }
        let outcome = TrustScoreModel.score(
            ClusterScoringInput(currentEpoch: epoch, blocksByEpoch: [:], validators: inputs), configuration: configuration)
        return Dictionary(outcome.results.map { ($0.voteAccount, $0.score) }, uniquingKeysWith: { a, _ in a })
    }
}
