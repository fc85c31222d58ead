import Foundation

/// Solana's inflation schedule (`getInflationGovernor`): the total rate starts at `initial`, falls by `taper` a year and
/// stops at `terminal`; the foundation's share applies for its first `foundationTerm` years; validators and their
/// stakers get the rest. Years are counted in nominal slots (400 ms each), as the runtime counts them.
public struct InflationGovernor: Sendable, Equatable, Codable {
    public var initial: Double
    public var terminal: Double
    public var taper: Double
    public var foundation: Double
    public var foundationTerm: Double

    public init(initial: Double, terminal: Double, taper: Double, foundation: Double, foundationTerm: Double) {
        self.initial = initial
        self.terminal = terminal
        self.taper = taper
        self.foundation = foundation
        self.foundationTerm = foundationTerm
    }

    /// The mainnet schedule as its nodes report it.
    public static let mainnet = InflationGovernor(initial: 0.08, terminal: 0.015, taper: 0.15, foundation: 0, foundationTerm: 0)

    /// The slot time the runtime's schedule assumes.
    public static let nominalSecondsPerSlot = 0.4
    public static let secondsPerYear = 365.242_199 * 24 * 60 * 60
    /// Nominal slots in a year (the runtime's `slots_per_year`).
    public static let slotsPerYear: Double = secondsPerYear / nominalSecondsPerSlot

    public func total(year: Double) -> Double {
        precondition(year >= 0, "inflation years are never negative")
        return max(initial * pow(1 - taper, year), terminal)
    }

    public func foundationRate(year: Double) -> Double {
        year < foundationTerm ? total(year: year) * foundation : 0
    }

    /// What validators and their stakers share.
    public func validatorRate(year: Double) -> Double { total(year: year) - foundationRate(year: year) }

    /// Length of an epoch in inflation years.
    public static func years(slots: UInt64) -> Double { Double(slots) / slotsPerYear }

    /// Inflation years at the start of `epoch` when inflation began at `startEpoch`; nil before it began.
    public static func year(epoch: UInt64, startEpoch: UInt64, slotsPerEpoch: UInt64) -> Double? {
        epoch >= startEpoch ? years(slots: (epoch - startEpoch) * slotsPerEpoch) : nil
    }

    /// The validator rate `slots` later than a known rate (a node reports the current epoch's; the rewards of an epoch
    /// are computed with the next epoch's). Exact while the taper applies and the foundation's share does not change
    /// in between; the terminal rate is a floor.
    public func validatorRate(after current: Double, slots: UInt64) -> Double {
        max(current * pow(1 - taper, Self.years(slots: slots)), terminal)
    }
}
