import SolStakeCore

/// A fault the simulator injects into answers to one method (or every method, `"*"`), at a rate.
public struct Fault: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Delay the answer by `latencyMs` (then answer normally unless another fault applies).
        case latency
        /// Answer with HTTP `status` (500, 503, ...).
        case http
        /// Answer 429 with `Retry-After: retryAfter` seconds.
        case rateLimited
        /// Answer HTTP 200 with a JSON-RPC error `code` / `message`.
        case rpcError
        /// Answer HTTP 200 with a body that is not JSON.
        case malformed
        /// Answer HTTP 200 with the real body cut in half.
        case truncated
        /// Never answer (the connection hangs until the client gives up).
        case hang
    }

    public var method: String
    public var kind: Kind
    /// Probability per request, 0...1.
    public var rate: Double
    /// Apply at most this many times, then stop (nil: forever).
    public var count: Int?
    public var status: Int?
    public var retryAfter: Double?
    public var code: Int?
    public var message: String?
    public var latencyMs: Int?

    public init(
        method: String = "*", kind: Kind, rate: Double = 1, count: Int? = nil, status: Int? = nil, retryAfter: Double? = nil,
        code: Int? = nil, message: String? = nil, latencyMs: Int? = nil
    ) {
        self.method = method
        self.kind = kind
        self.rate = rate
        self.count = count
        self.status = status
        self.retryAfter = retryAfter
        self.code = code
        self.message = message
        self.latencyMs = latencyMs
    }

    /// Parses the `--fault` flag: `METHOD:KIND:RATE[:PARAM]`, e.g. `getVoteAccounts:http:0.2:503`,
    /// `*:rateLimited:0.1:2` (Retry-After 2 s), `getSlot:rpcError:1:-32005`, `*:latency:1:250`, `getHealth:hang:0.05`.
    public init(flag: String) throws(FaultParseError) {
        let parts = flag.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, let kind = Kind(rawValue: parts[1]), let rate = Double(parts[2]), (0...1).contains(rate) else {
            throw FaultParseError(flag: flag)
        }
        self.init(method: parts[0].isEmpty ? "*" : parts[0], kind: kind, rate: rate)
        let parameter = parts.count > 3 ? parts[3] : nil
        switch kind {
        case .http: status = parameter.flatMap(Int.init) ?? 503
        case .rateLimited: retryAfter = parameter.flatMap(Double.init) ?? 1
        case .rpcError: code = parameter.flatMap(Int.init) ?? -32005
        case .latency: latencyMs = parameter.flatMap(Int.init) ?? 100
        case .malformed, .truncated, .hang: break
        }
    }
}

public struct FaultParseError: Error, CustomStringConvertible {
    public let flag: String
    public var description: String {
        "invalid --fault \"\(flag)\": expected METHOD:KIND:RATE[:PARAM] with KIND one of \(Fault.Kind.allCases.map(\.rawValue).joined(separator: ", ")) and RATE in 0...1"
    }
}

/// The active faults and the seeded dice that decide when they fire.
struct FaultPlan: Sendable {
    var faults: [Fault] = []
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    /// The faults that fire for one request of `method`, consuming their counts.
    mutating func roll(method: String) -> [Fault] {
        var fired: [Fault] = []
        for index in faults.indices where faults[index].method == "*" || faults[index].method == method {
            if let remaining = faults[index].count, remaining <= 0 { continue }
            if rng.unit() < faults[index].rate {
                if let remaining = faults[index].count { faults[index].count = remaining - 1 }
                fired.append(faults[index])
            }
        }
        return fired
    }
}
