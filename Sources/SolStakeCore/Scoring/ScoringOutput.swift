/// A score's components by name, each in [0, 1]. Model v1 has eight fixed ones (the accessors below); v2 has its own
/// set (`TrustScoreV2Model.Component`). Stored and served as one JSON object, keys sorted.
public struct ScoreComponents: Sendable, Codable, Equatable {
    public var values: [String: Double]

    public init(_ values: [String: Double]) { self.values = values }

    public init(voteEffectiveness: Double, liveness: Double, commission: Double, commissionStability: Double, skipRate: Double, decentralization: Double, version: Double, publishedInfo: Double) {
        self.values = [
            "voteEffectiveness": voteEffectiveness, "liveness": liveness, "commission": commission,
            "commissionStability": commissionStability, "skipRate": skipRate, "decentralization": decentralization,
            "version": version, "publishedInfo": publishedInfo,
        ]
    }

    public init(from decoder: any Decoder) throws { values = try [String: Double](from: decoder) }
    public func encode(to encoder: any Encoder) throws { try values.encode(to: encoder) }

    /// Name and value, by name.
    public var sorted: [(name: String, value: Double)] { values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }

    public var voteEffectiveness: Double { values["voteEffectiveness"] ?? 0 }
    public var liveness: Double { values["liveness"] ?? 0 }
    public var commission: Double { values["commission"] ?? 0 }
    public var commissionStability: Double { values["commissionStability"] ?? 0 }
    public var skipRate: Double { values["skipRate"] ?? 0 }
    public var decentralization: Double { values["decentralization"] ?? 0 }
    public var version: Double { values["version"] ?? 0 }
    public var publishedInfo: Double { values["publishedInfo"] ?? 0 }
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
