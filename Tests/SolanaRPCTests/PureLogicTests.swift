import Foundation
import SolStakeCore
import Testing

@testable import SolanaRPC
import SolanaSimulator

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 4, backoff: Backoff(base: .seconds(1), cap: .seconds(3)))
    let e = "http://x"

    @Test func classifiesFaults() {
        #expect(policy.decide(after: .transport(method: "m", endpoint: e, cause: "refused"), attempt: 1, unit: 0.5) == .retry(delay: .seconds(1), failover: true))
        #expect(policy.decide(after: .timeout(method: "m", endpoint: e, seconds: 1), attempt: 2, unit: 0.5) == .retry(delay: .seconds(2), failover: true))
        #expect(policy.decide(after: .http(method: "m", endpoint: e, status: 429, retryAfter: 7, body: ""), attempt: 1) == .retry(delay: .seconds(7), failover: false))
        #expect(policy.decide(after: .http(method: "m", endpoint: e, status: 503, retryAfter: nil, body: ""), attempt: 3, unit: 0.5) == .retry(delay: .seconds(3), failover: true))
        #expect(policy.decide(after: .http(method: "m", endpoint: e, status: 404, retryAfter: nil, body: ""), attempt: 1) == .fail)
        #expect(policy.decide(after: .node(method: "m", endpoint: e, code: -32005, message: ""), attempt: 1, unit: 0.5) == .retry(delay: .seconds(1), failover: false))
        #expect(policy.decide(after: .node(method: "m", endpoint: e, code: -32602, message: ""), attempt: 1) == .fail)
        #expect(policy.decide(after: .node(method: "m", endpoint: e, code: -32601, message: ""), attempt: 1) == .fail)
        #expect(policy.decide(after: .decoding(method: "m", endpoint: e, field: "f", detail: ""), attempt: 1) == .fail)
        #expect(policy.decide(after: .malformed(method: "m", endpoint: e, detail: ""), attempt: 1, unit: 0.5) == .retry(delay: .seconds(1), failover: false))
    }

    @Test func stopsAtMaxAttemptsAndCapsRetryAfter() {
        #expect(policy.decide(after: .transport(method: "m", endpoint: e, cause: ""), attempt: 4) == .fail)
        #expect(policy.decide(after: .http(method: "m", endpoint: e, status: 429, retryAfter: 3600, body: ""), attempt: 1) == .retry(delay: .seconds(30), failover: false))
    }

    @Test func backoffIsExponentialCappedAndJittered() {
        let backoff = Backoff(base: .milliseconds(250), cap: .seconds(8))
        #expect((1...7).map { backoff.nominalDelay(attempt: $0) } == [.milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8)])
        #expect(backoff.delay(attempt: 3, unit: 0) == .milliseconds(500))
        #expect(backoff.delay(attempt: 3, unit: 0.999_999).seconds < 1.5)
        for _ in 0..<100 {
            let d = backoff.delay(attempt: 2).seconds
            #expect(d >= 0.25 && d < 0.75)
        }
    }

    @Test func parsesRetryAfter() {
        #expect(LiveSolanaRPCClient.parseRetryAfter("2") == 2)
        #expect(LiveSolanaRPCClient.parseRetryAfter("0.5") == 0.5)
        #expect(LiveSolanaRPCClient.parseRetryAfter("soon") == nil)
        let future = Date().addingTimeInterval(30)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        let seconds = LiveSolanaRPCClient.parseRetryAfter(formatter.string(from: future)) ?? -1
        #expect(seconds > 25 && seconds <= 30)
    }
}

@Suite struct RateLimitTests {
    @Test func tokenBucketAllowsABurstThenPacesToTheRate() {
        var bucket = TokenBucket(capacity: 40, period: .seconds(10), now: 0)
        let waits = (0..<41).map { _ in bucket.reserve(now: 0) }
        #expect(waits.prefix(40).allSatisfy { $0 == 0 })
        #expect(abs(waits[40] - 0.25) < 1e-9)  // 4 tokens per second
        #expect(abs(bucket.reserve(now: 0) - 0.5) < 1e-9)
        // After a full period the bucket is full again (but never above capacity).
        #expect(bucket.reserve(now: 100) == 0)
        #expect(bucket.waitTime(now: 100) == 0)
    }

    @Test func limiterAppliesThePerMethodAndOverallLimits() async {
        let limiter = RateLimiter(limits: .init(requestsPerPeriod: 100, perMethodPerPeriod: 40, period: .seconds(10)))
        var waits: [Duration] = []
        for _ in 0..<41 { waits.append(await limiter.reserve(endpoint: "e", method: "getSlot")) }
        #expect(waits.prefix(40).allSatisfy { $0 == .zero })
        #expect(waits[40] > .zero)
        // Another method still has its own budget, within the overall 100.
        #expect(await limiter.reserve(endpoint: "e", method: "getHealth") == .zero)
        for _ in 0..<58 { _ = await limiter.reserve(endpoint: "e", method: "getVersion\(Int.random(in: 0..<1000))") }
        #expect(await limiter.reserve(endpoint: "e", method: "fresh") > .zero)
        // Endpoints are limited separately.
        #expect(await limiter.reserve(endpoint: "other", method: "getSlot") == .zero)
    }
}

@Suite struct SmallPiecesTests {
    @Test func base58RoundTripsAndValidatesPublicKeys() {
        let key = "Vote111111111111111111111111111111111111111"
        #expect(Base58.isPublicKey(key))
        #expect(Base58.encode(Base58.decode(key)!) == key)
        #expect(Base58.isPublicKey("CvSb7wdQAFpHuSpTYTJnX5SYH4hCfQ9VuGnqrKaKwycB"))
        #expect(!Base58.isPublicKey("not-a-pubkey"))
        #expect(!Base58.isPublicKey("0OIl"))
        #expect(!Base58.isPublicKey("3yZe7d"))
    }

    @Test func endpointDescriptionsHideCredentials() {
        let endpoint = RPCEndpoint(URL(string: "https://user:pw123@rpc.example:443/path?api-key=abc&cluster=main")!)
        #expect(endpoint.description == "https://rpc.example:443/***")
        #expect(endpoint.metricLabel == "rpc.example:443")
    }

    @Test func faultFlagsParse() throws {
        let f = try Fault(flag: "getVoteAccounts:http:0.2:503")
        #expect(f.method == "getVoteAccounts" && f.kind == .http && f.rate == 0.2 && f.status == 503)
        #expect(try Fault(flag: "*:rateLimited:1:2").retryAfter == 2)
        #expect(try Fault(flag: "getSlot:rpcError:1:-32005").code == -32005)
        #expect(throws: FaultParseError.self) { try Fault(flag: "getSlot:explode:1") }
        #expect(throws: FaultParseError.self) { try Fault(flag: "getSlot:http:2") }
    }

    @Test func gossipIPDropsThePort() {
        #expect(ClusterNode(pubkey: "p", gossip: "104.198.102.145:8001").gossipIP == "104.198.102.145")
        #expect(ClusterNode(pubkey: "p", gossip: "[2001:db8::1]:8001").gossipIP == "2001:db8::1")
        #expect(ClusterNode(pubkey: "p").gossipIP == nil)
    }
}
