import Foundation

/// A trust-score model with its configuration: what a scoring run runs, records and can be recomputed with. v2 is
/// the default; v1 stays available.
public enum ScoringModel: Sendable, Equatable {
    case v1(ScoringConfiguration)
    case v2(ScoringConfigurationV2)

    public static let `default` = ScoringModel.v2(.init())
    public static let names = ["v2", "v1"]

    /// The model of that name with its default configuration.
    public init?(name: String) {
        switch name {
        case "v1": self = .v1(.init())
        case "v2": self = .v2(.init())
        default: return nil
        }
    }

    public var algorithmVersion: String {
        switch self {
        case .v1(let c): c.algorithmVersion
        case .v2(let c): c.algorithmVersion
        }
    }

    /// The configuration as stored on the run (keys sorted).
    public func configurationJSON() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        switch self {
        case .v1(let c): return String(decoding: try encoder.encode(c), as: UTF8.self)
        case .v2(let c): return String(decoding: try encoder.encode(c), as: UTF8.self)
        }
    }

    public func score(_ cluster: ClusterScoringInput) -> ScoringOutcome {
        switch self {
        case .v1(let c): TrustScoreModel.score(cluster, configuration: c)
        case .v2(let c): TrustScoreV2Model.score(cluster, configuration: c)
        }
    }

    /// What the input reader must read for this model.
    public struct InputWindows: Sendable, Equatable {
        /// Completed epochs of per-epoch statistics before the current one.
        public var historyEpochs: UInt64
        public var livenessDays: Double
        public var livenessMaxEpochs: UInt64
        public var creditsPerBlock: UInt64
    }

    public var inputWindows: InputWindows {
        switch self {
        case .v1(let c):
            return InputWindows(
                historyEpochs: max(c.windowEpochs, c.commissionCeilingEpochs), livenessDays: c.livenessDays,
                livenessMaxEpochs: c.livenessMaxEpochs, creditsPerBlock: c.creditsPerBlock)
        case .v2(let c):
            // v2 judges liveness on epochs, not observations; the observations still carry commission changes, read over
            // v1's span.
            let v1 = ScoringConfiguration()
            return InputWindows(
                historyEpochs: c.lookbackEpochs, livenessDays: v1.livenessDays, livenessMaxEpochs: v1.livenessMaxEpochs,
                creditsPerBlock: c.creditsPerBlock)
        }
    }
}
