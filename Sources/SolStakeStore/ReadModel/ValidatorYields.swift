import SQLKit

/// Each validator's estimated total APY as of its latest fetch, and the cluster's, for reports.
public struct ValidatorYields: Sendable, Equatable {
    public var byVoteAccount: [String: Double]
    public var networkApy: Double?
    public var epoch: Int64?

    public init(byVoteAccount: [String: Double] = [:], networkApy: Double? = nil, epoch: Int64? = nil) {
        self.byVoteAccount = byVoteAccount
        self.networkApy = networkApy
        self.epoch = epoch
    }

    private struct Row: Decodable { let voteAccount: String; let apyTotal: Double }

    public static func load(_ database: any DatabaseClient) async throws -> ValidatorYields {
        try await database.read { db in
            let rows = try await db.raw(#"SELECT "voteAccount", "apyTotal" FROM "validator" WHERE "apyTotal" IS NOT NULL"#).all(decoding: Row.self)
            let economics = try await EpochEconomicsStore.latest(on: db)
            return ValidatorYields(
                byVoteAccount: Dictionary(rows.map { ($0.voteAccount, $0.apyTotal) }, uniquingKeysWith: { a, _ in a }),
                networkApy: economics?.networkApy, epoch: economics?.epoch)
        }
    }
}
