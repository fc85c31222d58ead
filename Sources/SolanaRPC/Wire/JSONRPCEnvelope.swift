/// A JSON-RPC 2.0 request.
public struct JSONRPCRequest: Sendable, Codable, Equatable {
    public var jsonrpc = "2.0"
    public var id: Int
    public var method: String
    public var params: [JSONValue]?

    public init(id: Int, method: String, params: [JSONValue]? = nil) {
        self.id = id
        self.method = method
        self.params = params
    }
}

/// The error object of a JSON-RPC 2.0 response.
public struct JSONRPCErrorObject: Sendable, Codable, Equatable, Error {
    public var code: Int
    public var message: String
    public var data: JSONValue?

    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    // Well-known codes.
    public static let parseError = -32700
    public static let invalidRequest = -32600
    public static let methodNotFound = -32601
    public static let invalidParams = -32602
    public static let internalError = -32603
    /// Solana: the node is unhealthy / behind (`getHealth`), or cannot serve a request yet.
    public static let nodeUnhealthy = -32005
    /// The node keeps no secondary index for this key (`getProgramAccounts` of a big program): asking again cannot help.
    public static let keyExcludedFromSecondaryIndex = -32010
    /// The node no longer holds (or does not hold yet) the block a historical answer needs: `getInflationReward` of an
    /// epoch before its ledger starts, or of one not finished.
    public static let blockNotAvailable = -32004
    /// Codes that mean "this node cannot answer from its history": block cleaned up, block not available, slot skipped,
    /// long-term storage slot skipped, transaction history not available, epoch rewards period active. Asking the same
    /// node again at once cannot help; a later run may.
    public static let historyUnavailable: Set<Int> = [-32001, -32004, -32007, -32009, -32011, -32017]
}

/// A JSON-RPC 2.0 response whose `result` decodes as `Result`.
struct JSONRPCResponse<Result: Decodable>: Decodable {
    let id: Int?
    let result: Result?
    let error: JSONRPCErrorObject?

    private enum CodingKeys: String, CodingKey { case id, result, error }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(Int.self, forKey: .id)
        error = try container.decodeIfPresent(JSONRPCErrorObject.self, forKey: .error)
        if error == nil {
            // `result` is required on success; a `null` result is only valid for optional result types.
            guard container.contains(.result) else {
                throw DecodingError.keyNotFound(
                    CodingKeys.result, .init(codingPath: container.codingPath, debugDescription: "no result and no error"))
            }
            result = try container.decode(Result.self, forKey: .result)
        } else {
            result = nil
        }
    }
}
