import Foundation
import SolStakeCore

/// One RPC endpoint. `description` is safe to show anywhere: scheme, host and port (a path, query or user-info, where
/// providers put keys, is `/***`).
public struct RPCEndpoint: Sendable, Hashable, CustomStringConvertible {
    public let url: URL

    public init(_ url: URL) { self.url = url }

    public var description: String { Redaction.rpcEndpoint(url.absoluteString) }

    /// A short label for metrics (host and port only).
    public var metricLabel: String {
        "\(url.host ?? "?")\(url.port.map { ":\($0)" } ?? "")"
    }
}
