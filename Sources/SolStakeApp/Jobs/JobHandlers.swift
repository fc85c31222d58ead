import Foundation
import SQLKit
import SolStakeCore
import SolStakeJobs
import SolStakeStore
import SolanaRPC

/// The fetch job on the queue: the fetch's writes and the job's completion commit in one transaction.
public struct FetchJobHandler: JobHandler {
    public let client: any SolanaRPCClient

    public init(client: any SolanaRPCClient) { self.client = client }

    public func run(_ context: JobContext) async throws {
        await context.reportProgress("rpc")
        _ = try await IngestJob.run(
            jobId: context.idempotencyKey, client: client, database: context.database, logger: context.logger,
            finalize: { db in try await context.completeWithin(db) })
    }
}

/// The score job on the queue: the run's scores and the job's completion commit in one transaction.
public struct ScoreJobHandler: JobHandler {
    public let model: ScoringModel
    public init(model: ScoringModel = .default) { self.model = model }

    /// How long a score waits, when no fetch has completed yet, before it looks again.
    public static let firstFetchWait: Duration = .seconds(15)

    public func run(_ context: JobContext) async throws {
        do {
            _ = try await ScoreJob.run(
                jobId: context.idempotencyKey, database: context.database, model: model, logger: context.logger,
                finalize: { db in try await context.completeWithin(db) },
                progress: { text in await context.reportProgress(text) })
        } catch ScoreJob.Failure.noFetchYet {
            // On a fresh database the first scheduled score races the first fetch: it waits, it has not failed.
            throw JobDeferred(delay: Self.firstFetchWait, reason: "no fetch has completed yet")
        }
    }
}

/// Every handler solstake runs, by kind.
public enum JobHandlers {
    /// Handlers a test build of the CLI adds for its worker processes (the test job kinds); none in solstake itself.
    @TaskLocal public static var additional: [String: any JobHandler] = [:]

    public static func all(
        client: any SolanaRPCClient, scoringModel: ScoringModel = .default, rewardBackfillEpochs: UInt64 = RewardSync.defaultBackfillEpochs
    ) -> [String: any JobHandler] {
        [
            JobKinds.fetch: FetchJobHandler(client: client),
            JobKinds.score: ScoreJobHandler(model: scoringModel),
            JobKinds.stakeSync: StakeSyncJobHandler(client: client, rewardBackfillEpochs: rewardBackfillEpochs),
        ].merging(additional) { production, _ in production }
    }
}

/// Syncs stake accounts, then their rewards: `{"wallet": "<pubkey>"}` for one wallet, `{}` for every tracked wallet.
public struct StakeSyncJobHandler: JobHandler {
    public let client: any SolanaRPCClient
    /// Completed epochs whose rewards a newly tracked account gets.
    public let rewardBackfillEpochs: UInt64

    public init(client: any SolanaRPCClient, rewardBackfillEpochs: UInt64 = RewardSync.defaultBackfillEpochs) {
        self.client = client
        self.rewardBackfillEpochs = rewardBackfillEpochs
    }

    struct Payload: Decodable { let wallet: String? }

    public func run(_ context: JobContext) async throws {
        let payload = (try? JSONDecoder().decode(Payload.self, from: Data(context.job.payload.utf8))) ?? Payload(wallet: nil)
        _ = try await StakeSync.run(
            wallets: payload.wallet.map { [$0] }, client: client, database: context.database, logger: context.logger,
            progress: { text in await context.reportProgress(text) })
        // Then the rewards of the accounts it found; the job completes with the last write.
        _ = try await RewardSync.run(
            client: client, database: context.database, logger: context.logger, backfillEpochs: rewardBackfillEpochs,
            finalize: { db in try await context.completeWithin(db) })
    }
}
