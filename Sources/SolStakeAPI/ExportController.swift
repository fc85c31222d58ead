import Foundation
import Hummingbird
import SolStakeCore
import SolStakeStore

/// `GET /export/validators.csv` and `GET /export/scores.csv?run=ID`: RFC 4180 CSV with a header row, streamed a page of
/// rows at a time (one statement per page), lamports exact. A database failure after the header has gone out ends the
/// stream early (the connection closes mid-body), which a client sees as a truncated download rather than a short file.
public struct ExportController<Context: RequestContext>: Sendable {
    public let readModel: ReadModel
    static var pageSize: Int { 1_000 }

    public init(readModel: ReadModel) { self.readModel = readModel }

    public func addRoutes(to router: Router<Context>) {
        router.get("export/validators.csv") { _, _ in self.validators() }
        router.get("export/scores.csv") { request, _ in try await self.scores(request) }
    }

    static var validatorHeader: [String] { [
        "voteAccount", "validatorPubkey", "name", "commission", "mevCommissionBps", "activatedStakeLamports", "delinquent", "version",
        "skipRate", "latestScore", "apyTotal", "apyInflation", "apyMev", "apyEpoch", "firstSeenEpoch", "website", "updatedAt",
    ] }

    func validators() -> Response {
        let readModel = self.readModel
        return csv(filename: "validators.csv") { writer in
            try await writer.write(ByteBuffer(string: CSVText.record(Self.validatorHeader)))
            var after: Int64 = 0
            while true {
                let page = try await readModel.exportValidators(afterId: after, limit: Self.pageSize)
                guard let last = page.last else { break }
                var text = ""
                for row in page {
                    let v = row.validator
                    text += CSVText.record([
                        v.voteAccount, v.validatorPubkey, v.name, v.commission.map(String.init), v.mevCommissionBps.map(String.init),
                        String(v.activatedStake), String(v.delinquent), v.version, v.skipRate.map { String($0) }, row.score.map { String($0) },
                        v.apyTotal.map { String($0) }, v.apyInflation.map { String($0) }, v.apyMev.map { String($0) }, v.apyEpoch.map(String.init),
                        v.firstSeenEpoch.map(String.init), v.website, Self.iso(v.updatedAtMillis),
                    ])
                }
                try await writer.write(ByteBuffer(string: text))
                after = last.validator.id
                if page.count < Self.pageSize { break }
            }
        }
    }

    static var scoreHeader: [String] { ["voteAccount", "validatorPubkey", "name", "score", "uptime", "components", "reasons", "scoringRunId", "createdAt"] }

    func scores(_ request: Request) async throws -> Response {
        guard let text = request.uri.queryParameters["run"], let runId = Int64(text), runId > 0 else {
            return Self.plain(.badRequest, "give the scoring run as ?run=ID (a positive integer)")
        }
        guard try await readModel.scoringRun(id: runId) != nil else { return Self.plain(.notFound, "no scoring run \(runId)") }
        let readModel = self.readModel
        return csv(filename: "scores-run-\(runId).csv") { writer in
            try await writer.write(ByteBuffer(string: CSVText.record(Self.scoreHeader)))
            var after: Int64 = 0
            while true {
                let page = try await readModel.exportScores(runId: runId, afterId: after, limit: Self.pageSize)
                guard let last = page.last else { break }
                var text = ""
                for row in page {
                    let s = row.score
                    text += CSVText.record([
                        row.voteAccount, row.validatorPubkey, row.name, String(s.score), s.uptime.map { String($0) },
                        s.components.map { "\($0.name)=\($0.value)" }.joined(separator: "; "), s.reasons.joined(separator: " | "),
                        String(s.scoringRunId), Self.iso(s.createdAtMillis),
                    ])
                }
                try await writer.write(ByteBuffer(string: text))
                after = last.score.id
                if page.count < Self.pageSize { break }
            }
        }
    }

    private func csv(filename: String, _ body: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8; header=present"
        headers[.contentDisposition] = "attachment; filename=\"\(filename)\""
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await body(&writer)
            try await writer.finish(nil)
        })
    }

    static func plain(_ status: HTTPResponse.Status, _ message: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: message + "\n")))
    }

    static func iso(_ millis: Int64) -> String { Date(timeIntervalSince1970: Double(millis) / 1000).formatted(.iso8601) }
}
