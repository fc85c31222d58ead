/// Finds the end of an HTTP/1.1 request head (the empty line) in bytes as they arrive, measuring the request line and
/// the head against their limits. Lenient about line endings (`\n` alone ends a line, as the decoder accepts).
public struct HTTPHeadScanner: Sendable {
    public enum Result: Sendable, Equatable { case incomplete, complete, lineTooLong, headTooLarge }

    private let maxLineBytes: Int
    private let maxHeadBytes: Int
    private var headBytes = 0
    private var lineBytes = 0
    private var inRequestLine = true
    private var newlines = 0

    public init(maxLineBytes: Int, maxHeadBytes: Int) {
        self.maxLineBytes = maxLineBytes
        self.maxHeadBytes = maxHeadBytes
    }

    /// Scans the next bytes of the head; `.complete` once its empty line has been seen (bytes after it are the body's).
    public mutating func scan<Bytes: Sequence>(_ bytes: Bytes) -> Result where Bytes.Element == UInt8 {
        for byte in bytes {
            headBytes += 1
            switch byte {
            case UInt8(ascii: "\n"):
                if inRequestLine {
                    // Empty lines before the request line are allowed (RFC 9112, 2.2).
                    if lineBytes > 0 { inRequestLine = false; newlines = 1 }
                } else {
                    newlines += 1
                    if newlines == 2 { return .complete }
                }
            case UInt8(ascii: "\r"):
                break
            default:
                newlines = 0
                if inRequestLine {
                    lineBytes += 1
                    if lineBytes > maxLineBytes { return .lineTooLong }
                }
            }
            if headBytes > maxHeadBytes { return .headTooLarge }
        }
        return .incomplete
    }
}
