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
    /// Most lexical tokens in a document (GraphQL Armor's default), counted before parsing.
    public var maxTokens: Int = 1_000
    /// Deepest nesting of braces, brackets and parentheses in the document's text, counted before parsing.
    public var maxNesting: Int = 24
    /// Deepest nesting of list and object literals in arguments and defaults, counted before parsing.
    public var maxValueNesting: Int = 8
    /// Most fragment spreads (`...`) in a document, counted before parsing.
    public var maxFragmentSpreads: Int = 100
    /// Most directives (`@`) in a document (GraphQL Armor's default), counted before parsing.
    public var maxDirectives: Int = 50
    /// Most fields in the operation once fragments are expanded (a fragment bomb has millions).
    public var maxFields: Int = 2_000
    /// Largest `variables` JSON, in bytes.
    public var maxVariablesBytes: Int = 65_536
    /// Deepest nesting of arrays and objects inside `variables`.
    public var maxVariablesNesting: Int = 8
    /// Requests per minute per client (API key id, else remote address); 0 turns rate limiting off.
    public var rateLimitPerMinute: Int = 600
    /// Origins allowed by CORS (exact match; `*` allows any). Empty: no CORS headers.
    public var corsOrigins: [String] = []
    public var introspection: Bool = true
    public var graphiql: Bool = true
    /// Where `scripts/install-graphiql.sh` put GraphiQL's browser files (served at `/graphiql/assets/`).
    public var graphiqlAssetsDirectory: String = ".graphiql"
    /// API keys allowed to run mutations.
    public var apiKeys: APIKeys = APIKeys()
    /// Serve repeated queries from memory while the data they read is unchanged (see `DataGeneration`).
    public var responseCache: Bool = true
    /// SQLite: how often the cache looks for writes by other processes (this process's own are seen at once).
    public var dataChangePollMillis: Int = 200
    /// How often subscriptions look for newly completed scoring runs when the database cannot notify (SQLite).
    public var subscriptionPollMillis: Int = 1_000
    /// How long the list bounds of the cost estimate are reused before they are read again.
    public var costBoundsTTL: Duration = .seconds(5)
    /// Seconds a WebSocket client has to send `connection_init`.
    public var connectionInitTimeoutSeconds: Double = 10
    /// Open graphql-transport-ws connections one client may hold (API key id, else remote address); 0 = no cap.
    public var maxWebSocketsPerClient: Int = 16

    public init() {}
}
