import SQLKit
import SolStakeCore

/// Reads the model's inputs for the validators of the latest fetch, in a constant number of statements.
public enum ScoringInputReader {
    public struct Inputs: Sendable {
        public var cluster: ClusterScoringInput
        /// Row id per vote account.
        public var validatorIds: ValidatorIDs
        public var fetchJobId: String
    }

    struct ValidatorRow {
        let id: Int64
        let voteAccount: String
        let commission: Int?
        let delinquent: Bool
        let activatedStake: Int64
        let version: String?
        /// Published validator-info fields present (counted by the database: the texts are not needed here).
        let infoFieldCount: Int
        let firstSeenEpoch: Int64?
    }

    struct StatRow {
        let validatorId: Int64
        let epoch: Int64
        let credits: Int64?
        let creditCeiling: Int64?
        let commission: Int?
        let leaderSlots: Int64?
        let blocksProduced: Int64?
    }

    struct ObservationRow {
        let validatorId: Int64
        let epoch: Int64
        let delinquent: Bool
        let commission: Int?
    }

    struct FetchRow: Decodable {
        let jobId: String
        let epoch: Int64
    }

    /// Row indexes grouped by a group number (rows without one are left out), in row order within each group.
    struct Grouping {
        private var starts: [Int]
        private var order: [Int]

        init(_ groupOfRow: [Int?], groups: Int) {
            var starts = [Int](repeating: 0, count: groups + 1)
            for group in groupOfRow { if let group { starts[group + 1] += 1 } }
            for g in 0..<groups { starts[g + 1] += starts[g] }
            var next = starts
            var order = [Int](repeating: 0, count: starts[groups])
            for (row, group) in groupOfRow.enumerated() {
                guard let group else { continue }
                order[next[group]] = row
                next[group] += 1
            }
            self.starts = starts
            self.order = order
        }

        func members(of group: Int) -> ArraySlice<Int> { order[starts[group]..<starts[group + 1]] }
        func count(of group: Int) -> Int { starts[group + 1] - starts[group] }
    }

    /// Row positions by validator id: an array over the id range when the ids are dense enough (they are assigned in
    /// sequence), a dictionary otherwise.
    struct PositionByID {
        private let base: Int64
        private let dense: [Int32]
        private let sparse: [Int64: Int]

        init(_ ids: [Int64]) {
            let (low, high) = (ids.min() ?? 0, ids.max() ?? 0)
            if !ids.isEmpty, high - low < Int64(max(4 * ids.count, 1_024)) {
                var dense = [Int32](repeating: -1, count: Int(high - low) + 1)
                for (position, id) in ids.enumerated() where dense[Int(id - low)] < 0 { dense[Int(id - low)] = Int32(position) }
                (base, self.dense, sparse) = (low, dense, [:])
            } else {
                var sparse: [Int64: Int] = [:]
                for (position, id) in ids.enumerated() where sparse[id] == nil { sparse[id] = position }
                (base, dense, self.sparse) = (0, [], sparse)
            }
        }

        subscript(id: Int64) -> Int? {
            guard !dense.isEmpty else { return sparse[id] }
            guard id >= base, id - base < Int64(dense.count) else { return nil }
            let position = dense[Int(id - base)]
            return position < 0 ? nil : Int(position)
        }
    }

    private static func required<T>(_ value: T?, _ table: String, _ column: String) throws -> T {
        guard let value else { throw DatabaseError.corruptValue(table: table, column: column, detail: "null where a value is required") }
        return value
    }

