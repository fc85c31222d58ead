import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SolStakeCore
import Synchronization

/// JSON-RPC 2.0 over HTTP with AsyncHTTPClient: per-request timeout, retries with exponential backoff and jitter,
/// `Retry-After`, token-bucket rate limits, and failover across endpoints in order.
public final class LiveSolanaRPCClient: SolanaRPCClient {
    public struct Configuration: Sendable {
        /// Endpoints in failover order.
        public var endpoints: [URL]
        public var requestTimeout: Duration
        /// A refused or unreachable endpoint fails an attempt after this, and the next endpoint is tried.
        public var connectTimeout: Duration
        /// `getProgramAccounts` answers are large and slow on public nodes.
        public var programAccountsTimeout: Duration
        public var retry: RetryPolicy
        public var limits: RateLimiter.Limits
        public var maxResponseBytes: Int
        /// How long a failed endpoint is skipped before it is tried first again.
        public var endpointCooldown: Duration

        public init(
            endpoints: [URL], requestTimeout: Duration = .seconds(30), connectTimeout: Duration = .seconds(3),
            programAccountsTimeout: Duration = .seconds(120),
            retry: RetryPolicy = RetryPolicy(), limits: RateLimiter.Limits = .publicMainnet,
            maxResponseBytes: Int = 1 << 30, endpointCooldown: Duration = .seconds(60)
        ) {
            self.endpoints = endpoints
            self.requestTimeout = requestTimeout
            self.connectTimeout = connectTimeout
            self.programAccountsTimeout = programAccountsTimeout
            self.retry = retry
            self.limits = limits
            self.maxResponseBytes = maxResponseBytes
            self.endpointCooldown = endpointCooldown
        }
    }

    public let configuration: Configuration
    public let observations = RPCObservations()
    private let endpoints: [RPCEndpoint]
    private let http: HTTPClient
    private let limiter: RateLimiter
    private let logger: Logger
    private let metrics = RPCMetrics()
    private let nextID = Atomic<Int>(1)
    private let clock = ContinuousClock()
    private let epoch: ContinuousClock.Instant
    /// Per endpoint: until when (seconds since `epoch`) it is skipped as first choice.
    private let cooldownUntil: Mutex<[Double]>
    /// A random number in [0, 1) for jitter; injectable for deterministic tests.
    private let random: @Sendable () -> Double
    /// How the client sleeps between attempts; injectable so tests can record the delays.
    private let sleep: @Sendable (Duration) async throws -> Void

    public init(
        configuration: Configuration, httpClient: HTTPClient? = nil, logger: Logger,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        precondition(!configuration.endpoints.isEmpty, "at least one RPC endpoint")
        self.configuration = configuration
        self.endpoints = configuration.endpoints.map(RPCEndpoint.init)
        self.http = httpClient ?? RPCHTTPClient.client(connectTimeout: configuration.connectTimeout)
        self.limiter = RateLimiter(limits: configuration.limits)
        self.logger = logger
        self.epoch = clock.now
        self.cooldownUntil = Mutex(Array(repeating: 0, count: configuration.endpoints.count))
        self.random = random
        self.sleep = sleep
    }

    // MARK: Methods

    public func getVoteAccounts() async throws -> VoteAccounts {
        try await callWire("getVoteAccounts", [.object(["commitment": .string("confirmed")])], as: VoteAccounts.self)
    }

    public func getClusterNodes() async throws -> [ClusterNode] {
        try await callWire("getClusterNodes", nil, as: [ClusterNode].self)
    }

    public func getEpochInfo() async throws -> EpochInfo {
        try await call("getEpochInfo", nil, as: EpochInfo.self)
    }

    public func getEpochSchedule() async throws -> EpochSchedule {
        try await call("getEpochSchedule", nil, as: EpochSchedule.self)
    }

