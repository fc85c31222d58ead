import Foundation
import GraphQL
import NIOCore
import Synchronization

/// Responses of successful queries, keyed by document, operation and variables, valid for one `DataGeneration`.
/// Bounded by entries and bytes; the least recently used go first. Bodies are kept as the bytes sent, shared by
/// every response that serves them.
public final class ResponseCache: Sendable {
    private struct Entry {
        var generation: UInt64
        var body: ByteBuffer
        var lastUsed: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
        var tick: UInt64 = 0
    }

    private let state = Mutex(State())
    let maxEntries: Int
    let maxBytes: Int

    public init(maxEntries: Int = 256, maxBytes: Int = 64 << 20) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
    }

    /// The document, the operation and the variables as canonical JSON (keys sorted).
    public static func key(query: String, operationName: String?, variables: [String: Map]) -> String {
        let encoder = GraphQLJSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let canonical = (try? encoder.encode(variables)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
        return query + "\u{0}" + (operationName ?? "") + "\u{0}" + canonical
    }

    public func lookup(_ key: String, generation: UInt64) -> ByteBuffer? {
        state.withLock { state in
            guard var entry = state.entries[key], entry.generation == generation else { return nil }
            state.tick += 1
            entry.lastUsed = state.tick
            state.entries[key] = entry
            return entry.body
        }
    }

    public func store(_ key: String, generation: UInt64, body: ByteBuffer) {
        guard body.readableBytes <= maxBytes / 4 else { return }
        state.withLock { state in
            state.tick += 1
            if let old = state.entries[key] { state.bytes -= old.body.readableBytes }
            state.entries[key] = Entry(generation: generation, body: body, lastUsed: state.tick)
            state.bytes += body.readableBytes
            while state.entries.count > maxEntries || state.bytes > maxBytes {
                // Stale generations first, then the least recently used.
                guard let victim = state.entries.min(by: { ($0.value.generation == generation ? 1 : 0, $0.value.lastUsed) < ($1.value.generation == generation ? 1 : 0, $1.value.lastUsed) }) else { break }
                state.bytes -= victim.value.body.readableBytes
                state.entries[victim.key] = nil
            }
        }
    }

    public var count: Int { state.withLock { $0.entries.count } }
}
