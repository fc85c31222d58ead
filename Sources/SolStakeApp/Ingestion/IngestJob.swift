import Foundation
import SQLKit
import Logging
import SolStakeCore
import SolStakeStore
import SolanaRPC

/// The fetch job: read the cluster from Solana RPC, then write it in one transaction (nothing at all if any step fails).
public enum IngestJob {
    public struct Report: Sendable {
        public var jobId: String
        public var epoch: UInt64
        public var slot: UInt64
        public var validators: Int
        public var delinquent: Int
        public var epochStats: Int
        public var identityChanges: Int
        public var alreadyDone: Bool
        public var fetchedCompletedEpochTotals: Bool
        public var timings: Timings
    }

    /// Wall time per phase, in seconds.
    public struct Timings: Sendable {
        public var rpc: Double = 0
        public var build: Double = 0
        public var write: Double = 0
        public var total: Double { rpc + build + write }
    }

    /// `finalize` runs inside the write transaction, after the writes: the queue completes its job there, so the fetch
    /// and the job's completion commit together (or not at all).
    public static func run(
        jobId: String, client: any SolanaRPCClient, database: any DatabaseClient, logger: Logger,
        finalize: (@Sendable (any SQLDatabase) async throws -> Void)? = nil
    ) async throws -> Report {
        var logger = logger
        // The run's idempotency key ("job-<id>" under a worker), apart from the worker's numeric jobId.
        logger[metadataKey: "runKey"] = "\(jobId)"
        logger[metadataKey: "jobType"] = "fetch"
        let clock = ContinuousClock()
        let startedAt = Date()
        var timings = Timings()
        logger.info("Fetching validators", metadata: ["phase": "rpc"])

        // The RPC answers live only in this block, so their memory is released before the write.
        var snapshot: IngestSnapshot
        let fetchedCompletedEpochTotals: Bool
        do {
            let rpcStart = clock.now
            let answers = try await fetchAnswers(client: client, database: database, logger: logger)
            timings.rpc = (clock.now - rpcStart).seconds
            fetchedCompletedEpochTotals = answers.completedProduction != nil
            logger.info(
                "Fetched cluster state",
                metadata: [
                    "phase": "rpc", "epoch": "\(answers.epochInfo.epoch)", "current": "\(answers.voteAccounts.current.count)",
                    "delinquent": "\(answers.voteAccounts.delinquent.count)", "clusterNodes": "\(answers.clusterNodes.count)",
                    "validatorInfo": "\(answers.validatorInfo.count)", "seconds": "\(String(format: "%.3f", timings.rpc))",
                ])

            let buildStart = clock.now
            snapshot = SnapshotBuilder.build(answers)
            snapshot.rpcMillis = Int64(timings.rpc * 1000)
            timings.build = (clock.now - buildStart).seconds
        }

        let writeStart = clock.now
        let startedMillis = Int64(startedAt.timeIntervalSince1970 * 1000)
        let result = try await database.transaction { db in
            let result = try await IngestWriter.write(
                snapshot, jobId: jobId, startedAtMillis: startedMillis, nowMillis: Int64(Date().timeIntervalSince1970 * 1000), on: db,
                logger: logger)
            try await finalize?(db)
            return result
        }
        timings.write = (clock.now - writeStart).seconds
        if result.alreadyDone {
            logger.notice("Fetch already recorded for this job: nothing written", metadata: ["fetchRunId": "\(result.fetchRunId)"])
        } else {
            logger.info(
                "Fetch complete",
                metadata: [
                    "phase": "complete", "validators": "\(result.validators)", "epochStats": "\(result.epochStats)",
                    "identityChanges": "\(result.identityChanges)",
                    "seconds": "\(String(format: "%.3f", timings.total))",
                ])
        }
        return Report(
            jobId: jobId, epoch: snapshot.epoch, slot: snapshot.slot, validators: result.validators,
            delinquent: snapshot.validators.filter(\.delinquent).count, epochStats: result.epochStats,
            identityChanges: result.identityChanges, alreadyDone: result.alreadyDone,
            fetchedCompletedEpochTotals: fetchedCompletedEpochTotals, timings: timings)
    }

