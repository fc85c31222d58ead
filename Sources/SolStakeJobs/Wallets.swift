import Foundation
import SQLKit
import SolStakeCore

import SolStakeStore

/// Tracking and untracking wallets, shared by the CLI and the GraphQL mutations: validation, the row, the audit entry
/// and the sync job commit in one transaction.
public enum Wallets {
    public struct TrackResult: Sendable, Equatable {
        public var wallet: StakerStore.Wallet
        public var created: Bool
        /// The sync job enqueued for the wallet (an existing live one when the wallet was already being synced).
        public var syncJobId: Int64
    }

    public static func track(
        _ raw: String, label: String? = nil, actor: String?, database: any DatabaseClient
    ) async throws -> TrackResult {
        let key = try WalletKey(validating: raw)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let queue = JobQueue(database: database)
        return try await database.transaction { db in
            let tracked = try await StakerStore.track(key, label: label, actor: actor, nowMillis: now, on: db)
            let job = try await queue.enqueue(syncRequest(for: key.text), on: db)
            return TrackResult(wallet: tracked.wallet, created: tracked.created, syncJobId: job.id)
        }
    }

    /// Returns false when the wallet was not tracked.
    public static func untrack(_ raw: String, actor: String?, database: any DatabaseClient) async throws -> Bool {
        let key = try WalletKey(validating: raw)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        return try await database.transaction { db in
            try await StakerStore.untrack(key, actor: actor, nowMillis: now, on: db)
        }
    }

    /// The queue request that syncs one wallet (deduplicated per wallet while live).
    public static func syncRequest(for wallet: String) -> JobRequest {
        JobRequest(kind: JobKinds.stakeSync, payload: "{\"wallet\":\"\(wallet)\"}", dedupeKey: "stake-sync:\(wallet)")
    }
}
