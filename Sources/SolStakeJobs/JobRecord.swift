import Foundation

/// The lifecycle states of a job.
public enum JobState: String, Sendable, Codable, CaseIterable {
    case available, running, completed, failed, cancelled

    public var isLive: Bool { self == .available || self == .running }
}

/// One row of `job`.
public struct JobRecord: Sendable, Decodable, Equatable {
    public var id: Int64
    public var queue: String
    public var kind: String
    public var payload: String
    public var state: String
    public var priority: Int
    public var runAt: Int64
    public var attempt: Int
    public var maxAttempts: Int
    public var stallCount: Int
    public var leaseOwner: String?
    public var leaseToken: String?
    public var leaseExpiresAt: Int64?
    public var dedupeKey: String?
    public var scheduleName: String?
    public var scheduleSlot: Int64?
    public var progress: String?
    public var lastError: String?
    public var errors: String
    public var createdAt: Int64
    public var startedAt: Int64?
    public var finishedAt: Int64?

    public var jobState: JobState? { JobState(rawValue: state) }

    /// The errors of every failed attempt, oldest first.
    public var attemptErrors: [AttemptError] {
        (try? JSONDecoder().decode([AttemptError].self, from: Data(errors.utf8))) ?? []
    }

    /// The lease this row grants, when it is running.
    public var lease: JobLease? {
        guard let leaseToken else { return nil }
        return JobLease(jobId: id, token: leaseToken, attempt: attempt, maxAttempts: maxAttempts, errors: errors)
    }
}

/// What one attempt's failure left on the job.
public struct AttemptError: Sendable, Codable, Equatable {
    public var attempt: Int
    /// `error` (the handler threw) or `stalled` (the lease expired).
    public var kind: String
    public var message: String
    public var at: Int64
}

/// Proof of the right to finish one attempt of a job: every completion, failure, retry, progress and heartbeat carries
/// the token, and a stale attempt's token matches no row.
public struct JobLease: Sendable, Equatable {
    public var jobId: Int64
    public var token: String
    public var attempt: Int
    public var maxAttempts: Int
    public var errors: String
}

/// A job to enqueue.
public struct JobRequest: Sendable {
    public var kind: String
    public var payload: String
    public var delay: Duration
    /// Lower runs first.
    public var priority: Int
    /// Enqueueing while a live job (available or running) has the same key returns that job instead.
    public var dedupeKey: String?
    public var maxAttempts: Int
    public var scheduleName: String?
    public var scheduleSlot: Int64?

    public init(
        kind: String, payload: String = "{}", delay: Duration = .zero, priority: Int = 0, dedupeKey: String? = nil,
        maxAttempts: Int? = nil, scheduleName: String? = nil, scheduleSlot: Int64? = nil
    ) {
        self.kind = kind
        self.payload = payload
        self.delay = delay
        self.priority = priority
        self.dedupeKey = dedupeKey
        self.maxAttempts = maxAttempts ?? JobKinds.defaultMaxAttempts(kind)
        self.scheduleName = scheduleName
        self.scheduleSlot = scheduleSlot
    }
}

/// Job kinds solstake knows, with their defaults.
public enum JobKinds {
    public static let fetch = "fetch"
    public static let score = "score"
    /// Syncs tracked wallets' stake accounts (`{"wallet": PUBKEY}` for one, `{}` for all).
    public static let stakeSync = "stake-sync"
    /// The kinds solstake runs; tests add their own (TestJobKinds).
    public static let all = [fetch, score, stakeSync]

    public static func defaultMaxAttempts(_ kind: String) -> Int {
        switch kind {
        case fetch, score, stakeSync: return 3
        default: return 5
        }
    }
}
