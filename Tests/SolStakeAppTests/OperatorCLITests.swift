import Foundation
import Testing
import TestSupport

/// What an operator meets at the command line: commands that only read create nothing, a taken port is named.
@Suite("Operator CLI", .enabled(if: SolStakeBinary.url != nil, "build the solstake executable"))
struct OperatorCLITests {
    @Test func commandsThatOnlyReadNeverCreateOrMigrateADatabase() async throws {
        try await TestDatabases.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("none.sqlite").path
            let url = ["--database-url", "sqlite://\(path)"]
            for command in [["metrics", "summary"], ["metrics", "prometheus"], ["wallet", "list"], ["queue", "monitor", "--once"],
                            ["queue", "scheduler", "list"]] {
                let run = try await SolStakeBinary.run(command + url)
                #expect(run.status == 1 && run.err.contains("no database at \(path)"), "\(command): \(run.status) \(run.err.suffix(300))")
            }
            let health = try await SolStakeBinary.run(["metrics", "health"] + url)
            #expect(health.status == 2 && health.out.contains("no database at"), "\(health.out)")
            // A bad key is refused before any database is opened.
            let badKey = try await SolStakeBinary.run(["wallet", "track", "0OIl"] + url)
            #expect(badKey.status == 1 && badKey.err.contains("is not a base58 public key"), "\(badKey.err.suffix(300))")
            #expect(!FileManager.default.fileExists(atPath: path), "a command created \(path)")

            // A file without the schema is not migrated to be read.
            let empty = dir.appendingPathComponent("empty.sqlite").path
            #expect(FileManager.default.createFile(atPath: empty, contents: nil))
            let summary = try await SolStakeBinary.run(["metrics", "summary", "--database-url", "sqlite://\(empty)"])
            #expect(summary.status == 1 && summary.err.contains("has no solstake schema") && summary.err.contains("solstake migrate"), "\(summary.err.suffix(300))")
            #expect((try FileManager.default.attributesOfItem(atPath: empty)[.size] as? NSNumber)?.intValue == 0, "the empty file was written")
        }
    }

    /// The test job kinds exist only in the test build of the CLI, `solstake-test`.
    @Test func solstakeOffersOnlyItsOwnJobKinds() async throws {
        try await TestDatabases.withTemporaryDirectory { dir in
            let url = ["--database-url", "sqlite://\(dir.appendingPathComponent("k.sqlite").path)", "--log-level", "error"]
            #expect(try await SolStakeBinary.run(["migrate"] + url).status == 0)
            for kind in ["noop", "sleep", "empty"] {
                let refused = try await SolStakeBinary.run(["queue", "add", kind] + url)
                #expect(refused.status != 0 && refused.err.contains(#"unknown kind "\#(kind)": expected fetch, score, stake-sync"#), "\(refused.err)")
            }
            let help = try await SolStakeBinary.run(["queue", "add", "--help"])
            #expect(help.status == 0 && !help.out.contains("noop") && help.out.contains("stake-sync"), "\(help.out)")
            #expect(try await SolStakeBinary.run(["queue", "add", "stake-sync"] + url).status == 0)
            if SolStakeBinary.withTestJobs != nil {
                #expect(try await SolStakeBinary.run(["queue", "add", "noop"] + url, testJobs: true).status == 0)
            }
        }
    }

    @Test func queueMonitorAlignsItsColumns() async throws {
        try await TestDatabases.withTemporaryDirectory { dir in
            let url = ["--database-url", "sqlite://\(dir.appendingPathComponent("q.sqlite").path)", "--log-level", "error"]
            #expect(try await SolStakeBinary.run(["migrate"] + url).status == 0)
            #expect(try await SolStakeBinary.run(["queue", "add", "fetch"] + url).status == 0)
            let wallet = #"{"wallet": "4wBqpZM9xaSheZzJSMawUKKwhdpChKbZ5eu5ky4Vigw"}"#
            for _ in 0..<12 {
                #expect(try await SolStakeBinary.run(["queue", "add", "stake-sync", "--payload", wallet, "--delay", "600"] + url).status == 0)
            }
            let monitor = try await SolStakeBinary.run(["queue", "monitor", "--once"] + url)
            #expect(monitor.status == 0)
            let lines = monitor.out.split(separator: "\n").map(String.init)
            let header = try #require(lines.first { $0.hasPrefix("kind ") })
            let sync = try #require(lines.first { $0.hasPrefix("stake-sync ") })
            // Right-aligned counts end where their header ends; columns never touch.
            #expect(header.count == sync.count, "\n\(header)\n\(sync)")
            let available = try #require(header.range(of: "available"))
            #expect(sync[..<available.upperBound].hasSuffix(" 12"), "\n\(header)\n\(sync)")
            #expect(!header.contains("availablerunning") && header.contains("available  running"))
        }
    }

    @Test func aTakenPortIsNamedAndNothingElseStarts() async throws {
        let holder = try TakenPort()
        defer { holder.release() }
        try await TestDatabases.withTemporaryDirectory { dir in
            let run = try await SolStakeBinary.run(
                ["serve", "--port", "\(holder.port)", "--database-url", "sqlite://\(dir.appendingPathComponent("p.sqlite").path)",
                 "--log-format", "text"], timeout: .seconds(60))
            #expect(run.status != 0)
            let output = run.out + run.err
            #expect(output.contains("cannot listen on 127.0.0.1:\(holder.port)") && output.contains("in use"), "\(output.suffix(500))")
            #expect(!output.contains("CancellationError") && !output.contains("Worker started"), "\(output.suffix(500))")
        }
    }
}

/// A listening socket on a free port, held until released.
struct TakenPort {
    let fd: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        guard bound == 0, listen(descriptor, 1) == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        fd = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func release() { close(fd) }
}
