import CompressNIO
import Foundation
import NIOCore

/// The real mainnet data in `../shared/fixtures/mainnet`, found through `SOLSTAKE_MAINNET_FIXTURES` (never copied into
/// the project). Files are gzip-compressed JSON and are read as they are.
public struct MainnetFixtures: Sendable {
    public let directory: URL

    /// The environment variable naming the fixture directory.
    public static let environmentKey = "SOLSTAKE_MAINNET_FIXTURES"

    public init(directory: URL) {
        self.directory = directory
    }

    /// The fixtures named by `SOLSTAKE_MAINNET_FIXTURES`, or nil when it is unset or not a directory.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> MainnetFixtures? {
        guard let path = environment[environmentKey], !path.isEmpty else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
        return MainnetFixtures(directory: URL(fileURLWithPath: path))
    }

    /// File names in the directory, sorted.
    public func fileNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    /// The decompressed bytes of `name` (a `.gz` file is gunzipped; any other file is read as is).
    public func data(_ name: String) throws -> Data {
        try Gzip.readFile(directory.appendingPathComponent(name))
    }

    // The files the project relies on, by role.
    public static let voteAccounts752 = "getVoteAccounts_mainnet_epoch752_slot325058116_2025-03-07.json.gz"
    public static let voteAccounts45 = "getVoteAccounts_mainnet_epoch45_2020-06.json.gz"
    public static let validatorInfo2023 = "config_program_accounts_jsonParsed_mainnet_2023-08-24.json.gz"
    public static let validatorInfo2021 = "config_program_accounts_jsonParsed_mainnet_2021-11-02.json.gz"
    public static let clusterNodes2020 = "getClusterNodes_mainnet_2020-06.json.gz"
    public static let epochInfo202 = "getEpochInfo_mainnet_epoch202_2021-07-16.json.gz"
    public static let epochInfo45 = "getEpochInfo_mainnet_epoch45_2020-06.json.gz"
    public static let stakeAccountsSmall = "getProgramAccounts_stake_jsonParsed_mainnet_epoch650-652_small.json.gz"
    public static let geoIP752 = "igroza_validators_geo_ip_stake_2025-03-07.json.gz"
    public static let stakeTotals752 = "stake_totals_by_vote_account_mainnet_2025-03-07.json.gz"
    public static let stakes752 = "cli_solana_stakes_vote_CvSb7w_mainnet_2025-03-07.json.gz"
}

/// gzip decompression over zlib.
public enum Gzip {
    public static func readFile(_ url: URL) throws -> Data {
        let raw = try Data(contentsOf: url)
        guard url.pathExtension == "gz" else { return raw }
        return try decompress(raw)
    }

    public static func decompress(_ data: Data) throws -> Data {
        var input = ByteBuffer(bytes: data)
        let output = try input.decompress(with: .gzip(), maxSize: 1 << 31)
        return Data(output.readableBytesView)
    }
}
