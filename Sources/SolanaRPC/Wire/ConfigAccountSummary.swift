import SolStakeCore

/// What validator-info selection reads from one Config program account (`getProgramAccounts`, `jsonParsed`): its
/// pubkey, parsed type, `info.keys` and the five published `info.configData` fields. Read from the wire without building
/// the account's `JSONValue` tree (four dictionaries and an array per validator-info account).
public struct ConfigAccountSummary: Sendable, Equatable {
    public struct Key: Sendable, Equatable {
        /// Nil when absent or not a string.
        public var pubkey: String?
        /// Nil when absent or not a boolean.
        public var signer: Bool?

        public init(pubkey: String?, signer: Bool?) {
            self.pubkey = pubkey
            self.signer = signer
        }
    }

    public var pubkey: String
    /// `parsed.type`; nil for data the node could not parse (`["<base64>", "base64"]`).
    public var type: String?
    /// `info.keys`; nil when absent or not an array.
    public var keys: [Key]?
    /// `info.configData` fields as published (untrimmed); nil when absent or not strings.
    public var name: String?
    public var website: String?
    public var details: String?
    public var keybaseUsername: String?
    public var iconUrl: String?

    public init(
        pubkey: String, type: String?, keys: [Key]?, name: String? = nil, website: String? = nil, details: String? = nil,
        keybaseUsername: String? = nil, iconUrl: String? = nil
    ) {
        self.pubkey = pubkey
        self.type = type
        self.keys = keys
        self.name = name
        self.website = website
        self.details = details
        self.keybaseUsername = keybaseUsername
        self.iconUrl = iconUrl
    }

    /// The summary of a decoded account.
    public init(_ account: ConfigProgramAccount) {
        self.init(pubkey: account.pubkey, type: nil, keys: nil)
        guard case .parsed(let type, let info) = account.data else { return }
        self.type = type
        if case .array(let list)? = info["keys"] {
            keys = list.map { key in
                let signer: Bool? = if case .bool(let flag)? = key["signer"] { flag } else { nil }
                return Key(pubkey: key["pubkey"]?.stringValue, signer: signer)
            }
        }
        let data = info["configData"]
        name = data?["name"]?.stringValue
        website = data?["website"]?.stringValue
        details = data?["details"]?.stringValue
        keybaseUsername = data?["keybaseUsername"]?.stringValue
        iconUrl = data?["iconUrl"]?.stringValue
    }
}

extension ConfigAccountSummary: WireDecodable {
    /// One `{pubkey, account: {lamports, data, …}}` with the same requirements as `ConfigProgramAccount`'s decoder
    /// (`lamports` and `data` present; raw data in base64 or base58; parsed data with a `type`).
    public init(wire: inout JSONPullParser) throws {
        var pubkey: String?
        var sawAccount = false
        self.init(pubkey: "", type: nil, keys: nil)
        try wire.beginObject()
        while try wire.nextMember() {
            if wire.keyIs("pubkey") {
                pubkey = try wire.within("pubkey") { try $0.string() }
            } else if wire.keyIs("account") {
                sawAccount = true
                try wire.within("account") { try readAccount(&$0) }
            } else {
                try wire.skipValue()
            }
        }
        guard let pubkey else { throw wire.missing("pubkey") }
        guard sawAccount else { throw wire.missing("account") }
        self.pubkey = pubkey
    }

    private mutating func readAccount(_ wire: inout JSONPullParser) throws {
        var sawLamports = false, sawData = false
        try wire.beginObject()
        while try wire.nextMember() {
            if wire.keyIs("lamports") {
                _ = try wire.within("lamports") { try $0.uint64() }
                sawLamports = true
            } else if wire.keyIs("data") {
                try wire.within("data") { try readData(&$0) }
                sawData = true
            } else {
                try wire.skipValue()
            }
        }
        guard sawLamports else { throw wire.missing("lamports") }
        guard sawData else { throw wire.missing("data") }
    }

