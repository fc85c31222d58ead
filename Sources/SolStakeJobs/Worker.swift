import Foundation
import Logging
import Metrics
import SQLKit
import ServiceLifecycle
import SolStakeCore
import SolStakeStore
import Synchronization

/// Claims and runs jobs: up to `concurrency` at once, each under a lease renewed every lease/3; rescues expired leases of
/// any worker every `stalledInterval`; registers itself in `worker` so health checks see it. On graceful shutdown
/// (SIGTERM/SIGINT) it stops claiming, lets running jobs finish within `shutdownTimeout`, and releases the rest.
public final class Worker: Service, Sendable {
    public struct Configuration: Sendable {
        public var concurrency = 3
        public var lease: Duration = .seconds(30)
        public var pollInterval: Duration = .seconds(1)
        public var stalledInterval: Duration = .seconds(30)
        public var maxStalledCount = 2
        public var retryBackoff = Backoff(base: .seconds(5), cap: .seconds(600))
        public var shutdownTimeout: Duration = .seconds(30)
        /// Tests: stop renewing leases (simulates a worker that hangs).
        public var heartbeatsEnabled = true
        /// On PostgreSQL, wake up on `NOTIFY solstake_jobs` (sent when a job is enqueued) instead of waiting for the poll.
        public var listen = true
        public init() {}
    }

    public let id: String
    public let queue: JobQueue
    public let configuration: Configuration
    private let handlers: [String: any JobHandler]
    private let logger: Logger
    private let heartbeatsPaused = Atomic<Bool>(false)
    private let runningCount = Atomic<Int>(0)
    /// Set on SIGTERM/SIGINT: no new claims; handlers cancelled after the shutdown timeout were interrupted, not failed.
    private let shuttingDown = Flag()

    /// Jobs this worker is running now.
    public var running: Int { runningCount.load(ordering: .relaxed) }

