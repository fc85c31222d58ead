import Foundation
import Logging
import SolStakeCore
import SolStakeStore
import SolanaRPC

/// `verify db` and `verify pipeline`: checks with a name, a verdict and a detail.
public enum Verification {
    public typealias Check = IntegrityChecks.Check

    public static func database(_ database: any DatabaseClient) async throws -> [Check] {
        try await database.read { db in try await IntegrityChecks.run(on: db) }
    }

    /// Fetch, score, then the database checks and the model's invariants on the stored scores.
    public static func pipeline(client: any SolanaRPCClient, database: any DatabaseClient, logger: Logger) async throws -> [Check] {
        var checks: [Check] = []
        try await DatabasePreparation.prepare(database, logger: logger)
        checks.append(.init(name: "migrations applied", passed: true, detail: "\(Schema.migrations.count) migrations"))
        let fetch = try await IngestJob.run(jobId: "verify-fetch-\(UUID().uuidString.lowercased())", client: client, database: database, logger: logger)
        checks.append(.init(
            name: "fetch stored the validator set", passed: fetch.validators > 0,
            detail: String(format: "%d validators, %d epoch stats in %.3f s", fetch.validators, fetch.epochStats, fetch.timings.total)))
        let score = try await ScoreJob.run(jobId: "verify-score-\(UUID().uuidString.lowercased())", database: database, logger: logger)
        let outcome = score.outcome
        let scored = (outcome?.results.count ?? 0) + (outcome?.failures.count ?? 0)
        checks.append(.init(
            name: "every fetched validator scored or counted as failed", passed: scored == fetch.validators,
            detail: "\(outcome?.results.count ?? 0) scored + \(outcome?.failures.count ?? 0) failed of \(fetch.validators)"))
        let rows = try await ReadModel(database: database).scoredValidators(run: score.runId)
        let private100 = rows.filter { $0.commission == 100 }
        checks.append(.init(
            name: "commission-100 validators score 0", passed: private100.allSatisfy { $0.score == 0 },
            detail: "\(private100.count) such validators"))
        let delinquent = rows.filter(\.delinquent)
        checks.append(.init(
            name: "delinquent validators score at most 20", passed: delinquent.allSatisfy { $0.score <= 20 },
            detail: "\(delinquent.count) delinquent"))
        checks.append(.init(
            name: "scores lie in [0, 100]", passed: rows.allSatisfy { (0...100).contains($0.score) },
            detail: "\(rows.count) scores"))
        checks += try await Verification.database(database)
        return checks
    }

    public static func render(_ checks: [Check]) -> String {
        var lines = checks.map { "\($0.passed ? "PASS" : "FAIL")  \($0.name): \($0.detail)" }
        let failed = checks.filter { !$0.passed }.count
        lines.append(failed == 0 ? "all \(checks.count) checks passed" : "\(failed) of \(checks.count) checks FAILED")
        return lines.joined(separator: "\n") + "\n"
    }
}
