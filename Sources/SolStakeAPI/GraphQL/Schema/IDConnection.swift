import Foundation
import Graphiti

/// A Relay connection over a list ordered by id (`usersConnection`, `scoringRunsConnection`): the cursor is the last
/// row's id, opaque to clients and tied to its list.
public struct IDCursor: Codable, Sendable, Equatable {
    public let list: String
    public let id: Int64

    public var encoded: String { ((try? JSONEncoder().encode(self)) ?? Data()).base64EncodedString() }

    /// The cursor's id, or a client error when it is not one this API issued for `list`.
    static func decode(_ text: String, list: String) throws -> Int64 {
        guard let data = Data(base64Encoded: text), let cursor = try? JSONDecoder().decode(IDCursor.self, from: data) else {
            throw APIError.badInput("\(list): after is not a cursor this API issued")
        }
        guard cursor.list == list else { throw APIError.badInput("\(list): the cursor belongs to \(cursor.list)") }
        return cursor.id
    }
}

public struct IDConnectionEdge<Node: Sendable>: Sendable {
    public let node: Node
    public let cursor: String
}

public struct UserConnectionNode: Sendable {
    public let edges: [IDConnectionEdge<UserNode>]
    public let pageInfo: ValidatorConnectionNode.PageInfo

    public func totalCount(context: GraphQLContext, arguments: NoArguments) async throws -> Int {
        try await context.readModel.userCount()
    }
}

public struct ScoringRunConnectionNode: Sendable {
    public let edges: [IDConnectionEdge<ScoringRunNode>]
    public let pageInfo: ValidatorConnectionNode.PageInfo
    let status: String?

    public func totalCount(context: GraphQLContext, arguments: NoArguments) async throws -> Int {
        try await context.readModel.scoringRunCount(status: status)
    }
}

extension ValidatorConnectionNode.PageInfo {
    /// A page of `first` rows fetched with one row more (which says there is a next page).
    static func of(fetched: Int, first: Int, after: Bool, cursors: [String]) -> Self {
        .init(hasNextPage: fetched > first, hasPreviousPage: after, startCursor: cursors.first, endCursor: cursors.last)
    }
}
