import Foundation
import SolStakeJobs
import SolStakeStore

/// Job kinds that exist for tests and benchmarks of the queue, never in `solstake` itself: the in-process tests
/// register them on their workers, and `solstake-test` (the CLI with these added) runs them in worker processes.
public enum TestJobKinds {
    /// Does nothing but record itself in `auditLog`, in the transaction that completes it.
    public static let noop = "noop"
    /// Sleeps for `{"ms": N}`, then records itself: tests of leases, kills and drains.
    public static let sleep = "sleep"
    /// Does nothing at all: benchmarks of the queue's own overhead.
    public static let empty = "empty"

    public static var handlers: [String: any JobHandler] {
        [noop: NoopJobHandler(), sleep: SleepJobHandler(), empty: EmptyJobHandler()]
    }
}

/// Records its own execution in `auditLog` and completes in the same transaction: exactly-once effects made visible.
public struct NoopJobHandler: JobHandler {
    public init() {}

    public func run(_ context: JobContext) async throws {
        try await context.database.transaction { db in
            try await AuditLogWriter.append(
                [.init(action: "job.noop", actorId: context.job.leaseOwner, metadata: ["jobId": "\(context.job.id)", "attempt": "\(context.job.attempt)"])],
                nowMillis: Int64(Date().timeIntervalSince1970 * 1000), on: db)
            try await context.completeWithin(db)
        }
    }
}

/// Sleeps `{"ms": N}` (1 s without a payload) then behaves like `noop`.
public struct SleepJobHandler: JobHandler {
    public init() {}

    struct Payload: Decodable { let ms: Int }

    public func run(_ context: JobContext) async throws {
        let payload = (try? JSONDecoder().decode(Payload.self, from: Data(context.job.payload.utf8))) ?? Payload(ms: 1_000)
        try await Task.sleep(for: .milliseconds(payload.ms))
        try await NoopJobHandler().run(context)
    }
}

/// Does nothing: the worker completes it.
public struct EmptyJobHandler: JobHandler {
    public init() {}
    public func run(_ context: JobContext) async throws {}
}
