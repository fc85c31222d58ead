/// The lifecycle state of a stake account, as solstake stores it.
public enum StakeState: String, Sendable, Codable, CaseIterable {
    case activating, active, deactivating, inactive

    /// `u64::MAX` in a delegation's epochs means "never" (not deactivating) or, for activation, genesis stake.
    public static let never = UInt64.max

    /// The state of a delegation in `currentEpoch`. Pure.
    ///
    /// Solana activates and deactivates stake at epoch boundaries (warm-up and cool-down can spread a large change over
    /// several epochs; solstake reports the account-level state and not the per-epoch effective amount):
    /// - not delegated (initialized, or no delegation) -> inactive;
    /// - activated and deactivated in the same epoch -> inactive (it never became effective);
    /// - deactivation requested (`deactivationEpoch != never`): deactivating while `currentEpoch <= deactivationEpoch`,
    ///   inactive afterwards;
    /// - otherwise activating while `currentEpoch <= activationEpoch`, active afterwards (genesis stake,
    ///   `activationEpoch == never`, is active).
    public static func of(
        delegated: Bool, activationEpoch: UInt64?, deactivationEpoch: UInt64?, currentEpoch: UInt64
    ) -> StakeState {
        guard delegated, let activation = activationEpoch else { return .inactive }
        let deactivation = deactivationEpoch ?? never
        if deactivation != never {
            if activation == deactivation { return .inactive }
            return currentEpoch <= deactivation ? .deactivating : .inactive
        }
        if activation == never { return .active }
        return currentEpoch <= activation ? .activating : .active
    }
}