    /// Nil when no fetch has completed yet.
    public static func read(configuration: ScoringConfiguration, nowMillis: Int64, on db: any SQLDatabase) async throws -> Inputs? {
        guard let fetch = try await db.raw(#"SELECT "jobId", "epoch" FROM "fetchRun" ORDER BY "finishedAt" DESC, "id" DESC LIMIT 1"#)
            .first(decoding: FetchRow.self)
        else { return nil }
        let currentEpoch = UInt64(fetch.epoch)

        // Large reads come back as JSON texts (the database aggregates, `JSONRowsReader` scans): at 100,000 validators
        // that is 700,000 rows, which SQLKit's row-by-row `Codable` decoding made the slowest part of a score. The two
        // largest are read in pages of key ranges (`JSONAggregatePages`: 10,000 validator ids, 50,000 epoch-stat ids), the
        // next page while this one is decoded.
        let postgres = SQLFlavor(of: db) == .postgres
        let infoFields = ["name", "website", "details", "iconUrl", "keybaseUsername"]
            .map { #"(CASE WHEN v."\#($0)" IS NULL THEN 0 ELSE 1 END)"# }.joined(separator: " + ")
        var validators: [ValidatorRow] = []
        try await JSONAggregatePages(
            columns: [
                #"v."id""#, #"v."voteAccount""#, #"v."commission""#, #"v."delinquent""#, #"v."activatedStake""#, #"v."version""#,
                infoFields, #"v."firstSeenEpoch""#,
            ],
            keyTable: "validator", keyColumn: "id", keys: [#"o."validatorId""#, #"v."id""#],
            from: """
                FROM "validator" v JOIN "validatorObservation" o ON o."validatorId" = v."id"
                WHERE o."fetchId" = \(bind: fetch.jobId)
                """,
            pageSize: 10_000  // wide rows: ~1 MB of text per page
        ).forEach(on: db) { validatorRows in
            while try validatorRows.nextRow() {
                validators.append(ValidatorRow(
                    id: try required(validatorRows.bigint(), "validator", "id"),
                    voteAccount: try required(validatorRows.text(), "validator", "voteAccount"),
                    commission: try validatorRows.integer(),
                    delinquent: try required(validatorRows.boolean(), "validator", "delinquent"),
                    activatedStake: try required(validatorRows.bigint(), "validator", "activatedStake"),
                    version: try validatorRows.text(),
                    infoFieldCount: try required(validatorRows.integer(), "validator", "name, website, details, iconUrl, keybaseUsername"),
                    firstSeenEpoch: try validatorRows.bigint()))
            }
        }

        let history = max(configuration.windowEpochs, configuration.commissionCeilingEpochs)
        let fromEpoch = Int64(currentEpoch > history ? currentEpoch - history : 0)
        // Pages of id ranges: ranges of storage order (SQLite's rowid; PostgreSQL appends in id order). The unary `+` keeps
        // SQLite off the epoch index, whose order would fetch rows at random; the per-validator order is restored below.
        var stats: [StatRow] = []
        try await JSONAggregatePages(
            columns: [
                #""validatorId""#, #""epoch""#, #""credits""#, #""creditCeiling""#, #""commission""#, #""leaderSlots""#,
                #""blocksProduced""#,
            ],
            keyTable: "validatorEpochStat", keyColumn: "id", keys: [#""id""#],
            from: #"FROM "validatorEpochStat" WHERE +"epoch" >= \#(bind: fromEpoch)"#
        ).forEach(on: db) { statRows in
            while try statRows.nextRow() {
                stats.append(StatRow(
                    validatorId: try required(statRows.bigint(), "validatorEpochStat", "validatorId"),
                    epoch: try required(statRows.bigint(), "validatorEpochStat", "epoch"),
                    credits: try statRows.bigint(), creditCeiling: try statRows.bigint(), commission: try statRows.integer(),
                    leaderSlots: try statRows.bigint(), blocksProduced: try statRows.bigint()))
            }
        }

        let since = nowMillis - Int64(configuration.livenessDays * 86_400_000)
        var observationRows = try await JSONAggregate.fetch("""
            \(unsafeRaw: JSONAggregate.select(
                [#""validatorId""#, #""epoch""#, #""delinquent""#, #""commission""#], orderBy: #""observedAt", "id""#, postgres: postgres))
            FROM "validatorObservation" WHERE "observedAt" >= \(bind: since)
            """, on: db)
        var observations: [ObservationRow] = []
        while try observationRows.nextRow() {
            observations.append(ObservationRow(
                validatorId: try required(observationRows.bigint(), "validatorObservation", "validatorId"),
                epoch: try required(observationRows.bigint(), "validatorObservation", "epoch"),
                delinquent: try required(observationRows.boolean(), "validatorObservation", "delinquent"),
                commission: try observationRows.integer()))
        }

        // Rows grouped per validator without an array per validator: positions by validator id, then each table's rows
        // ordered by validator (a counting sort into one flat index array).
        let position = PositionByID(validators.map(\.id))
        var ceilings: [UInt64: UInt64] = [:]
        for stat in stats {
            if let ceiling = stat.creditCeiling, ceiling > 0 { ceilings[UInt64(stat.epoch)] = max(ceilings[UInt64(stat.epoch)] ?? 0, UInt64(ceiling)) }
        }
        let statGroups = Grouping(stats.map { position[$0.validatorId] }, groups: validators.count)
        let observationGroups = Grouping(observations.map { position[$0.validatorId] }, groups: validators.count)
        let ids = ValidatorIDs(validators.map { ($0.voteAccount, $0.id) })

        var inputs: [ValidatorScoringInput] = []
        inputs.reserveCapacity(validators.count)
        var fromStats: [CommissionObservation] = []
        var fromObservations: [CommissionObservation] = []
        for (index, v) in validators.enumerated() {
            var credits: [UInt64: UInt64] = [:]
            fromStats.removeAll(keepingCapacity: true)
            fromObservations.removeAll(keepingCapacity: true)
            var leaderSlots: UInt64 = 0
            var blocks: UInt64 = 0
            for rowIndex in statGroups.members(of: index) {
                let row = stats[rowIndex]
                let epoch = UInt64(row.epoch)
                if let c = row.credits { credits[epoch] = UInt64(max(0, c)) }
                if let c = row.commission { fromStats.append(.init(epoch: epoch, commission: c)) }
                if epoch + 1 >= currentEpoch {
                    leaderSlots += UInt64(max(0, row.leaderSlots ?? 0))
                    blocks += UInt64(max(0, row.blocksProduced ?? 0))
                }
            }
            var seen: [Bool] = []
            seen.reserveCapacity(observationGroups.count(of: index))
            for rowIndex in observationGroups.members(of: index) {
                let observation = observations[rowIndex]
                seen.append(observation.delinquent)
                if let c = observation.commission { fromObservations.append(.init(epoch: UInt64(observation.epoch), commission: c)) }
            }
            inputs.append(ValidatorScoringInput(
                voteAccount: v.voteAccount, commission: v.commission, delinquent: v.delinquent,
                activatedStake: try Lamports.fromStored(v.activatedStake, field: "validator \(v.voteAccount) activatedStake"),
                version: v.version, infoFieldCount: v.infoFieldCount, firstSeenEpoch: v.firstSeenEpoch.map { UInt64(max(0, $0)) },
                credits: credits, commissionHistory: CommissionObservation.merged(fromStats, fromObservations),
                delinquencyObservations: seen, leaderSlots: leaderSlots, blocksProduced: min(blocks, leaderSlots)))
        }
        let blocksByEpoch = ceilings.mapValues { $0 / configuration.creditsPerBlock }
        return Inputs(
            cluster: ClusterScoringInput(currentEpoch: currentEpoch, blocksByEpoch: blocksByEpoch, validators: inputs),
            validatorIds: ids, fetchJobId: fetch.jobId)
    }
}