    public func getBlockProduction(identity: String?, range: ClosedRange<UInt64>?) async throws -> BlockProduction {
        var config: [String: JSONValue] = [:]
        if let identity { config["identity"] = .string(identity) }
        if let range { config["range"] = .object(["firstSlot": .uint(range.lowerBound), "lastSlot": .uint(range.upperBound)]) }
        return try await call("getBlockProduction", config.isEmpty ? nil : [.object(config)], as: BlockProduction.self)
    }

    /// Reads the Config accounts into summaries on the wire (no `JSONValue` tree per account), then selects as
    /// `ValidatorInfo.signedEntries` does for decoded accounts.
    public func getValidatorInfo() async throws -> [ValidatorInfo] {
        let summaries = try await callWire(
            "getProgramAccounts", [.string(ValidatorInfo.configProgram), .object(["encoding": .string("jsonParsed")])],
            as: [ConfigAccountSummary].self, timeout: configuration.programAccountsTimeout)
        return ValidatorInfo.signedEntries(from: summaries)
    }

    public func getStakeAccounts(_ filter: StakeAccountFilter) async throws -> [StakeAccount] {
        let filters: JSONValue = .array([
            .object(["dataSize": .int(Int64(StakeAccount.dataSize))]),
            .object(["memcmp": .object(["offset": .int(Int64(filter.offset)), "bytes": .string(filter.pubkey)])]),
        ])
        return try await call(
            "getProgramAccounts",
            [.string(StakeAccount.program), .object(["encoding": .string("jsonParsed"), "filters": filters])],
            as: [StakeAccount].self, timeout: configuration.programAccountsTimeout)
    }

    public func getTipDistributionAccounts(epoch: UInt64, rootUploaded: Bool) async throws -> TipDistributionSurvey {
        let filters: JSONValue = .array([
            .object(["memcmp": .object(["offset": .int(0), "bytes": .string(Base58.encode(TipDistributionAccount.discriminator))])]),
            .object(["memcmp": .object([
                "offset": .int(Int64(rootUploaded ? TipDistributionAccount.epochOffsetWithRoot : TipDistributionAccount.epochOffsetWithoutRoot)),
                "bytes": .string(TipDistributionAccount.epochFilterBytes(epoch)),
            ])]),
        ])
        let entries = try await call(
            "getProgramAccounts",
            [.string(TipDistributionAccount.program), .object(["encoding": .string("base64"), "filters": filters])],
            as: [Base64ProgramAccount].self, timeout: configuration.programAccountsTimeout)
        return TipDistributionSurvey.decode(entries, epoch: epoch)
    }

    public func getInflationReward(addresses: [String], epoch: UInt64?) async throws -> [InflationReward?] {
        guard !addresses.isEmpty else { return [] }
        // The method takes at most 32 addresses: several calls go out as one JSON-RPC batch.
        let chunks = stride(from: 0, to: addresses.count, by: 32).map { Array(addresses[$0..<min($0 + 32, addresses.count)]) }
        let paramsList: [[JSONValue]] = chunks.map { chunk in
            var params: [JSONValue] = [.array(chunk.map(JSONValue.string))]
            if let epoch { params.append(.object(["epoch": .uint(epoch)])) }
            return params
        }
        return try await batch("getInflationReward", paramsList, as: [InflationReward?].self).flatMap { $0 }
    }

    public func getInflationRate() async throws -> InflationRate {
        try await call("getInflationRate", nil, as: InflationRate.self)
    }

    public func getInflationGovernor() async throws -> InflationGovernor {
        try await call("getInflationGovernor", nil, as: InflationGovernor.self)
    }

    public func getSupply() async throws -> Supply {
        try await call("getSupply", [.object(["excludeNonCirculatingAccountsList": .bool(true)])], as: Supply.self)
    }

    public func getRecentPerformanceSamples(limit: Int) async throws -> [PerformanceSample] {
        try await call("getRecentPerformanceSamples", [.int(Int64(limit))], as: [PerformanceSample].self)
    }

