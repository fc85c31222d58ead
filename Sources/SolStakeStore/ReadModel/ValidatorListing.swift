import Foundation

/// How a list of validators is filtered, ordered and paged.
public enum ValidatorOrder: String, Sendable, Codable, CaseIterable {
    case SCORE, STAKE, COMMISSION, NAME, APY
}

public enum SortDirection: String, Sendable, Codable, CaseIterable {
    case ASC, DESC
}

public struct ValidatorFilter: Sendable, Equatable {
    public var delinquent: Bool?
    public var minScore: Double?
    public var maxCommission: Int?
    public var search: String?
    /// Estimated total APY (a fraction) at least this; validators without an estimate are left out.
    public var minApy: Double?

    public init(delinquent: Bool? = nil, minScore: Double? = nil, maxCommission: Int? = nil, search: String? = nil, minApy: Double? = nil) {
        self.delinquent = delinquent
        self.minScore = minScore
        self.maxCommission = maxCommission
        self.search = search
        self.minApy = minApy
    }
}

/// The position of a row in an ordering: the sort value (as text, typed by the order) and the id.
public struct ValidatorCursor: Codable, Sendable, Equatable {
    public var order: ValidatorOrder
    public var direction: SortDirection
    public var value: String
    public var id: Int64

    public init(order: ValidatorOrder, direction: SortDirection, value: String, id: Int64) {
        self.order = order
        self.direction = direction
        self.value = value
        self.id = id
    }

    /// Opaque text for clients: base64 of the JSON (encoding four plain fields cannot fail).
    public var encoded: String { ((try? JSONEncoder().encode(self)) ?? Data()).base64EncodedString() }

    public static func decode(_ text: String) -> ValidatorCursor? {
        guard let data = Data(base64Encoded: text) else { return nil }
        return try? JSONDecoder().decode(ValidatorCursor.self, from: data)
    }

    /// The cursor of `validator` in this order, given its score in the latest run.
    init(order: ValidatorOrder, direction: SortDirection, validator: ValidatorRecord, score: Double?) {
        let value: String
        switch order {
        case .SCORE: value = String(score ?? -1)
        case .STAKE: value = String(validator.activatedStake)
        case .COMMISSION: value = String(validator.commission ?? 101)
        case .NAME: value = validator.name ?? ""
        case .APY: value = String(validator.apyTotal ?? -1)
        }
        self.init(order: order, direction: direction, value: value, id: validator.id)
    }
}
