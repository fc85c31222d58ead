import Foundation
import Logging
import SolStakeCore
import Synchronization
import Testing
import TestSupport

@testable import SolanaRPC
import SolanaSimulator

/// Records the client's sleeps instead of sleeping, so backoff and Retry-After are checked exactly and tests stay fast.
final class SleepRecorder: Sendable {
    let delays = Mutex<[Duration]>([])
    var all: [Duration] { delays.withLock { $0 } }
    var sleep: @Sendable (Duration) async throws -> Void { { d in self.delays.withLock { $0.append(d) } } }
}

func makeClient(
    _ urls: [URL], recorder: SleepRecorder, timeout: Duration = .seconds(5), maxAttempts: Int = 5
) -> LiveSolanaRPCClient {
    var logger = Logger(label: "rpc-test")
    logger.logLevel = .warning
    return LiveSolanaRPCClient(
        configuration: .init(
            endpoints: urls, requestTimeout: timeout, programAccountsTimeout: timeout,
            retry: RetryPolicy(maxAttempts: maxAttempts, backoff: Backoff(base: .milliseconds(100), cap: .seconds(2))),
            limits: .unlimited),
        logger: logger, random: { 0.5 }, sleep: recorder.sleep)
}

@Suite("RPC client faults against the simulator over HTTP")
struct ClientFaultTests {
    @Test func retriesHTTP503WithExponentialBackoffThenSucceeds() async throws {
        let server = SimulatorHarness.syntheticServer(faults: [Fault(method: "getEpochInfo", kind: .http, rate: 1, count: 3, status: 503)])
        try await SimulatorHarness.with(server) { url in
            let recorder = SleepRecorder()
            let info = try await makeClient([url], recorder: recorder).getEpochInfo()
            #expect(info.epoch == 800)
            #expect(server.currentStats.requests["getEpochInfo"] == 4)
            // random() = 0.5 -> jitter factor 1: exactly base x 2^(n-1).
            #expect(recorder.all == [.milliseconds(100), .milliseconds(200), .milliseconds(400)])
        }
    }

    @Test func honoursRetryAfterOn429() async throws {
        let server = SimulatorHarness.syntheticServer(faults: [Fault(method: "getSlot", kind: .rateLimited, rate: 1, count: 1, retryAfter: 1.5)])
        try await SimulatorHarness.with(server) { url in
            let recorder = SleepRecorder()
            _ = try await makeClient([url], recorder: recorder).getSlot()
            #expect(recorder.all == [.seconds(1.5)])
            #expect(server.currentStats.requests["getSlot"] == 2)
        }
    }

    @Test func retriesNodeBehindButNotInvalidParamsOrUnknownMethods() async throws {
        let server = SimulatorHarness.syntheticServer(faults: [Fault(method: "getHealth", kind: .rpcError, rate: 1, count: 2, code: -32005)])
        try await SimulatorHarness.with(server) { url in
            let recorder = SleepRecorder()
            let client = makeClient([url], recorder: recorder)
            #expect(try await client.getHealth() == "ok")
            #expect(server.currentStats.requests["getHealth"] == 3)

            // Invalid params: one request, a node error naming the method and the endpoint.
            do {
                _ = try await client.getStakeAccounts(.staker("not-a-pubkey"))
                Issue.record("invalid params accepted")
            } catch let error as SolanaRPCError {
                guard case .node(let method, let endpoint, let code, _) = error else { Issue.record("\(error)"); return }
                #expect(method == "getProgramAccounts" && code == -32602 && endpoint.contains("127.0.0.1"))
            }
            #expect(server.currentStats.requests["getProgramAccounts"] == 1)

            await #expect(throws: SolanaRPCError.self) { _ = try await client.call("getNothing", nil, as: String.self) }
            #expect(server.currentStats.requests["getNothing"] == 1)
        }
    }

    @Test(arguments: [Fault.Kind.malformed, .truncated])
    func garbledBodiesAreRetriedAndNeverPartial(kind: Fault.Kind) async throws {
        let server = SimulatorHarness.syntheticServer(faults: [Fault(method: "getVoteAccounts", kind: kind, rate: 1, count: 1)])
        try await SimulatorHarness.with(server) { url in
            let recorder = SleepRecorder()
            let client = makeClient([url], recorder: recorder)
            let votes = try await client.getVoteAccounts()
            #expect(votes.current.count + votes.delinquent.count == 50)
            #expect(server.currentStats.requests["getVoteAccounts"] == 2)
        }
    }

