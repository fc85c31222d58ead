import Logging
import NIOCore
import SQLKit
import Synchronization

/// Counts SQL statements sent to a database (the tests' way to prove bulk writes and loaders are bounded) and the
/// transactions this process committed (how a reader learns at once of its own process's writes).
public final class StatementCounter: Sendable {
    private let count = Atomic<Int>(0)
    private let commitCount = Atomic<Int>(0)

    public init() {}

    public var value: Int { count.load(ordering: .relaxed) }

    /// Transactions committed through this client.
    public var commits: Int { commitCount.load(ordering: .acquiring) }

    func increment() { count.add(1, ordering: .relaxed) }

    func committed() { commitCount.add(1, ordering: .releasing) }

    /// Runs `body` and returns how many statements it sent, with its result.
    public func measure<T>(_ body: () async throws -> T) async rethrows -> (statements: Int, result: T) {
        let before = value
        let result = try await body()
        return (value - before, result)
    }
}

/// An `SQLDatabase` that counts every statement it forwards.
struct CountingSQLDatabase: SQLDatabase {
    let base: any SQLDatabase
    let counter: StatementCounter

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        counter.increment()
        return base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        counter.increment()
        try await base.execute(sql: query, onRow)
    }
}
