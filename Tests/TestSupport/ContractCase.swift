import SolStakeStore

/// One test of a contract suite, run on each database by a parameterised test (`@Test(arguments:)`); named for the
/// test report.
public struct ContractCase: Sendable, CustomStringConvertible {
    public let description: String
    /// False for cases that migrate by themselves.
    public let migrate: Bool
    private let body: @Sendable (any DatabaseClient) async throws -> Void

    public init(_ name: String, migrate: Bool = true, _ body: @escaping @Sendable (any DatabaseClient) async throws -> Void) {
        description = name
        self.migrate = migrate
        self.body = body
    }

    /// Runs the case on a fresh database of `kind`.
    public func run(on kind: TestDatabases.Kind) async throws {
        try await TestDatabases.with(kind, migrate: migrate) { try await body($0) }
    }
}
