/// `getInflationRate`: the current epoch's annual rates (fractions, not percent).
public struct InflationRate: Sendable, Equatable, Codable {
    public var epoch: UInt64
    public var foundation: Double
    public var total: Double
    public var validator: Double

    public init(epoch: UInt64, foundation: Double, total: Double, validator: Double) {
        self.epoch = epoch
        self.foundation = foundation
        self.total = total
        self.validator = validator
    }
}

/// `getSupply` with `excludeNonCirculatingAccountsList`: lamports in existence (the runtime's capitalization) and how
/// many of them circulate, at `slot`.
public struct Supply: Sendable, Equatable, Codable {
    public var slot: UInt64
    public var total: UInt64
    public var circulating: UInt64
    public var nonCirculating: UInt64

    public init(slot: UInt64, total: UInt64, circulating: UInt64, nonCirculating: UInt64) {
        self.slot = slot
        self.total = total
        self.circulating = circulating
        self.nonCirculating = nonCirculating
    }

    private struct Wire: Codable {
        struct Context: Codable { var slot: UInt64 }
        struct Value: Codable {
            var total: UInt64
            var circulating: UInt64
            var nonCirculating: UInt64
            var nonCirculatingAccounts: [String]?
        }
        var context: Context
        var value: Value
    }

    public init(from decoder: any Decoder) throws {
        let wire = try Wire(from: decoder)
        self.init(slot: wire.context.slot, total: wire.value.total, circulating: wire.value.circulating, nonCirculating: wire.value.nonCirculating)
    }

    public func encode(to encoder: any Encoder) throws {
        try Wire(
            context: .init(slot: slot), value: .init(total: total, circulating: circulating, nonCirculating: nonCirculating, nonCirculatingAccounts: [])
        ).encode(to: encoder)
    }
}

/// One `getRecentPerformanceSamples` entry: slots and transactions over `samplePeriodSecs`.
public struct PerformanceSample: Sendable, Equatable, Codable {
    public var slot: UInt64
    public var numSlots: UInt64
    public var numTransactions: UInt64
    public var numNonVoteTransactions: UInt64?
    public var samplePeriodSecs: UInt16

    public init(slot: UInt64, numSlots: UInt64, numTransactions: UInt64, numNonVoteTransactions: UInt64?, samplePeriodSecs: UInt16) {
        self.slot = slot
        self.numSlots = numSlots
        self.numTransactions = numTransactions
        self.numNonVoteTransactions = numNonVoteTransactions
        self.samplePeriodSecs = samplePeriodSecs
    }

    /// Mean seconds per slot over samples (nil without a sample that counted slots).
    public static func secondsPerSlot(_ samples: [PerformanceSample]) -> Double? {
        let slots = samples.reduce(UInt64(0)) { $0 + $1.numSlots }
        let seconds = samples.reduce(0.0) { $0 + Double($1.samplePeriodSecs) }
        return slots > 0 ? seconds / Double(slots) : nil
    }
}
