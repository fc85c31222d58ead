import SQLKit

/// The database a configuration names but this process cannot use (`SQLiteFileAccess`): every operation throws the
/// problem and `diagnose()` reports it, so `serve` still opens its port and says what is wrong, and commands stop at once.
public final class UnusableDatabaseClient: DatabaseClient {
    public let flavor: SQLFlavor
    public let statements = StatementCounter()
    public let location: String
    public let problem: DatabaseError

    public init(flavor: SQLFlavor, location: String, problem: DatabaseError) {
        self.flavor = flavor
        self.location = location
        self.problem = problem
    }

    public func read<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T { throw problem }
    public func transaction<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T { throw problem }
    public func readSnapshot<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T { throw problem }
    public func shutdown() async {}
    public func diagnose() async -> DatabaseError? { problem }

    public func run() async throws {
        // Nothing to keep alive: wait for shutdown.
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3_600)) }
    }
}
