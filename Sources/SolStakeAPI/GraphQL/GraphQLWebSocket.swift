import Foundation
import GraphQL
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOWebSocket
import SolStakeCore
import SolStakeStore
import Synchronization

/// Subscriptions (and queries) over WebSocket at `/graphql`, protocol `graphql-transport-ws`
/// (enisdenjo/graphql-ws PROTOCOL.md): `connection_init` within the timeout (else 4408), `connection_ack`, ping/pong,
/// `subscribe` -> `next`* then `complete`, or `error`; closes with 4400 (bad message), 4401 (subscribe before ack), 4403
/// (bad API key in the init payload), 4409 (duplicate id), 4429 (second init), 1013 (too many connections from this
/// client). Every `subscribe` counts against the client's rate limit, shared with HTTP.
public struct GraphQLWebSocket: Sendable {
    public static let subprotocol = "graphql-transport-ws"
    public let service: GraphQLService
    private let connections: ConnectionTable

    public init(service: GraphQLService) {
        self.service = service
        connections = ConnectionTable(perClient: service.settings.maxWebSocketsPerClient, total: 0)
    }

    public func addRoutes(to router: Router<SolStakeWebSocketRequestContext>) {
        router.ws("/graphql") { request, _ in
            let offered = request.headers[values: .secWebSocketProtocol].flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            guard offered.contains(Self.subprotocol) else { return .dontUpgrade }
            return .upgrade([.secWebSocketProtocol: Self.subprotocol])
        } onUpgrade: { inbound, outbound, context in
            let address = context.requestContext.remoteAddress?.ipAddress ?? "unknown"
            let session = Session(service: service, outbound: outbound, address: address)
            if let refusal = connections.admit(address) {
                await session.close(1013, refusal.message(what: "WebSocket connections"))
                return
            }
            defer { connections.release(address) }
            try await session.run(inbound)
        }
    }

    /// One connection.
    final class Session: Sendable {
        /// Operations one connection may run at once.
        static let maxOperations = 100
        let service: GraphQLService
        let outbound: WebSocketOutboundWriter
        /// The peer's address: the rate-limit client until a valid API key identifies it.
        let address: String
        private struct State {
            var initialised = false
            var acknowledged = false
            var apiKeyId: String?
            var operations: [String: Task<Void, Never>] = [:]
            var closed = false
        }
        private let state = Mutex(State())
        /// WebSocket frames must not interleave: one writer at a time.
        private let writeLock = AsyncLock()

        init(service: GraphQLService, outbound: WebSocketOutboundWriter, address: String) {
            self.service = service
            self.outbound = outbound
            self.address = address
        }

        func run(_ inbound: WebSocketInboundStream) async throws {
            let timeout = service.settings.connectionInitTimeoutSeconds
            let initTimer = Task {
                try await Task.sleep(for: .seconds(timeout))
                if !self.state.withLock({ $0.initialised }) { await self.close(4408, "Connection initialisation timeout") }
            }
            defer {
                initTimer.cancel()
                let tasks = state.withLock { state in
                    state.closed = true
                    return Array(state.operations.values)
                }
                for task in tasks { task.cancel() }
            }
            for try await message in inbound.messages(maxSize: service.settings.maxBodyBytes) {
                guard case .text(let text) = message else {
                    await close(4400, "Binary messages are not part of graphql-transport-ws")
                    return
                }
                if await !handle(text) { return }
            }
        }

        /// Handles one message; false when the connection was closed.
        private func handle(_ text: String) async -> Bool {
            // The message encloses the variables in two levels (message, payload); its shape is checked before decoding.
            let shape = JSONShapeScan(text.utf8)
            let limits = GraphQLHTTP.JSONLimits(service.settings)
            if shape.nesting - 2 > limits.maxVariablesNesting {
                await close(4400, "Invalid message: nested \(shape.nesting) levels deep; the limit is \(limits.maxVariablesNesting + 2)")
                return false
            }
            guard let message = try? JSONDecoder().decode(Map.self, from: Data(text.utf8)), case .dictionary(let object) = message,
                case .string(let type)? = object["type"]
            else {
                await close(4400, "Invalid message: expected a JSON object with a type")
                return false
            }
            switch type {
            case "connection_init":
                let duplicate = state.withLock { state -> Bool in
                    if state.initialised { return true }
                    state.initialised = true
                    return false
                }
                if duplicate {
                    await close(4429, "Too many initialisation requests")
                    return false
                }
                var keyId: String?
                if case .dictionary(let payload)? = object["payload"], case .string(let authorization)? = payload["authorization"] ?? payload["Authorization"] {
                    let parts = authorization.split(separator: " ", maxSplits: 1)
                    guard parts.count == 2, parts[0].lowercased() == "bearer", let id = service.settings.apiKeys.authenticate(String(parts[1])) else {
                        await close(4403, "Forbidden")
                        return false
                    }
                    keyId = id
                }
                state.withLock {
                    $0.acknowledged = true
                    $0.apiKeyId = keyId
                }
                await send(["type": "connection_ack"] as [String: Any])
            case "ping":
                var pong: [String: Any] = ["type": "pong"]
                if let payload = object["payload"] { pong["payload"] = payload }
                await send(pong)
            case "pong":
                break
            case "subscribe":
                guard case .string(let id)? = object["id"], !id.isEmpty, case .dictionary(let payload)? = object["payload"] else {
                    await close(4400, "Invalid subscribe message: id and payload are required")
                    return false
                }
                guard state.withLock({ $0.acknowledged }) else {
                    await close(4401, "Unauthorized")
                    return false
                }
                // Only a message larger than the variables' limit can hold variables over it: measure those alone.
                if text.utf8.count > limits.maxVariablesBytes, let variables = payload["variables"],
                    let encoded = try? JSONEncoder().encode(variables), encoded.count > limits.maxVariablesBytes
                {
                    await send(["type": "error", "id": id, "payload": errorsMap([APIError(.VARIABLES_TOO_LARGE, "The variables are \(encoded.count) bytes; the limit is \(limits.maxVariablesBytes)").graphQLError])])
                    return true
                }
                let client = state.withLock { $0.apiKeyId }.map { "key:\($0)" } ?? "addr:\(address)"
                if let wait = service.limiter.admit(client) {
                    let seconds = max(1, Int(wait.rounded(.up)))
                    await send(["type": "error", "id": id, "payload": errorsMap([APIError(.RATE_LIMITED, "Too many requests; retry in \(seconds) s").graphQLError])])
                    return true
                }
                let request: GraphQLHTTP.Request
                do {
                    request = try GraphQLHTTP.request(
                        query: payload["query"], operationName: payload["operationName"], variables: payload["variables"], extensions: payload["extensions"])
                } catch {
                    await close(4400, "Invalid subscribe payload: \(error.message)")
                    return false
                }
                let (duplicate, keyId, active) = state.withLock { state -> (Bool, String?, Int) in
                    (state.operations[id] != nil, state.apiKeyId, state.operations.count)
                }
                if duplicate {
                    await close(4409, "Subscriber for \(id) already exists")
                    return false
                }
                guard active < Self.maxOperations else {
                    await send(["type": "error", "id": id, "payload": errorsMap([APIError(.RATE_LIMITED, "At most \(Self.maxOperations) operations per connection").graphQLError])])
                    return true
                }
                let task = Task { await self.operate(id: id, request: request, apiKeyId: keyId) }
                state.withLock { state in
                    if state.operations[id] == nil { state.operations[id] = task }
                }
            case "complete":
                guard case .string(let id)? = object["id"] else {
                    await close(4400, "Invalid complete message: id is required")
                    return false
                }
                let task = state.withLock { $0.operations.removeValue(forKey: id) }
                task?.cancel()
            default:
                await close(4400, "Unknown message type \(type.prefix(40))")
                return false
            }
            return true
        }

