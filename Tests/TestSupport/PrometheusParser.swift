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
    public static func parse(_ text: String) async throws -> [String: [Sample]] {
        let run = try await ChildProcess.run(executable: URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script], stdin: Data(text.utf8), timeout: .seconds(120))
        guard run.status == 0 else { throw ParseError.failed(run.err) }
        return try JSONDecoder().decode([String: [Sample]].self, from: Data(run.out.utf8))
    }
}
