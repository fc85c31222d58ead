import Foundation
import Logging
import SolStakeCore
import SQLKit
import SolStakeStore

/// The score job: read the inputs of the latest fetch, run the model, write the run and every score in one transaction.
public enum ScoreJob {
    public struct Report: Sendable {
        public var jobId: String
        public var runId: Int64
        public var epoch: UInt64
        public var outcome: ScoringOutcome?
        public var alreadyCompleted: Bool
        public var timings: Timings
        public var algorithmVersion: String
    }

    public struct Timings: Sendable {
        public var read: Double = 0
        public var score: Double = 0
        public var write: Double = 0
        public var total: Double { read + score + write }
    }

    public enum Failure: Error, CustomStringConvertible {
        case noFetchYet
        public var description: String { "nothing to score: no fetch has completed yet (run `solstake fetch` first)" }
    }

    /// `finalize` runs inside the transaction that writes the scores (the queue completes its job there); `progress`
    /// receives "done/total" as batches are processed.
    public static func run(
        jobId: String, database: any DatabaseClient, model: ScoringModel = .default, logger: Logger,
        finalize: (@Sendable (any SQLDatabase) async throws -> Void)? = nil,
        progress: (@Sendable (String) async -> Void)? = nil
    ) async throws -> Report {
        var logger = logger
        // The run's idempotency key ("job-<id>" under a worker), apart from the worker's numeric jobId.
        logger[metadataKey: "runKey"] = "\(jobId)"
        logger[metadataKey: "jobType"] = "score"
        let clock = ContinuousClock()
        var timings = Timings()
        func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

        let readStart = clock.now
        // One snapshot for the inputs' statements, so a fetch committing meanwhile cannot mix into them.
        guard let inputs = try await database.readSnapshot({ db in
            try await ScoringInputReader.read(model: model, nowMillis: now(), on: db)
        }) else { throw Failure.noFetchYet }
        timings.read = (clock.now - readStart).seconds
        let epoch = inputs.cluster.currentEpoch

        let start = try await database.transaction { db in
            try await ScoringRunStore.begin(jobId: jobId, epoch: epoch, model: model, nowMillis: now(), on: db)
        }
        let runId: Int64
        switch start {
        case .alreadyCompleted(let completedId):
            logger.notice("Scoring run already completed for this job: nothing written", metadata: ["scoringRunId": "\(completedId)"])
            if let finalize { try await database.transaction { db in try await finalize(db) } }
            return Report(jobId: jobId, runId: completedId, epoch: epoch, outcome: nil, alreadyCompleted: true, timings: timings, algorithmVersion: model.algorithmVersion)
        case .started(let startedId):
            runId = startedId
        }
        logger.info("Scoring validators", metadata: ["phase": "validator-processing", "scoringRunId": "\(runId)", "validators": "\(inputs.cluster.validators.count)"])

        do {
            let scoreStart = clock.now
            let outcome = model.score(inputs.cluster)
            timings.score = (clock.now - scoreStart).seconds
            let total = outcome.results.count + outcome.failures.count
            logger.info(
                "Scored \(total) validators", metadata: ["phase": "validator-processing", "scored": "\(outcome.results.count)", "failed": "\(outcome.failures.count)"])
            await progress?("\(total)/\(total)")
            let writeStart = clock.now
            let duration = Int64((clock.now - readStart).seconds * 1000)
            try await database.transaction { db in
                try await ScoringRunStore.complete(
                    runId: runId, outcome: outcome, validatorIds: inputs.validatorIds, epoch: epoch, durationMs: duration,
                    nowMillis: now(), on: db)
                try await finalize?(db)
            }
            timings.write = (clock.now - writeStart).seconds
            logger.info(
                "Scoring run completed",
                metadata: [
                    "phase": "complete", "scoringRunId": "\(runId)", "success": "\(outcome.results.count)",
                    "fail": "\(outcome.failures.count)", "seconds": "\(String(format: "%.3f", timings.total))",
                ])
            return Report(jobId: jobId, runId: runId, epoch: epoch, outcome: outcome, alreadyCompleted: false, timings: timings, algorithmVersion: model.algorithmVersion)
        } catch {
            let duration = Int64((clock.now - readStart).seconds * 1000)
            try? await database.transaction { db in
                try await ScoringRunStore.fail(runId: runId, error: "\(error)", durationMs: duration, nowMillis: now(), on: db)
            }
            logger.error("Scoring run failed", metadata: ["scoringRunId": "\(runId)", "error": "\(error)"])
            throw error
        }
    }
}
