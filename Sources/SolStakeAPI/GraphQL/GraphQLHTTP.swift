import Foundation
import GraphQL
import SolStakeCore

/// GraphQL-over-HTTP (graphql/graphql-over-http): request parsing and response negotiation. Pure.
public enum GraphQLHTTP {
    public enum MediaType: String, Sendable {
        case graphQLResponse = "application/graphql-response+json"
        case json = "application/json"
    }

    /// A well-formed GraphQL-over-HTTP request.
    public struct Request: Sendable {
        public var query: String
        public var operationName: String?
        public var variables: [String: Map]
        public var extensions: [String: Map]
    }

    /// A malformed request: not a GraphQL-over-HTTP request at all, or JSON past the configured limits.
    public struct Malformed: Error, Sendable {
        public let status: Int
        public let message: String
        public var code: APIError.Code = .BAD_REQUEST
    }

    /// Bounds on the JSON of `variables` (and `extensions`), checked on the raw text before it is decoded.
    public struct JSONLimits: Sendable {
        public var maxVariablesBytes: Int
        public var maxVariablesNesting: Int

        public init(maxVariablesBytes: Int, maxVariablesNesting: Int) {
            self.maxVariablesBytes = maxVariablesBytes
            self.maxVariablesNesting = maxVariablesNesting
        }

        public init(_ settings: GraphQLSettings) {
            self.init(maxVariablesBytes: settings.maxVariablesBytes, maxVariablesNesting: settings.maxVariablesNesting)
        }

        /// Refuses a text whose nesting, less `enclosing` levels around the variables, or whose variables' size is too large.
        func check(_ shape: JSONShapeScan, enclosing: Int, variablesBytes: Int?) throws(Malformed) {
            let nesting = shape.nesting - enclosing
            if nesting > maxVariablesNesting {
                throw Malformed(
                    status: 400, message: "The variables nest arrays and objects \(nesting) levels deep; the limit is \(maxVariablesNesting)",
                    code: .VARIABLES_TOO_DEEP)
            }
            if let variablesBytes, variablesBytes > maxVariablesBytes {
                throw Malformed(
                    status: 400, message: "The variables are \(variablesBytes) bytes; the limit is \(maxVariablesBytes)", code: .VARIABLES_TOO_LARGE)
            }
        }
    }

    /// The response type for an `Accept` header; nil means none is acceptable (406).
    public static func negotiate(accept: String?) -> MediaType? {
        guard let accept, !accept.trimmingCharacters(in: .whitespaces).isEmpty else { return .json }
        var best: (MediaType, Double)?
        for part in accept.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let range = pieces.first else { continue }
            var q = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") { q = Double(parameter.dropFirst(2)) ?? 1 }
            guard q > 0 else { continue }
            let type: MediaType?
            switch range {
            case MediaType.graphQLResponse.rawValue: type = .graphQLResponse
            case MediaType.json.rawValue, "*/*", "application/*": type = .json
            default: type = nil
            }
            guard let type else { continue }
            // Prefer graphql-response+json at equal weight (the spec's recommendation).
            if best == nil || q > best!.1 || (q == best!.1 && type == .graphQLResponse && best!.0 == .json && range != "*/*") {
                best = (type, q)
            }
        }
        return best?.0
    }

    /// Parses a POST body (`application/json`).
    public static func parseBody(_ data: Data, contentType: String?, limits: JSONLimits) throws(Malformed) -> Request {
        let type = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard let type else { throw Malformed(status: 415, message: "Content-Type is required: application/json") }
        guard type == "application/json" || type == "application/graphql+json" else {
            throw Malformed(status: 415, message: "Unsupported Content-Type \(type.prefix(100)): use application/json")
        }
        // The body object encloses the variables: one level.
        let shape = JSONShapeScan(data)
        try limits.check(shape, enclosing: 1, variablesBytes: shape.memberBytes["variables"])
        guard let body = try? JSONDecoder().decode(Map.self, from: data) else { throw Malformed(status: 400, message: "The body is not valid JSON") }
        guard case .dictionary(let dictionary) = body else { throw Malformed(status: 400, message: "The body must be a JSON object") }
        return try request(
            query: dictionary["query"], operationName: dictionary["operationName"], variables: dictionary["variables"],
            extensions: dictionary["extensions"])
    }

    /// The URL's query decoded by the HTML form rules (`+` is a space); a name given twice is refused, since which one
    /// a client meant is a guess.
    public static func formParameters(_ query: String) throws(Malformed) -> [String: String] {
        let pairs: [(name: String, value: String)]
        do { pairs = try FormURLEncoded.pairs(Substring(query)) } catch { throw Malformed(status: 400, message: error.description) }
        var parameters: [String: String] = [:]
        for (name, value) in pairs {
            guard parameters.updateValue(value, forKey: name) == nil else {
                throw Malformed(status: 400, message: "query parameter \"\(name)\" is given more than once")
            }
        }
        return parameters
    }

    /// Parses GET parameters (`query`, `operationName`, `variables` and `extensions` as JSON text).
    public static func parseQueryParameters(_ parameters: [String: String], limits: JSONLimits) throws(Malformed) -> Request {
        func json(_ name: String) throws(Malformed) -> Map? {
            guard let text = parameters[name] else { return nil }
            try limits.check(JSONShapeScan(text.utf8), enclosing: 0, variablesBytes: name == "variables" ? text.utf8.count : nil)
            guard let value = try? JSONDecoder().decode(Map.self, from: Data(text.utf8)) else {
                throw Malformed(status: 400, message: "\(name) is not valid JSON")
            }
            return value
        }
        return try request(
            query: parameters["query"].map(Map.string), operationName: parameters["operationName"].flatMap { $0.isEmpty ? nil : Map.string($0) },
            variables: try json("variables"), extensions: try json("extensions"))
    }

    static func request(query: Map?, operationName: Map?, variables: Map?, extensions: Map?) throws(Malformed) -> Request {
        guard let query, query != .null else { throw Malformed(status: 400, message: "query is required") }
        guard case .string(let queryText) = query else { throw Malformed(status: 400, message: "query must be a string") }
        var name: String?
        if let operationName, operationName != .null {
            guard case .string(let text) = operationName else { throw Malformed(status: 400, message: "operationName must be a string") }
            name = text
        }
        return Request(query: queryText, operationName: name, variables: try object(variables, "variables"), extensions: try object(extensions, "extensions"))
    }

    static func object(_ value: Map?, _ name: String) throws(Malformed) -> [String: Map] {
        guard let value, value != .null else { return [:] }
        guard case .dictionary(let dictionary) = value else { throw Malformed(status: 400, message: "\(name) must be a JSON object") }
        return Dictionary(uniqueKeysWithValues: dictionary.map { ($0.key, $0.value) })
    }

    /// The HTTP status of a GraphQL response: with `application/json` every well-formed request gets 200; with
    /// `application/graphql-response+json` a request error (no `data`) gets 400.
    /// A request that produced no data because the database did not answer is 503 (either media type); any other request
    /// without data is 400 under `application/graphql-response+json`; everything else 200.
    public static func status(for result: GraphQLResult, mediaType: MediaType) -> Int {
        if result.data == nil, result.errors.contains(where: { $0.extensions["code"] == .string(APIError.Code.SERVICE_UNAVAILABLE.rawValue) }) {
            return 503
        }
        return mediaType == .graphQLResponse && result.data == nil ? 400 : 200
    }
}
