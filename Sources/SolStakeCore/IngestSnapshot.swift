/// Everything one fetch learned, ready to be written in one transaction.
public struct IngestSnapshot: Sendable, Equatable {
    public var epoch: UInt64
    public var slot: UInt64
    public var validators: [ValidatorSnapshot]
    public var stats: [EpochStatSnapshot]
    /// Milliseconds spent on RPC calls (recorded on the fetch run).
    public var rpcMillis: Int64?
    /// The yield estimate's network inputs; nil when they could not be read (validators then carry no APY).
    public var economics: EpochEconomics?

    public init(epoch: UInt64, slot: UInt64, validators: [ValidatorSnapshot], stats: [EpochStatSnapshot], rpcMillis: Int64? = nil) {
        self.epoch = epoch
        self.slot = slot
        self.validators = validators
        self.stats = stats
        self.rpcMillis = rpcMillis
    }
}
