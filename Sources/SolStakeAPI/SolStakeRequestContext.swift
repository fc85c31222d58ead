import Hummingbird
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
