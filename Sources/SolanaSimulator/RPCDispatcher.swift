import Foundation
import SolStakeCore
import SolanaRPC

/// Answers JSON-RPC requests from a `SimulatedCluster`: result bytes for a method and its params, or a JSON-RPC error.
struct RPCDispatcher: Sendable {
    let cluster: SimulatedCluster

    enum Answer: Sendable {
        case result([UInt8])
        case error(JSONRPCErrorObject)
    }

    static let supportedMethods: Set<String> = [
        "getVoteAccounts", "getClusterNodes", "getEpochInfo", "getEpochSchedule", "getBlockProduction", "getProgramAccounts",
        "getInflationReward", "getInflationRate", "getInflationGovernor", "getSupply", "getRecentPerformanceSamples", "getVersion",
        "getHealth", "getSlot",
    ]

    func answer(_ request: JSONRPCRequest) async -> Answer {
        do {
            return .result(try await result(for: request))
        } catch let error as JSONRPCErrorObject {
            return .error(error)
        } catch {
            return .error(.init(code: JSONRPCErrorObject.internalError, message: "\(error)"))
        }
    }

    private func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        Array(try JSONEncoder().encode(value))
    }

    private func invalid(_ message: String) -> JSONRPCErrorObject {
        JSONRPCErrorObject(code: JSONRPCErrorObject.invalidParams, message: "Invalid params: \(message)")
    }

    /// Applies `dataSize` and `memcmp` filters to raw accounts, as a node does; only base64 encoding is served.
    static func filtered(_ accounts: [SimulatedCluster.TipAccount], owner: String, config: JSONValue?) throws -> [Base64ProgramAccount] {
        if let encoding = config?["encoding"]?.stringValue, encoding != "base64" {
            throw JSONRPCErrorObject(code: JSONRPCErrorObject.invalidParams, message: "Invalid params: this program's accounts are served in base64 only")
        }
        func served(_ selected: [SimulatedCluster.TipAccount]) -> [Base64ProgramAccount] {
            selected.map { Base64ProgramAccount(pubkey: $0.pubkey, data: $0.data, owner: owner, lamports: $0.lamports) }
        }
        guard case .array(let filters)? = config?["filters"] else { return served(accounts) }
        var tests: [([UInt8]) -> Bool] = []
        for filter in filters {
            if let size = filter["dataSize"] {
                guard let size = size.uint64Value else { throw JSONRPCErrorObject(code: JSONRPCErrorObject.invalidParams, message: "Invalid params: dataSize must be a u64") }
                tests.append { UInt64($0.count) == size }
            } else if let memcmp = filter["memcmp"] {
                guard let offset = memcmp["offset"]?.uint64Value, let text = memcmp["bytes"]?.stringValue, let bytes = Base58.decode(text) else {
                    throw JSONRPCErrorObject(code: JSONRPCErrorObject.invalidParams, message: "Invalid params: memcmp needs offset and base58 bytes")
                }
                let start = Int(offset)
                tests.append { data in start + bytes.count <= data.count && Array(data[start..<start + bytes.count]) == bytes }
            } else {
                throw JSONRPCErrorObject(code: JSONRPCErrorObject.invalidParams, message: "Invalid params: unknown filter")
            }
        }
        return served(accounts.filter { account in tests.allSatisfy { $0(account.data) } })
    }

    private func result(for request: JSONRPCRequest) async throws -> [UInt8] {
        let params = request.params ?? []
        switch request.method {
        case "getVoteAccounts":
            return await cluster.voteAccountsJSON()
        case "getClusterNodes":
            return try await cluster.clusterNodesJSON()
        case "getEpochInfo":
            return try encode(await cluster.epochInfo())
        case "getEpochSchedule":
            return try encode(await cluster.epochSchedule())
        case "getSlot":
            return try encode(await cluster.epochInfo().absoluteSlot)
        case "getVersion":
            return try encode(NodeVersion(solanaCore: cluster.settings.nodeVersion, featureSet: cluster.settings.featureSet))
        case "getHealth":
            return try encode("ok")
        case "getBlockProduction":
            let config = params.first
            let identity = config?["identity"]?.stringValue
            var range: ClosedRange<UInt64>?
            if let r = config?["range"] {
                guard let first = r["firstSlot"]?.uint64Value else { throw invalid("range.firstSlot must be a u64") }
                let last = r["lastSlot"]?.uint64Value ?? UInt64.max
                guard last >= first else { throw invalid("range.lastSlot is before range.firstSlot") }
                range = first...last
            }
            return try encode(await cluster.blockProduction(identity: identity, range: range))
        case "getProgramAccounts":
            guard let program = params.first?.stringValue else { throw invalid("the first parameter must be a program id") }
            let config = params.count > 1 ? params[1] : nil
            if program == ValidatorInfo.configProgram {
                return try await cluster.configAccountsJSON()
            }
            if program == TipDistributionAccount.program {
                guard cluster.servesTipDistribution else {
                    throw JSONRPCErrorObject(
                        code: JSONRPCErrorObject.keyExcludedFromSecondaryIndex,
                        message: "\(program) excluded from account secondary indexes; this RPC method unavailable for key")
                }
                return try encode(try Self.filtered(
                    await cluster.tipDistributionAccounts(), owner: TipDistributionAccount.program, config: config))
            }
            guard program == StakeAccount.program else { return try encode([StakeAccount]()) }
            guard case .array(let filters)? = config?["filters"] else { return try encode(await cluster.stakeAccounts) }
            var selected: StakeAccountFilter?
            for filter in filters {
                if let size = filter["dataSize"] {
                    guard size.uint64Value == UInt64(StakeAccount.dataSize) else { return try encode([StakeAccount]()) }
                } else if let memcmp = filter["memcmp"] {
                    guard let offset = memcmp["offset"]?.uint64Value, let bytes = memcmp["bytes"]?.stringValue else {
                        throw invalid("memcmp needs offset and bytes")
                    }
                    guard Base58.isPublicKey(bytes) else { throw invalid("memcmp bytes \"\(bytes)\" is not a base58 public key") }
                    switch Int(offset) {
                    case StakeAccount.stakerOffset: selected = .staker(bytes)
                    case StakeAccount.withdrawerOffset: selected = .withdrawer(bytes)
                    case StakeAccount.voterOffset: selected = .voter(bytes)
                    default: return try encode([StakeAccount]())
                    }
                } else {
                    throw invalid("unknown filter")
                }
            }
            guard let selected else { return try encode(await cluster.stakeAccounts) }
            return try encode(await cluster.stakeAccounts(matching: selected))
        case "getInflationReward":
            guard case .array(let addresses)? = params.first else { throw invalid("the first parameter must be an array of addresses") }
            guard addresses.count <= 32 else { throw invalid("at most 32 addresses") }
            let epoch = params.count > 1 ? params[1]["epoch"]?.uint64Value : nil
            var rewards: [InflationReward?] = []
            for address in addresses {
                guard let text = address.stringValue, Base58.isPublicKey(text) else { throw invalid("\(address) is not a public key") }
                rewards.append(try await cluster.inflationReward(address: text, epoch: epoch))
            }
            return try encode(rewards)
        case "getInflationRate":
            return try encode(await cluster.inflationRate())
        case "getInflationGovernor":
            return try encode(cluster.settings.inflationGovernor)
        case "getSupply":
            return try encode(await cluster.supply())
        case "getRecentPerformanceSamples":
            let limit = params.first.map { $0.uint64Value.flatMap { Int(exactly: $0) } ?? -1 } ?? 720
            guard (0...720).contains(limit) else { throw invalid("limit must be between 0 and 720") }
            return try encode(await cluster.performanceSamples(limit: limit))
        default:
            throw JSONRPCErrorObject(code: JSONRPCErrorObject.methodNotFound, message: "Method not found")
        }
    }
}
