import Synchronization

/// Open connections per client and in total, and the refusal when a cap is reached. A cap of 0 is no cap.
public final class ConnectionTable: Sendable {
    /// Why a connection was refused: which cap, and its value.
    public struct Refusal: Sendable, Equatable {
        public enum Scope: Sendable { case client, total }
        public let scope: Scope
        public let limit: Int

        public func message(what: String) -> String {
            switch scope {
            case .client: "Too many \(what) from this client (limit \(limit)); close some and retry"
            case .total: "Too many \(what) to this server (limit \(limit)); retry shortly"
            }
        }
    }

    private struct State {
        var byClient: [String: Int] = [:]
        var total = 0
    }

    private let perClient: Int
    private let total: Int
    private let state = Mutex(State())

    public init(perClient: Int, total: Int) {
        self.perClient = perClient
        self.total = total
    }

    /// Counts a new connection of `client`, or refuses it (and counts nothing).
    public func admit(_ client: String) -> Refusal? {
        state.withLock { state in
            if total > 0, state.total >= total { return Refusal(scope: .total, limit: total) }
            let mine = state.byClient[client, default: 0]
            if perClient > 0, mine >= perClient { return Refusal(scope: .client, limit: perClient) }
            state.byClient[client] = mine + 1
            state.total += 1
            return nil
        }
    }

    /// Forgets one admitted connection of `client`.
    public func release(_ client: String) {
        state.withLock { state in
            guard let mine = state.byClient[client] else { return }
            if mine <= 1 { state.byClient.removeValue(forKey: client) } else { state.byClient[client] = mine - 1 }
            state.total -= 1
        }
    }

    /// Connections open now.
    public var open: Int { state.withLock { $0.total } }
}
