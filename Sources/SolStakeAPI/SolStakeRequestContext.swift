import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of solstake's HTTP server: Hummingbird's core context plus the peer's address (rate limiting).
public struct SolStakeRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// The request context of WebSocket upgrades: Hummingbird's WebSocket context plus the peer's address (rate limiting and
/// the per-client connection cap).
public struct SolStakeWebSocketRequestContext: RequestContext, WebSocketRequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        remoteAddress = source.channel.remoteAddress
    }
}
