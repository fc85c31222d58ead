import SolStakeAPI
import Synchronization
import Testing

@Suite struct BatchLoaderTests {
    final class Calls: Sendable {
        let batches = Mutex<[[Int64]]>([])
    }

    @Test func siblingsLoadInOneBatchEvenWhenResolvedConcurrently() async throws {
        let registry = KeyRegistry<Int64>()
        registry.register(1...500)
        let calls = Calls()
        let loader = BatchLoader<Int64, String>(registry: registry) { keys in
            calls.batches.withLock { $0.append(keys) }
            try await Task.sleep(for: .milliseconds(20))
            return Dictionary(uniqueKeysWithValues: keys.filter { $0 % 7 != 0 }.map { ($0, "v\($0)") })
        }
        let results = try await withThrowingTaskGroup(of: (Int64, String?).self) { group in
            for key in Int64(1)...500 { group.addTask { (key, try await loader.load(key)) } }
            var out: [Int64: String?] = [:]
            for try await (key, value) in group { out[key] = value }
            return out
        }
        #expect(calls.batches.withLock { $0.count } == 1)
        #expect(calls.batches.withLock { Set($0[0]) } == Set(1...500))
        #expect(results[8] == "v8" && results[7] == .some(nil))
        // Later loads read the results; a key registered later forms a second batch.
        #expect(try await loader.load(9) == "v9")
        registry.register([1_000])
        #expect(try await loader.load(1_000) == "v1000")
        #expect(calls.batches.withLock { $0.count } == 2 && calls.batches.withLock { $0[1] } == [1_000])
    }
}
