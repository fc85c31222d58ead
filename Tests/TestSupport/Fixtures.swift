import SolanaFixtures

/// The mainnet fixtures for tests, or nil (tests use `.enabled(if: Fixtures.available)` and show as skipped).
public enum Fixtures {
    public static var mainnet: MainnetFixtures? { MainnetFixtures.fromEnvironment() }
    public static var available: Bool { mainnet != nil }
}
