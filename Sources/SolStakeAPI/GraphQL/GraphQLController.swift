import Foundation
import GraphQL
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SolStakeStore

/// `/graphql` and `/` over HTTP: GraphQL-over-HTTP, GraphiQL, API keys, rate limiting and CORS.
public struct GraphQLController<Context: RequestContext>: Sendable {
    public let service: GraphQLService
    let cache: ResponseCache?
    let graphiQLAssets: GraphiQLAssets

    public init(service: GraphQLService) {
        self.service = service
        cache = service.settings.responseCache ? ResponseCache() : nil
        graphiQLAssets = GraphiQLAssets(directory: service.settings.graphiqlAssetsDirectory)
    }

    public func addRoutes(to router: Router<Context>) {
        if service.settings.graphiql {
            router.get("graphiql/assets/:name") { _, context in
                graphiQLAssets.response(for: context.parameters.get("name") ?? "")
            }
        }
        for path in ["/graphql", "/"] {
            let group = router.group(RouterPath(path))
            group.add(middleware: CORSAllowlistMiddleware(origins: service.settings.corsOrigins))
            group.get { request, context in try await handle(request, context: context) }
            group.post { request, context in try await handle(request, context: context) }
            group.on("", method: .options) { _, _ in Response(status: .noContent) }
            for method in [HTTPRequest.Method.put, .delete, .patch] {
                group.on("", method: method) { _, _ in
                    var response = plain(.methodNotAllowed, "GraphQL is served over GET and POST")
                    response.headers[.allow] = "GET, POST"
                    return response
                }
            }
        }
    }

    enum Auth {
        case none
        case valid(String)
        case invalid

        var isInvalid: Bool {
            if case .invalid = self { return true }
            return false
        }
    }

