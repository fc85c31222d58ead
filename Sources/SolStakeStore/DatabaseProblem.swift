import PostgresNIO

/// What a failed PostgreSQL connection attempt means for the operator. Permanent problems (SQLSTATE class 28,
/// authentication; 3D000, no such database; TLS refused) become `.misconfigured` with what to fix; anything else is
/// `.unavailable` (the server may come back).
enum DatabaseProblem {
    static func classify(_ error: any Error, location: String) -> DatabaseError {
        if let error = error as? DatabaseError { return error }
        if let psql = error as? PSQLError {
            let state = psql.serverInfo?[.sqlState]
            let message = psql.serverInfo?[.message] ?? ""
            switch state {
            case "28P01", "28000":
                return .misconfigured(
                    location: location, problem: "authentication failed (\(message))",
                    fix: "check the user and password in DATABASE_URL")
            case "3D000":
                return .misconfigured(
                    location: location, problem: "the database does not exist (\(message))",
                    fix: "create it (createdb) or name an existing one in DATABASE_URL")
            default:
                break
            }
            if psql.code == .sslUnsupported {
                return .misconfigured(
                    location: location, problem: "the server does not offer TLS", fix: "use sslmode=disable or prefer in DATABASE_URL, or enable TLS on the server")
            }
            if let state { return .unavailable(location: location, cause: "SQLSTATE \(state): \(message)") }
        }
        let text = String(reflecting: error)
        return .unavailable(location: location, cause: text.count > 200 ? String(text.prefix(200)) + "…" : text)
    }
}
