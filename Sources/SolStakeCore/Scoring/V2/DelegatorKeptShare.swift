/// The share of a validator's rewards its delegators keep: `(1 - m)(1 - inflation commission) + m (1 - MEV commission)`,
/// where `m` is the MEV share of rewards. A validator known not to run Jito passes no MEV on; where MEV is unknown, the
/// MEV part is kept at the inflation rate (judged on inflation commission alone).
public enum DelegatorKeptShare {
    public enum MEV: Sendable, Equatable {
        case commission(bps: Int)
        case notRunningJito
        case unknown
    }

    public static func mev(mevCommissionBps: Int?, runsJito: Bool?) -> MEV {
        switch runsJito {
        case true?: return mevCommissionBps.map { .commission(bps: $0) } ?? .unknown
        case false?: return .notRunningJito
        case nil: return .unknown
        }
    }

    public static func share(commission: Int, mev: MEV, mevShare: Double) -> Double {
        let inflationKept = 1 - Double(min(100, max(0, commission))) / 100
        let mevKept: Double
        switch mev {
        case .commission(let bps): mevKept = 1 - Double(min(10_000, max(0, bps))) / 10_000
        case .notRunningJito: mevKept = 0
        case .unknown: mevKept = inflationKept
        }
        return (1 - mevShare) * inflationKept + mevShare * mevKept
    }
}
