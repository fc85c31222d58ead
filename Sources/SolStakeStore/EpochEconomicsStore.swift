import Foundation
import SQLKit
import SolStakeCore

/// The network inputs of the yield estimate, one row per epoch (the latest fetch in the epoch wins).
public enum EpochEconomicsStore {
    public struct Row: Decodable, Sendable, Equatable {
        public let epoch: Int64
        public let slot: Int64
        public let totalRate: Double
        public let validatorRate: Double
        public let foundationRate: Double
        public let governor: String
        public let capitalization: Int64
        public let slotsInEpoch: Int64
        public let secondsPerSlot: Double?
        public let epochsPerYear: Double
        public let pool: Int64
        public let totalPoints: String
        public let networkApy: Double
        public let mevEpoch: Int64?
        public let fetchedAt: Int64
    }

    public static func upsert(_ e: EpochEconomics, nowMillis: Int64, on db: any SQLDatabase) async throws {
        let governor = String(decoding: try JSONEncoder().encode(e.governor), as: UTF8.self)
        func big(_ value: UInt64, _ field: String) throws -> Int64 { try Lamports.storable(value, field: "epochEconomics \(e.epoch) \(field)") }
        try await db.raw(#"""
            INSERT INTO "epochEconomics" ("epoch", "slot", "totalRate", "validatorRate", "foundationRate", "governor", "capitalization",
                "slotsInEpoch", "secondsPerSlot", "epochsPerYear", "pool", "totalPoints", "networkApy", "mevEpoch", "fetchedAt")
            VALUES (\#(bind: try big(e.epoch, "epoch")), \#(bind: try big(e.slot, "slot")), \#(bind: e.totalRate), \#(bind: e.validatorRate),
                \#(bind: e.foundationRate), \#(bind: governor), \#(bind: try big(e.capitalization, "capitalization")),
                \#(bind: try big(e.slotsInEpoch, "slotsInEpoch")), \#(bind: e.secondsPerSlot), \#(bind: e.epochsPerYear),
                \#(bind: try big(e.pool, "pool")), \#(bind: String(e.totalPoints)), \#(bind: e.networkApy),
                \#(bind: try e.mevEpoch.map { try big($0, "mevEpoch") }), \#(bind: nowMillis))
            ON CONFLICT ("epoch") DO UPDATE SET "slot" = excluded."slot", "totalRate" = excluded."totalRate",
                "validatorRate" = excluded."validatorRate", "foundationRate" = excluded."foundationRate", "governor" = excluded."governor",
                "capitalization" = excluded."capitalization", "slotsInEpoch" = excluded."slotsInEpoch",
                "secondsPerSlot" = excluded."secondsPerSlot", "epochsPerYear" = excluded."epochsPerYear", "pool" = excluded."pool",
                "totalPoints" = excluded."totalPoints", "networkApy" = excluded."networkApy", "mevEpoch" = excluded."mevEpoch",
                "fetchedAt" = excluded."fetchedAt"
            """#).run()
    }

    public static func latest(on db: any SQLDatabase) async throws -> Row? {
        try await db.raw(#"SELECT * FROM "epochEconomics" ORDER BY "epoch" DESC LIMIT 1"#).first(decoding: Row.self)
    }
}
