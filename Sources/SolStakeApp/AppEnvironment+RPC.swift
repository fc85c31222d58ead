import Logging
import SolanaRPC

extension AppEnvironment {
    /// The RPC client for `SOLANA_RPC_URL` (endpoints in failover order, public-mainnet rate limits).
    public func makeRPCClient() -> LiveSolanaRPCClient {
        LiveSolanaRPCClient(configuration: .init(endpoints: configuration.solanaRPCURLs), logger: Logger(label: "solstake.rpc"))
    }
}
