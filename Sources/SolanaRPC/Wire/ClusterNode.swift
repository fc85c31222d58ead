/// One node of `getClusterNodes`. Addresses are `"ip:port"` or null; old nodes lack the newer fields.
public struct ClusterNode: Sendable, Codable, Equatable {
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
