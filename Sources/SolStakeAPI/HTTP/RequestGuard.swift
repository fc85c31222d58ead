import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Added after HTTP decoding on connections that stay HTTP (not upgraded): gives each request's body `bodyTimeout` from
/// its head, refuses later requests' long URLs (414) and oversized heads (431, from the decoder's limit), and closes the
/// connection once a response that says `Connection: close` is written. If the request's body is still arriving then
/// (a 413 before reading it), the connection lingers up to `lingerTimeout` so the client finishes sending and reads
/// the answer, then closes: an endless body cannot hold it open.
final class RequestGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limits: HTTPLimits
    private let logger: Logger
    /// Requests whose response has not ended.
    private var inFlight = 0
    private var bodyDeadline: Scheduled<Void>?
    private var closeAfterResponse = false
    private var refusing = false
    /// The current request's body has ended (its `.end` was read).
    private var requestComplete = true
    private var lingering = false
    static let lingerTimeout: Duration = .seconds(2)

    init(limits: HTTPLimits, logger: Logger) {
        self.limits = limits
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // The connection stays HTTP: decoding errors are this guard's and Hummingbird's from now on.
        (try? context.pipeline.syncOperations.handler(type: NegotiationErrorCloser.self))?.passive = true
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        bodyDeadline?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refusing else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            if let path = head.path, path.utf8.count > limits.maxURLBytes {
                refuse(context, .uriTooLong, "The URL is longer than \(limits.maxURLBytes) bytes")
                return
            }
            inFlight += 1
            requestComplete = false
            let timeout = limits.bodyTimeout
            bodyDeadline?.cancel()
            bodyDeadline = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) {
                self.logger.debug("Request body timeout: closing the connection")
                context.close(promise: nil)
            }
        case .end:
            bodyDeadline?.cancel()
            bodyDeadline = nil
            requestComplete = true
            if lingering {
                context.fireChannelRead(data)
                context.close(promise: nil)
                return
            }
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let response):
            if response.headerFields[.connection]?.lowercased() == "close" { closeAfterResponse = true }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            inFlight -= 1
            guard closeAfterResponse else {
                context.write(data, promise: promise)
                return
            }
            let written = promise ?? context.eventLoop.makePromise()
            if requestComplete {
                written.futureResult.whenComplete { _ in context.close(promise: nil) }
            } else {
                lingering = true
                let linger = min(Self.lingerTimeout, limits.bodyTimeout)
                bodyDeadline?.cancel()
                bodyDeadline = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(linger)) {
                    context.close(promise: nil)
                }
            }
            context.writeAndFlush(data, promise: written)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let parse = error as? HTTPParserError, parse == .headerOverflow {
            refuse(context, .requestHeaderFieldsTooLarge, "The request's head is larger than \(limits.maxHeaderBytes) bytes")
            return
        }
        context.fireErrorCaught(error)
    }

    /// Answers with `status` when no response is in flight (else only closes), and closes; later input is dropped.
    private func refuse(_ context: ChannelHandlerContext, _ status: HTTPResponse.Status, _ message: String) {
        refusing = true
        bodyDeadline?.cancel()
        guard inFlight == 0 else {
            context.close(promise: nil)
            return
        }
        let body = context.channel.allocator.buffer(string: message + "\n")
        let head = HTTPResponse(
            status: status,
            headerFields: [.contentType: "text/plain; charset=utf-8", .contentLength: String(body.readableBytes), .connection: "close"])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }
}
