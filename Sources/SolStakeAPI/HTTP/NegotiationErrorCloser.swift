import NIOCore
import NIOHTTP1

/// Answers 400 and closes when HTTP decoding fails while Hummingbird is still deciding whether the first request upgrades
/// to WebSocket: nothing else handles that error, and the connection would stay open. Once the connection stays HTTP,
/// the `RequestGuard` makes it passive (Hummingbird and the guard handle later errors).
final class NegotiationErrorCloser: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    var passive = false

    /// Only decoding errors: the upgrader also sends its "not upgrading" errors down the pipeline, and Hummingbird then
    /// answers those requests itself.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !passive, error is HTTPParserError else { return context.fireErrorCaught(error) }
        passive = true
        let head = HTTPResponseHead(version: .http1_1, status: .badRequest, headers: ["connection": "close", "content-length": "0"])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }
}
