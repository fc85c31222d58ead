import Foundation
import Hummingbird
import SolStakeJobs
import SolStakeStore

/// `GET /queue`: the queue as JSON for operators and dashboards: counts by state and kind, running jobs with their
/// owner, attempt and progress, and the schedules.
public struct QueueController<Context: RequestContext>: Sendable {
    public let queue: JobQueue

    public init(queue: JobQueue) { self.queue = queue }

    public struct Overview: ResponseEncodable {
        public struct RunningJob: Codable, Sendable {
            public var id: Int64
            public var kind: String
            public var owner: String?
            public var attempt: Int
            public var progress: String?
            public var startedAt: String?
        }
        public struct Schedule: Codable, Sendable {
            public var name: String
            public var kind: String
            public var everySeconds: Int64
            public var profile: String
            public var nextRunAt: String
        }
        public var counts: [String: [String: Int]]
        public var running: [RunningJob]
        public var schedules: [Schedule]
    }

    public func addRoutes(to router: Router<Context>) {
        router.get("queue") { _, _ in try await self.overview() }
    }

    func overview() async throws -> Overview {
        func iso(_ millis: Int64?) -> String? { millis.map { Date(timeIntervalSince1970: Double($0) / 1000).formatted(.iso8601) } }
        let queue = self.queue
        let (counts, running, schedules) = try await queue.database.read { db in
            (try await queue.counts(on: db), try await queue.runningJobs(limit: 100, on: db), try await ScheduleStore(queue: queue).list(on: db))
        }
        return Overview(
            counts: counts,
            running: running.map { .init(id: $0.id, kind: $0.kind, owner: $0.leaseOwner, attempt: $0.attempt, progress: $0.progress, startedAt: iso($0.startedAt)) },
            schedules: schedules.map { .init(name: $0.name, kind: $0.kind, everySeconds: $0.everySeconds, profile: $0.profile, nextRunAt: iso($0.nextRunAt)!) })
    }
}
