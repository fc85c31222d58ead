import Foundation
import Logging

/// What both handlers share: one event's metadata, and its timestamp.
enum LogMetadata {
    /// The handler's metadata, then the provider's, then the event's own (later ones win).
    static func merged(_ metadata: Logger.Metadata, _ provider: Logger.MetadataProvider?, _ event: LogEvent) -> Logger.Metadata {
        var merged = metadata
        if let provided = provider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        return merged
    }
}

/// ISO-8601 timestamps with milliseconds in UTC, as pino writes them.
enum ISO8601 {
    static func format(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true)
            .timeSeparator(.colon).timeZone(separator: .omitted))
    }
}

