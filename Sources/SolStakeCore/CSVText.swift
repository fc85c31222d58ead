/// RFC 4180 text: fields that hold a comma, a quote, CR or LF are quoted with inner quotes doubled; records end in CRLF.
/// A field that starts with `=`, `+`, `-` or `@` gets no special treatment: the export is data, not a spreadsheet.
public enum CSVText {
    public static func field(_ value: String?) -> String {
        guard let value else { return "" }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func record(_ values: [String?]) -> String {
        values.map(field).joined(separator: ",") + "\r\n"
    }
}
