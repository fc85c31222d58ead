/// One pass over a GraphQL document's text, before any parser runs: tokens, the deepest nesting of braces, brackets and
/// parentheses, the deepest nesting of list and object literals, fragment spreads and directives.
///
/// It keeps a stack of bracket kinds instead of recursing, so no input can exhaust the stack, and it is linear in the
/// text. It lexes only as far as counting needs (strings, block strings and comments are skipped whole); anything it
/// cannot classify is one token, and the parser reports the error afterwards.
public struct GraphQLDocumentScan: Sendable, Equatable {
    /// Lexical tokens (punctuators, names, numbers, strings); commas, whitespace and comments are not tokens.
    public var tokens = 0
    /// Deepest nesting of `{`, `[` and `(` of any kind.
    public var nesting = 0
    /// Deepest nesting of list and object literals (values in arguments, defaults and variable types).
    public var valueNesting = 0
    /// `...`: fragment spreads and inline fragments.
    public var fragmentSpreads = 0
    /// `@`: directives.
    public var directives = 0
    /// The first malformed string found: unterminated, or an escape without what must follow it. GraphQLSwift's lexer
    /// reads past the end of the text on these (a crash), so they are refused before it runs.
    public var stringError: String?

    private enum Bracket: UInt8 { case parenthesis, list, selection, object }

    public init(_ text: String) {
        var text = text
        text.makeContiguousUTF8()
        _ = text.utf8.withContiguousStorageIfAvailable { run($0) }
    }

    private mutating func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        var stack: [Bracket] = []
        var values = 0
        var i = 0
        let n = bytes.count
        func open(_ bracket: Bracket) {
            stack.append(bracket)
            nesting = max(nesting, stack.count)
            if bracket == .list || bracket == .object {
                values += 1
                valueNesting = max(valueNesting, values)
            }
        }
        while i < n {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ","), 0xEF, 0xBB, 0xBF:
                i += 1
                continue
            case UInt8(ascii: "#"):
                while i < n, bytes[i] != UInt8(ascii: "\n"), bytes[i] != UInt8(ascii: "\r") { i += 1 }
                continue
            case UInt8(ascii: "\""):
                tokens += 1
                let (end, error) = Self.skipString(bytes, from: i)
                if stringError == nil, let error { stringError = "\(error) at byte \(i)" }
                i = end
                continue
            case UInt8(ascii: "("):
                open(.parenthesis)
            case UInt8(ascii: "["):
                open(.list)
            case UInt8(ascii: "{"):
                // A brace inside arguments, a list or an object is an object literal; elsewhere it opens a selection set.
                switch stack.last {
                case .parenthesis?, .list?, .object?: open(.object)
                default: open(.selection)
                }
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                if let closed = stack.popLast(), closed == .list || closed == .object { values -= 1 }
            case UInt8(ascii: "@"):
                directives += 1
            case UInt8(ascii: "."):
                if i + 2 < n, bytes[i + 1] == UInt8(ascii: "."), bytes[i + 2] == UInt8(ascii: ".") {
                    fragmentSpreads += 1
                    i += 2
                }
            default:
                if Self.isNameStart(byte) {
                    while i + 1 < n, Self.isNameContinue(bytes[i + 1]) { i += 1 }
                } else if Self.isNumberStart(byte) {
                    while i + 1 < n, Self.isNumberContinue(bytes[i + 1]) { i += 1 }
                }
            }
            tokens += 1
            i += 1
        }
    }

    /// The index after a string (`"…"`) or block string (`"""…"""`), and what is wrong with it, if anything.
    private static func skipString(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, error: String?) {
        let n = bytes.count
        let quote = UInt8(ascii: "\"")
        if start + 2 < n, bytes[start + 1] == quote, bytes[start + 2] == quote {
            var i = start + 3
            while i < n {
                if bytes[i] == UInt8(ascii: "\\"), i + 3 < n, bytes[i + 1] == quote, bytes[i + 2] == quote, bytes[i + 3] == quote {
                    i += 4
                } else if bytes[i] == quote, i + 2 < n, bytes[i + 1] == quote, bytes[i + 2] == quote {
                    return (i + 3, nil)
                } else {
                    i += 1
                }
            }
            return (n, "Unterminated block string")
        }
        var i = start + 1
        while i < n {
            switch bytes[i] {
            case UInt8(ascii: "\\"):
                guard i + 1 < n else { return (n, "Unterminated string") }
                if bytes[i + 1] == UInt8(ascii: "u") {
                    guard i + 5 < n, (2...5).allSatisfy({ isHexDigit(bytes[i + $0]) }) else {
                        return (i + 2, "Invalid Unicode escape: \\u must be followed by four hexadecimal digits")
                    }
                    i += 6
                } else {
                    i += 2
                }
            case quote: return (i + 1, nil)
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"): return (i, "Unterminated string")
            default: i += 1
            }
        }
        return (n, "Unterminated string")
    }

    private static func isHexDigit(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "f"))
            || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "F"))
    }

    private static func isNameStart(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || b == UInt8(ascii: "_")
    }

    private static func isNameContinue(_ b: UInt8) -> Bool { isNameStart(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) }

    private static func isNumberStart(_ b: UInt8) -> Bool { b == UInt8(ascii: "-") || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) }

    private static func isNumberContinue(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
            || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
    }
}