    public init(queue: JobQueue, handlers: [String: any JobHandler], configuration: Configuration = .init(), logger: Logger, id: String? = nil) {
        self.queue = queue
        self.handlers = handlers
        self.configuration = configuration
        self.logger = logger
        self.id = id ?? "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Tests: stop (or resume) renewing leases without stopping the handlers.
    public func pauseHeartbeats(_ paused: Bool) { heartbeatsPaused.store(paused, ordering: .relaxed) }

    public func run() async throws {
        try await queue.registerWorker(id: id, concurrency: configuration.concurrency)
        let stopping = shuttingDown
        let running = RunningJobs()
        let wake = WakeSignal()
        let listener = configuration.listen
            ? Task { await queue.database.listen(channel: "solstake_jobs") { wake.signal() } } : nil
        defer { listener?.cancel() }
        logger.info("Worker started", metadata: ["worker": "\(id)", "concurrency": .stringConvertible(configuration.concurrency), "queue": "\(queue.name)"])

        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                var lastRescue = ContinuousClock.now - configuration.stalledInterval
                var lastBeat = ContinuousClock.now
                while !stopping.isSet && !Task.isCancelled {
                    if ContinuousClock.now - lastRescue >= configuration.stalledInterval {
                        lastRescue = ContinuousClock.now
                        await rescueExpired()
                    }
                    if ContinuousClock.now - lastBeat >= WorkerLiveness.heartbeat {
                        lastBeat = ContinuousClock.now
                        try? await queue.touchWorker(id: id)
                    }
                    let free = configuration.concurrency - running.count
                    var claimed: [JobRecord] = []
                    if free > 0 {
                        do {
                            claimed = try await queue.claim(owner: id, limit: free, lease: configuration.lease)
                        } catch {
                            logger.error("Claim failed", metadata: ["error": "\(error)"])
                        }
                    }
                    for job in claimed {
                        guard let lease = job.lease else { continue }
                        running.add(lease, kind: job.kind)
                        runningCount.add(1, ordering: .relaxed)
                        group.addTask {
                            await self.execute(job, lease: lease)
                            running.remove(job.id)
                            self.runningCount.subtract(1, ordering: .relaxed)
                            wake.signal()
                        }
                    }
                    // Claim again at once when the batch was full; otherwise wait for a finished job or the poll interval.
                    if claimed.count == free && free > 0 { continue }
                    if claimed.isEmpty && running.count == 0 { await queue.database.idle() }
                    await wake.wait(timeout: configuration.pollInterval)
                }
                // Draining: running jobs get `shutdownTimeout` to finish; then their handlers are cancelled and released.
                if running.count > 0 {
                    logger.info("Stopping: no new jobs; waiting for the running ones", metadata: [
                        "jobs": "\(running.described)", "waitSeconds": .stringConvertible(Int(configuration.shutdownTimeout.seconds)),
                    ])
                }
                let deadline = ContinuousClock.now + configuration.shutdownTimeout
                while running.count > 0 && ContinuousClock.now < deadline {
                    await wake.wait(timeout: .milliseconds(100))
                }
                let leftover = running.all
                if !leftover.isEmpty {
                    logger.notice("Shutdown timeout: interrupting the unfinished jobs; they run again on another worker", metadata: [
                        "jobs": "\(running.described)",
                    ])
                    group.cancelAll()
                    for lease in leftover { _ = try? await queue.release(lease) }
                }
            }
        } onGracefulShutdown: {
            if !stopping.isSet { self.logger.info("Shutdown requested: the worker stops claiming jobs", metadata: ["worker": "\(self.id)"]) }
            stopping.set()
            wake.signal()
        }
        try? await queue.unregisterWorker(id: id)
        logger.info("Worker stopped", metadata: ["worker": "\(id)"])
    }

    private func rescueExpired() async {
        do {
            let rescued = try await queue.rescue(maxStalled: configuration.maxStalledCount, backoff: configuration.retryBackoff)
            if !rescued.retried.isEmpty || !rescued.failed.isEmpty {
                logger.warning("Rescued stalled jobs", metadata: ["retried": .array(rescued.retried.map { .stringConvertible($0) }), "failed": .array(rescued.failed.map { .stringConvertible($0) })])
            }
        } catch {
            logger.error("Rescue failed", metadata: ["error": "\(error)"])
        }
        do {
            let reaped = try await queue.reapWorkers()
            if !reaped.isEmpty { logger.notice("Removed workers whose heartbeat expired", metadata: ["workers": "\(reaped)"]) }
        } catch {
            logger.error("Reaping workers failed", metadata: ["error": "\(error)"])
        }
    }

    /// Runs one attempt: the handler, and beside it the heartbeat that cancels the handler when the lease is lost.
    func execute(_ job: JobRecord, lease: JobLease) async {
        var jobLogger = self.logger
        jobLogger[metadataKey: "jobId"] = .stringConvertible(job.id)
        jobLogger[metadataKey: "jobKind"] = "\(job.kind)"
        jobLogger[metadataKey: "attempt"] = .stringConvertible(job.attempt)
        let logger = jobLogger
        let started = ContinuousClock.now
        guard let handler = handlers[job.kind] else {
            _ = try? await queue.fail(lease, error: QueueError.unknownKind(job.kind).description, backoff: configuration.retryBackoff)
            return
        }
        let context = JobContext(job: job, lease: lease, queue: queue, logger: logger)
        enum Outcome { case finished, failed(any Error), leaseLost, interrupted, deferred(JobDeferred) }
        let outcome: Outcome = await withTaskGroup(of: Outcome?.self) { group in
            group.addTask {
                do {
                    try await handler.run(context)
                    return .finished
                } catch is LeaseLost {
                    return .leaseLost
                } catch let deferral as JobDeferred {
                    return .deferred(deferral)
                } catch {
                    // Cancelled by the shutdown timeout: the drain releases the job, nothing failed.
                    if self.shuttingDown.isSet && (error is CancellationError || Task.isCancelled) { return .interrupted }
                    return .failed(error)
                }
            }
            group.addTask {
                // Heartbeat: nil while the lease holds; .leaseLost when it is gone.
                while !Task.isCancelled {
                    try? await Task.sleep(for: self.configuration.lease / 3)
                    if Task.isCancelled { return nil }
                    guard self.configuration.heartbeatsEnabled, !self.heartbeatsPaused.load(ordering: .relaxed) else { continue }
                    do {
                        if try await !self.queue.heartbeat(lease, extendBy: self.configuration.lease) { return .leaseLost }
                    } catch {
                        logger.warning("Heartbeat failed", metadata: ["error": "\(error)"])
                    }
                }
                return nil
            }
            var result: Outcome = .leaseLost
            while let next = await group.next() {
                if let next {
                    result = next
                    group.cancelAll()
                    break
                }
            }
            return result
        }
        let seconds = (ContinuousClock.now - started).seconds
        let dimensions = [("kind", job.kind)]
        switch outcome {
        case .finished:
            if context.isCompleted {
                logger.info("Job completed", metadata: ["seconds": .stringConvertible((seconds * 1000).rounded() / 1000)])
            } else if (try? await queue.complete(lease)) == true {
                logger.info("Job completed", metadata: ["seconds": .stringConvertible((seconds * 1000).rounded() / 1000)])
            } else {
                logger.warning("Job finished but its lease was lost: completion rejected")
            }
            Counter(label: "solstake_jobs_total", dimensions: dimensions + [("outcome", "completed")]).increment()
        case .failed(let error):
            let state = try? await queue.fail(lease, error: "\(error)", backoff: configuration.retryBackoff)
            logger.error("Job failed", metadata: ["error": "\(error)", "next": "\(state?.rawValue ?? "lease lost")"])
            Counter(label: "solstake_jobs_total", dimensions: dimensions + [("outcome", "failed")]).increment()
        case .leaseLost:
            logger.warning("Lease lost: handler cancelled, nothing more written")
            Counter(label: "solstake_jobs_total", dimensions: dimensions + [("outcome", "lease_lost")]).increment()
        case .deferred(let deferral):
            let released = (try? await queue.release(lease, after: deferral.delay)) == true
            logger.info("Job deferred", metadata: [
                "reason": "\(deferral.reason)", "retryInSeconds": .stringConvertible(Int(deferral.delay.seconds)), "released": .stringConvertible(released),
            ])
            Counter(label: "solstake_jobs_total", dimensions: dimensions + [("outcome", "deferred")]).increment()
        case .interrupted:
            logger.info("Job interrupted by shutdown; released to run again")
            Counter(label: "solstake_jobs_total", dimensions: dimensions + [("outcome", "interrupted")]).increment()
        }
        Metrics.Timer(label: "solstake_job_duration_seconds", dimensions: dimensions).recordNanoseconds(Int64(seconds * 1e9))
    }
}

/// A one-way flag shared between the worker loop and the shutdown handler.
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .relaxed) }
    func set() { value.store(true, ordering: .relaxed) }
}

/// The leases (and kinds) of the jobs this worker is running.
final class RunningJobs: Sendable {
    private let leases = Mutex<[Int64: (lease: JobLease, kind: String)]>([:])
    var count: Int { leases.withLock { $0.count } }
    var all: [JobLease] { leases.withLock { $0.values.map(\.lease) } }
    /// "fetch 1, stake-sync 3", by id.
    var described: String { leases.withLock { $0.sorted { $0.key < $1.key }.map { "\($0.value.kind) \($0.key)" }.joined(separator: ", ") } }
    func add(_ lease: JobLease, kind: String) { leases.withLock { $0[lease.jobId] = (lease, kind) } }
    func remove(_ id: Int64) { leases.withLock { _ = $0.removeValue(forKey: id) } }
}