    public func getVersion() async throws -> NodeVersion {
        try await call("getVersion", nil, as: NodeVersion.self)
    }

    public func getHealth() async throws -> String {
        try await call("getHealth", nil, as: String.self)
    }

    public func getSlot() async throws -> UInt64 {
        try await call("getSlot", nil, as: UInt64.self)
    }

    // MARK: Transport

    /// One JSON-RPC call with retries and failover.
    public func call<T: Decodable & Sendable>(
        _ method: String, _ params: [JSONValue]?, as type: T.Type, timeout: Duration? = nil
    ) async throws -> T {
        try await single(method, params, timeout: timeout) { endpoint, data in
            try Self.decodeSingle(data, as: T.self, method: method, endpoint: endpoint)
        }
    }

    /// One call whose (large) answer is read with `JSONPullParser` instead of `JSONDecoder`.
    public func callWire<T: WireDecodable & Sendable>(
        _ method: String, _ params: [JSONValue]?, as type: T.Type, timeout: Duration? = nil
    ) async throws -> T {
        try await single(method, params, timeout: timeout) { endpoint, data in
            try Self.decodeWire(data, as: T.self, method: method, endpoint: endpoint)
        }
    }

    private func single<T: Sendable>(
        _ method: String, _ params: [JSONValue]?, timeout: Duration?, decode: @Sendable (RPCEndpoint, Data) throws -> T
    ) async throws -> T {
        let id = nextID.add(1, ordering: .relaxed).newValue
        let body = try JSONEncoder().encode(JSONRPCRequest(id: id, method: method, params: params))
        return try await withRetries(method: method, weight: 1, timeout: timeout, decode: decode) { body }
    }

    /// Several calls of one method as one JSON-RPC batch request; results in the order of `paramsList`.
    public func batch<T: Decodable & Sendable>(
        _ method: String, _ paramsList: [[JSONValue]], as type: T.Type, timeout: Duration? = nil
    ) async throws -> [T] {
        guard !paramsList.isEmpty else { return [] }
        let first = nextID.add(paramsList.count, ordering: .relaxed).newValue - paramsList.count + 1
        let requests = paramsList.enumerated().map { JSONRPCRequest(id: first + $0.offset, method: method, params: $0.element) }
        let body = try JSONEncoder().encode(requests)
        let ids = requests.map(\.id)
        return try await withRetries(method: method, weight: paramsList.count, timeout: timeout) { endpoint, data in
            try Self.decodeBatch(data, ids: ids, as: T.self, method: method, endpoint: endpoint)
        } body: { body }
    }

    private func secondsSinceStart() -> Double { (clock.now - epoch).seconds }

    private func firstEndpointIndex() -> Int {
        let now = secondsSinceStart()
        return cooldownUntil.withLock { until in until.firstIndex(where: { $0 <= now }) ?? 0 }
    }

    private func coolDown(_ index: Int) {
        let until = secondsSinceStart() + configuration.endpointCooldown.seconds
        cooldownUntil.withLock { $0[index] = until }
    }

