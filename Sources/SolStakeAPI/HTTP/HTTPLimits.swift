/// What the HTTP server allows one connection and one client: how long a request may take to arrive, how large its head
/// may be, and how many connections may be open. Timeouts close the connection; size and count refusals answer first.
public struct HTTPLimits: Sendable {
    /// From accepting a connection to the end of its first request's head (a slow or silent client gets 408).
    public var headerTimeout: Duration = .seconds(10)
    /// From a request's head to the end of its body.
    public var bodyTimeout: Duration = .seconds(30)
    /// A keep-alive connection with no request in progress, and a later request's head, get this long.
    public var idleTimeout: Duration = .seconds(60)
    /// Longest request line (method, URL, version): 414 above it.
    public var maxURLBytes = 16_384
    /// Largest request head (request line and headers): 431 above it.
    public var maxHeaderBytes = 32_768
    /// Open connections in total (503 above it); 0 = no cap.
    public var maxConnections = 1_024
    /// Open connections from one address (503 above it); 0 = no cap.
    public var maxConnectionsPerClient = 64

    public init() {}
}
