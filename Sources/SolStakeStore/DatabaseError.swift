/// Failures of the storage layer, with messages that say what to do.
public enum DatabaseError: Error, CustomStringConvertible {
    case unavailable(location: String, cause: String)
    /// The database refuses this configuration (wrong password, no such database, TLS refused, file not writable):
    /// retrying cannot help; `fix` says what to change.
    case misconfigured(location: String, problem: String, fix: String)
    case closed
    case pendingMigrations([String])
    case unknownMigrations([String])
    case nothingToRevert
    case corruptValue(table: String, column: String, detail: String)

    /// The database did not answer or refuses this configuration (as opposed to a bug or bad data).
    public var isUnavailable: Bool {
        switch self {
        case .unavailable, .misconfigured: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .unavailable(let location, let cause):
            return "database \(location) is unavailable: \(cause)"
        case .misconfigured(let location, let problem, let fix):
            return "database \(location): \(problem): \(fix)"
        case .closed:
            return "the database client is closed"
        case .pendingMigrations(let ids):
            return "the database has \(ids.count) pending migration(s) (\(ids.joined(separator: ", "))): run `solstake migrate`"
        case .unknownMigrations(let ids):
            return "the database has migration(s) this build does not know (\(ids.joined(separator: ", "))): it was migrated by a newer solstake"
        case .nothingToRevert:
            return "no migration has been applied: nothing to revert"
        case .corruptValue(let table, let column, let detail):
            return "\(table).\(column) holds an invalid value: \(detail)"
        }
    }
}