    private func withRetries<T: Sendable>(
        method: String, weight: Int, timeout: Duration?,
        decode: @Sendable (RPCEndpoint, Data) throws -> T, body: () -> Data
    ) async throws -> T {
        var index = firstEndpointIndex()
        var attempt = 0
        let payload = body()
        while true {
            attempt += 1
            let endpoint = endpoints[index]
            try await limiter.acquire(endpoint: endpoint.metricLabel, method: method, weight: weight)
            let started = clock.now
            let outcome: Result<T, SolanaRPCError>
            do {
                let data = try await send(payload, to: endpoint, method: method, timeout: timeout ?? configuration.requestTimeout)
                outcome = .success(try decode(endpoint, data))
            } catch let error as SolanaRPCError {
                outcome = .failure(error)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                outcome = .failure(.transport(method: method, endpoint: endpoint.description, cause: "\(error)"))
            }
            let elapsed = clock.now - started
            let nanos = Int64(elapsed.seconds * 1e9)
            switch outcome {
            case .success(let value):
                metrics.recordAttempt(method: method, endpoint: endpoint.metricLabel, outcome: "ok", nanoseconds: nanos)
                observations.record(.init(method: method, endpoint: endpoint.description, succeeded: true, latencySeconds: elapsed.seconds, error: nil, at: Date()))
                return value
            case .failure(let error):
                metrics.recordAttempt(method: method, endpoint: endpoint.metricLabel, outcome: error.kind, nanoseconds: nanos)
                observations.record(.init(method: method, endpoint: endpoint.description, succeeded: false, latencySeconds: elapsed.seconds, error: error.description, at: Date()))
                let decision = configuration.retry.decide(after: error, attempt: attempt, unit: random())
                guard case .retry(let delay, let failover) = decision else {
                    throw attempt == 1 ? error : SolanaRPCError.exhausted(method: method, attempts: attempt, last: error)
                }
                if failover {
                    coolDown(index)
                    if endpoints.count > 1 {
                        index = (index + 1) % endpoints.count
                    } else if RetryPolicy.isFailoverOnly(error) {
                        throw attempt == 1 ? error : SolanaRPCError.exhausted(method: method, attempts: attempt, last: error)
                    }
                }
                metrics.recordRetry(method: method, endpoint: endpoint.metricLabel)
                logger.warning(
                    "Retrying RPC call",
                    metadata: [
                        "method": "\(method)", "attempt": .stringConvertible(attempt), "error": "\(error)",
                        "delaySeconds": .stringConvertible((delay.seconds * 1000).rounded() / 1000), "nextEndpoint": "\(endpoints[index])",
                    ])
                // Failing over to a different endpoint needs no wait; retrying the same one does.
                let sameEndpoint = endpoints[index] == endpoint
                if sameEndpoint || !failover { try await sleep(delay) }
            }
        }
    }

    /// POSTs one body and returns the whole response body of a 200, or throws a classified error.
    private func send(_ payload: Data, to endpoint: RPCEndpoint, method: String, timeout: Duration) async throws -> Data {
        let http = self.http
        let maxBytes = configuration.maxResponseBytes
        return try await withThrowingTaskGroup(of: Data.self) { group in
            group.addTask {
                var request = HTTPClientRequest(url: endpoint.url.absoluteString)
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.headers.add(name: "Accept", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: payload))
                let response: HTTPClientResponse
                do {
                    response = try await http.execute(request, timeout: .nanoseconds(Int64(timeout.seconds * 1e9)))
                } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
                    throw SolanaRPCError.timeout(method: method, endpoint: endpoint.description, seconds: timeout.seconds)
                }
                let buffer: ByteBuffer
                do {
                    buffer = try await response.body.collect(upTo: maxBytes)
                } catch {
                    throw SolanaRPCError.transport(method: method, endpoint: endpoint.description, cause: "reading the body: \(error)")
                }
                let data = Data(buffer.readableBytesView)
                guard response.status == .ok else {
                    let retryAfter = response.headers.first(name: "Retry-After").flatMap(Self.parseRetryAfter)
                    let snippet = String(decoding: data.prefix(200), as: UTF8.self)
                    throw SolanaRPCError.http(
                        method: method, endpoint: endpoint.description, status: Int(response.status.code), retryAfter: retryAfter,
                        body: snippet)
                }
                return data
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw SolanaRPCError.timeout(method: method, endpoint: endpoint.description, seconds: timeout.seconds)
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    /// `Retry-After` as seconds (`"2"`, `"1.5"`) or an HTTP date.
    static func parseRetryAfter(_ value: String) -> Double? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return max(0, date.timeIntervalSinceNow)
    }

    // MARK: Decoding

