import Foundation
import Synchronization

/// The outcome of the latest RPC call, kept in memory so health checks can report on RPC without making a call.
public final class RPCObservations: Sendable {
    public struct Call: Sendable, Equatable {
        public var method: String
        public var endpoint: String
        public var succeeded: Bool
        public var latencySeconds: Double
        public var error: String?
        public var at: Date
    }

    private let state = Mutex<Call?>(nil)

    public init() {}

    public var last: Call? { state.withLock { $0 } }

    func record(_ call: Call) { state.withLock { $0 = call } }
}
