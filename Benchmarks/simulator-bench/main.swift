// Prints the simulator's response time for getVoteAccounts at the real epoch-752 size (1,351 validators) and at 100,000
// synthetic validators: the server runs in this process on a loopback port; requests go over real HTTP.
//   swift run -c release simulator-bench [--requests N]   (SOLSTAKE_MAINNET_FIXTURES for the real snapshot)
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import SolanaFixtures
import SolanaRPC
import SolanaSimulator

let arguments = CommandLine.arguments
let requests = arguments.firstIndex(of: "--requests").flatMap { Int(arguments[$0 + 1]) } ?? 30

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
}

func measure(_ label: String, cluster: SimulatedCluster) async throws {
    let server = SimulatorServer(cluster: cluster)
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: "bench")
    logger.logLevel = .error
    let app = server.buildApplication(host: "127.0.0.1", port: 0, logger: logger) { continuation.yield($0) }
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next()!
        let url = "http://127.0.0.1:\(port)/"
        func once() async throws -> (seconds: Double, bytes: Int) {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: #"{"jsonrpc":"2.0","id":1,"method":"getVoteAccounts"}"#))
            let start = ContinuousClock.now
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
            let body = try await response.body.collect(upTo: 1 << 30)
            return ((ContinuousClock.now - start).seconds, body.readableBytes)
        }
        let first = try await once()
        var times: [Double] = []
        for _ in 0..<requests { times.append(try await once().seconds) }
        times.sort()
        // Decode time of the client's wire types on the same bytes (what a fetch pays on top of the transfer).
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: #"{"jsonrpc":"2.0","id":1,"method":"getVoteAccounts"}"#))
        let body = try await HTTPClient.shared.execute(request, timeout: .seconds(120)).body.collect(upTo: 1 << 30)
        let data = Data(buffer: body)
        let decodeStart = ContinuousClock.now
        let decoded = try LiveSolanaRPCClient.decodeWire(data, as: VoteAccounts.self, method: "getVoteAccounts", endpoint: RPCEndpoint(URL(string: url)!))
        let decodeSeconds = (ContinuousClock.now - decodeStart).seconds
        print(String(format: "%@: %d validators, %.1f MB; first (uncached) %.1f ms; over %d requests p50 %.1f ms, p99 %.1f ms, mean %.1f ms; client decode %.1f ms",
            label, decoded.current.count + decoded.delinquent.count, Double(first.bytes) / 1e6, first.seconds * 1000, requests,
            percentile(times, 0.5) * 1000, percentile(times, 0.99) * 1000, times.reduce(0, +) / Double(times.count) * 1000, decodeSeconds * 1000))
        group.cancelAll()
    }
}

var settings = SimulatedCluster.Settings()
settings.slotTime = .zero
if let fixtures = MainnetFixtures.fromEnvironment() {
    try await measure("epoch-752 snapshot", cluster: try SnapshotLoader.load(from: fixtures, settings: settings))
} else {
    print("epoch-752 snapshot: skipped (set SOLSTAKE_MAINNET_FIXTURES)")
}
let buildStart = ContinuousClock.now
let big = SyntheticCluster.make(validators: 100_000, seed: 1, settings: settings)
print(String(format: "synthetic 100,000: generated in %.0f ms", (ContinuousClock.now - buildStart).seconds * 1000))
try await measure("synthetic 100,000", cluster: big)
