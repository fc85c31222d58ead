import Foundation

/// Whether this process can use a SQLite file: the file (when it exists) must be writable, and so must its directory,
/// where SQLite keeps the `-wal` and `-shm` files beside it. Checked before opening, because SQLite itself would only
/// fail at the first write.
public enum SQLiteFileAccess {
    public static func problem(path: String) -> DatabaseError? {
        let location = "sqlite://\(path)"
        let directory = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return .misconfigured(
                location: location, problem: "the directory \(directory) does not exist",
                fix: "create it, or point DATABASE_URL at a file in an existing directory")
        }
        if FileManager.default.fileExists(atPath: path), access(path, W_OK) != 0 {
            return .misconfigured(
                location: location, problem: "the SQLite file is not writable by this user",
                fix: "make it writable (chmod u+w, or chown it to the user solstake runs as), or point DATABASE_URL at another file")
        }
        if access(directory, W_OK | X_OK) != 0 {
            return .misconfigured(
                location: location, problem: "the directory \(directory) is not writable by this user (SQLite keeps its -wal and -shm files there)",
                fix: "make the directory writable, or point DATABASE_URL at a file in a writable directory")
        }
        return nil
    }
}