    static func decodeSingle<T: Decodable>(_ data: Data, as type: T.Type, method: String, endpoint: RPCEndpoint) throws(SolanaRPCError) -> T {
        let response: JSONRPCResponse<T>
        do {
            response = try JSONDecoder().decode(JSONRPCResponse<T>.self, from: data)
        } catch {
            throw classify(error, method: method, endpoint: endpoint)
        }
        if let error = response.error {
            throw .node(method: method, endpoint: endpoint.description, code: error.code, message: error.message)
        }
        return response.result!
    }

    public static func decodeWire<T: WireDecodable>(_ data: Data, as type: T.Type, method: String, endpoint: RPCEndpoint) throws(SolanaRPCError) -> T {
        let response: WireResponse<T>
        do {
            response = try WireResponse<T>.read([UInt8](data))
        } catch let error as JSONPullParser.Malformed {
            if error.isSyntax || error.path.isEmpty {
                throw .malformed(method: method, endpoint: endpoint.description, detail: error.description)
            }
            throw .decoding(method: method, endpoint: endpoint.description, field: error.field, detail: error.expected)
        } catch {
            throw .malformed(method: method, endpoint: endpoint.description, detail: "\(error)")
        }
        switch response {
        case .result(let value): return value
        case .error(let error): throw .node(method: method, endpoint: endpoint.description, code: error.code, message: error.message)
        }
    }

    static func decodeBatch<T: Decodable>(
        _ data: Data, ids: [Int], as type: T.Type, method: String, endpoint: RPCEndpoint
    ) throws(SolanaRPCError) -> [T] {
        let responses: [JSONRPCResponse<T>]
        do {
            responses = try JSONDecoder().decode([JSONRPCResponse<T>].self, from: data)
        } catch {
            throw classify(error, method: method, endpoint: endpoint)
        }
        var byID: [Int: JSONRPCResponse<T>] = [:]
        for response in responses { if let id = response.id { byID[id] = response } }
        var results: [T] = []
        results.reserveCapacity(ids.count)
        for id in ids {
            guard let response = byID[id] else {
                throw .decoding(method: method, endpoint: endpoint.description, field: "batch[id=\(id)]", detail: "no response for this request id")
            }
            if let error = response.error {
                throw .node(method: method, endpoint: endpoint.description, code: error.code, message: error.message)
            }
            results.append(response.result!)
        }
        return results
    }

    static func classify(_ error: any Error, method: String, endpoint: RPCEndpoint) -> SolanaRPCError {
        guard let decodingError = error as? DecodingError else {
            return .malformed(method: method, endpoint: endpoint.description, detail: "\(error)")
        }
        switch decodingError {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return .malformed(method: method, endpoint: endpoint.description, detail: underlyingDescription(context))
        case .dataCorrupted(let context):
            return .decoding(method: method, endpoint: endpoint.description, field: path(context.codingPath), detail: underlyingDescription(context))
        case .keyNotFound(let key, let context):
            return .decoding(method: method, endpoint: endpoint.description, field: path(context.codingPath + [key]), detail: "missing field")
        case .typeMismatch(let type, let context):
            return .decoding(method: method, endpoint: endpoint.description, field: path(context.codingPath), detail: "expected \(type)")
        case .valueNotFound(let type, let context):
            return .decoding(method: method, endpoint: endpoint.description, field: path(context.codingPath), detail: "expected \(type), found null")
        @unknown default:
            return .malformed(method: method, endpoint: endpoint.description, detail: "\(decodingError)")
        }
    }

    private static func underlyingDescription(_ context: DecodingError.Context) -> String {
        if let underlying = context.underlyingError { return "\(context.debugDescription) (\(underlying))" }
        return context.debugDescription
    }

    /// `result.current[3].activatedStake`
    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue, key.stringValue.hasPrefix("Index") || key.stringValue == "\(index)" {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return text.isEmpty ? "<root>" : text
    }
}
