import Foundation
import SolStakeCore

/// Where the data lives, parsed from `DATABASE_URL`.
///
/// - `sqlite://solstake.sqlite` (relative path), `sqlite:///var/lib/solstake.sqlite` (absolute), `sqlite:path`
/// - `sqlite::memory:` (one in-process database, for tests)
/// - `postgres://user:pass@host:port/db` or `postgresql://...`, with optional `?sslmode=disable|prefer|require`
public enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    case sqliteFile(path: String)
    case sqliteMemory
    case postgres(PostgresLocation)

    public struct PostgresLocation: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
        public var tls: TLSMode

        public init(host: String, port: Int = 5432, username: String, password: String?, database: String, tls: TLSMode = .disable) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.tls = tls
        }

        public enum TLSMode: String, Sendable, Equatable {
            case disable, prefer, require
        }
    }

    public static let accepted =
        "sqlite://PATH, sqlite::memory:, or postgres://USER:PASSWORD@HOST:PORT/DATABASE[?sslmode=disable|prefer|require]"

    public init(parsing raw: String) throws(DatabaseURLError) {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text == "sqlite::memory:" || text == "sqlite://:memory:" {
            self = .sqliteMemory
            return
        }
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else { throw DatabaseURLError(value: raw, reason: "the SQLite path is empty") }
            self = .sqliteFile(path: path)
            return
        }
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") else {
            throw DatabaseURLError(value: raw, reason: "unknown scheme")
        }
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw DatabaseURLError(value: raw, reason: "cannot read the host")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !database.isEmpty else { throw DatabaseURLError(value: raw, reason: "the database name is missing") }
        guard let user = components.user, !user.isEmpty else {
            throw DatabaseURLError(value: raw, reason: "the user name is missing")
        }
        var tls = PostgresLocation.TLSMode.disable
        if let mode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value {
            guard let parsed = PostgresLocation.TLSMode(rawValue: mode) else {
                throw DatabaseURLError(value: raw, reason: "sslmode must be disable, prefer or require")
            }
            tls = parsed
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw DatabaseURLError(value: raw, reason: "the port must be 1-65535")
        }
        self = .postgres(.init(
            host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: components.password.map { $0.removingPercentEncoding ?? $0 }, database: database, tls: tls))
    }

    /// The URL with any password replaced by `***`: safe to log.
    public var description: String {
        switch self {
        case .sqliteFile(let path): return "sqlite://\(path)"
        case .sqliteMemory: return "sqlite::memory:"
        case .postgres(let p):
            let secret = p.password == nil ? "" : ":***"
            return "postgres://\(p.username)\(secret)@\(p.host):\(p.port)/\(p.database)"
        }
    }

    public var isSQLite: Bool {
        if case .postgres = self { return false }
        return true
    }
}

/// `DATABASE_URL` could not be understood.
public struct DatabaseURLError: Error, CustomStringConvertible {
    public let value: String
    public let reason: String

    public var description: String {
        // Never echo a password back: the value is shown redacted.
        "DATABASE_URL: \(reason) in \"\(Redaction.redactURL(value))\"; accepted: \(DatabaseURL.accepted)"
    }
}
