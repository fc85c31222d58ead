import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import ServiceLifecycle
import Synchronization

/// SQLite behind `DatabaseClient`: WAL journal, a busy timeout, foreign keys on.
///
/// One write connection per process, serialised by an async lock, runs every transaction (`BEGIN IMMEDIATE`, so a
/// transaction takes SQLite's write lock up front and never fails half-way on a lock upgrade). Reads go to a small pool of
/// read connections, which WAL lets proceed while a write is in progress. An in-memory database is one connection.
public final class SQLiteDatabaseClient: DatabaseClient {
    public let flavor = SQLFlavor.sqlite
    public let statements = StatementCounter()
    public let location: String

    private let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    /// Snapshot reads and checkpoints run here, one at a time: the pool's read connections are shared by concurrent
    /// reads, and a transaction begun on one of them would hold the others' statements in its snapshot.
    private let snapshotReader: SQLiteConnection?
    private let snapshotLock = AsyncLock()
    private let writeLock = AsyncLock()
    private let nextReader = Atomic<Int>(0)
    /// Commits since the last checkpoint `idle()` ran.
    private let uncheckpointedCommits = Atomic<Int>(0)
    private let closed = Mutex(false)
    private let logger: Logger

    /// Milliseconds SQLite waits for another process's lock before failing with SQLITE_BUSY.
    public static let busyTimeoutMillis = 10_000

    private init(
        writer: SQLiteConnection, readers: [SQLiteConnection], snapshotReader: SQLiteConnection?, location: String, logger: Logger
    ) {
        self.writer = writer
        self.readers = readers
        self.snapshotReader = snapshotReader
        self.location = location
        self.logger = logger
    }

    /// Opens (creating if needed) the database at `path`, or an in-memory one when `path` is nil.
    public static func open(path: String?, readerCount: Int = 3, logger: Logger) async throws -> SQLiteDatabaseClient {
        let storage: SQLiteConnection.Storage = path.map { .file(path: $0) } ?? .memory
        do {
            let writer = try await openConnection(storage: storage, logger: logger)
            if path != nil {
                // 16 KiB pages (a new database only; an existing one keeps its size): shallower B-trees and fewer page
                // splits for the wide validator and score rows.
                _ = try await writer.query("PRAGMA page_size = 16384")
                _ = try await writer.query("PRAGMA journal_mode = WAL")
                _ = try await writer.query("PRAGMA synchronous = NORMAL")
                // Checkpoints run between jobs (`idle()`), not inside whichever commit takes the WAL past SQLite's default
                // 1,000 pages (that commit would copy the whole WAL before returning). The writer still checkpoints past
                // `checkpointBackstopPages`, should the worker never be idle.
                _ = try await writer.query("PRAGMA wal_autocheckpoint = \(Self.checkpointBackstopPages)")
                _ = try await writer.query("PRAGMA journal_size_limit = \(Self.journalSizeLimitBytes)")
            }
            var readers: [SQLiteConnection] = []
            var snapshotReader: SQLiteConnection?
            if path != nil {
                for _ in 0..<max(readerCount, 1) {
                    readers.append(try await openConnection(storage: storage, logger: logger))
                }
                snapshotReader = try await openConnection(storage: storage, logger: logger)
            }
            return SQLiteDatabaseClient(
                writer: writer, readers: readers, snapshotReader: snapshotReader,
                location: path.map { "sqlite://\($0)" } ?? "sqlite::memory:", logger: logger)
        } catch {
            throw DatabaseError.unavailable(location: path ?? ":memory:", cause: "\(error)")
        }
    }

    private static func openConnection(storage: SQLiteConnection.Storage, logger: Logger) async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(
            storage: storage, threadPool: .singleton, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
        // busy_timeout replaces sqlite-nio's spinning busy handler with a sleeping one.
        _ = try await connection.query("PRAGMA busy_timeout = \(busyTimeoutMillis)")
        _ = try await connection.query("PRAGMA foreign_keys = ON")
        // A larger page cache than the default (allocated only as used) and memory-mapped reads, so large clusters' indexes
        // stay in memory.
        _ = try await connection.query("PRAGMA cache_size = -262144")
        _ = try await connection.query("PRAGMA mmap_size = 268435456")
        _ = try await connection.query("PRAGMA temp_store = MEMORY")
        return connection
    }

    private func sql(_ connection: SQLiteConnection) -> any SQLDatabase {
        CountingSQLDatabase(base: connection.sql(queryLogLevel: .trace), counter: statements)
    }

    public func read<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try checkOpen()
        if readers.isEmpty {
            return try await writeLock.withLock { try await body(sql(writer)) }
        }
        let index = nextReader.add(1, ordering: .relaxed).newValue
        return try await body(sql(readers[index % readers.count]))
    }

    public func readSnapshot<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try checkOpen()
        guard let snapshotReader else { return try await read { db in try await Self.inSnapshot(db, flavor: flavor, body) } }
        return try await snapshotLock.withLock { try await Self.inSnapshot(sql(snapshotReader), flavor: flavor, body) }
    }

    public func transaction<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try checkOpen()
        return try await writeLock.withLock {
            let db = sql(writer)
            try await db.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                statements.committed()
                uncheckpointedCommits.add(1, ordering: .relaxed)
                return result
            } catch {
                do {
                    try await db.raw("ROLLBACK").run()
                } catch {
                    logger.error("Rollback failed", metadata: ["error": "\(error)"])
                }
                throw error
            }
        }
    }

    /// The writer's own checkpoint threshold, in pages (256 MB at the 16 KiB pages of a new database).
    public static let checkpointBackstopPages = 16_384
    public static let journalSizeLimitBytes = 64 << 20

    /// A passive checkpoint (it waits for no reader or writer and copies what no open read still needs) when anything
    /// was committed since the last one. Runs on the snapshot connection, so writes and reads carry on meanwhile.
    public func idle() async {
        guard let snapshotReader, !closed.withLock({ $0 }), uncheckpointedCommits.exchange(0, ordering: .relaxed) > 0 else { return }
        do {
            _ = try await snapshotLock.withLock { try await snapshotReader.query("PRAGMA wal_checkpoint(PASSIVE)") }
        } catch {
            uncheckpointedCommits.add(1, ordering: .relaxed)
            logger.warning("WAL checkpoint failed", metadata: ["error": "\(error)"])
        }
    }

    private func checkOpen() throws {
        if closed.withLock({ $0 }) { throw DatabaseError.closed }
    }

    public func run() async throws {
        // The connections are open from `open`; this service only closes them on shutdown.
        try? await gracefulShutdown()
        await shutdown()
    }

    public func shutdown() async {
        let wasClosed = closed.withLock { closed -> Bool in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        let connections = readers + (snapshotReader.map { [$0] } ?? []) + [writer]
        let logger = self.logger
        await writeLock.withLock {
            // Closed from an unstructured task: shutdown usually runs in a cancelled task (service teardown), and
            // sqlite-nio's async close() refuses to run there, which would leave the connections open.
            await Task.detached {
                for connection in connections {
                    do {
                        try await connection.close()
                    } catch {
                        logger.error("Closing an SQLite connection failed", metadata: ["error": "\(error)"])
                    }
                }
            }.value
        }
    }
}
