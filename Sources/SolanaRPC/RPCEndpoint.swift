import Foundation
import SolStakeCore

/// One RPC endpoint. `description` is safe to log: credentials in the userinfo or in the query (`?api-key=`) are hidden.
public struct RPCEndpoint: Sendable, Hashable, CustomStringConvertible {
    public let url: URL

    public init(_ url: URL) { self.url = url }

    public var description: String { Redaction.redactURL(url.absoluteString) }

    /// A short label for metrics (host and port only).
    public var metricLabel: String {
        "\(url.host ?? "?")\(url.port.map { ":\($0)" } ?? "")"
    }
}
