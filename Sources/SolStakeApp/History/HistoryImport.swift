import Foundation
import Logging
import SolStakeCore
import SolStakeStore

/// `solstake import history`: a per-epoch history file into the per-epoch tables, one transaction per chunk of epochs.
/// A chunk with a bad row is refused whole (its problems named by epoch and vote account); the other chunks are written.
public enum HistoryImport {
    public struct Progress: Sendable {
        public var epochsDone: Int
        public var epochsTotal: Int
        public var lastEpoch: UInt64
    }

    public struct Report: Sendable {
        public var epochs: Int = 0
        public var firstEpoch: UInt64?
        public var lastEpoch: UInt64?
        public var chunksWritten = 0
        public var chunksRefused = 0
        public var statsWritten = 0
        public var validatorsCreated = 0
        /// Every bad row of the file, including those of chunks that were refused.
        public var problems: [ValidatorHistory.RowProblem] = []
        public var refusedEpochs: [ClosedRange<UInt64>] = []
    }

    /// The per-epoch values the history states for one epoch, as stored: credits scaled from the sample to the full
    /// epoch (`HistoryDerivation.epochCredits`, the rule the replay serves by), commission in percent, stake in
    /// lamports, MEV commission in bps (`runsJito` false where the file states none), version as a fetch stores it.
    public static func stats(of epoch: ValidatorHistory.Epoch, slotsPerEpoch: UInt64) -> [EpochStatSnapshot] {
        epoch.rows.map { row in
            EpochStatSnapshot(
                voteAccount: row.voteAccount, epoch: epoch.epoch,
                credits: row.sampledCredits.map {
                    HistoryDerivation.epochCredits(sample: $0, slotIndexOfRun: epoch.slotIndexOfRun, slotsPerEpoch: slotsPerEpoch)
                },
                commission: row.commission, activatedStake: row.activatedStake, mevCommissionBps: row.mevCommissionBps,
                runsJito: row.mevCommissionBps != nil, version: row.clientVersion.flatMap(SnapshotBuilder.cleanVersion))
        }
    }

    public static func run(
        _ history: ValidatorHistory, database: any DatabaseClient, chunkEpochs: Int = 10, slotsPerEpoch: UInt64 = 432_000,
        logger: Logger, progress: @Sendable (Progress) -> Void = { _ in }
    ) async throws -> Report {
        var report = Report()
        report.epochs = history.epochs.count
        report.firstEpoch = history.epochs.first?.epoch
        report.lastEpoch = history.epochs.last?.epoch
        report.problems = history.epochs.flatMap(\.problems)
        var done = 0
        let size = max(1, chunkEpochs)
        for start in stride(from: 0, to: history.epochs.count, by: size) {
            let chunk = Array(history.epochs[start..<min(start + size, history.epochs.count)])
            let range = chunk.first!.epoch...chunk.last!.epoch
            let problems = chunk.flatMap(\.problems)
            if !problems.isEmpty {
                report.chunksRefused += 1
                report.refusedEpochs.append(range)
                logger.error(
                    "History chunk refused: it has bad rows",
                    metadata: [
                        "epochs": "\(range.lowerBound)-\(range.upperBound)", "badRows": "\(problems.count)",
                        "first": "\(problems.prefix(3).map(\.description).joined(separator: "; "))",
                    ])
            } else {
                let rows = chunk.flatMap { Self.stats(of: $0, slotsPerEpoch: slotsPerEpoch) }
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                let written = try await database.transaction { db in
                    try await HistoryImportWriter.write(rows, nowMillis: now, on: db)
                }
                report.chunksWritten += 1
                report.statsWritten += written.statsWritten
                report.validatorsCreated += written.validatorsCreated
            }
            done += chunk.count
            progress(Progress(epochsDone: done, epochsTotal: history.epochs.count, lastEpoch: range.upperBound))
        }
        return report
    }
}
