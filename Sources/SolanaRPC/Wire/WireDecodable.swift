import SolStakeCore

/// A wire type read straight from the response bytes by `JSONPullParser`, for the answers that grow with the cluster
/// (`getVoteAccounts`, `getClusterNodes`, Config program accounts). The Codable conformances stay (the simulator encodes
/// with them, tests decode with both and compare); this path skips `JSONDecoder`'s document map and containers.
public protocol WireDecodable {
    init(wire: inout JSONPullParser) throws
}

extension Array: WireDecodable where Element: WireDecodable {
    public init(wire: inout JSONPullParser) throws {
        self = []
        try wire.beginArray()
        while try wire.nextElement() {
            let index = count
            append(try wire.within("[\(index)]") { try Element(wire: &$0) })
        }
    }
}

/// A JSON-RPC 2.0 response read with `JSONPullParser`: its `result` as `Result`, or its `error`.
enum WireResponse<Result: WireDecodable> {
    case result(Result)
    case error(JSONRPCErrorObject)

    /// `{"jsonrpc":"2.0","result":…,"id":1}` in any member order; unknown members are skipped.
    static func read(_ bytes: [UInt8]) throws -> WireResponse {
        var parser = JSONPullParser(bytes)
        var result: Result?
        var error: JSONRPCErrorObject?
        try parser.beginObject()
        while try parser.nextMember() {
            if parser.keyIs("result") {
                if parser.null() { continue }
                result = try parser.within("result") { try Result(wire: &$0) }
            } else if parser.keyIs("error") {
                if parser.null() { continue }
                error = try parser.within("error") { try JSONRPCErrorObject(wire: &$0) }
            } else {
                try parser.skipValue()
            }
        }
        try parser.end()
        if let error { return .error(error) }
        guard let result else { throw parser.missing("result") }
        return .result(result)
    }
}

extension JSONRPCErrorObject {
    init(wire: inout JSONPullParser) throws {
        var code: Int64?
        var message: String?
        try wire.beginObject()
        while try wire.nextMember() {
            if wire.keyIs("code") {
                code = try wire.within("code") { try $0.int64() }
            } else if wire.keyIs("message") {
                message = try wire.within("message") { try $0.string() }
            } else {
                try wire.skipValue()  // `data`: kept only by the Codable path, which nothing reading large answers needs
            }
        }
        guard let code else { throw wire.missing("code") }
        guard let message else { throw wire.missing("message") }
        self.init(code: Int(code), message: message)
    }
}
