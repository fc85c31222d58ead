import Logging

/// The two log line formats.
public enum LogFormat: String, Sendable, CaseIterable {
    /// One JSON object per line: `level`, `time`, `msg`, `label`, then metadata fields.
    case json
    /// Human-readable: `time level label: msg key=value ...`.
    case text
}

/// Boots swift-log once per process with the chosen format and level.
public enum LoggingBootstrap {
    public static func makeHandler(
        label: String, format: LogFormat, level: Logger.Level, sink: LogSink = .standardError
    ) -> any LogHandler {
        switch format {
        case .json:
            var handler = JSONLogHandler(label: label, sink: sink)
            handler.logLevel = level
            return handler
        case .text:
            var handler = TextLogHandler(label: label, sink: sink)
            handler.logLevel = level
            return handler
        }
    }

    /// Installs the handler factory for the process. swift-log allows this once; later calls are ignored by design
    /// of `LoggingSystem`, so call it first thing in `main`.
    public static func bootstrap(format: LogFormat, level: Logger.Level, sink: LogSink = .standardError) {
        LoggingSystem.bootstrap { label in makeHandler(label: label, format: format, level: level, sink: sink) }
    }
}