    /// Epoch info, then vote accounts, cluster nodes, validator-info and block production concurrently (and the completed
    /// epoch's final block production when it is not stored yet).
    private static func fetchAnswers(client: any SolanaRPCClient, database: any DatabaseClient, logger: Logger) async throws -> SnapshotBuilder.Answers {
        let epochInfo = try await client.getEpochInfo()
        // Is the last completed epoch's final block total already stored? If not, fetch it (once per epoch).
        let completed = epochInfo.epoch > 0 ? epochInfo.epoch - 1 : nil
        let needCompleted: Bool
        if let completed {
            needCompleted = try await !ReadModel(database: database).hasFinalTotals(epoch: completed)
        } else {
            needCompleted = false
        }
        let firstSlot = epochInfo.firstSlot
        async let votes = client.getVoteAccounts()
        async let nodes = client.getClusterNodes()
        async let infos = client.getValidatorInfo()
        async let production = client.getBlockProduction(identity: nil, range: firstSlot...epochInfo.absoluteSlot)
        async let tips = tipDistribution(client: client, epoch: epochInfo.epoch, logger: logger)
        async let economics = economics(client: client, logger: logger)
        async let completedTips = completedEpochTips(client: client, epoch: completed, logger: logger)
        var completedProduction: BlockProduction?
        if needCompleted, firstSlot >= epochInfo.slotsInEpoch {
            // The previous epoch has the same length after warm-up.
            let range = (firstSlot - epochInfo.slotsInEpoch)...(firstSlot - 1)
            completedProduction = try await client.getBlockProduction(identity: nil, range: range)
        }
        return SnapshotBuilder.Answers(
            epochInfo: epochInfo, voteAccounts: try await votes, clusterNodes: try await nodes, validatorInfo: try await infos,
            currentProduction: try await production, completedProduction: completedProduction, tipDistribution: await tips,
            economics: await economics, completedTips: await completedTips)
    }

    /// The yield estimate's network inputs. Optional like MEV: without them the fetch is stored with no APY.
    private static func economics(client: any SolanaRPCClient, logger: Logger) async -> SnapshotBuilder.Answers.Economics? {
        do {
            async let rate = client.getInflationRate()
            async let governor = client.getInflationGovernor()
            async let supply = client.getSupply()
            async let samples = client.getRecentPerformanceSamples(limit: 60)
            return .init(rate: try await rate, governor: try await governor, supply: try await supply, samples: try await samples)
        } catch is CancellationError {
            return nil
        } catch {
            logger.warning("APY not estimated: inflation or supply unavailable", metadata: ["phase": "rpc", "error": "\(error)"])
            return nil
        }
    }

    /// The completed epoch's tip accounts once their merkle root is uploaded; nil (MEV unknown) when not readable.
    private static func completedEpochTips(client: any SolanaRPCClient, epoch: UInt64?, logger: Logger) async -> TipDistributionSurvey? {
        guard let epoch else { return nil }
        do {
            let survey = try await client.getTipDistributionAccounts(epoch: epoch, rootUploaded: true)
            // No account at all: the roots are not uploaded yet, which says nothing about tips.
            return survey.commissionBps.isEmpty ? nil : survey
        } catch is CancellationError {
            return nil
        } catch {
            logger.info("MEV yield not estimated: the completed epoch's tip accounts are unavailable", metadata: ["phase": "rpc", "error": "\(error)"])
            return nil
        }
    }

    /// MEV commission is one part of the fetch that may fail alone: without it the rest is still worth storing, with MEV
    /// recorded as unknown. Accounts that cannot be decoded are named in one warning and skipped.
    private static func tipDistribution(client: any SolanaRPCClient, epoch: UInt64, logger: Logger) async -> TipDistributionSurvey? {
        do {
            let survey = try await client.getTipDistributionAccounts(epoch: epoch)
            if !survey.problems.isEmpty {
                logger.warning(
                    "Skipped unreadable tip-distribution accounts",
                    metadata: [
                        "phase": "rpc", "count": "\(survey.problems.count)",
                        "first": "\(survey.problems.prefix(3).map(\.description).joined(separator: "; "))",
                    ])
            }
            return survey
        } catch is CancellationError {
            return nil
        } catch {
            logger.warning("MEV commission not read: tip-distribution accounts unavailable", metadata: ["phase": "rpc", "error": "\(error)"])
            return nil
        }
    }
}
