/// A function of a text computed once per distinct text: a cluster of 100,000 validators runs a few dozen version
/// strings, so parsing or cleaning them per validator repeats the same work 100,000 times.
public struct TextMemo<Value> {
    private let compute: (String) -> Value
    private var known: [String: Value] = [:]

    public init(_ compute: @escaping (String) -> Value) {
        self.compute = compute
    }

    public mutating func callAsFunction(_ text: String) -> Value {
        if let value = known[text] { return value }
        let value = compute(text)
        known[text] = value
        return value
    }
}
