import Dispatch
import Hummingbird
import Metrics

/// Counts HTTP requests by route, method and status (`solstake_http_requests_total`) and times them
/// (`solstake_http_request_duration_seconds`). Routes are the matched patterns, never raw paths (bounded cardinality).
public struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let method = request.method.rawValue
        do {
            let response = try await next(request, context)
            record(route: context.endpointPath ?? "unmatched", method: method, status: Int(response.status.code), start: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            record(route: context.endpointPath ?? "unmatched", method: method, status: Int(status), start: start)
            throw error
        }
    }

    private func record(route: String, method: String, status: Int, start: UInt64) {
        Counter(label: "solstake_http_requests_total", dimensions: [("route", route), ("method", method), ("status", "\(status)")]).increment()
        Metrics.Timer(label: "solstake_http_request_duration_seconds", dimensions: [("route", route), ("method", method)])
            .recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - start))
    }
}
