import Foundation
import Logging

/// A swift-log handler writing one JSON object per line:
/// `{"level":"info","time":"2026-01-15T10:30:00.000Z","msg":"...","label":"solstake.fetch", <metadata fields>}`.
///
/// Field order is fixed (level, time, msg, label, then metadata sorted by key) so lines diff and grep well.
/// Metadata keys that would collide with the four fixed fields are prefixed with `meta.`.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let sink: LogSink

    public init(label: String, sink: LogSink = .standardError, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.sink = sink
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = LogMetadata.merged(metadata, metadataProvider, event)
        var line = "{\"level\":"
        LogJSON.appendString(event.level.rawValue, to: &line)
        line += ",\"time\":"
        LogJSON.appendString(ISO8601.format(Date()), to: &line)
        line += ",\"msg\":"
        LogJSON.appendString(event.message.description, to: &line)
        line += ",\"label\":"
        LogJSON.appendString(label, to: &line)
        for key in merged.keys.sorted() {
            let name = ["level", "time", "msg", "label"].contains(key) ? "meta.\(key)" : key
            line += ","
            LogJSON.appendString(name, to: &line)
            line += ":"
            LogJSON.appendValue(merged[key]!, to: &line)
        }
        line += "}\n"
        sink.write(line)
    }
}

/// Minimal, allocation-light JSON text writing for log lines.
enum LogJSON {
    static func appendString(_ value: String, to out: inout String) {
        out.append("\"")
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case let s where s.value < 0x20:
                let hex = String(s.value, radix: 16)
                out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out.append("\"")
    }

    static func appendValue(_ value: Logger.Metadata.Value, to out: inout String) {
        switch value {
        case .string(let s): appendString(s, to: &out)
        // Numbers and booleans logged as values (`.stringConvertible(n)`) stay JSON numbers and booleans.
        case .stringConvertible(let c as Bool): out.append(c ? "true" : "false")
        case .stringConvertible(let c as any BinaryInteger): out.append("\(c)")
        case .stringConvertible(let c as Double) where c.isFinite: out.append("\(c)")
        case .stringConvertible(let c): appendString(c.description, to: &out)
        case .array(let items):
            out.append("[")
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(",") }
                appendValue(item, to: &out)
            }
            out.append("]")
        case .dictionary(let dict):
            out.append("{")
            for (index, key) in dict.keys.sorted().enumerated() {
                if index > 0 { out.append(",") }
                appendString(key, to: &out)
                out.append(":")
                appendValue(dict[key]!, to: &out)
            }
            out.append("}")
        }
    }
}
