/// `getBlockProduction`: leader slots and blocks produced per identity over a slot range.
public struct BlockProduction: Sendable, Equatable {
    public struct Counts: Sendable, Equatable, Codable {
        public var leaderSlots: UInt64
        public var blocksProduced: UInt64

        public init(leaderSlots: UInt64, blocksProduced: UInt64) {
            self.leaderSlots = leaderSlots
            self.blocksProduced = blocksProduced
        }

        public init(from decoder: any Decoder) throws {
            var c = try decoder.unkeyedContainer()
            leaderSlots = try c.decode(UInt64.self)
            blocksProduced = try c.decode(UInt64.self)
            if blocksProduced > leaderSlots {
                throw DecodingError.dataCorruptedError(
                    in: c, debugDescription: "blocksProduced \(blocksProduced) exceeds leaderSlots \(leaderSlots)")
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.unkeyedContainer()
            try c.encode(leaderSlots)
            try c.encode(blocksProduced)
        }
    }

    public var slot: UInt64
    public var byIdentity: [String: Counts]
    public var firstSlot: UInt64
    public var lastSlot: UInt64

    public init(slot: UInt64, byIdentity: [String: Counts], firstSlot: UInt64, lastSlot: UInt64) {
        self.slot = slot
        self.byIdentity = byIdentity
        self.firstSlot = firstSlot
        self.lastSlot = lastSlot
    }

    /// Sum of blocks produced by everyone in the range.
    public var totalBlocksProduced: UInt64 { byIdentity.values.reduce(0) { $0 + $1.blocksProduced } }
}

extension BlockProduction: Codable {
    private struct Context: Codable { var slot: UInt64 }
    private struct Range: Codable { var firstSlot: UInt64; var lastSlot: UInt64 }
    private struct Value: Codable { var byIdentity: [String: Counts]; var range: Range }
    private enum CodingKeys: String, CodingKey { case context, value }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let context = try c.decode(Context.self, forKey: .context)
        let value = try c.decode(Value.self, forKey: .value)
        self.init(slot: context.slot, byIdentity: value.byIdentity, firstSlot: value.range.firstSlot, lastSlot: value.range.lastSlot)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Context(slot: slot), forKey: .context)
        try c.encode(Value(byIdentity: byIdentity, range: .init(firstSlot: firstSlot, lastSlot: lastSlot)), forKey: .value)
    }
}
