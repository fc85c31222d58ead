import Foundation
import SolStakeAPI
import SolStakeApp
import Testing
import TestSupport

/// What `deploy/` promises, checked against the code: every configuration key reaches Kubernetes, every metric the
/// Grafana dashboard queries exists, and its PromQL parses.
@Suite("Deploy artefacts")
struct DeployArtefactsTests {
    static let root = PythonScript.repositoryRoot

    func text(_ path: String) throws -> String { try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8) }

    @Test func everyConfigurationKeyIsDocumentedAndDeployed() throws {
        let example = try text(".env.example"), readme = try text("README.md")
        let kubernetes = try text("deploy/kubernetes/base/configmap.yaml") + text("deploy/kubernetes/base/secret.yaml")
        for key in AppConfiguration.Key.allCases {
            #expect(example.contains("\(key.rawValue)="), "\(key.rawValue) is not in .env.example")
            #expect(readme.contains("`\(key.rawValue)`"), "\(key.rawValue) is not in the README's configuration table")
            #expect(kubernetes.contains("  \(key.rawValue): "), "\(key.rawValue) is in neither the ConfigMap nor the Secret")
        }
        let secret = try text("deploy/kubernetes/base/secret.yaml")
        for key in AppConfiguration.Key.allCases where key.isSecret {
            #expect(secret.contains("  \(key.rawValue): "), "\(key.rawValue) is a secret: it belongs in the Secret")
        }
    }

    /// The expressions of every panel.
    func dashboardExpressions() throws -> [String] {
        let data = try Data(contentsOf: Self.root.appendingPathComponent("deploy/grafana/solstake-dashboard.json"))
        let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let panels = try #require(dashboard["panels"] as? [[String: Any]])
        return panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
    }

    @Test func theDashboardQueriesMetricsThatExist() throws {
        let expressions = try dashboardExpressions()
        #expect(expressions.count >= 14)
        var queried = Set<String>()
        for expression in expressions {
            for match in expression.matches(of: /\b((?:solstake|process)_[a-z_]+)\b/) { queried.insert(String(match.1)) }
        }
        for name in queried {
            let family = name.replacing(/_(bucket|sum|count)$/, with: "")
            #expect(MetricCatalog.help[family] != nil || MetricCatalog.help[name] != nil, "the dashboard queries \(name), which solstake does not expose")
        }
        // The panels the issue asks for: freshness, queue, jobs, RPC errors, GraphQL, scores.
        for needed in ["solstake_last_fetch_timestamp_seconds", "solstake_queue_jobs", "solstake_jobs_total", "solstake_rpc_errors_total",
                       "solstake_graphql_operations_total", "solstake_trust_score_bucket"] {
            #expect(queried.contains(needed), "no panel shows \(needed)")
        }
    }

    @Test(.enabled(if: PrometheusConventionsTests.promtool != nil, "apt-get install prometheus (for promtool)"))
    func theDashboardsPromQLParses() async throws {
        let rules = try dashboardExpressions().enumerated().map { index, expression in
            "      - record: solstake:dashboard_\(index)\n        expr: '\(expression.replacingOccurrences(of: "'", with: "''"))'"
        }
        let file = "groups:\n  - name: dashboard\n    rules:\n" + rules.joined(separator: "\n") + "\n"
        try await TestDatabases.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("dashboard-rules.yml")
            try file.write(to: path, atomically: true, encoding: .utf8)
            let check = try await ChildProcess.run(
                executable: URL(fileURLWithPath: PrometheusConventionsTests.promtool!), ["check", "rules", path.path], timeout: .seconds(60))
            #expect(check.status == 0, "promtool check rules: \(check.out)\(check.err)")
        }
    }
}
