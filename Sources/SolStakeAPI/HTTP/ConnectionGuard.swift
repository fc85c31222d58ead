import Logging
import Metrics
import NIOCore
import SolStakeCore

/// The first handler of every connection, on raw bytes. It admits the connection against the caps (503 when full) and
/// holds the first request to `headerTimeout` (408) and to the URL and head sizes (414, 431) until its head has arrived;
/// then it passes bytes through. Hummingbird adds its HTTP handlers, idle timeout included, only after the first head
/// is decoded (the WebSocket upgrade decides then), so before that nothing else bounds a connection.
final class ConnectionGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum Phase { case awaitingHead, passing, refused }

    private let limits: HTTPLimits
    private let connections: ConnectionTable
    private let logger: Logger
    private var phase = Phase.awaitingHead
    private var started = false
    private var deadline: Scheduled<Void>?
    private var head: HTTPHeadScanner

    init(limits: HTTPLimits, connections: ConnectionTable, logger: Logger) {
        self.limits = limits
        self.connections = connections
        self.logger = logger
        head = HTTPHeadScanner(maxLineBytes: limits.maxURLBytes, maxHeadBytes: limits.maxHeaderBytes)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        let address = context.channel.remoteAddress?.ipAddress ?? "unknown"
        if let refusal = connections.admit(address) {
            // Debug only: at attack rates a line per refusal would flood the log; the counter tells the rate.
            logger.debug("Connection refused", metadata: ["client": "\(address)", "limit": "\(refusal.limit)"])
            refuse(context, .serviceUnavailable, refusal.message(what: "connections"), reason: refusal.scope == .client ? "client_connections" : "total_connections")
            return
        }
        let connections = self.connections
        context.channel.closeFuture.whenComplete { _ in connections.release(address) }
        let timeout = limits.headerTimeout
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) {
            guard self.phase == .awaitingHead else { return }
            self.logger.debug("Request head timeout", metadata: ["client": "\(address)"])
            self.refuse(context, .requestTimeout, "The request's head did not arrive within \(timeout)", reason: "head_timeout")
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch phase {
        case .refused:
            return
        case .passing:
            context.fireChannelRead(data)
        case .awaitingHead:
            let buffer = unwrapInboundIn(data)
            switch head.scan(buffer.readableBytesView) {
            case .incomplete:
                context.fireChannelRead(data)
            case .complete:
                phase = .passing
                deadline?.cancel()
                context.fireChannelRead(data)
            case .lineTooLong:
                refuse(context, .uriTooLong, "The request line is longer than \(limits.maxURLBytes) bytes", reason: "url_too_long")
            case .headTooLarge:
                refuse(context, .requestHeaderFieldsTooLarge, "The request's head is larger than \(limits.maxHeaderBytes) bytes", reason: "head_too_large")
            }
        }
    }

    /// Answers with `status` and closes. Only called before the first head reached the HTTP handlers, so no other
    /// response can be in flight.
    private func refuse(_ context: ChannelHandlerContext, _ status: HTTPStatusLine, _ message: String, reason: String) {
        guard phase != .refused else { return }
        phase = .refused
        Counter(label: "solstake_http_connections_refused_total", dimensions: [("reason", reason)]).increment()
        deadline?.cancel()
        let body = message + "\n"
        let text = "HTTP/1.1 \(status.code) \(status.reason)\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: \(body.utf8.count)\r\nconnection: close\r\n\r\n" + body
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: text))).whenComplete { _ in
            context.close(promise: nil)
        }
    }
}

/// A status line the guards write themselves.
struct HTTPStatusLine {
    let code: Int
    let reason: String
    static let serviceUnavailable = HTTPStatusLine(code: 503, reason: "Service Unavailable")
    static let requestTimeout = HTTPStatusLine(code: 408, reason: "Request Timeout")
    static let uriTooLong = HTTPStatusLine(code: 414, reason: "URI Too Long")
    static let requestHeaderFieldsTooLarge = HTTPStatusLine(code: 431, reason: "Request Header Fields Too Large")
}
