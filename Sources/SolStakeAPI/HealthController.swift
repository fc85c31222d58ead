import Foundation
import Hummingbird
import SolStakeStore

/// `GET /health`: the database's state as JSON; 200 when it answers a query, 503 when it does not.
public struct HealthController<Context: RequestContext>: Sendable {
    public let probe: DatabaseProbe
    public let version: String

    public init(probe: DatabaseProbe, version: String) {
        self.probe = probe
        self.version = version
    }

    public struct Report: ResponseEncodable, Equatable {
        public var status: String
        public var version: String
        public var time: String
        public var checks: Checks

        public struct Checks: Codable, Equatable, Sendable {
            public var database: DatabaseProbe.Result
        }
    }

    public func addRoutes(to router: Router<Context>) {
        router.get("health") { _, _ in try await self.health() }
    }

    func health() async throws -> EditedResponse<Report> {
        let database = await probe.check()
        let healthy = database.status == "up"
        let report = Report(
            status: healthy ? "healthy" : "unhealthy", version: version,
            time: Date().formatted(.iso8601), checks: .init(database: database))
        return EditedResponse(status: healthy ? .ok : .serviceUnavailable, response: report)
    }
}
