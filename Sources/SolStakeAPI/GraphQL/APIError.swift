import GraphQL

/// An error a client caused or may see: its message is shown, with `extensions.code`. Every other error is internal and
/// masked ("Internal server error"; the details go to the log only).
public struct APIError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        case GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT, BAD_REQUEST, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND
        case QUERY_TOO_LARGE, QUERY_TOO_DEEP, TOO_MANY_ALIASES, QUERY_TOO_COMPLEX, RATE_LIMITED, INTERNAL_SERVER_ERROR
        case TOO_MANY_TOKENS, TOO_MANY_FRAGMENT_SPREADS, TOO_MANY_DIRECTIVES, TOO_MANY_FIELDS, VARIABLES_TOO_LARGE, VARIABLES_TOO_DEEP
        case SERVICE_UNAVAILABLE, RESULT_TOO_LARGE
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    public var graphQLError: GraphQLError { GraphQLError(message: message, extensions: ["code": .string(code.rawValue)]) }

    public static func badInput(_ message: String) -> APIError { APIError(.BAD_USER_INPUT, message) }
}