    @Test func persistentlyMalformedAnswersEndInATypedError() async throws {
        let server = SimulatorHarness.syntheticServer(faults: [Fault(method: "getVoteAccounts", kind: .truncated, rate: 1)])
        try await SimulatorHarness.with(server) { url in
            let client = makeClient([url], recorder: SleepRecorder(), maxAttempts: 3)
            do {
                _ = try await client.getVoteAccounts()
                Issue.record("a truncated body decoded")
            } catch let error as SolanaRPCError {
                guard case .exhausted(_, let attempts, let last) = error, case .malformed = last else { Issue.record("\(error)"); return }
                #expect(attempts == 3)
                #expect(error.description.contains("getVoteAccounts") && error.description.contains("127.0.0.1"))
            }
        }
    }

    @Test func hungConnectionsTimeOutAndAreRetried() async throws {
        let server = SimulatorHarness.syntheticServer(faults: [Fault(method: "getSlot", kind: .hang, rate: 1, count: 1)])
        try await SimulatorHarness.with(server) { url in
            // The hung request must time out; the retry must not, even while every other suite runs on the same two cores
            // (300 ms was missed once in CI: a third request went out).
            let client = makeClient([url], recorder: SleepRecorder(), timeout: .seconds(2))
            _ = try await client.getSlot()
            #expect(server.currentStats.requests["getSlot"] == 2)
            #expect(client.observations.last?.succeeded == true)
        }
    }

    @Test func failsOverToTheNextEndpointOnConnectionErrorsAnd5xx() async throws {
        let broken = SimulatorHarness.syntheticServer(faults: [Fault(kind: .http, rate: 1, status: 500)])
        let healthy = SimulatorHarness.syntheticServer()
        try await SimulatorHarness.with(broken) { brokenURL in
            try await SimulatorHarness.with(healthy) { healthyURL in
                // Port 1 refuses connections; the broken node answers 500; the healthy one works.
                let refused = URL(string: "http://127.0.0.1:1")!
                let recorder = SleepRecorder()
                // A long timeout: in CI the healthy node's first answer once took over 5 s under the full suite's load,
                // and this test is about failing over, not timing out.
                let client = makeClient([refused, brokenURL, healthyURL], recorder: recorder, timeout: .seconds(60))
                _ = try await client.getEpochInfo()
                #expect(broken.currentStats.requests["getEpochInfo"] == 1)
                #expect(healthy.currentStats.requests["getEpochInfo"] == 1)
                // Failing over to another endpoint does not wait.
                #expect(recorder.all.isEmpty)
                // The failed endpoints cool down: the next call goes straight to the healthy one.
                _ = try await client.getSlot()
                #expect(broken.currentStats.requests["getSlot"] == nil)
                #expect(healthy.currentStats.requests["getSlot"] == 1)
            }
        }
    }

    /// A refused connection fails its attempt at once (the connection pool does not retry it until the connect timeout):
    /// the next endpoint answers within seconds even with a long connect timeout.
    @Test func aRefusedEndpointFailsOverAtOnce() async throws {
        let healthy = SimulatorHarness.syntheticServer()
        try await SimulatorHarness.with(healthy) { healthyURL in
            var logger = Logger(label: "rpc-test")
            logger.logLevel = .critical
            let client = LiveSolanaRPCClient(
                configuration: .init(
                    endpoints: [URL(string: "http://127.0.0.1:1")!, healthyURL], requestTimeout: .seconds(120),
                    connectTimeout: .seconds(60), limits: .unlimited),
                logger: logger)
            let start = ContinuousClock.now
            _ = try await client.getEpochInfo()
            let elapsed = ContinuousClock.now - start
            #expect(elapsed < .seconds(20), "failing over took \(elapsed): the refused connection was retried")
            #expect(healthy.currentStats.requests["getEpochInfo"] == 1)
        }
    }

    @Test func errorMessagesNeverShowCredentials() async throws {
        let server = SimulatorHarness.syntheticServer(faults: [Fault(kind: .http, rate: 1, status: 400)])
        try await SimulatorHarness.with(server) { url in
            var components = URLComponents(url: url, resolvingAgainstBaseURL: false)!
            components.user = "alice"
            components.password = "hunter2"
            components.queryItems = [URLQueryItem(name: "api-key", value: "sekrit")]
            let client = makeClient([components.url!], recorder: SleepRecorder())
            do {
                _ = try await client.getSlot()
                Issue.record("HTTP 400 succeeded")
            } catch {
                let text = "\(error)"
                #expect(text.contains("HTTP 400"))
                #expect(!text.contains("hunter2") && !text.contains("sekrit"))
            }
        }
    }

