import Logging
import SolanaRPC

extension AppEnvironment {
    /// The RPC client for `SOLANA_RPC_URL`: endpoints in failover order, the configured timeouts and rate limits.
    public func makeRPCClient() -> LiveSolanaRPCClient {
        let limits = RateLimiter.Limits(
            requestsPerPeriod: configuration.rpcRequestsPer10Seconds, perMethodPerPeriod: configuration.rpcMethodRequestsPer10Seconds,
            period: .seconds(10))
        return LiveSolanaRPCClient(
            configuration: .init(
                endpoints: configuration.solanaRPCURLs, requestTimeout: configuration.rpcRequestTimeout,
                connectTimeout: configuration.rpcConnectTimeout, limits: limits),
            logger: Logger(label: "solstake.rpc"))
    }
}
