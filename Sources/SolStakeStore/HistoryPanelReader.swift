import SQLKit
import SolStakeCore

/// The per-epoch history a back-test runs on, read from `validatorEpochStat` in one statement per chunk of epochs.
public enum HistoryPanelReader {
    /// The epochs that have rows, ascending.
    public static func epochs(on database: any DatabaseClient) async throws -> [UInt64] {
        struct Row: Decodable { let epoch: Int64 }
        return try await database.read { db in
            try await db.raw(#"SELECT DISTINCT "epoch" FROM "validatorEpochStat" ORDER BY "epoch""#).all(decoding: Row.self)
        }.map { UInt64(max(0, $0.epoch)) }
    }

    /// Rows of `from ... to`, by epoch and vote account.
    public static func read(from: UInt64, to: UInt64, on database: any DatabaseClient) async throws -> HistoryPanel {
        var byEpoch: [UInt64: [String: HistoryPanel.Figures]] = [:]
        let columns = [
            #"v."voteAccount""#, #"s."epoch""#, #"s."credits""#, #"s."commission""#, #"s."mevCommissionBps""#, #"s."runsJito""#,
            #"s."activatedStake""#, #"s."version""#,
        ]
        // 20 epochs (about 30,000 rows) per statement: one JSON text each, not the whole history at once.
        for start in stride(from: from, through: to, by: 20) {
            let end = min(to, start + 19)
            var rows = try await database.read { db in
                try await JSONAggregate.fetch("""
                    \(unsafeRaw: JSONAggregate.select(columns, postgres: database.flavor == .postgres))
                    FROM "validatorEpochStat" s JOIN "validator" v ON v."id" = s."validatorId"
                    WHERE s."epoch" BETWEEN \(bind: Int64(start)) AND \(bind: Int64(end))
                    """, on: db)
            }
            while try rows.nextRow() {
                guard let vote = try rows.text(), let epoch = try rows.bigint() else {
                    throw DatabaseError.corruptValue(table: "validatorEpochStat", column: "epoch", detail: "a row without its vote account or epoch")
                }
                let credits = try rows.bigint(), commission = try rows.integer(), mev = try rows.integer(), jito = try rows.boolean()
                let stake = try rows.bigint(), version = try rows.text()
                byEpoch[UInt64(epoch), default: [:]][vote] = HistoryPanel.Figures(
                    credits: credits.map { UInt64(max(0, $0)) }, commission: commission, mevCommissionBps: mev, runsJito: jito,
                    activatedStake: stake.map { UInt64(max(0, $0)) }, version: version)
            }
        }
        return HistoryPanel(byEpoch: byEpoch)
    }
}
