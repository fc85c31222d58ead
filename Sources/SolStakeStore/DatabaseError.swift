/// Failures of the storage layer, with messages that say what to do.
public enum DatabaseError: Error, CustomStringConvertible {
    case unavailable(location: String, cause: String)
    case closed
    case pendingMigrations([String])
    case unknownMigrations([String])
    case nothingToRevert
    case corruptValue(table: String, column: String, detail: String)

    public var description: String {
        switch self {
        case .unavailable(let location, let cause):
            return "database \(location) is unavailable: \(cause)"
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
