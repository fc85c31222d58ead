/// Picks validators to stake with: high trust scores outside the superminority (`ClusterAnalysis.superminority`), diversified so the picks do not
/// concentrate on one software version or one IPv4 /16 network. Pure.
public enum Recommender {
    public struct Candidate: Sendable, Equatable {
        public var voteAccount: String
        public var activatedStake: UInt64
        public var score: Double?
        public var commission: Int?
        public var delinquent: Bool
        public var version: String?
        public var gossipIp: String?

        public init(
            voteAccount: String, activatedStake: UInt64, score: Double?, commission: Int?, delinquent: Bool, version: String?,
            gossipIp: String?
        ) {
            self.voteAccount = voteAccount
            self.activatedStake = activatedStake
            self.score = score
            self.commission = commission
            self.delinquent = delinquent
            self.version = version
            self.gossipIp = gossipIp
        }
    }

    /// The /16 network of an IPv4 address ("1.2.3.4" -> "1.2"), nil for anything else.
    public static func network16(_ ip: String?) -> String? {
        guard let ip else { return nil }
        let parts = ip.split(separator: ".")
        guard parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) else { return nil }
        return "\(parts[0]).\(parts[1])"
    }

    /// Up to `count` picks, best first. Eligible: scored, not delinquent, commission known and <= `maxCommission`, not
    /// in the superminority. Ranked by score, then lower commission, then lower stake (spreading stake), then vote
    /// account. Diversity: one pick per /16 network (validators without a known IPv4 form no network), and at most
    /// half of the picks (rounded up) on one software version. If the constraints leave fewer than `count`, the version
    /// cap is relaxed before the network rule.
    public static func recommend(_ candidates: [Candidate], count: Int, maxCommission: Int, superminority: Set<String>) -> [Candidate] {
        guard count > 0 else { return [] }
        let eligible = candidates.filter {
            !$0.delinquent && $0.score != nil && ($0.commission ?? Int.max) <= maxCommission && !superminority.contains($0.voteAccount)
        }.sorted { a, b in
            if a.score! != b.score! { return a.score! > b.score! }
            if a.commission! != b.commission! { return a.commission! < b.commission! }
            if a.activatedStake != b.activatedStake { return a.activatedStake < b.activatedStake }
            return a.voteAccount < b.voteAccount
        }
        let versionCap = (count + 1) / 2
        for pass in 0..<3 {
            var picks: [Candidate] = []
            var networks: Set<String> = []
            var perVersion: [String: Int] = [:]
            for c in eligible {
                if picks.count == count { break }
                let network = network16(c.gossipIp)
                if pass < 2, let network, networks.contains(network) { continue }
                let version = c.version ?? "unknown"
                if pass == 0, perVersion[version, default: 0] >= versionCap { continue }
                picks.append(c)
                if let network { networks.insert(network) }
                perVersion[version, default: 0] += 1
            }
            if picks.count == count || pass == 2 { return picks }
        }
        return []
    }
}
