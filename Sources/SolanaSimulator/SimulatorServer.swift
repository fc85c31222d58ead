import Foundation
import Hummingbird
import Logging
import NIOCore
import SolanaRPC
import Synchronization

/// The simulator's HTTP face: JSON-RPC 2.0 (single and batch) on `POST /`, and admin endpoints:
/// `POST /admin/advance-epoch`, `POST /admin/faults` (a `Fault` as JSON), `DELETE /admin/faults`, `GET /admin/stats`,
/// `POST /admin/validators` (change one validator: `{voteAccount, delinquent?, commission?, activatedStake?, identity?}`).
public final class SimulatorServer: Sendable {
    public let cluster: SimulatedCluster
    private let dispatcher: RPCDispatcher
    private let faults: Mutex<FaultPlan>
    private let stats = Mutex(Stats())

    public struct Stats: Sendable, Codable, Equatable {
        /// Requests received per method (a batch counts once per entry).
        public var requests: [String: Int] = [:]
        /// Faults injected per kind.
        public var faults: [String: Int] = [:]
    }

    public init(cluster: SimulatedCluster, faults: [Fault] = [], seed: UInt64 = 1) {
        self.cluster = cluster
        self.dispatcher = RPCDispatcher(cluster: cluster)
        var plan = FaultPlan(seed: seed)
        plan.faults = faults
        self.faults = Mutex(plan)
    }

    public var currentStats: Stats { stats.withLock { $0 } }

    public func addFault(_ fault: Fault) { faults.withLock { $0.faults.append(fault) } }
    public func clearFaults() { faults.withLock { $0.faults.removeAll() } }

    public func buildApplication(host: String, port: Int, logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        let router = Router()
        router.post("/") { request, _ in try await self.handleRPC(request) }
        // Providers serve RPC under key-bearing paths (`/v2/<key>`); so does the simulator, for any path but /admin.
        router.post("/**") { request, _ in try await self.handleRPC(request) }
        router.post("/admin/advance-epoch") { _, _ -> Response in
            guard let epoch = await self.cluster.advanceEpoch() else {
                let last = await self.cluster.epoch
                return Self.json(#"{"error":"the history ends at epoch \#(last)"}"#, status: .conflict)
            }
            return Self.json(#"{"epoch":\#(epoch)}"#)
        }
        router.post("/admin/faults") { request, context -> Response in
            let fault = try await request.decode(as: Fault.self, context: context)
            self.addFault(fault)
            return Self.json(#"{"ok":true}"#)
        }
        router.delete("/admin/faults") { _, _ -> Response in
            self.clearFaults()
            return Self.json(#"{"ok":true}"#)
        }
        router.get("/admin/stats") { _, _ -> Response in
            let body = try JSONEncoder().encode(self.currentStats)
            return Self.json(String(decoding: body, as: UTF8.self))
        }
        router.post("/admin/validators") { request, context -> Response in
            struct Change: Decodable {
                var voteAccount: String
                var delinquent: Bool?
                var commission: UInt8?
                var activatedStake: UInt64?
                var identity: String?
            }
            let change = try await request.decode(as: Change.self, context: context)
            let found = await self.cluster.mutate(
                voteAccount: change.voteAccount, delinquent: change.delinquent, commission: change.commission,
                activatedStake: change.activatedStake, identity: change.identity)
            return found ? Self.json(#"{"ok":true}"#) : Response(status: .notFound)
        }
        return Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "solana-sim"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        json(Array(text.utf8), status: status)
    }

    static func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok, extraHeaders: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers.append(contentsOf: extraHeaders)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private func handleRPC(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 16 << 20)
        let data = Data(buffer: body)
        let single = try? JSONDecoder().decode(JSONRPCRequest.self, from: data)
        let batch = single == nil ? try? JSONDecoder().decode([JSONRPCRequest].self, from: data) : nil
        guard let requests = single.map({ [$0] }) ?? batch, !requests.isEmpty else {
            return Self.json(#"{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"},"id":null}"#)
        }
        let method = requests[0].method
        stats.withLock { stats in for r in requests { stats.requests[r.method, default: 0] += 1 } }

        // Faults, in order: latency adds up; the first other fault decides the answer.
        let fired = faults.withLock { $0.roll(method: method) }
        stats.withLock { stats in for f in fired { stats.faults[f.kind.rawValue, default: 0] += 1 } }
        let delay = fired.filter { $0.kind == .latency }.reduce(0) { $0 + ($1.latencyMs ?? 0) }
        if delay > 0 { try await Task.sleep(for: .milliseconds(delay)) }
        var truncate = false
        if let fault = fired.first(where: { $0.kind != .latency }) {
            switch fault.kind {
            case .latency: break
            case .http:
                return Self.json("upstream error", status: .init(code: fault.status ?? 503))
            case .rateLimited:
                var headers = HTTPFields()
                headers[.retryAfter] = String(fault.retryAfter ?? 1)
                return Self.json(
                    Array(#"{"jsonrpc":"2.0","error":{"code":429,"message":"Too many requests"},"id":null}"#.utf8),
                    status: .tooManyRequests, extraHeaders: headers)
            case .rpcError:
                let error = JSONRPCErrorObject(code: fault.code ?? -32005, message: fault.message ?? "Node is behind by 42 slots")
                let envelopes = requests.map { Envelope(id: $0.id, answer: .error(error)) }
                return Self.json(encode(envelopes, batch: batch != nil))
            case .malformed:
                return Self.json(#"{"jsonrpc":"2.0","result":{"current":[{"votePubkey":oops}]"#)
            case .truncated:
                truncate = true
            case .hang:
                try await Task.sleep(for: .seconds(300))
                return Response(status: .gatewayTimeout)
            }
        }

        var envelopes: [Envelope] = []
        for r in requests { envelopes.append(Envelope(id: r.id, answer: await dispatcher.answer(r))) }
        var bytes = encode(envelopes, batch: batch != nil)
        if truncate { bytes = Array(bytes.prefix(max(1, bytes.count / 2))) }
        return Self.json(bytes)
    }

    struct Envelope {
        let id: Int
        let answer: RPCDispatcher.Answer
    }

    private func encode(_ envelopes: [Envelope], batch: Bool) -> [UInt8] {
        var out: [UInt8] = []
        if batch { out.append(UInt8(ascii: "[")) }
        for (index, envelope) in envelopes.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"jsonrpc":"2.0","#.utf8)
            switch envelope.answer {
            case .result(let result):
                out.append(contentsOf: #""result":"#.utf8)
                out.append(contentsOf: result)
            case .error(let error):
                out.append(contentsOf: #""error":"#.utf8)
                out.append(contentsOf: (try? JSONEncoder().encode(error)) ?? Data(#"{"code":-32603,"message":"encoding"}"#.utf8))
            }
            out.append(contentsOf: #","id":\#(envelope.id)}"#.utf8)
        }
        if batch { out.append(UInt8(ascii: "]")) }
        return out
    }
}
