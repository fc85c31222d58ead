import SolStakeCore
import Testing

@Suite struct RecommenderTests {
    func candidate(_ name: String, stake: UInt64 = 100, score: Double? = 90, commission: Int? = 5, delinquent: Bool = false,
                   version: String? = "2.1.0", ip: String? = nil) -> Recommender.Candidate {
        .init(voteAccount: name, activatedStake: stake, score: score, commission: commission, delinquent: delinquent, version: version, gossipIp: ip)
    }

    @Test func superminorityIsTheSmallestSetAboveAThird() {
        let stakes: [(voteAccount: String, stake: UInt64)] = [("a", 40), ("b", 30), ("c", 20), ("d", 10)]
        #expect(ClusterAnalysis.superminority(stakes: stakes, share: 1.0 / 3.0) == ["a"])
        #expect(ClusterAnalysis.superminority(stakes: [("a", 30), ("b", 30), ("c", 40)], share: 1.0 / 3.0) == ["c"])
        #expect(ClusterAnalysis.superminority(stakes: [("a", 10), ("b", 10), ("c", 10)], share: 1.0 / 3.0).count == 2)
    }

    @Test func eligibilityAndOrder() {
        let picks = Recommender.recommend([
            candidate("low", score: 50, ip: "1.1.0.1"),
            candidate("top", score: 99, ip: "2.2.0.1"),
            candidate("delinquent", score: 100, delinquent: true, ip: "3.3.0.1"),
            candidate("pricey", score: 100, commission: 11, ip: "4.4.0.1"),
            candidate("unscored", score: nil, ip: "5.5.0.1"),
            candidate("big", score: 100, ip: "6.6.0.1"),
            candidate("cheaper", score: 99, commission: 0, ip: "7.7.0.1"),
        ], count: 3, maxCommission: 10, superminority: ["big"])
        #expect(picks.map(\.voteAccount) == ["cheaper", "top", "low"])
    }

    @Test func diversifiesNetworksAndVersions() {
        let candidates = [
            candidate("a", score: 99, version: "2.1.0", ip: "10.1.0.1"),
            candidate("b", score: 98, version: "2.1.0", ip: "10.1.9.9"),  // same /16 as a
            candidate("c", score: 97, version: "2.1.0", ip: "10.2.0.1"),
            candidate("d", score: 96, version: "2.1.0", ip: "10.3.0.1"),  // a third 2.1.0 pick exceeds the cap of 2
            candidate("e", score: 95, version: "2.2.0", ip: "10.4.0.1"),
            candidate("f", score: 94, version: "2.2.0", ip: "10.5.0.1"),
        ]
        #expect(Recommender.recommend(candidates, count: 4, maxCommission: 10, superminority: []).map(\.voteAccount) == ["a", "c", "e", "f"])
        // Not enough diversity: the version cap is relaxed first, then the network rule.
        #expect(Recommender.recommend(Array(candidates.prefix(4)), count: 3, maxCommission: 10, superminority: []).map(\.voteAccount) == ["a", "c", "d"])
        #expect(Recommender.recommend(Array(candidates.prefix(2)), count: 2, maxCommission: 10, superminority: []).map(\.voteAccount) == ["a", "b"])
        #expect(Recommender.network16("::1") == nil && Recommender.network16("1.2.3.4") == "1.2")
    }
}
