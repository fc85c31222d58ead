import SQLKit
import SolStakeCore

/// Reads the model's inputs for the validators of the latest fetch, in a constant number of statements. Call it inside
/// one snapshot (`readSnapshot`) or transaction so the three reads see the same data.
public enum ScoringInputReader {
    public struct Inputs: Sendable {
        public var cluster: ClusterScoringInput
        /// Row id per vote account.
        public var validatorIds: [String: Int64]
        public var fetchJobId: String
    }

    private struct ValidatorRow {
        let id: Int64
        let voteAccount: String
        let commission: Int?
        let delinquent: Bool
        let activatedStake: Int64
        let version: String?
        /// Published validator-info fields present (counted by the database: the texts are not needed here).
        let infoFieldCount: Int
        let firstSeenEpoch: Int64?
        let mevCommissionBps: Int?
        let runsJito: Bool?
    }

    private struct StatRow {
        let epoch: UInt64
        let credits: Int64?
        let creditCeiling: Int64?
        let commission: Int?
        let leaderSlots: Int64?
        let blocksProduced: Int64?
    }

    private struct ObservationRow {
        let epoch: UInt64
        let delinquent: Bool
        let commission: Int?
    }

    private struct FetchRow: Decodable {
        let jobId: String
        let epoch: Int64
    }

    private static func required<T>(_ value: T?, _ table: String, _ column: String) throws -> T {
        guard let value else { throw DatabaseError.corruptValue(table: table, column: column, detail: "null where a value is required") }
        return value
    }

