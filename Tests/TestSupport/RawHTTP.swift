import NIOCore
import NIOPosix
import Synchronization

/// A raw TCP client for HTTP tests that standard clients cannot express: half a header, a body that never ends, bytes
/// that are not HTTP. It records what the server sent back and when it closed the connection.
public enum RawHTTP {
    public struct Outcome: Sendable {
        public let bytes: [UInt8]
        /// From connecting to the server's close; nil when the connection was still open at the end of the wait.
        public let closedAfter: Duration?
        public let firstByteAfter: Duration?

        public var text: String { String(decoding: bytes, as: UTF8.self) }
        /// The status code of the first response, if any came.
        public var status: Int? {
            guard text.hasPrefix("HTTP/1.1 "), let code = Int(text.dropFirst(9).prefix(3)) else { return nil }
            return code
        }
        /// Status codes of every response in order.
        public var statuses: [Int] {
            text.components(separatedBy: "HTTP/1.1 ").dropFirst().compactMap { Int($0.prefix(3)) }
        }
    }

    /// Connects to 127.0.0.1:`port`, sends `chunks` with `pause` between them, and collects the answer until the server
    /// closes or `wait` has passed since connecting.
    public static func exchange(port: Int, _ chunks: [[UInt8]], pause: Duration = .zero, wait: Duration) async throws -> Outcome {
        let start = ContinuousClock.now
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        let received = Received()
        let closed: Duration? = try await channel.executeThenClose { inbound, outbound in
            try await withThrowingTaskGroup(of: Duration?.self) { group in
                group.addTask {
                    for (index, chunk) in chunks.enumerated() {
                        if pause > .zero, index > 0 { try await Task.sleep(for: pause) }
                        do { try await outbound.write(ByteBuffer(bytes: chunk)) } catch { break }
                    }
                    try await Task.sleep(for: wait + .seconds(1))
                    return nil
                }
                group.addTask {
                    do {
                        for try await buffer in inbound {
                            received.state.withLock { state in
                                if state.first == nil { state.first = ContinuousClock.now - start }
                                state.bytes += Array(buffer.readableBytesView)
                            }
                        }
                    } catch {}
                    return ContinuousClock.now - start
                }
                group.addTask {
                    try await Task.sleep(until: start + wait)
                    return nil
                }
                var result: Duration?
                for try await outcome in group {
                    if let outcome { result = outcome }
                    // The reader ending (a close) or the wait passing decides; the writer never does.
                    if outcome != nil || ContinuousClock.now >= start + wait { break }
                }
                group.cancelAll()
                return result
            }
        }
        let state = received.state.withLock { $0 }
        return Outcome(bytes: state.bytes, closedAfter: closed, firstByteAfter: state.first)
    }

    private final class Received: Sendable {
        let state = Mutex<(bytes: [UInt8], first: Duration?)>(([], nil))
    }

    public static func exchange(port: Int, _ text: String, wait: Duration) async throws -> Outcome {
        try await exchange(port: port, [Array(text.utf8)], wait: wait)
    }
}