    @Test func faultsCanBeSetThroughTheAdminEndpoint() async throws {
        let server = SimulatorHarness.syntheticServer()
        try await SimulatorHarness.with(server) { url in
            _ = try await SimulatorHarness.admin(url, "POST", "admin/faults", json: #"{"method":"getSlot","kind":"http","rate":1,"count":1,"status":502}"#)
            let recorder = SleepRecorder()
            _ = try await makeClient([url], recorder: recorder).getSlot()
            #expect(recorder.all.count == 1)
            let stats = try JSONDecoder().decode(SimulatorServer.Stats.self, from: try await SimulatorHarness.admin(url, "GET", "admin/stats"))
            #expect(stats.faults["http"] == 1)
            #expect(stats.requests["getSlot"] == 2)
        }
    }

    @Test func epochsAdvanceThroughTheAdminEndpoint() async throws {
        let server = SimulatorHarness.syntheticServer()
        try await SimulatorHarness.with(server) { url in
            let client = makeClient([url], recorder: SleepRecorder())
            let before = try await client.getVoteAccounts()
            _ = try await SimulatorHarness.admin(url, "POST", "admin/advance-epoch")
            #expect(try await client.getEpochInfo().epoch == 801)
            let after = try await client.getVoteAccounts()
            let sample = (after.current + after.delinquent).first { $0.votePubkey == before.current[0].votePubkey }!
            #expect(sample.epochCredits.last?.epoch == 801)
            #expect(sample.epochCredits.count == 5)
        }
    }
}

@Suite struct DecodingErrorTests {
    let endpoint = RPCEndpoint(URL(string: "http://node.example:8899")!)

    @Test func wrongTypesNameTheField() throws {
        let body = #"{"jsonrpc":"2.0","id":1,"result":{"current":[{"votePubkey":"V","nodePubkey":"N","activatedStake":"12","epochVoteAccount":true,"commission":0,"lastVote":1,"rootSlot":1,"epochCredits":[]}],"delinquent":[]}}"#
        do {
            _ = try LiveSolanaRPCClient.decodeWire(Data(body.utf8), as: VoteAccounts.self, method: "getVoteAccounts", endpoint: endpoint)
            Issue.record("decoded")
        } catch {
            guard case .decoding(_, _, let field, _) = error else { Issue.record("\(error)"); return }
            #expect(field == "result.current[0].activatedStake")
        }
    }

    @Test func missingFieldsNameTheField() throws {
        let body = #"{"jsonrpc":"2.0","id":1,"result":{"absoluteSlot":1,"epoch":2,"slotIndex":3}}"#
        do {
            _ = try LiveSolanaRPCClient.decodeSingle(Data(body.utf8), as: EpochInfo.self, method: "getEpochInfo", endpoint: endpoint)
            Issue.record("decoded")
        } catch {
            guard case .decoding(_, _, let field, let detail) = error else { Issue.record("\(error)"); return }
            #expect(field == "result.slotsInEpoch" && detail == "missing field")
        }
    }

    @Test func valuesAboveU64AreRejectedNotRounded() throws {
        let body = #"{"jsonrpc":"2.0","id":1,"result":18446744073709551616}"#
        #expect(throws: SolanaRPCError.self) {
            _ = try LiveSolanaRPCClient.decodeSingle(Data(body.utf8), as: UInt64.self, method: "getSlot", endpoint: endpoint)
        }
        let max = #"{"jsonrpc":"2.0","id":1,"result":18446744073709551615}"#
        #expect(try LiveSolanaRPCClient.decodeSingle(Data(max.utf8), as: UInt64.self, method: "getSlot", endpoint: endpoint) == UInt64.max)
    }

    @Test func acceptsCommissionInEitherForm() throws {
        func decode(_ fields: String) throws -> VoteAccount {
            let json = #"{"votePubkey":"V","nodePubkey":"N","activatedStake":1,"epochVoteAccount":true,"lastVote":1,"rootSlot":1,"epochCredits":[[1,2,1]]\#(fields)}"#
            var parser = JSONPullParser(Array(json.utf8))
            return try VoteAccount(wire: &parser)
        }
        #expect(try decode(#","commission":7"#).commissionPercent == 7)
        #expect(try decode(#","inflationRewardsCommissionBps":550"#).commissionPercent == 6)
        #expect(try decode(#","commission":5,"inflationRewardsCommissionBps":500"#).commissionPercent == 5)
        #expect(try decode("").commissionPercent == nil)
        #expect(throws: JSONPullParser.Malformed.self) { try decode(#","commission":101"#) }
    }
}
