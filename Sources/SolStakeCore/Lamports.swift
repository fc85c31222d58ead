/// Lamports are the smallest unit of SOL (1 SOL = 1_000_000_000 lamports).
///
/// On the wire and in Swift they are `UInt64`; in SQL they are `BIGINT`, whose range ends at `Int64.max`.
/// Total SOL supply (~6e17 lamports) fits with room to spare, so a value above `Int64.max` is corrupt input
/// and is rejected rather than wrapped or clamped.
public enum Lamports {
    /// Lamports per SOL.
    public static let perSOL: UInt64 = 1_000_000_000

    /// The largest lamport amount the database can store.
    public static let storableMax: UInt64 = UInt64(Int64.max)

    /// Converts a lamport amount to its SQL `BIGINT` form, or throws naming the field. The field's name is only built
    /// when the value is rejected (bulk writes convert millions of values).
    public static func storable(_ value: UInt64, field: @autoclosure () -> String) throws(LamportsError) -> Int64 {
        guard value <= storableMax else { throw .exceedsStorableRange(field: field(), value: value) }
        return Int64(value)
    }

    /// Reads a lamport amount back from its SQL `BIGINT` form.
    public static func fromStored(_ value: Int64, field: @autoclosure () -> String) throws(LamportsError) -> UInt64 {
        guard value >= 0 else { throw .negative(field: field(), value: value) }
        return UInt64(value)
    }
}

/// Why a lamport amount cannot be stored or read.
public enum LamportsError: Error, Equatable, CustomStringConvertible {
    case exceedsStorableRange(field: String, value: UInt64)
    case negative(field: String, value: Int64)

    public var description: String {
        switch self {
        case .exceedsStorableRange(let field, let value):
            return "\(field) = \(value) lamports exceeds the storable maximum \(Lamports.storableMax) (Int64.max); the input is corrupt"
        case .negative(let field, let value):
            return "\(field) = \(value) is negative in the database; lamport amounts are never negative"
        }
    }
}
