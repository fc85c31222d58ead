import Foundation
import SQLKit

/// Appends to `auditLog`, several entries per statement.
public enum AuditLogWriter {
    public struct Entry: Sendable {
        public var action: String
        public var actorId: String?
        public var metadata: [String: String]

        public init(action: String, actorId: String? = nil, metadata: [String: String]) {
            self.action = action
            self.actorId = actorId
            self.metadata = metadata
        }
    }

    public static func append(_ entries: [Entry], nowMillis: Int64, on db: any SQLDatabase) async throws {
        guard !entries.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for start in stride(from: 0, to: entries.count, by: 5_000) {
            var insert = db.insert(into: "auditLog").columns("action", "actorId", "metadata", "createdAt")
            for entry in entries[start..<min(start + 5_000, entries.count)] {
                let json = String(decoding: try encoder.encode(entry.metadata), as: UTF8.self)
                insert = insert.values(entry.action, entry.actorId, json, nowMillis)
            }
            try await insert.run()
        }
    }
}
