import Foundation

/// Parses a Prometheus text exposition with the reference parser (`prometheus_client` from PyPI, which `.ci/run`
/// installs): the test sees what Prometheus would see, not what our own code thinks it wrote.
public enum PrometheusParser {
    public struct Sample: Decodable, Sendable {
        public let name: String
        public let labels: [String: String]
        public let value: Double
    }

    public enum ParseError: Error, CustomStringConvertible {
        case failed(String)
        public var description: String {
            switch self { case .failed(let why): return "prometheus_client could not parse the exposition: \(why)" }
        }
    }

    static let script = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        out = {}
        for family in text_string_to_metric_families(sys.stdin.read()):
            out.setdefault(family.name, [])
            for s in family.samples:
                out[family.name].append({"name": s.name, "labels": dict(s.labels), "value": float(s.value)})
        print(json.dumps(out))
        """

    /// All samples named `name` whatever their family (the reference parser names a counter family without `_total`).
    public static func samples(_ families: [String: [Sample]], named name: String) -> [Sample] {
        families.values.flatMap { $0 }.filter { $0.name == name }
    }

    /// Samples by family name (histogram families hold their `_bucket`, `_sum` and `_count` samples; counter families are
    /// named without `_total`, their samples with it).
    public static func parse(_ text: String) throws -> [String: [Sample]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Throws (instead of trapping on a broken pipe) when python3 exits early, e.g. without prometheus_client.
        do { try input.fileHandleForWriting.write(contentsOf: Data(text.utf8)) } catch {}
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ParseError.failed(String(decoding: stderr, as: UTF8.self)) }
        return try JSONDecoder().decode([String: [Sample]].self, from: data)
    }
}
