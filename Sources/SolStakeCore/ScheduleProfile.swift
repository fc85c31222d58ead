/// The original's repeatable-job profiles: how often fetch and score run, and how long finished jobs are kept.
public struct ScheduleProfile: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var kind: String
        public var everySeconds: Int64

        public init(name: String, kind: String, everySeconds: Int64) {
            self.name = name
            self.kind = kind
            self.everySeconds = everySeconds
        }
    }

    public var name: String
    public var entries: [Entry]
    public var keepCompletedSeconds: Int64
    public var keepFailedSeconds: Int64

    public init(name: String, entries: [Entry], keepCompletedSeconds: Int64, keepFailedSeconds: Int64) {
        self.name = name
        self.entries = entries
        self.keepCompletedSeconds = keepCompletedSeconds
        self.keepFailedSeconds = keepFailedSeconds
    }

    /// `test`: fetch every 30 s, score every 60 s, stake sync every 10 min, keep completed 1 h, failed 24 h.
    public static let test = ScheduleProfile(
        name: "test",
        entries: [
            .init(name: "fetch", kind: "fetch", everySeconds: 30), .init(name: "score", kind: "score", everySeconds: 60),
            .init(name: "stake-sync", kind: "stake-sync", everySeconds: 600),
        ],
        keepCompletedSeconds: 3_600, keepFailedSeconds: 86_400)

    /// `production`: fetch and score every 6 h, stake sync every hour, keep completed 7 days, failed 30 days.
    public static let production = ScheduleProfile(
        name: "production",
        entries: [
            .init(name: "fetch", kind: "fetch", everySeconds: 21_600), .init(name: "score", kind: "score", everySeconds: 21_600),
            .init(name: "stake-sync", kind: "stake-sync", everySeconds: 3_600),
        ],
        keepCompletedSeconds: 604_800, keepFailedSeconds: 2_592_000)

    public static func named(_ name: String) -> ScheduleProfile? {
        [test, production].first { $0.name == name }
    }
}

/// Slot arithmetic of repeatable schedules. Pure.
public enum ScheduleMath {
    /// After the slot `due` fired at `now`, the next slot is the first `due + k x every` strictly after `now`: slots missed
    /// during downtime collapse into the one run that just fired.
    public static func nextSlot(due: Int64, now: Int64, everyMillis: Int64) -> Int64 {
        precondition(everyMillis > 0)
        guard now >= due else { return due }
        let missed = (now - due) / everyMillis
        return due + (missed + 1) * everyMillis
    }
}
