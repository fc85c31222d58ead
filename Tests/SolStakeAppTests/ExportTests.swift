import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import SolStakeApp
import SolStakeStore
import Testing
import TestSupport

/// The CSV exports over HTTP: every row once across pages, a header, exact lamports, RFC 4180 quoting of arbitrary names.
@Suite("CSV export")
struct ExportTests {
    typealias H = GraphQLHarness

    @Test func validatorsAndScoresExportEveryRowExactly() async throws {
        try await TestDatabases.with(.sqliteMemory) { database in
            // More than one export page (1,000 rows).
            _ = try await H.seed(database, server: SimulatorHarness.syntheticServer(validators: 1_100))
            let awkward = "Comma, \"quoted\"\nand a new line"
            let exactStake: Int64 = 9_007_199_254_740_993  // 2^53 + 1: not a Double
            try await database.transaction { db in
                try await db.raw(#"UPDATE "validator" SET "name" = \#(bind: awkward), "activatedStake" = \#(bind: exactStake) WHERE "id" = 7"#).run()
            }
            let stored = try await database.read { db in
                try await db.raw(#"SELECT "voteAccount", "activatedStake" FROM "validator""#).all(decoding: Stake.self)
            }
            try await H.withApp(database) { client in
                let reply = try await client.execute(uri: "/export/validators.csv", method: .get) { ($0.status, $0.headers, String(buffer: $0.body)) }
                #expect(reply.0 == .ok && reply.1[.contentType]?.hasPrefix("text/csv") == true)
                let rows = try #require(Self.parse(reply.2))
                #expect(rows.first?.first == "voteAccount" && rows.count == 1 + 1_100)
                let header = rows[0]
                let vote = header.firstIndex(of: "voteAccount")!, stake = header.firstIndex(of: "activatedStakeLamports")!, name = header.firstIndex(of: "name")!
                #expect(Set(rows.dropFirst().map { $0[vote] }).count == 1_100, "every validator exactly once")
                let byVote = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[vote], $0) })
                for row in stored { #expect(byVote[row.voteAccount]?[stake] == String(row.activatedStake)) }
                #expect(rows.dropFirst().contains { $0[name] == awkward && $0[stake] == String(exactStake) })
                #expect(rows.allSatisfy { $0.count == header.count })

                let scores = try await client.execute(uri: "/export/scores.csv?run=2", method: .get) { ($0.status, String(buffer: $0.body)) }
                #expect(scores.0 == .ok)
                let scoreRows = try #require(Self.parse(scores.1))
                #expect(scoreRows.first?.prefix(4) == ["voteAccount", "validatorPubkey", "name", "score"] && scoreRows.count == 1 + 1_100)
                #expect(scoreRows.dropFirst().allSatisfy { Double($0[3]).map { (0...100).contains($0) } == true && $0[7] == "2" })
                #expect(scoreRows.dropFirst().contains { $0[2] == awkward })

                #expect(try await client.execute(uri: "/export/scores.csv?run=999", method: .get) { $0.status } == .notFound)
                #expect(try await client.execute(uri: "/export/scores.csv?run=abc", method: .get) { $0.status } == .badRequest)
                #expect(try await client.execute(uri: "/export/scores.csv", method: .get) { $0.status } == .badRequest)
            }
        }
    }

    private struct Stake: Decodable { let voteAccount: String; let activatedStake: Int64 }

    /// An RFC 4180 reader, independent of the writer: nil when the text is not well-formed (every record ends in CRLF).
    static func parse(_ text: String) -> [[String]]? {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append(chars.removeFirst()) } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                quoted = true
            } else if c == "," {
                record.append(field); field = ""
            } else if c == "\r" {
                guard chars.popFirst() == "\n" else { return nil }
                record.append(field); field = ""
                records.append(record); record = []
            } else if c == "\n" || c == "\"" {
                return nil
            } else {
                field.unicodeScalars.append(c)
            }
        }
        return quoted || !field.isEmpty || !record.isEmpty ? nil : records
    }
}
