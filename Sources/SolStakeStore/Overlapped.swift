/// Runs `statement` (one statement on the caller's connection, so the database works on it) while `here` runs on the
/// calling task (encoding the next statement, decoding the last result), and returns both results: how bulk writes and
/// paged reads keep the database and this process busy at once, with at most one statement in flight.
///
/// Errors: if `here` throws, the statement is still awaited before the error is thrown (not cancelled: it holds the
/// connection, and the caller's transaction is rolled back after it); if the statement fails, its error is thrown once
/// `here` is done.
func overlapped<Sent: Sendable, Here>(
    _ statement: @escaping @Sendable () async throws -> Sent, while here: () throws -> Here
) async throws -> (sent: Sent, here: Here) {
    async let sent = statement()
    let done: Here
    do {
        done = try here()
    } catch {
        _ = try? await sent
        throw error
    }
    return (try await sent, done)
}
