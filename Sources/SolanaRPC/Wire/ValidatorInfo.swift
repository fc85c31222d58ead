import Foundation

/// Published validator-info (from the Config program), trusted only when the identity signed it.
public struct ValidatorInfo: Sendable, Equatable, Codable {
    /// The Config account holding the info.
    public var infoPubkey: String
    /// The validator identity that signed it.
    public var identity: String
    public var name: String?
    public var website: String?
    public var details: String?
    public var keybaseUsername: String?
    public var iconUrl: String?

    public init(
        infoPubkey: String, identity: String, name: String? = nil, website: String? = nil, details: String? = nil,
        keybaseUsername: String? = nil, iconUrl: String? = nil
    ) {
        self.infoPubkey = infoPubkey
        self.identity = identity
        self.name = name
        self.website = website
        self.details = details
        self.keybaseUsername = keybaseUsername
        self.iconUrl = iconUrl
    }

    /// The Config program id and the key that marks a validator-info account.
    public static let configProgram = "Config1111111111111111111111111111111111111"
    public static let validatorInfoKey = "Va1idator1nfo111111111111111111111111111111"

    /// The signed validator-info entries among Config program accounts: `type == "validatorInfo"`, `keys[0]` the
    /// validator-info key and `keys[1]` the identity with `signer: true`. When one identity signed several, the one with the
    /// smallest account pubkey wins (deterministic; real data has a few such duplicates).
    public static func signedEntries(from accounts: [ConfigProgramAccount]) -> [ValidatorInfo] {
        signedEntries(from: accounts.map(ConfigAccountSummary.init))
    }

    /// The same selection over summaries (what `LiveSolanaRPCClient` reads from the wire without a `JSONValue` tree).
    /// One pass keeps, per identity, the account with the smallest pubkey; only the chosen entries are sorted.
    public static func signedEntries(from accounts: [ConfigAccountSummary]) -> [ValidatorInfo] {
        var chosen: [String: Int] = [:]  // identity -> index of its account with the smallest pubkey
        for (index, account) in accounts.enumerated() {
            guard account.type == "validatorInfo", let keys = account.keys, keys.count >= 2,
                keys[0].pubkey == validatorInfoKey, let identity = keys[1].pubkey, keys[1].signer == true
            else { continue }
            if let other = chosen[identity], accounts[other].pubkey <= account.pubkey { continue }
            chosen[identity] = index
        }
        return chosen.sorted { $0.key < $1.key }.map { identity, index in
            let account = accounts[index]
            return ValidatorInfo(
                infoPubkey: account.pubkey, identity: identity, name: published(account.name),
                website: published(account.website), details: published(account.details),
                keybaseUsername: published(account.keybaseUsername), iconUrl: published(account.iconUrl))
        }
    }

    /// A published field without surrounding whitespace; nil when absent or blank. Most fields begin and end with a
    /// visible ASCII character: they are returned as they are, without Foundation's character-set scan (whose set is
    /// wider than Unicode's White_Space, e.g. U+200B, so anything else goes through it).
    static func published(_ raw: String?) -> String? {
        guard let raw, let first = raw.utf8.first, let last = raw.utf8.last else { return nil }
        if (0x21...0x7E).contains(first) && (0x21...0x7E).contains(last) { return raw }
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// How many of the five published fields are present.
    public var fieldCount: Int {
        [name, website, details, keybaseUsername, iconUrl].filter { $0 != nil }.count
    }
}

/// One account of `getProgramAccounts` on the Config program with `jsonParsed` encoding. `data` is a parsed object, or
/// `["<base64>", "base64"]` for accounts the node could not parse.
public struct ConfigProgramAccount: Sendable, Equatable, Codable {
    public enum Data: Sendable, Equatable {
        case parsed(type: String, info: JSONValue)
        case raw(base64: String)
    }

    public var pubkey: String
    public var lamports: UInt64
    public var data: Data

    public init(pubkey: String, lamports: UInt64, data: Data) {
        self.pubkey = pubkey
        self.lamports = lamports
        self.data = data
    }

    private enum CodingKeys: String, CodingKey { case pubkey, account }
    private enum AccountKeys: String, CodingKey { case lamports, data }
    private enum DataKeys: String, CodingKey { case parsed, program }
    private enum ParsedKeys: String, CodingKey { case type, info }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pubkey = try c.decode(String.self, forKey: .pubkey)
        let account = try c.nestedContainer(keyedBy: AccountKeys.self, forKey: .account)
        lamports = try account.decode(UInt64.self, forKey: .lamports)
        if var raw = try? account.nestedUnkeyedContainer(forKey: .data) {
            let base64 = try raw.decode(String.self)
            let encoding = try raw.decode(String.self)
            guard encoding == "base64" || encoding == "base58" else {
                throw DecodingError.dataCorruptedError(in: raw, debugDescription: "unknown account data encoding \(encoding)")
            }
            data = .raw(base64: base64)
        } else {
            let object = try account.nestedContainer(keyedBy: DataKeys.self, forKey: .data)
            let parsed = try object.nestedContainer(keyedBy: ParsedKeys.self, forKey: .parsed)
            data = .parsed(
                type: try parsed.decode(String.self, forKey: .type),
                info: try parsed.decodeIfPresent(JSONValue.self, forKey: .info) ?? .null)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pubkey, forKey: .pubkey)
        var account = c.nestedContainer(keyedBy: AccountKeys.self, forKey: .account)
        try account.encode(lamports, forKey: .lamports)
        switch data {
        case .raw(let base64):
            try account.encode([base64, "base64"], forKey: .data)
        case .parsed(let type, let info):
            var object = account.nestedContainer(keyedBy: DataKeys.self, forKey: .data)
            try object.encode("config", forKey: .program)
            var parsed = object.nestedContainer(keyedBy: ParsedKeys.self, forKey: .parsed)
            try parsed.encode(type, forKey: .type)
            try parsed.encode(info, forKey: .info)
        }
    }
}
