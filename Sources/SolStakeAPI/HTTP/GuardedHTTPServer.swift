import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 + WebSocket-upgrade child channel behind the connection guards: a `ConnectionGuard` first in
/// every pipeline, a `NegotiationErrorCloser` while the first request is examined, a `RequestGuard` after HTTP decoding,
/// Hummingbird's idle timeout, the decoder's head limit, and a close once the inner handler returns.
struct GuardedChildChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value
    let inner: Inner
    let limits: HTTPLimits
    let connections: ConnectionTable
    let logger: Logger

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let guardHandler = ConnectionGuard(limits: limits, connections: connections, logger: self.logger)
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(guardHandler, position: .first)
        }.flatMap {
            inner.setup(channel: channel, logger: logger)
        }.flatMapThrowing { value in
            try channel.pipeline.syncOperations.addHandler(NegotiationErrorCloser())
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        // A connection the guards refused or timed out fails Hummingbird's upgrade negotiation, which it logs as an
        // error: at attack rates that floods the log. The guards log their own refusals; requests log through the app.
        var quiet = logger
        quiet.logLevel = .critical
        await inner.handle(value: value, logger: quiet)
        try? await value.channel.close()
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with WebSocket upgrades on `webSocketRouter`, every connection held to `limits`.
    public static func guardedHTTP1WebSocketUpgrade<WSResponderBuilder: HTTPResponderBuilder>(
        webSocketRouter: WSResponderBuilder, limits: HTTPLimits, maxWebSocketFrameBytes: Int, logger: Logger
    ) -> HTTPServerBuilder where WSResponderBuilder.Responder.Context: WebSocketRequestContext {
        let webSocketResponder = webSocketRouter.buildResponder()
        let connections = ConnectionTable(perClient: limits.maxConnectionsPerClient, total: limits.maxConnections)
        return HTTPServerBuilder { responder in
            let http1 = HTTP1Channel.Configuration(
                additionalChannelHandlers: [RequestGuard(limits: limits, logger: logger)],
                idleTimeout: TimeAmount(limits.idleTimeout),
                httpDecoderConfiguration: .init(maxHeaderFieldSize: limits.maxHeaderBytes, maxHeaderListSize: limits.maxHeaderBytes))
            let inner = HTTP1WebSocketUpgradeChannel(
                responder: responder, webSocketResponder: webSocketResponder,
                configuration: .init(http1: http1, ws: .init(maxFrameSize: maxWebSocketFrameBytes)))
            return GuardedChildChannel(inner: inner, limits: limits, connections: connections, logger: logger)
        }
    }
}
