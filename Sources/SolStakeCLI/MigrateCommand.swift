import ArgumentParser
import Foundation
import SolStakeApp
import SolStakeStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply pending migrations, revert the last one, or show their status.")

    @OptionGroup var options: GlobalOptions

    @Flag(name: .customLong("revert-last"), help: "Revert the most recently applied migration.")
    var revertLast = false

    @Flag(help: "Print every migration with its state, and apply nothing.")
    var status = false

    func validate() throws {
        if revertLast && status { throw ValidationError("--revert-last and --status cannot be combined") }
    }

    func run() async throws {
        let environment = try await options.load()
        let revertLast = self.revertLast
        let status = self.status
        try await reportingFailures(environment.logger) {
            try await environment.withDatabase { database in
                let migrator = Migrator(database: database, logger: environment.logger)
                if status {
                    let state = try await migrator.status()
                    print("database: \(database.location)")
                    for (id, appliedAt) in state.applied {
                        let date = Date(timeIntervalSince1970: Double(appliedAt) / 1000).formatted(.iso8601)
                        print("  applied  \(id)  \(date)")
                    }
                    for id in state.pending { print("  pending  \(id)") }
                    for id in state.unknown { print("  unknown  \(id)  (recorded by a newer solstake)") }
                    print("\(state.applied.count) applied, \(state.pending.count) pending, \(state.unknown.count) unknown")
                } else if revertLast {
                    let id = try await migrator.revertLast()
                    print("reverted \(id)")
                } else {
                    let applied = try await migrator.migrate()
                    print(applied.isEmpty ? "up to date" : "applied \(applied.count): \(applied.joined(separator: ", "))")
                }
            }
        }
    }
}