    /// Nil when no fetch has completed yet.
    public static func read(model: ScoringModel, nowMillis: Int64, on db: any SQLDatabase) async throws -> Inputs? {
        let windows = model.inputWindows
        guard let fetch = try await db.raw(#"SELECT "jobId", "epoch" FROM "fetchRun" ORDER BY "finishedAt" DESC, "id" DESC LIMIT 1"#)
            .first(decoding: FetchRow.self)
        else { return nil }
        let currentEpoch = UInt64(fetch.epoch)
        let validators = try await readValidators(fetchJobId: fetch.jobId, on: db)
        let history = windows.historyEpochs
        let stats = try await readStats(fromEpoch: currentEpoch > history ? currentEpoch - history : 0, on: db)
        let observations = try await readObservations(
            since: nowMillis - Int64(windows.livenessDays * 86_400_000),
            fromEpoch: currentEpoch > windows.livenessMaxEpochs ? currentEpoch - windows.livenessMaxEpochs : 0, on: db)

        var ceilings: [UInt64: UInt64] = [:]
        for stat in stats.values.joined() {
            if let ceiling = stat.creditCeiling, ceiling > 0 { ceilings[stat.epoch] = max(ceilings[stat.epoch] ?? 0, UInt64(ceiling)) }
        }
        var inputs: [ValidatorScoringInput] = []
        inputs.reserveCapacity(validators.count)
        for v in validators {
            var credits: [UInt64: UInt64] = [:]
            var fromStats: [CommissionObservation] = []
            var leaderSlots: UInt64 = 0
            var blocks: UInt64 = 0
            for row in stats[v.id] ?? [] {
                if let c = row.credits { credits[row.epoch] = UInt64(max(0, c)) }
                if let c = row.commission { fromStats.append(.init(epoch: row.epoch, commission: c)) }
                if row.epoch + 1 >= currentEpoch {
                    leaderSlots += UInt64(max(0, row.leaderSlots ?? 0))
                    blocks += UInt64(max(0, row.blocksProduced ?? 0))
                }
            }
            let seen = observations[v.id] ?? []
            let fromObservations = seen.compactMap { o in o.commission.map { CommissionObservation(epoch: o.epoch, commission: $0) } }
            var input = ValidatorScoringInput(
                voteAccount: v.voteAccount, commission: v.commission, delinquent: v.delinquent,
                activatedStake: try Lamports.fromStored(v.activatedStake, field: "validator \(v.voteAccount) activatedStake"),
                version: v.version, infoFieldCount: v.infoFieldCount, firstSeenEpoch: v.firstSeenEpoch.map { UInt64(max(0, $0)) },
                credits: credits, commissionHistory: CommissionObservation.merged(fromStats, fromObservations),
                delinquencyObservations: seen.map(\.delinquent), leaderSlots: leaderSlots, blocksProduced: min(blocks, leaderSlots))
            input.mevCommissionBps = v.mevCommissionBps
            input.runsJito = v.runsJito
            inputs.append(input)
        }
        return Inputs(
            cluster: ClusterScoringInput(
                currentEpoch: currentEpoch, blocksByEpoch: ceilings.mapValues { $0 / windows.creditsPerBlock }, validators: inputs),
            validatorIds: Dictionary(validators.map { ($0.voteAccount, $0.id) }, uniquingKeysWith: { first, _ in first }),
            fetchJobId: fetch.jobId)
    }

    // Large reads come back as one JSON text each (the database aggregates, `JSONRowsReader` scans): row-by-row
    // `Codable` decoding through SQLKit is the slow path for tens of thousands of rows.

    /// The validators the fetch observed, by id.
    private static func readValidators(fetchJobId: String, on db: any SQLDatabase) async throws -> [ValidatorRow] {
        let infoFields = ["name", "website", "details", "iconUrl", "keybaseUsername"]
            .map { #"(CASE WHEN v."\#($0)" IS NULL THEN 0 ELSE 1 END)"# }.joined(separator: " + ")
        let columns = [
            #"v."id""#, #"v."voteAccount""#, #"v."commission""#, #"v."delinquent""#, #"v."activatedStake""#, #"v."version""#, infoFields,
            #"v."firstSeenEpoch""#, #"v."mevCommissionBps""#, #"v."runsJito""#,
        ]
        var rows = try await JSONAggregate.fetch("""
            \(unsafeRaw: JSONAggregate.select(columns, orderBy: #"v."id""#, postgres: SQLFlavor(of: db) == .postgres))
            FROM "validator" v JOIN "validatorObservation" o ON o."validatorId" = v."id" WHERE o."fetchId" = \(bind: fetchJobId)
            """, on: db)
        var validators: [ValidatorRow] = []
        while try rows.nextRow() {
            validators.append(ValidatorRow(
                id: try required(rows.bigint(), "validator", "id"),
                voteAccount: try required(rows.text(), "validator", "voteAccount"),
                commission: try rows.integer(),
                delinquent: try required(rows.boolean(), "validator", "delinquent"),
                activatedStake: try required(rows.bigint(), "validator", "activatedStake"),
                version: try rows.text(),
                infoFieldCount: try required(rows.integer(), "validator", "name, website, details, iconUrl, keybaseUsername"),
                firstSeenEpoch: try rows.bigint(), mevCommissionBps: try rows.integer(), runsJito: try rows.boolean()))
        }
        return validators
    }

    /// Epoch stats from `fromEpoch` on, by validator id, through the epoch index: the read covers the window's rows
    /// only, however long the stored history.
    private static func readStats(fromEpoch: UInt64, on db: any SQLDatabase) async throws -> [Int64: [StatRow]] {
        let columns = [#""validatorId""#, #""epoch""#, #""credits""#, #""creditCeiling""#, #""commission""#, #""leaderSlots""#, #""blocksProduced""#]
        var rows = try await JSONAggregate.fetch("""
            \(unsafeRaw: JSONAggregate.select(columns, postgres: SQLFlavor(of: db) == .postgres))
            FROM "validatorEpochStat" WHERE "epoch" >= \(bind: Int64(fromEpoch))
            """, on: db)
        var stats: [Int64: [StatRow]] = [:]
        while try rows.nextRow() {
            let validatorId = try required(rows.bigint(), "validatorEpochStat", "validatorId")
            stats[validatorId, default: []].append(StatRow(
                epoch: UInt64(max(0, try required(rows.bigint(), "validatorEpochStat", "epoch"))),
                credits: try rows.bigint(), creditCeiling: try rows.bigint(), commission: try rows.integer(),
                leaderSlots: try rows.bigint(), blocksProduced: try rows.bigint()))
        }
        return stats
    }

    /// Observations since `since` (milliseconds) and from `fromEpoch` on, by validator id, oldest first. The epoch index
    /// bounds the read (the unary `+` keeps SQLite off the time index, which a replay's compressed epochs all match).
    private static func readObservations(since: Int64, fromEpoch: UInt64, on db: any SQLDatabase) async throws -> [Int64: [ObservationRow]] {
        let columns = [#""validatorId""#, #""epoch""#, #""delinquent""#, #""commission""#]
        var rows = try await JSONAggregate.fetch("""
            \(unsafeRaw: JSONAggregate.select(columns, orderBy: #""observedAt", "id""#, postgres: SQLFlavor(of: db) == .postgres))
            FROM "validatorObservation" WHERE "epoch" >= \(bind: Int64(fromEpoch)) AND +"observedAt" >= \(bind: since)
            """, on: db)
        var observations: [Int64: [ObservationRow]] = [:]
        while try rows.nextRow() {
            let validatorId = try required(rows.bigint(), "validatorObservation", "validatorId")
            observations[validatorId, default: []].append(ObservationRow(
                epoch: UInt64(max(0, try required(rows.bigint(), "validatorObservation", "epoch"))),
                delinquent: try required(rows.boolean(), "validatorObservation", "delinquent"),
                commission: try rows.integer()))
        }
        return observations
    }
}
