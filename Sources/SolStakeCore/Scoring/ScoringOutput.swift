/// The eight components of a score, each in [0, 1].
public struct ScoreComponents: Sendable, Codable, Equatable {
    public var voteEffectiveness: Double
    public var liveness: Double
    public var commission: Double
    public var commissionStability: Double
    public var skipRate: Double
    public var decentralization: Double
    public var version: Double
    public var publishedInfo: Double

    public init(voteEffectiveness: Double, liveness: Double, commission: Double, commissionStability: Double, skipRate: Double, decentralization: Double, version: Double, publishedInfo: Double) {
        self.voteEffectiveness = voteEffectiveness
        self.liveness = liveness
        self.commission = commission
        self.commissionStability = commissionStability
        self.skipRate = skipRate
        self.decentralization = decentralization
        self.version = version
        self.publishedInfo = publishedInfo
    }
}

/// One validator's score with its explanation.
public struct TrustScoreResult: Sendable, Equatable, Codable {
    public var voteAccount: String
    /// 0...100, two decimals.
    public var score: Double
    public var components: ScoreComponents
    /// One line per component that cost points and per gate that applied, e.g. `commission 8% is above 5%: -9.00`.
    public var reasons: [String]
    /// Mean vote effectiveness over the window in percent (the validator's `uptime`), nil when no epoch was judged.
    public var uptimePercent: Double?
    /// Epochs of the window the validator was judged on.
    public var epochsJudged: Int
}

/// A validator the model could not score, and why.
public struct ScoringFailure: Sendable, Equatable, Codable {
    public var voteAccount: String
    public var reason: String
}

/// Cluster-level facts the model derived (stored with the run, shown by the API).
public struct ClusterFacts: Sendable, Equatable, Codable {
    public var window: [UInt64]
    /// Credit ceiling per judged epoch, and how it was obtained.
    public var ceilings: [UInt64: UInt64]
    public var estimatedCeilingEpochs: [UInt64]
    public var superminority: [String]
    public var consensusVersion: String?
    public var stakeWeightedSkipRate: Double?
}

public struct ScoringOutcome: Sendable, Equatable {
    public var results: [TrustScoreResult]
    public var failures: [ScoringFailure]
    public var facts: ClusterFacts
}