    private mutating func readData(_ wire: inout JSONPullParser) throws {
        if wire.peekKind() == .array {
            try wire.beginArray()
            guard try wire.nextElement() else { throw JSONPullParser.Malformed(offset: wire.position, expected: "[data, encoding]", isSyntax: false) }
            _ = try wire.within("[0]") { try $0.string() }
            guard try wire.nextElement() else { throw JSONPullParser.Malformed(offset: wire.position, expected: "[data, encoding]", isSyntax: false) }
            let encoding = try wire.within("[1]") { try $0.string() }
            guard encoding == "base64" || encoding == "base58" else {
                throw JSONPullParser.Malformed(
                    offset: wire.position, expected: "unknown account data encoding \(encoding)", path: ["[1]"], isSyntax: false)
            }
            while try wire.nextElement() { try wire.skipValue() }
            return
        }
        var sawParsed = false
        try wire.beginObject()
        while try wire.nextMember() {
            if wire.keyIs("parsed") {
                try wire.within("parsed") { try readParsed(&$0) }
                sawParsed = true
            } else {
                try wire.skipValue()
            }
        }
        guard sawParsed else { throw wire.missing("parsed") }
    }

    private mutating func readParsed(_ wire: inout JSONPullParser) throws {
        var parsedType: String?
        try wire.beginObject()
        while try wire.nextMember() {
            if wire.keyIs("type") {
                parsedType = try wire.within("type") { try $0.string() }
            } else if wire.keyIs("info") {
                try wire.within("info") { try readInfo(&$0) }
            } else {
                try wire.skipValue()
            }
        }
        guard let parsedType else { throw wire.missing("type") }
        type = parsedType
    }

    /// `info` of any shape: only `keys` (an array) and `configData` (an object) are read; everything else is skipped.
    private mutating func readInfo(_ wire: inout JSONPullParser) throws {
        guard wire.peekKind() == .object else { return try wire.skipValue() }
        try wire.beginObject()
        while try wire.nextMember() {
            if wire.keyIs("keys"), wire.peekKind() == .array {
                keys = try wire.within("keys") { try Self.readKeys(&$0) }
            } else if wire.keyIs("configData"), wire.peekKind() == .object {
                try wire.within("configData") { try readConfigData(&$0) }
            } else {
                try wire.skipValue()
            }
        }
    }

    private static func readKeys(_ wire: inout JSONPullParser) throws -> [Key] {
        var keys: [Key] = []
        try wire.beginArray()
        while try wire.nextElement() {
            var key = Key(pubkey: nil, signer: nil)
            guard wire.peekKind() == .object else {
                try wire.skipValue()
                keys.append(key)
                continue
            }
            try wire.beginObject()
            while try wire.nextMember() {
                if wire.keyIs("pubkey"), wire.peekKind() == .string {
                    key.pubkey = try wire.string()
                } else if wire.keyIs("signer"), wire.peekKind() == .boolean {
                    key.signer = try wire.boolean()
                } else {
                    try wire.skipValue()
                }
            }
            keys.append(key)
        }
        return keys
    }

    private mutating func readConfigData(_ wire: inout JSONPullParser) throws {
        try wire.beginObject()
        while try wire.nextMember() {
            // A member that is not a string reads as absent, as `JSONValue.stringValue` does; a repeated member: the last wins.
            func text(_ wire: inout JSONPullParser) throws -> String? {
                if wire.peekKind() == .string { return try wire.string() }
                try wire.skipValue()
                return nil
            }
            if wire.keyIs("name") {
                name = try text(&wire)
            } else if wire.keyIs("website") {
                website = try text(&wire)
            } else if wire.keyIs("details") {
                details = try text(&wire)
            } else if wire.keyIs("keybaseUsername") {
                keybaseUsername = try text(&wire)
            } else if wire.keyIs("iconUrl") {
                iconUrl = try text(&wire)
            } else {
                try wire.skipValue()
            }
        }
    }
}
