import ArgumentParser
import Foundation
import SolStakeApp
import SolStakeCore
import SolStakeJobs
import SolStakeStore

struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue", abstract: "The job queue.",
        subcommands: [QueueAdd.self, QueueMonitorCommand.self, QueueScheduler.self, QueueRetry.self, QueueCancel.self, QueueClean.self])
}

/// Runs `body` with the configured, up-to-date database and its queue. `readOnly`: the database must exist already
/// (nothing is created or migrated to be looked at).
func withQueue<T: Sendable>(
    _ options: GlobalOptions, readOnly: Bool = false, _ body: @escaping @Sendable (JobQueue, AppEnvironment) async throws -> T
) async throws -> T {
    let environment = try await options.load()
    return try await reportingFailures(environment.logger) {
        if readOnly {
            return try await environment.withExistingDatabase { database in try await body(JobQueue(database: database), environment) }
        }
        return try await environment.withDatabase { database in
            try await DatabasePreparation.prepare(database, logger: environment.logger)
            return try await body(JobQueue(database: database), environment)
        }
    }
}

struct QueueAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Enqueue a job; prints its id.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "fetch, score or stake-sync") var kind: String
    @Option(help: "Seconds before it may run.") var delay: Double = 0
    @Option(help: "Lower runs first.") var priority = 0
    @Option(help: "JSON payload (stake-sync: {\"wallet\": PUBKEY} for one tracked wallet, {} for all).") var payload = "{}"

    func validate() throws {
        let kinds = JobKinds.all + JobHandlers.additional.keys.sorted()
        guard kinds.contains(kind) else {
            throw ValidationError("unknown kind \"\(kind)\": expected \(kinds.joined(separator: ", "))")
        }
        guard delay >= 0 else { throw ValidationError("--delay must be >= 0") }
        guard (try? JSONSerialization.jsonObject(with: Data(payload.utf8))) != nil else { throw ValidationError("--payload must be JSON") }
    }

    func run() async throws {
        let (kind, delay, priority, payload) = (self.kind, self.delay, self.priority, self.payload)
        let result = try await withQueue(options) { queue, _ in
            // fetch and score dedupe: adding one while one is waiting returns the waiting one.
            let dedupe = [JobKinds.fetch, JobKinds.score].contains(kind) ? kind : nil
            return try await queue.enqueue(JobRequest(kind: kind, payload: payload, delay: .seconds(delay), priority: priority, dedupeKey: dedupe))
        }
        print(result.created ? "\(result.id)" : "\(result.id) (already waiting)")
    }
}

struct QueueMonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "monitor", abstract: "Live view of the queue.")
    @OptionGroup var options: GlobalOptions
    @Flag(help: "Print one snapshot and exit.") var once = false
    @Option(name: .customLong("interval-seconds"), help: "Refresh interval.") var interval = 2.0

    func run() async throws {
        let (once, interval) = (self.once, self.interval)
        try await withQueue(options, readOnly: true) { queue, _ in
            repeat {
                let text = try await QueueMonitor.render(queue: queue)
                print(once ? text : "\u{1B}[2J\u{1B}[H" + text, terminator: "")
                if once { break }
                try await Task.sleep(for: .seconds(interval))
            } while !Task.isCancelled
        }
    }
}

struct QueueScheduler: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scheduler", abstract: "Switch the repeatable schedules to a profile, or list them.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "test, production or list") var action: String

    func validate() throws {
        guard ["test", "production", "list"].contains(action) else { throw ValidationError("expected test, production or list") }
    }

    func run() async throws {
        let action = self.action
        let schedules = try await withQueue(options, readOnly: action == "list") { queue, _ in
            let store = ScheduleStore(queue: queue)
            if let profile = ScheduleProfile.named(action) { try await store.install(profile, replace: true) }
            return try await store.list()
        }
        for s in schedules {
            let next = Date(timeIntervalSince1970: Double(s.nextRunAt) / 1000).formatted(.iso8601)
            print("\(s.name)\tkind \(s.kind)\tevery \(s.everySeconds)s\tprofile \(s.profile)\tnext \(next)\tkeep completed \(s.keepCompletedSeconds)s, failed \(s.keepFailedSeconds)s")
        }
        if schedules.isEmpty { print("no schedules") }
    }
}

struct QueueRetry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retry", abstract: "Retry a failed or cancelled job now.")
    @OptionGroup var options: GlobalOptions
    @Argument var id: Int64
    func run() async throws {
        let id = self.id
        try await withQueue(options) { queue, _ in try await queue.retry(id) }
        print("job \(id) is available again")
    }
}

struct QueueCancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a waiting or running job.")
    @OptionGroup var options: GlobalOptions
    @Argument var id: Int64
    func run() async throws {
        let id = self.id
        try await withQueue(options) { queue, _ in try await queue.cancel(id) }
        print("job \(id) cancelled")
    }
}

struct QueueClean: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "clean", abstract: "Delete finished jobs past the retention of the active schedule profile.")
    @OptionGroup var options: GlobalOptions
    func run() async throws {
        let cleaned = try await withQueue(options) { queue, environment in
            return try await ScheduleStore(queue: queue).applyRetention(fallback: environment.configuration.scheduleProfile)
        }
        print("deleted \(cleaned.completed) completed/cancelled and \(cleaned.failed) failed jobs")
    }
}
