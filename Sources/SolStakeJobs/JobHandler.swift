import Logging
import SQLKit
import SolStakeStore
import Synchronization

/// Runs one kind of job.
public protocol JobHandler: Sendable {
    func run(_ context: JobContext) async throws
}

/// What a handler gets: the job, its lease, progress reporting and fenced completion.
public final class JobContext: Sendable {
    public let job: JobRecord
    public let lease: JobLease
    public let queue: JobQueue
    public let logger: Logger
    private let completed = Atomic<Bool>(false)

    init(job: JobRecord, lease: JobLease, queue: JobQueue, logger: Logger) {
        self.job = job
        self.lease = lease
        self.queue = queue
        self.logger = logger
    }

    /// A stable id for the job's effects (the scoring run and fetch run keys): the same on every attempt.
    public var idempotencyKey: String { "job-\(job.id)" }

    public var database: any DatabaseClient { queue.database }

    /// Records progress such as `"650/1102"`; visible in `queue monitor` and the API.
    public func reportProgress(_ text: String) async {
        do {
            _ = try await queue.reportProgress(lease, text)
        } catch {
            logger.warning("Could not record progress", metadata: ["error": "\(error)"])
        }
    }

    /// Completes the job on `db`, inside the handler's own transaction: its writes and the completion commit together.
    /// Throws `LeaseLost` when another attempt holds the job, which rolls the handler's transaction back.
    public func completeWithin(_ db: any SQLDatabase) async throws {
        guard try await queue.complete(lease, on: db) else { throw LeaseLost(jobId: job.id) }
        completed.store(true, ordering: .relaxed)
    }

    var isCompleted: Bool { completed.load(ordering: .relaxed) }
}

/// The attempt no longer holds its job (rescued after its lease expired, or cancelled): it must write nothing more.
/// Thrown by a handler that cannot do its work yet (a score before the first fetch): the job goes back to the queue
/// after `delay`, the attempt not counted and nothing recorded as an error.
public struct JobDeferred: Error, CustomStringConvertible {
    public let delay: Duration
    public let reason: String
    public init(delay: Duration, reason: String) {
        self.delay = delay
        self.reason = reason
    }
    public var description: String { "deferred \(delay): \(reason)" }
}

public struct LeaseLost: Error, CustomStringConvertible {
    public let jobId: Int64
    public var description: String { "job \(jobId): the lease was lost (rescued or cancelled elsewhere)" }
}
