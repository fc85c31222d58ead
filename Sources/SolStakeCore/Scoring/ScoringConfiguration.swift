/// The trust-score model's weights, thresholds and windows (SCORING.md, model v1). Stored on every scoring run, so any
/// score can be recomputed and explained.
public struct ScoringConfiguration: Sendable, Codable, Equatable {
    public var algorithmVersion = "v1"

    public struct Weights: Sendable, Codable, Equatable {
        public var voteEffectiveness = 0.35
        public var liveness = 0.10
        public var commission = 0.15
        public var commissionStability = 0.10
        public var skipRate = 0.15
        public var decentralization = 0.05
        public var version = 0.05
        public var publishedInfo = 0.05
        public init() {}
    }

    public var weights = Weights()
    /// Completed epochs judged: `currentEpoch - windowEpochs ... currentEpoch - 1`.
    public var windowEpochs: UInt64 = 10
    /// U is 0 at this ratio of the credit ceiling and 1 at `uptimeFull`.
    public var uptimeZero = 0.90
    public var uptimeFull = 0.99
    /// Credits per produced block in an epoch's ceiling (timely vote credits).
    public var creditsPerBlock: UInt64 = 16
    /// When an epoch's block total is unknown, its ceiling is this percentile of validators' credits...
    public var ceilingPercentile = 0.95
    /// ...provided at least this many validators have an entry for it; otherwise the epoch leaves the window.
    public var ceilingMinValidators = 50
    public var livenessDays = 30.0
    /// Observations older than this many epochs are not read, even within `livenessDays`: 30 days are about 15 mainnet
    /// epochs, and a replay of real history, whose epochs pass in seconds, must judge the same span.
    public var livenessMaxEpochs: UInt64 = 16
    public var livenessMinObservations = 3
    public var commissionFull = 5.0
    public var commissionZero = 10.0
    public var commissionRiseEpochs: UInt64 = 10
    public var commissionCeilingEpochs: UInt64 = 30
    public var commissionCeiling = 10
    public var skipGrace = 0.02
    public var skipZero = 0.30
    public var skipMinLeaderSlots: UInt64 = 50
    public var superminorityShare = 1.0 / 3.0
    public var consensusStakeShare = 0.66
    public var delinquentCap = 20.0
    public var lowLastEpochRatio = 0.70
    public var lowLastEpochCap = 30.0

    public init() {}
}