        private func operate(id: String, request: GraphQLHTTP.Request, apiKeyId: String?) async {
            defer { _ = state.withLock { $0.operations.removeValue(forKey: id) } }
            let prepared: GraphQLService.Prepared
            switch service.prepare(query: request.query, operationName: request.operationName, variables: request.variables, bounds: await service.costBounds()) {
            case .failure(let errors):
                await send(["type": "error", "id": id, "payload": errorsMap(errors.errors)])
                return
            case .success(let value):
                prepared = value
            }
            let context = service.context(apiKeyId: apiKeyId)
            if prepared.operation == .subscription {
                switch await service.subscribe(prepared, operationName: request.operationName, variables: request.variables, context: context) {
                case .failure(let errors):
                    await send(["type": "error", "id": id, "payload": errorsMap(errors.errors)])
                    return
                case .success(let stream):
                    do {
                        for try await event in stream {
                            if Task.isCancelled { return }
                            await send(["type": "next", "id": id, "payload": resultMap(event)])
                        }
                    } catch {
                        if Task.isCancelled { return }
                        await send(["type": "error", "id": id, "payload": errorsMap([APIError(.INTERNAL_SERVER_ERROR, "Internal server error").graphQLError])])
                        return
                    }
                }
            } else {
                if prepared.operation == .mutation, apiKeyId == nil {
                    await send(["type": "error", "id": id, "payload": errorsMap([APIError(.UNAUTHENTICATED, "Mutations need an API key in connection_init's payload.authorization").graphQLError])])
                    return
                }
                let result = await service.execute(prepared, operationName: request.operationName, variables: request.variables, context: context)
                await send(["type": "next", "id": id, "payload": resultMap(result)])
            }
            if !Task.isCancelled { await send(["type": "complete", "id": id]) }
        }

        /// A payload, already encoded as JSON (GraphQLJSONEncoder keeps the fields in selection order).
        struct Encoded { let json: String }

        private func resultMap(_ result: GraphQLResult) -> Encoded {
            Encoded(json: String(decoding: GraphQLWireResponse.encode(result), as: UTF8.self))
        }

        private func errorsMap(_ errors: [GraphQLError]) -> Encoded {
            Encoded(json: String(decoding: GraphQLWireResponse.encode(errors: errors), as: UTF8.self))
        }

        private func send(_ message: [String: Any]) async {
            var parts: [String] = []
            for key in ["type", "id", "payload"] {
                switch message[key] {
                case let text as String:
                    guard let data = try? JSONEncoder().encode(text) else { continue }  // a String always encodes
                    parts.append("\"\(key)\":" + String(decoding: data, as: UTF8.self))
                case let map as Map:
                    guard let data = try? GraphQLJSONEncoder().encode(map) else { continue }
                    parts.append("\"\(key)\":" + String(decoding: data, as: UTF8.self))
                case let encoded as Encoded: parts.append("\"\(key)\":" + encoded.json)
                default: continue
                }
            }
            let text = "{" + parts.joined(separator: ",") + "}"
            let outbound = self.outbound
            await writeLock.withLock { try? await outbound.write(.text(text)) }
        }

        func close(_ code: Int, _ reason: String) async {
            let first = state.withLock { state -> Bool in
                if state.closed { return false }
                state.closed = true
                return true
            }
            guard first else { return }
            let outbound = self.outbound
            await writeLock.withLock { try? await outbound.close(.init(codeNumber: code), reason: reason) }
        }
    }
}
