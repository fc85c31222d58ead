import Foundation
import Logging
import SolStakeStore

/// Asks the database a real question (it reads the `migrations` table, so a missing or unreadable file fails too) and
/// times it, giving up after `timeout` so a hung database reports as down instead of hanging the health check.
public struct DatabaseProbe: Sendable {
    public let database: any DatabaseClient
    public let timeout: Duration

    public init(database: any DatabaseClient, timeout: Duration = .seconds(2)) {
        self.database = database
        self.timeout = timeout
    }

    public struct Result: Sendable, Codable, Equatable {
        public init(status: String, flavor: String, latencyMs: Double?, appliedMigrations: Int?, error: String?) {
            self.status = status
            self.flavor = flavor
            self.latencyMs = latencyMs
            self.appliedMigrations = appliedMigrations
            self.error = error
        }

        public var status: String
        public var flavor: String
        public var latencyMs: Double?
        public var appliedMigrations: Int?
        public var error: String?
    }

    public func check() async -> Result {
        let started = ContinuousClock.now
        let database = self.database
        let timeout = self.timeout
        do {
            let count = try await withThrowingTaskGroup(of: Int.self) { group in
                group.addTask { try await Migrator(database: database, logger: Logger(label: "solstake.probe")).appliedCount() }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw ProbeTimeout(timeout: timeout)
                }
                defer { group.cancelAll() }
                return try await group.next()!
            }
            let elapsed = ContinuousClock.now - started
            return Result(
                status: "up", flavor: database.flavor.rawValue, latencyMs: elapsed.milliseconds,
                appliedMigrations: count, error: nil)
        } catch {
            // A connection attempt of its own says why (a wrong password, a missing database, a refused port).
            // Within the probe's own bound: a server that hangs must not hold /health longer.
            let diagnosis = await withTaskGroup(of: DatabaseError?.self) { group in
                group.addTask { await database.diagnose() }
                group.addTask {
                    try? await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                return await group.next() ?? nil
            }
            let cause: any Error = diagnosis ?? error
            return Result(
                status: "down", flavor: database.flavor.rawValue, latencyMs: nil, appliedMigrations: nil,
                error: Self.describe(cause))
        }
    }

    /// A short, secret-free description of why the database did not answer.
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}

struct ProbeTimeout: Error, CustomStringConvertible {
    let timeout: Duration
    var description: String { "no answer within \(timeout)" }
}

extension Duration {
    /// The duration in milliseconds, with microsecond precision.
    public var milliseconds: Double {
        let (seconds, attoseconds) = components
        return (Double(seconds) * 1000 + Double(attoseconds) / 1e15).rounded(toPlaces: 3)
    }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let factor = pow(10, Double(places))
        return (self * factor).rounded() / factor
    }
}
