/// A validator's commission over time as model v2 judges it: the highest commission of a recent window, every rise in
/// it, and a rug (a rise that fell back within a few epochs) anywhere in the history. Pure.
public struct CommissionBehaviour: Sendable, Equatable {
    public struct Change: Sendable, Equatable {
        public var from: Int
        public var to: Int
        public var epoch: UInt64
    }

    /// The highest commission seen in the window, the current one included.
    public var windowMaximum: Int
    /// Rises within the window, oldest first.
    public var rises: [Change]
    /// A rise and the epoch it fell back in.
    public struct Rug: Sendable, Equatable {
        public var rise: Change
        public var fellBackIn: UInt64
    }

    /// The first rug in the history.
    public var rug: Rug?

    /// `history` is every observation, oldest first; `commission` the current one (seen at `currentEpoch`).
    public static func judge(
        history: [CommissionObservation], commission: Int, currentEpoch: UInt64, windowEpochs: UInt64, rugFallbackEpochs: UInt64
    ) -> CommissionBehaviour {
        var observations = history
        if observations.last?.commission != commission { observations.append(.init(epoch: currentEpoch, commission: commission)) }
        var changes: [CommissionObservation] = []
        for o in observations where changes.last?.commission != o.commission { changes.append(o) }

        let windowStart = currentEpoch > windowEpochs ? currentEpoch - windowEpochs : 0
        // The value in force at the window's start counts too: the last change at or before it.
        let inForce = changes.last { $0.epoch <= windowStart }?.commission
        let maximum = (changes.filter { $0.epoch > windowStart }.map(\.commission) + [inForce, commission].compactMap { $0 }).max() ?? commission

        var rises: [Change] = []
        var rug: Rug?
        for k in changes.indices.dropFirst() where changes[k].commission > changes[k - 1].commission {
            let rise = Change(from: changes[k - 1].commission, to: changes[k].commission, epoch: changes[k].epoch)
            if rise.epoch > windowStart { rises.append(rise) }
            if rug == nil, k + 1 < changes.count, changes[k + 1].commission < rise.to, changes[k + 1].epoch - rise.epoch <= rugFallbackEpochs {
                rug = Rug(rise: rise, fellBackIn: changes[k + 1].epoch)
            }
        }
        return CommissionBehaviour(windowMaximum: maximum, rises: rises, rug: rug)
    }
}
