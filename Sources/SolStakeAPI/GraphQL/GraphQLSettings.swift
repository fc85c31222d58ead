/// Limits and switches of the GraphQL endpoint. Defaults are sane for a public deployment; every value is configurable
/// (see `.env.example`).
public struct GraphQLSettings: Sendable {
    /// Largest accepted query document, in bytes of UTF-8.
    public var maxQueryBytes: Int = 32_768
    /// Largest accepted request body (POST) or URL query (GET), in bytes: 413 above it.
    public var maxBodyBytes: Int = 1_048_576
    /// Deepest selection nesting.
    public var maxDepth: Int = 12
    /// Most aliased fields in one document.
    public var maxAliases: Int = 30
    /// Largest estimated cost: every object field costs 1 and list fields multiply what is under them by their page size.
    public var maxCost: Int = 500_000
    /// Requests per minute per client (API key id, else remote address); 0 turns rate limiting off.
    public var rateLimitPerMinute: Int = 600
    /// Origins allowed by CORS (exact match; `*` allows any). Empty: no CORS headers.
    public var corsOrigins: [String] = []
    public var introspection: Bool = true
    public var graphiql: Bool = true
    /// API keys allowed to run mutations.
    public var apiKeys: APIKeys = APIKeys()
    /// Serve repeated queries from memory while the data they read is unchanged (see `DataVersion`).
    public var responseCache: Bool = true
    /// How often subscriptions look for newly completed scoring runs when the database cannot notify (SQLite).
    public var subscriptionPollMillis: Int = 1_000
    /// Seconds a WebSocket client has to send `connection_init`.
    public var connectionInitTimeoutSeconds: Double = 10

    public init() {}
}
