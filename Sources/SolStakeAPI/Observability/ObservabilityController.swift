import Foundation
import Hummingbird
import Prometheus
import SolStakeStore

/// `GET /health` (overall state and every check: 200 healthy or degraded, 503 unhealthy), `/health/live` (the process is
/// up), `/health/ready` (the database answers and its schema is this build's), `/metrics` (JSON summary) and
/// `/metrics/prometheus` (text exposition).
public struct ObservabilityController<Context: RequestContext>: Sendable {
    public let database: any DatabaseClient
    public let version: String
    /// The latest RPC call of this process, if it makes any (cached: health never calls RPC).
    public let rpcStatus: @Sendable () -> SystemReport.RPCStatus?
    public let exposition: PrometheusExposition

    public init(
        database: any DatabaseClient, version: String, processRegistry: PrometheusCollectorRegistry? = nil,
        rpcStatus: @escaping @Sendable () -> SystemReport.RPCStatus? = { nil }
    ) {
        self.database = database
        self.version = version
        self.rpcStatus = rpcStatus
        self.exposition = PrometheusExposition(processRegistry: processRegistry, version: version)
    }

    public struct HealthBody: ResponseEncodable {
        public var status: HealthEvaluation.Status
        public var version: String
        public var time: String
        public var checks: [HealthEvaluation.Check]
        public var database: DatabaseProbe.Result
        public var queue: SystemReport.Queue?
        public var workers: SystemReport.Workers?
        public var freshness: SystemReport.Freshness?
        public var rpc: SystemReport.RPCStatus?
    }

    public struct Simple: ResponseEncodable {
        public var status: String
        public var detail: String?
    }

    public struct MetricsBody: ResponseEncodable {
        public var report: SystemReport
    }

    public func addRoutes(to router: Router<Context>) {
        router.get("health") { _, _ in try await self.health() }
        router.get("health/live") { _, _ in Simple(status: "alive", detail: nil) }
        router.get("health/ready") { _, _ in try await self.ready() }
        router.get("metrics") { _, _ in await SystemReport.collect(database: database, rpc: rpcStatus()) }
        router.get("metrics/prometheus") { _, _ -> Response in
            let text = exposition.render(await SystemReport.collect(database: database, rpc: rpcStatus()))
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: .init(string: text)))
        }
    }

    func health() async throws -> EditedResponse<HealthBody> {
        let report = await SystemReport.collect(database: database, rpc: rpcStatus(), scope: .health)
        let (status, checks) = HealthEvaluation.evaluate(report)
        let body = HealthBody(
            status: status, version: version, time: Date().formatted(.iso8601), checks: checks, database: report.database,
            queue: report.queue, workers: report.workers, freshness: report.freshness, rpc: report.rpc)
        return EditedResponse(status: status == .unhealthy ? .serviceUnavailable : .ok, response: body)
    }

    func ready() async throws -> EditedResponse<Simple> {
        let probe = await DatabaseProbe(database: database).check()
        guard probe.status == "up" else {
            return EditedResponse(status: .serviceUnavailable, response: Simple(status: "not ready", detail: probe.error))
        }
        do {
            try await Migrator(database: database, logger: .init(label: "solstake.ready")).requireUpToDate(readOnly: true)
            return EditedResponse(status: .ok, response: Simple(status: "ready", detail: nil))
        } catch {
            return EditedResponse(status: .serviceUnavailable, response: Simple(status: "not ready", detail: "\(error)"))
        }
    }
}

extension SystemReport: ResponseEncodable {}
