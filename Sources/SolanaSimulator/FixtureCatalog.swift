import Foundation
import SolStakeCore
import SolanaFixtures
import SolanaRPC

/// The dated files of the mainnet fixtures, each placed at the epoch of its date. A date's epoch comes from any file of
/// that date whose name carries a slot (`..._2026-01-21_slot394890948...`: slot / 432,000).
struct FixtureCatalog {
    struct Dated: Sendable {
        let date: String
        let epoch: UInt64
        let name: String
    }

    let fixtures: MainnetFixtures
    /// Every file name of the directory.
    let names: Set<String>
    let cliValidators: [Dated]
    let validatorInfo: [Dated]
    let geo: [Dated]
    let jito: [Dated]

    init(_ fixtures: MainnetFixtures) throws {
        self.fixtures = fixtures
        let names = try fixtures.fileNames()
        self.names = Set(names)
        var epochByDate: [String: UInt64] = [:]
        for name in names {
            guard let date = Self.date(in: name), let slot = Self.slot(in: name) else { continue }
            epochByDate[date] = slot / 432_000
        }
        func dated(_ prefix: String) -> [Dated] {
            names.filter { $0.hasPrefix(prefix) }.compactMap { name in
                Self.date(in: name).flatMap { date in epochByDate[date].map { Dated(date: date, epoch: $0, name: name) } }
            }.sorted { $0.epoch < $1.epoch }
        }
        cliValidators = dated("cli_solana_validators_mainnet_")
        validatorInfo = dated("cli_validator_info_get_mainnet_")
        geo = dated("igroza_validators_geo_ip_stake_")
        jito = dated("jito_kobe_jitosol_validators_mainnet_")
    }

    /// The file nearest in epoch (the earlier one on a tie).
    static func nearest(_ files: [Dated], to epoch: UInt64) -> Dated? { nearest(files, to: epoch, at: \.epoch) }

    /// The entry nearest in epoch to `epoch` (the earlier one on a tie).
    static func nearest<T>(_ entries: [T], to epoch: UInt64, at epochOf: (T) -> UInt64) -> T? {
        entries.min { a, b in
            let (ea, eb) = (epochOf(a), epochOf(b))
            let da = ea > epoch ? ea - epoch : epoch - ea
            let db = eb > epoch ? eb - epoch : epoch - eb
            return (da, ea) < (db, eb)
        }
    }

    static func date(in name: String) -> String? {
        let parts = name.split(whereSeparator: { $0 == "_" || $0 == "." })
        return parts.first { part in
            part.count == 10 && part.enumerated().allSatisfy { i, c in (i == 4 || i == 7) ? c == "-" : c.isNumber }
        }.map(String.init)
    }

    static func slot(in name: String) -> UInt64? {
        name.split(whereSeparator: { $0 == "_" || $0 == "." }).first { $0.hasPrefix("slot") }.flatMap { UInt64($0.dropFirst(4)) }
    }

    // MARK: Files

    /// `solana validators --output json`.
    struct CLIValidators: Decodable {
        struct Row: Decodable {
            let identityPubkey: String
            let voteAccountPubkey: String
            let commission: UInt8?
            let lastVote: UInt64?
            let rootSlot: UInt64?
            let credits: UInt64?
            let epochCredits: UInt64?
            let activatedStake: UInt64
            let version: String?
            let delinquent: Bool
            /// Percent of leader slots skipped this epoch.
            let skipRate: Double?
        }
        let validators: [Row]
    }

    func cli(_ name: String) throws -> CLIValidators {
        try JSONDecoder().decode(CLIValidators.self, from: fixtures.data(name))
    }

    /// `solana validator-info get --output json`, served as the Config program's jsonParsed accounts.
    func configAccounts(_ name: String) throws -> [ConfigProgramAccount] {
        struct Entry: Decodable {
            let identityPubkey: String
            let infoPubkey: String
            let info: [String: String?]
        }
        let entries = try JSONDecoder().decode([Entry].self, from: fixtures.data(name))
        return entries.map { entry in
            var data: [String: JSONValue] = [:]
            for (key, value) in entry.info { if let value { data[key] = .string(value) } }
            let info: JSONValue = .object([
                "keys": .array([
                    .object(["pubkey": .string(ValidatorInfo.validatorInfoKey), "signer": .bool(false)]),
                    .object(["pubkey": .string(entry.identityPubkey), "signer": .bool(true)]),
                ]),
                "configData": .object(data),
            ])
            return ConfigProgramAccount(pubkey: entry.infoPubkey, lamports: 10_000_000, data: .parsed(type: "validatorInfo", info: info))
        }
    }

    /// Gossip IP by identity.
    func gossipIPs(_ name: String) throws -> [String: String] {
        // Older files name the identity `Pubkey`, newer ones `NodePubkey`.
        struct Geo: Decodable {
            struct Row: Decodable { let IP: String?; let Pubkey: String?; let NodePubkey: String? }
            let validators: [Row]
        }
        let rows = try JSONDecoder().decode(Geo.self, from: fixtures.data(name)).validators
        return Dictionary(
            rows.compactMap { row in (row.Pubkey ?? row.NodePubkey).flatMap { key in row.IP.map { (key, $0) } } },
            uniquingKeysWith: { first, _ in first })
    }

    /// MEV commission by vote account, for validators running Jito.
    func jitoCommissions(_ name: String) throws -> [String: UInt16] {
        struct Jito: Decodable {
            struct Row: Decodable { let vote_account: String; let mev_commission_bps: UInt16?; let running_jito: Bool? }
            let validators: [Row]
        }
        let rows = try JSONDecoder().decode(Jito.self, from: fixtures.data(name)).validators
        var out: [String: UInt16] = [:]
        for row in rows where row.running_jito ?? true {
            if let bps = row.mev_commission_bps, bps <= 10_000 { out[row.vote_account] = bps }
        }
        return out
    }
}
