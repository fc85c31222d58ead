import Foundation

/// Model v2's windows, costs and gates (docs/SCORING.md). Stored on every v2 scoring run, so any score can be
/// recomputed and explained. The values are the ones the back-test chose on epochs up to 800.
public struct ScoringConfigurationV2: Sendable, Codable, Equatable {
    public var algorithmVersion = "v2"

    // Vote credits: rewards are proportional to them.
    /// Completed epochs whose credits are judged: `currentEpoch - creditEpochs ... currentEpoch - 1`.
    public var creditEpochs: UInt64 = 20
    /// An epoch `k` epochs before the newest judged one weighs `0.5^(k / creditHalfLifeEpochs)`; 0 weighs all alike.
    public var creditHalfLifeEpochs = 5.0
    public var creditsPerBlock: UInt64 = 16
    /// Without an epoch's block total its ceiling is this percentile of the validators' credits...
    public var ceilingPercentile = 0.95
    /// ...when at least this many have credits in it.
    public var ceilingMinValidators = 50

    // What the delegator keeps.
    /// The share of a Jito delegator's rewards that is MEV: weighs MEV commission against inflation commission.
    public var mevShare = 0.10

    // Tenure: a validator newer than solstake's history is judged partly on a prior.
    /// Pseudo-epochs of the prior mixed into a new validator's credit ratio.
    public var tenurePriorEpochs = 2.0
    /// The prior credit ratio (a new validator above it is pulled down towards it, never up).
    public var tenurePriorCreditRatio = 0.97
    /// Epochs of history read for tenure and the rug check ("all history", as Jito's steward keeps it).
    public var historyEpochs: UInt64 = 100

    // Commission behaviour.
    /// The window of the maximum commission and of rises.
    public var commissionWindowEpochs: UInt64 = 30
    /// Points per commission percent that the window's maximum is above the current commission.
    public var maxCommissionPointCost = 0.1
    /// Points per rise of the commission within the window.
    public var riseCost = 0.5
    /// A rise that falls back within this many epochs is a rug.
    public var rugFallbackEpochs: UInt64 = 1
    /// A rug anywhere in the history caps the score here.
    public var rugCap = 10.0

    // Liveness.
    /// Points per judged epoch without credits (delinquent or absent), on top of the lost credits.
    public var delinquentEpochCost = 1.0
    /// Delinquent now: the score is capped here.
    public var delinquentNowCap = 20.0

    // Block production.
    public var skipGrace = 0.02
    public var skipMinLeaderSlots: UInt64 = 50
    /// Points per percentage point of skip rate above the cluster's stake-weighted rate plus the grace...
    public var skipPointCost = 0.5
    /// ...at most this many.
    public var skipCostMax = 20.0

    // Concentration.
    public var superminorityShare = 1.0 / 3.0
    public var superminorityCost = 3.0
    /// A hosting organisation or country holding more than this share of the stake costs `concentrationCost` each
    /// (the Solana Foundation's delegation criteria use 10%).
    public var concentrationShare = 0.10
    public var concentrationCost = 2.0

    // Versions, compared on Agave's scale (Frankendancer builds mapped to the Agave line they carry).
    public var consensusStakeShare = 0.66
    public var versionBehindPatchCost = 1.0
    public var versionBehindMinorCost = 4.0

    public init() {}
}

extension ScoringConfigurationV2 {
    /// Epochs before the current one the model reads.
    public var lookbackEpochs: UInt64 { max(historyEpochs, creditEpochs, commissionWindowEpochs) }

    public struct UnknownSetting: Error, CustomStringConvertible {
        public var names: [String]
        public var description: String { "unknown model v2 setting(s): \(names.joined(separator: ", "))" }
    }

    /// This configuration with the settings a JSON object names changed; an unknown name or a wrong type is an error.
    public func overriding(with json: Data) throws -> ScoringConfigurationV2 {
        guard let changes = try JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "expected a JSON object of settings"))
        }
        var current = try JSONSerialization.jsonObject(with: JSONEncoder().encode(self)) as! [String: Any]
        let unknown = changes.keys.filter { current[$0] == nil }.sorted()
        guard unknown.isEmpty else { throw UnknownSetting(names: unknown) }
        current.merge(changes) { _, new in new }
        return try JSONDecoder().decode(ScoringConfigurationV2.self, from: JSONSerialization.data(withJSONObject: current))
    }
}
