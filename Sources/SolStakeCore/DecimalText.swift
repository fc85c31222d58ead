/// Exact decimal arithmetic on a JSON number's text: `"150831.488685935"` SOL is 150,831,488,685,935 lamports with no
/// `Double` in between (a `Double` cannot hold every lamport above 2^53).
public enum DecimalText {
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case notANumber(String)
        case negative(String)
        case tooLarge(String)

        public var description: String {
            switch self {
            case .notANumber(let text): "\"\(text)\" is not a number"
            case .negative(let text): "\(text) is negative"
            case .tooLarge(let text): "\(text) does not fit 64 bits at this scale"
            }
        }
    }

    /// `text` x 10^`scale` as an unsigned integer, rounded half up at the last kept digit (`0.0000000005` SOL is 1 lamport).
    /// Any JSON number form is read (`7`, `0.07`, `1e-05`); a negative value other than zero is refused.
    public static func scaled(_ text: String, by scale: Int) throws -> UInt64 {
        let bytes = Array(text.utf8)
        var index = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { index += 1 }
        var digits: [UInt8] = []
        var fractionDigits = 0
        var seenPoint = false
        var seenDigit = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte &- UInt8(ascii: "0") < 10 {
                digits.append(byte &- UInt8(ascii: "0"))
                if seenPoint { fractionDigits += 1 }
                seenDigit = true
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                break
            }
            index += 1
        }
        guard seenDigit else { throw Problem.notANumber(text) }
        var exponent = 0
        if index < bytes.count {
            guard bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") else { throw Problem.notANumber(text) }
            index += 1
            var sign = 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
            }
            var magnitude = 0
            var exponentDigits = 0
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 {
                magnitude = min(magnitude * 10 + Int(bytes[index] &- UInt8(ascii: "0")), 10_000)
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0, index == bytes.count else { throw Problem.notANumber(text) }
            exponent = sign * magnitude
        }
        while digits.first == 0 { digits.removeFirst() }
        if digits.isEmpty { return 0 }
        if negative { throw Problem.negative(text) }
        let shift = exponent - fractionDigits + scale
        var roundUp = false
        if shift < 0 {
            let dropped = -shift
            if dropped > digits.count {
                return 0
            }
            roundUp = digits[digits.count - dropped] >= 5
            digits.removeLast(dropped)
        } else {
            guard digits.count + shift <= 20 else { throw Problem.tooLarge(text) }
            digits += Array(repeating: 0, count: shift)
        }
        var value: UInt64 = 0
        for digit in digits {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(UInt64(digit))
            guard !o1, !o2 else { throw Problem.tooLarge(text) }
            value = plus
        }
        if roundUp {
            let (plus, overflow) = value.addingReportingOverflow(1)
            guard !overflow else { throw Problem.tooLarge(text) }
            value = plus
        }
        return value
    }
}
