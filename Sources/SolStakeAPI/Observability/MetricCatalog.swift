import Prometheus

/// Every metric family solstake exposes, with its HELP text: the instruments processes record through swift-metrics
/// and the figures read at scrape time. One list, so the exposition, the dashboard and the docs agree.
public enum MetricCatalog {
    /// What a family recorded through swift-metrics but missing here is described as (a test keeps this unused).
    public static let undocumented = "solstake metric without a description"

    /// A family's name and HELP text, as the registry takes them.
    public static func descriptor(_ name: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help[name] ?? undocumented)
    }

    public static let help: [String: String] = [
        // Recorded by the process that serves or works (rate() them; sum over instances).
        "solstake_http_requests_total": "HTTP requests answered by this process, by route, method and status",
        "solstake_http_request_duration_seconds": "Time to answer an HTTP request, by route and method",
        "solstake_http_connections_refused_total": "Connections refused before a request was read (limits and timeouts), by reason",
        "solstake_graphql_operations_total": "GraphQL operations by type and outcome",
        "solstake_graphql_operation_duration_seconds": "Time to execute a GraphQL query or mutation, by type",
        "solstake_rpc_requests_total": "Solana JSON-RPC attempts by method, endpoint and outcome",
        "solstake_rpc_request_duration_seconds": "Time of one Solana JSON-RPC attempt, by method and endpoint",
        "solstake_rpc_errors_total": "Failed Solana JSON-RPC attempts by method, endpoint and kind of failure",
        "solstake_rpc_retries_total": "Solana JSON-RPC calls retried, by method and endpoint",
        "solstake_jobs_total": "Jobs this process's worker finished, by kind and outcome",
        "solstake_job_duration_seconds": "Time a job ran in this process's worker, by kind",
        // Read at scrape time.
        "solstake_build_info": "The running build: 1, with the version as a label",
        "process_cpu_seconds_total": "User and system CPU time of this process",
        "process_start_time_seconds": "When this process started, in seconds since the epoch",
        "process_resident_memory_bytes": "Resident memory of this process",
        "process_virtual_memory_bytes": "Virtual memory of this process",
        "process_open_fds": "Open file descriptors of this process",
        "process_max_fds": "The open file descriptor limit of this process",
        "solstake_database_up": "1 when the database answers a query, else 0",
        "solstake_database_latency_seconds": "Time of the health query at this scrape",
        "solstake_queue_jobs": "Jobs in the queue by state and kind (all processes)",
        "solstake_queue_oldest_available_timestamp_seconds": "When the oldest job waiting to run became due (absent when none waits)",
        "solstake_workers_alive": "Worker processes that heartbeated in the last minute",
        "solstake_last_fetch_timestamp_seconds": "When the latest validator fetch finished",
        "solstake_last_score_timestamp_seconds": "When the latest completed scoring run finished",
        "solstake_validators": "Validators known",
        "solstake_validators_delinquent": "Validators delinquent at the latest fetch",
        "solstake_stake_lamports": "Activated stake of all validators",
        "solstake_delinquent_stake_lamports": "Activated stake of delinquent validators",
        "solstake_latest_scoring_run_validators": "Validators of the latest completed scoring run, by outcome",
        "solstake_scoring_coverage_ratio": "Validators scored by the latest run over validators known",
        "solstake_scoring_run_completion_ratio": "Completed scoring runs over finished (completed or failed) runs",
        "solstake_trust_score": "Trust scores (0-100) of the latest completed scoring run",
    ]

    /// Durations from a fast HTTP answer to a long fetch job.
    public static let durationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
        .seconds(120), .seconds(300), .seconds(600),
    ]

    public static let valueBuckets: [Double] = [1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000]
}
