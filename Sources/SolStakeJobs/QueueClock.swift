import SQLKit
import SolStakeCore
import SolStakeStore
import Synchronization

/// Where "now" comes from in queue statements: the database's clock (always, in production: several machines share one
/// database and their clocks disagree), or a manual time tests move by hand.
public struct QueueClock: Sendable {
    private let manual: ManualTime?

    public static let database = QueueClock(manual: nil)

    public static func manual(_ time: ManualTime) -> QueueClock { QueueClock(manual: time) }

    private init(manual: ManualTime?) { self.manual = manual }

    /// The current time in milliseconds since the epoch, as an SQL expression.
    func now(_ flavor: SQLFlavor) -> any SQLExpression {
        if let manual { return SQLRaw("\(manual.millis)") }
        return SQLRaw(flavor.nowMillisSQL)
    }
}

/// A settable clock for tests (milliseconds since the epoch).
public final class ManualTime: Sendable {
    private let value: Atomic<Int64>

    public init(millis: Int64) { value = Atomic(millis) }

    public var millis: Int64 { value.load(ordering: .relaxed) }

    public func advance(by duration: Duration) {
        value.add(duration.millis, ordering: .relaxed)
    }

    public func set(_ millis: Int64) { value.store(millis, ordering: .relaxed) }
}
