import Foundation
import SolStakeJobs
import SolStakeStore
import Testing
import TestSupport

@testable import SolStakeJobs

@Suite struct WakeSignalTests {
    @Test func aSignalWakesTheWaiterAndIsKeptWhenNobodyWaits() async {
        let signal = WakeSignal()
        signal.signal()
        let start = ContinuousClock.now
        await signal.wait(timeout: .seconds(30))
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func timeoutsDoNotBreakLaterWaits() async {
        // Regression: an AsyncStream-based wait finished its stream on the first timeout and never blocked again.
        let signal = WakeSignal()
        for _ in 0..<3 {
            let start = ContinuousClock.now
            await signal.wait(timeout: .milliseconds(60))
            #expect(ContinuousClock.now - start >= .milliseconds(50))
        }
    }

    @Test func anIdleWorkerDoesNotSpin() async throws {
        try await TestDatabases.with(.sqliteFile) { database in
            let queue = JobQueue(database: database)
            let worker = Worker(queue: queue, handlers: WorkerHarness.handlers, configuration: WorkerHarness.configuration(poll: .milliseconds(200)), logger: WorkerHarness.logger)
            let statements = try await database.statements.measure {
                try await WorkerHarness.running([worker]) { try await Task.sleep(for: .seconds(1)) }
            }.statements
            // ~5 polls of 3 statements each, plus registration and rescue: far from the thousands of a spinning loop.
            #expect(statements < 60, "\(statements) statements in one idle second")
        }
    }
}
