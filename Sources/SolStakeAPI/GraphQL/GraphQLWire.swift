import Foundation
import GraphQL

/// A GraphQL response as the spec shapes it: `data` only when execution started, `errors` only when there are some, and
/// an error's `path` only for field errors (GraphQLSwift's own encoding always writes `"path": []`).
struct GraphQLWireResponse: Encodable {
    let result: GraphQLResult

    enum Keys: String, CodingKey { case data, errors }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        if let data = result.data { try container.encode(data, forKey: .data) }
        if !result.errors.isEmpty { try container.encode(result.errors.map(GraphQLWireError.init), forKey: .errors) }
    }

    static func encode(_ result: GraphQLResult) -> Data {
        (try? GraphQLJSONEncoder().encode(GraphQLWireResponse(result: result)))
            ?? Data(#"{"errors":[{"message":"Internal server error","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}"#.utf8)
    }

    static func encode(errors: [GraphQLError]) -> Data {
        (try? GraphQLJSONEncoder().encode(errors.map(GraphQLWireError.init))) ?? Data("[]".utf8)
    }
}

struct GraphQLWireError: Encodable {
    let error: GraphQLError

    enum Keys: String, CodingKey { case message, locations, path, extensions }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(error.message, forKey: .message)
        if !error.locations.isEmpty { try container.encode(error.locations, forKey: .locations) }
        if !error.path.elements.isEmpty { try container.encode(error.path, forKey: .path) }
        if !error.extensions.isEmpty { try container.encode(error.extensions, forKey: .extensions) }
    }
}
