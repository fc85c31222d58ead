import ArgumentParser
import Foundation
import SolStakeAPI
import SolStakeApp

struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics", abstract: "System, job and business metrics, read from the database (no server needed).",
        subcommands: [MetricsSummaryCommand.self, MetricsHealthCommand.self, MetricsPrometheusCommand.self])
}

struct MetricsSummaryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "summary", abstract: "A readable table of the metrics.")
    @OptionGroup var options: GlobalOptions
    func run() async throws {
        let environment = try await options.load()
        let report = try await reportingFailures(environment.logger) { try await environment.withExistingDatabase { await SystemReport.collect(database: $0) } }
        print(MetricsSummary.render(report), terminator: "")
        // A database that stopped answering while it was read: the table says why, the exit status tells scripts.
        if report.database.status != "up" { throw ExitCode.failure }
    }
}

struct MetricsHealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "health", abstract: "The health checks; exit 0 healthy, 1 degraded, 2 unhealthy.")
    @OptionGroup var options: GlobalOptions
    func run() async throws {
        let environment = try await options.load()
        if case .sqliteFile(let path) = environment.configuration.databaseURL, !FileManager.default.fileExists(atPath: path) {
            print("status: unhealthy\n  unhealthy  database: no database at \(path)")
            throw ExitCode(2)
        }
        let report = try await reportingFailures(environment.logger) { try await environment.withDatabase { await SystemReport.collect(database: $0, scope: .health) } }
        let (status, checks) = HealthEvaluation.evaluate(report)
        print("status: \(status.rawValue)")
        for check in checks { print("  \(check.status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(check.name): \(check.detail)") }
        switch status {
        case .healthy: return
        case .degraded: throw ExitCode(1)
        case .unhealthy: throw ExitCode(2)
        }
    }
}

struct MetricsPrometheusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "prometheus", abstract: "Print the Prometheus text exposition.")
    @OptionGroup var options: GlobalOptions
    func run() async throws {
        let environment = try await options.load()
        let report = try await reportingFailures(environment.logger) { try await environment.withExistingDatabase { await SystemReport.collect(database: $0) } }
        print(PrometheusExposition(processRegistry: environment.metricsRegistry, version: SolStakeVersion.current).render(report), terminator: "")
    }
}
