import SolStakeStore
import Testing

@Suite struct DatabaseURLTests {
    @Test func parsesEveryAcceptedForm() throws {
        #expect(try DatabaseURL(parsing: "sqlite://solstake.sqlite") == .sqliteFile(path: "solstake.sqlite"))
        #expect(try DatabaseURL(parsing: "sqlite:///var/lib/s.sqlite") == .sqliteFile(path: "/var/lib/s.sqlite"))
        #expect(try DatabaseURL(parsing: "sqlite::memory:") == .sqliteMemory)
        let pg = try DatabaseURL(parsing: "postgres://alice:p%40ss@db.internal:6543/solstake?sslmode=require")
        #expect(pg == .postgres(.init(host: "db.internal", port: 6543, username: "alice", password: "p@ss", database: "solstake", tls: .require)))
        #expect(try DatabaseURL(parsing: "postgresql://bob@localhost/x") == .postgres(.init(host: "localhost", port: 5432, username: "bob", password: nil, database: "x", tls: .disable)))
    }

    @Test func descriptionNeverShowsThePassword() throws {
        let url = try DatabaseURL(parsing: "postgres://alice:hunter2@h:5432/db")
        #expect(!url.description.contains("hunter2"))
        #expect(url.description == "postgres://alice:***@h:5432/db")
    }

    @Test(arguments: ["mysql://x/y", "postgres://alice:hunter2@h", "postgres://h/db", "sqlite:", "postgres://u:hunter2@h/db?sslmode=maybe", ""])
    func rejectsWithoutEchoingSecrets(_ text: String) {
        #expect(throws: DatabaseURLError.self) { try DatabaseURL(parsing: text) }
        do {
            _ = try DatabaseURL(parsing: text)
        } catch {
            #expect(!error.description.contains("hunter2"))
        }
    }
}
