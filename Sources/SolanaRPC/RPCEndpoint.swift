import Foundation

/// One RPC endpoint. `description` is safe to log: credentials in the userinfo or in the query (`?api-key=`) are hidden.
public struct RPCEndpoint: Sendable, Hashable, CustomStringConvertible {
    public let url: URL

    public init(_ url: URL) { self.url = url }

    public var description: String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "<endpoint>" }
        if components.password != nil { components.password = "***" }
        if let items = components.queryItems {
            components.queryItems = items.map { item in
                let secret = ["api-key", "api_key", "apikey", "key", "token", "access_token", "auth"].contains(item.name.lowercased())
                return secret ? URLQueryItem(name: item.name, value: "***") : item
            }
        }
        return components.string ?? "<endpoint>"
    }

    /// A short label for metrics (host and port only).
    public var metricLabel: String {
        "\(url.host ?? "?")\(url.port.map { ":\($0)" } ?? "")"
    }
}