    func authenticate(_ request: Request) -> Auth {
        guard let header = request.headers[.authorization] else { return .none }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return .invalid }
        return service.settings.apiKeys.authenticate(String(parts[1]).trimmingCharacters(in: .whitespaces)).map(Auth.valid) ?? .invalid
    }

    func handle(_ request: Request, context: Context) async throws -> Response {
        let accept = request.headers[.accept]
        // GraphiQL for browsers.
        if request.method == .get, service.settings.graphiql, let accept, accept.contains("text/html"),
            !request.uri.queryParameters.has("query")
        {
            var headers = HTTPFields()
            headers[.contentType] = "text/html; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: GraphiQLPage.html(assets: graphiQLAssets))))
        }
        guard let mediaType = GraphQLHTTP.negotiate(accept: accept) else {
            return plain(.notAcceptable, "Not acceptable: this endpoint answers application/graphql-response+json or application/json")
        }

        let auth = authenticate(request)
        let client: String
        switch auth {
        case .valid(let id): client = "key:\(id)"
        default: client = "addr:\((context as? any RemoteAddressRequestContext)?.remoteAddress?.ipAddress ?? "unknown")"
        }
        if let wait = service.limiter.admit(client) {
            let seconds = Int(wait.rounded(.up))
            var response = errorResponse(
                [APIError(.RATE_LIMITED, "Too many requests; retry in \(seconds) s").graphQLError], status: .tooManyRequests, mediaType: mediaType)
            response.headers[.retryAfter] = String(max(1, seconds))
            return response
        }

        let parsed: GraphQLHTTP.Request
        do {
            if request.method == .post {
                // A declared length over the limit is refused before any of the body is read; the connection closes
                // (its body is never read), so a huge Content-Length cannot hold it open.
                if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > service.settings.maxBodyBytes {
                    var response = errorResponse(
                        [APIError(.BAD_REQUEST, "The body is \(declared) bytes; the limit is \(service.settings.maxBodyBytes)").graphQLError],
                        status: .contentTooLarge, mediaType: mediaType)
                    response.headers[.connection] = "close"
                    return response
                }
                let body: ByteBuffer
                do {
                    body = try await request.body.collect(upTo: service.settings.maxBodyBytes)
                } catch {
                    return errorResponse(
                        [APIError(.BAD_REQUEST, "The body is larger than \(service.settings.maxBodyBytes) bytes").graphQLError],
                        status: .contentTooLarge, mediaType: mediaType)
                }
                parsed = try GraphQLHTTP.parseBody(Data(buffer: body), contentType: request.headers[.contentType], limits: .init(service.settings))
            } else {
                guard (request.uri.query?.utf8.count ?? 0) <= service.settings.maxBodyBytes else {
                    return errorResponse([APIError(.BAD_REQUEST, "The URL query is too long").graphQLError], status: .contentTooLarge, mediaType: mediaType)
                }
                parsed = try GraphQLHTTP.parseQueryParameters(try GraphQLHTTP.formParameters(request.uri.query ?? ""), limits: .init(service.settings))
            }
        } catch {
            return errorResponse([APIError(error.code, error.message).graphQLError], status: .init(code: error.status), mediaType: mediaType)
        }

        // A query repeated on unchanged data is answered from memory, without parsing it again or any SQL statement:
        // only successful queries are stored, under the generation they were computed at.
        var cacheKey: String?
        var generation: UInt64?
        if let cache, !auth.isInvalid, let current = await service.generation.current() {
            service.noteGeneration(current)
            let key = ResponseCache.key(query: parsed.query, operationName: parsed.operationName, variables: parsed.variables)
            if let body = cache.lookup(key, generation: current) {
                var response = respond(body: body, status: .ok, mediaType: mediaType)
                response.headers[Self.cacheHeader] = "hit"
                return response
            }
            (cacheKey, generation) = (key, current)
        }

        let prepared: GraphQLService.Prepared
        switch service.prepare(query: parsed.query, operationName: parsed.operationName, variables: parsed.variables, bounds: await service.costBounds()) {
        case .failure(let errors):
            let status: HTTPResponse.Status = errors.refusedByLimit || mediaType == .graphQLResponse ? .badRequest : .ok
            return errorResponse(errors.errors, status: status, mediaType: mediaType)
        case .success(let value):
            prepared = value
        }

        if prepared.operation == .mutation, request.method == .get {
            var response = errorResponse(
                [APIError(.BAD_REQUEST, "Mutations are only accepted over POST").graphQLError], status: .methodNotAllowed, mediaType: mediaType)
            response.headers[.allow] = "POST"
            return response
        }
        if prepared.operation == .subscription {
            return errorResponse(
                [APIError(.BAD_REQUEST, "Subscriptions run over WebSocket (graphql-transport-ws) at /graphql").graphQLError],
                status: mediaType == .graphQLResponse ? .badRequest : .ok, mediaType: mediaType)
        }
        var keyId: String?
        switch auth {
        case .invalid:
            return errorResponse([APIError(.FORBIDDEN, "The API key is not valid").graphQLError], status: .forbidden, mediaType: mediaType)
        case .none where prepared.operation == .mutation:
            var response = errorResponse(
                [APIError(.UNAUTHENTICATED, "Mutations need an API key: Authorization: Bearer <key>").graphQLError],
                status: .unauthorized, mediaType: mediaType)
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        case .valid(let id):
            keyId = id
        case .none:
            break
        }

        let result = await service.execute(
            prepared, operationName: parsed.operationName, variables: parsed.variables, context: service.context(apiKeyId: keyId))
        let body = ByteBuffer(bytes: encode(result))
        var response = respond(body: body, status: .init(code: GraphQLHTTP.status(for: result, mediaType: mediaType)), mediaType: mediaType)
        if let cache, let cacheKey, let generation, prepared.operation == .query, result.errors.isEmpty {
            // Stored only if no write committed while the query ran.
            if await service.generation.current() == generation {
                cache.store(cacheKey, generation: generation, body: body)
            }
            response.headers[Self.cacheHeader] = "miss"
        }
        return response
    }

    static var cacheHeader: HTTPField.Name { HTTPField.Name("X-Solstake-Cache")! }

    func errorResponse(_ errors: [GraphQLError], status: HTTPResponse.Status, mediaType: GraphQLHTTP.MediaType) -> Response {
        respond(GraphQLResult(errors: errors), status: status, mediaType: mediaType)
    }

    func respond(_ result: GraphQLResult, status: HTTPResponse.Status, mediaType: GraphQLHTTP.MediaType) -> Response {
        respond(body: encode(result), status: status, mediaType: mediaType)
    }

    func encode(_ result: GraphQLResult) -> Data { GraphQLWireResponse.encode(result) }

    func respond(body data: Data, status: HTTPResponse.Status, mediaType: GraphQLHTTP.MediaType) -> Response {
        respond(body: ByteBuffer(bytes: data), status: status, mediaType: mediaType)
    }

    func respond(body: ByteBuffer, status: HTTPResponse.Status, mediaType: GraphQLHTTP.MediaType) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = mediaType.rawValue + "; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}

/// CORS for an allowlist of origins: matching requests get `Access-Control-Allow-Origin` with their origin (`*` with a
/// wildcard list, never combined with credentials); preflights are answered here. Other origins, and the opaque `null`
/// origin of sandboxed pages and local files, get no CORS headers (the browser then blocks the response).
public struct CORSAllowlistMiddleware<Context: RequestContext>: RouterMiddleware {
    let origins: Set<String>

    public init(origins: [String]) { self.origins = Set(origins) }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], origin != "null", !origins.isEmpty, origins.contains(origin) || origins.contains("*") else {
            return try await next(request, context)
        }
        var response: Response
        if request.method == .options {
            response = Response(status: .noContent)
            response.headers[.accessControlAllowMethods] = "GET, POST, OPTIONS"
            response.headers[.accessControlAllowHeaders] = "Content-Type, Authorization, Accept"
            response.headers[.accessControlMaxAge] = "600"
        } else {
            response = try await next(request, context)
        }
        response.headers[.accessControlAllowOrigin] = origins.contains(origin) ? origin : "*"
        response.headers[.vary] = "Origin"
        return response
    }
}
