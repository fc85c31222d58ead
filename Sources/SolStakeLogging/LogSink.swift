#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where formatted log lines go. One call writes one whole line, so concurrent loggers never interleave.
public struct LogSink: Sendable {
    public let write: @Sendable (String) -> Void

    public init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    /// Standard error: logs never mix with a command's report on standard output.
    public static let standardError = LogSink { line in writeAll(line, to: 2) }

    /// Writes with as few `write(2)` calls as the kernel allows (one, for any line under the pipe buffer size).
    static func writeAll(_ line: String, to fd: Int32) {
        var line = line
        line.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 {
                    if written < 0 && errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
