import SolStakeCore

/// One node of `getClusterNodes`. Addresses are `"ip:port"` or null; old nodes lack the newer fields.
/// Read by `JSONPullParser` only (`WireDecodable`).
public struct ClusterNode: Sendable, Encodable, Equatable {
    public var pubkey: String
    public var gossip: String?
    public var tpu: String?
    public var tpuQuic: String?
    public var rpc: String?
    public var pubsub: String?
    public var version: String?
    public var featureSet: UInt32?
    public var shredVersion: UInt16?

    public init(
        pubkey: String, gossip: String? = nil, tpu: String? = nil, tpuQuic: String? = nil, rpc: String? = nil,
        pubsub: String? = nil, version: String? = nil, featureSet: UInt32? = nil, shredVersion: UInt16? = nil
    ) {
        self.pubkey = pubkey
        self.gossip = gossip
        self.tpu = tpu
        self.tpuQuic = tpuQuic
        self.rpc = rpc
        self.pubsub = pubsub
        self.version = version
        self.featureSet = featureSet
        self.shredVersion = shredVersion
    }

    /// The gossip IP address without its port (IPv4 `a.b.c.d` or bracketed IPv6).
    public var gossipIP: String? {
        guard let gossip else { return nil }
        if gossip.hasPrefix("["), let end = gossip.firstIndex(of: "]") {
            return String(gossip[gossip.index(after: gossip.startIndex)..<end])
        }
        guard let colon = gossip.lastIndex(of: ":") else { return gossip }
        return String(gossip[..<colon])
    }
}

extension ClusterNode: WireDecodable {
    /// Optionals may be absent or `null`; other members are skipped.
    public init(wire: inout JSONPullParser) throws {
        var pubkey: String?
        self.init(pubkey: "")
        try wire.beginObject()
        while try wire.nextMember() {
            if wire.keyIs("pubkey") {
                pubkey = try wire.within("pubkey") { try $0.string() }
            } else if wire.keyIs("gossip") {
                gossip = try wire.within("gossip") { try $0.optionalString() }
            } else if wire.keyIs("tpu") {
                tpu = try wire.within("tpu") { try $0.optionalString() }
            } else if wire.keyIs("tpuQuic") {
                tpuQuic = try wire.within("tpuQuic") { try $0.optionalString() }
            } else if wire.keyIs("rpc") {
                rpc = try wire.within("rpc") { try $0.optionalString() }
            } else if wire.keyIs("pubsub") {
                pubsub = try wire.within("pubsub") { try $0.optionalString() }
            } else if wire.keyIs("version") {
                version = try wire.within("version") { try $0.optionalString() }
            } else if wire.keyIs("featureSet") {
                featureSet = try wire.within("featureSet") { $0.null() ? nil : try $0.unsigned(UInt32.self) }
            } else if wire.keyIs("shredVersion") {
                shredVersion = try wire.within("shredVersion") { $0.null() ? nil : try $0.unsigned(UInt16.self) }
            } else {
                try wire.skipValue()
            }
        }
        guard let pubkey else { throw wire.missing("pubkey") }
        self.pubkey = pubkey
    }
}
