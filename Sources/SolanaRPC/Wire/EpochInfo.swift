/// `getEpochInfo`.
public struct EpochInfo: Sendable, Codable, Equatable {
    public var absoluteSlot: UInt64
    public var blockHeight: UInt64?
    public var epoch: UInt64
    public var slotIndex: UInt64
    public var slotsInEpoch: UInt64
    public var transactionCount: UInt64?

    public init(absoluteSlot: UInt64, blockHeight: UInt64?, epoch: UInt64, slotIndex: UInt64, slotsInEpoch: UInt64, transactionCount: UInt64?) {
        self.absoluteSlot = absoluteSlot
        self.blockHeight = blockHeight
        self.epoch = epoch
        self.slotIndex = slotIndex
        self.slotsInEpoch = slotsInEpoch
        self.transactionCount = transactionCount
    }

    /// The first slot of the current epoch.
    public var firstSlot: UInt64 { absoluteSlot - slotIndex }
}

/// `getEpochSchedule`.
public struct EpochSchedule: Sendable, Codable, Equatable {
    public var slotsPerEpoch: UInt64
    public var leaderScheduleSlotOffset: UInt64
    public var warmup: Bool
    public var firstNormalEpoch: UInt64
    public var firstNormalSlot: UInt64

    public init(slotsPerEpoch: UInt64, leaderScheduleSlotOffset: UInt64, warmup: Bool, firstNormalEpoch: UInt64, firstNormalSlot: UInt64) {
        self.slotsPerEpoch = slotsPerEpoch
        self.leaderScheduleSlotOffset = leaderScheduleSlotOffset
        self.warmup = warmup
        self.firstNormalEpoch = firstNormalEpoch
        self.firstNormalSlot = firstNormalSlot
    }

    /// The slot range of `epoch` (for epochs after warm-up).
    public func slots(ofEpoch epoch: UInt64) -> ClosedRange<UInt64> {
        let first = firstNormalSlot + (epoch - firstNormalEpoch) * slotsPerEpoch
        return first...(first + slotsPerEpoch - 1)
    }
}

/// `getVersion`.
public struct NodeVersion: Sendable, Codable, Equatable {
    public var solanaCore: String
    public var featureSet: UInt32?

    public init(solanaCore: String, featureSet: UInt32?) {
        self.solanaCore = solanaCore
        self.featureSet = featureSet
    }

    private enum CodingKeys: String, CodingKey {
        case solanaCore = "solana-core"
        case featureSet = "feature-set"
    }
}
