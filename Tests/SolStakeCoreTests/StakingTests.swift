import SolStakeCore
import Testing

@Suite struct StakeStateTests {
    let never = StakeState.never

    @Test func undelegatedIsInactive() {
        #expect(StakeState.of(delegated: false, activationEpoch: 5, deactivationEpoch: nil, currentEpoch: 10) == .inactive)
        #expect(StakeState.of(delegated: true, activationEpoch: nil, deactivationEpoch: nil, currentEpoch: 10) == .inactive)
    }

    @Test func activation() {
        #expect(StakeState.of(delegated: true, activationEpoch: 10, deactivationEpoch: never, currentEpoch: 10) == .activating)
        #expect(StakeState.of(delegated: true, activationEpoch: 10, deactivationEpoch: never, currentEpoch: 11) == .active)
        #expect(StakeState.of(delegated: true, activationEpoch: never, deactivationEpoch: never, currentEpoch: 11) == .active)
    }

    @Test func deactivation() {
        #expect(StakeState.of(delegated: true, activationEpoch: 3, deactivationEpoch: 10, currentEpoch: 10) == .deactivating)
        #expect(StakeState.of(delegated: true, activationEpoch: 3, deactivationEpoch: 10, currentEpoch: 9) == .deactivating)
        #expect(StakeState.of(delegated: true, activationEpoch: 3, deactivationEpoch: 10, currentEpoch: 11) == .inactive)
        #expect(StakeState.of(delegated: true, activationEpoch: 10, deactivationEpoch: 10, currentEpoch: 10) == .inactive)
    }
}

@Suite struct WalletKeyTests {
    @Test func acceptsPublicKeys() throws {
        let key = Base58.encode((0..<32).map { UInt8($0) })
        #expect(try WalletKey(validating: " \(key)\n").text == key)
        #expect(try WalletKey(validating: "Stake11111111111111111111111111111111111111").text.count == 43)
    }

    @Test func rejectsWithReasons() {
        #expect(throws: WalletKeyError.empty) { try WalletKey(validating: "  ") }
        #expect(throws: WalletKeyError.notBase58("0OIl")) { try WalletKey(validating: "0OIl") }
        let short = Base58.encode([UInt8](repeating: 7, count: 31))
        #expect(throws: WalletKeyError.wrongLength(short, bytes: 31)) { try WalletKey(validating: short) }
        #expect(throws: WalletKeyError.notBase58("ünïcode")) { try WalletKey(validating: "ünïcode") }
    }
}
