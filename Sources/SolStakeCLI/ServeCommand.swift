import ArgumentParser
import Hummingbird
import SolStakeApp
import SolStakeStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API on HOST:PORT with a worker and the scheduler in the same process (SQLite: migrates itself; PostgreSQL: requires `solstake migrate`).")

    @OptionGroup var options: GlobalOptions

    @Flag(name: .customLong("no-worker"), help: "Serve the API only: no worker, no scheduler (production API replicas).")
    var noWorker = false

    func run() async throws {
        let environment = try await options.load()
        let noWorker = self.noWorker
        try await reportingFailures(environment.logger) {
            let (host, port) = (environment.configuration.host, environment.configuration.port)
            try ListenAddressCheck.ensureAvailable(host: host, port: port)
            let database = try await environment.openDatabase()
            let gate = ReadyGate()
            let client = environment.makeRPCClient()
            let background = noWorker ? [] : BackgroundServices.make(
                configuration: environment.configuration, database: database, client: client, gate: gate,
                logger: environment.logger)
            let app = try buildApplication(
                configuration: environment.configuration, database: database, logger: environment.logger, background: background,
                gate: gate, processRegistry: environment.metricsRegistry, rpc: noWorker ? nil : client.observations)
            do {
                try await app.runService()
            } catch {
                throw ListenAddressCheck.describe(error, host: host, port: port)
            }
        }
    }
}

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run a worker and the scheduler without the HTTP API (any number, on any machines, one database).")

    @OptionGroup var options: GlobalOptions

    @Option(help: "Jobs run at once by this process.") var concurrency = 3
    @Option(name: .customLong("lease-seconds"), help: "Lease length; renewed every third of it.") var leaseSeconds = 30
    @Option(name: .customLong("stalled-interval-seconds"), help: "How often expired leases are rescued.") var stalledIntervalSeconds = 30
    @Option(name: .customLong("poll-ms"), help: "How often to look for jobs when idle.") var pollMs = 1_000
    @Option(name: .customLong("shutdown-timeout-seconds"), help: "How long running jobs may finish after SIGTERM.") var shutdownTimeoutSeconds = 30
    @Flag(name: .customLong("no-scheduler"), help: "Run no scheduler in this process.") var noScheduler = false
    @Flag(name: .customLong("no-listen"), help: "PostgreSQL: poll only, ignore NOTIFY wake-ups.") var noListen = false
    @Option(name: .customLong("metrics-port"), help: "WORKER_METRICS_PORT: serve /health/live, /health/ready and /metrics/prometheus on HOST at this port (0 picks one).")
    var metricsPort: String?

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard leaseSeconds >= 1, stalledIntervalSeconds >= 1, pollMs >= 10, shutdownTimeoutSeconds >= 0 else {
            throw ValidationError("lease, stalled interval and poll must be positive")
        }
    }

    func run() async throws {
        var commandLine = options.commandLineValues
        commandLine[.workerMetricsPort] = metricsPort
        let values = commandLine
        let environment = try await reportingFailures { try await AppEnvironment.load(commandLine: values) }
        var workerConfiguration = SolStakeJobsWorkerConfiguration()
        workerConfiguration.concurrency = concurrency
        workerConfiguration.lease = .seconds(leaseSeconds)
        workerConfiguration.stalledInterval = .seconds(stalledIntervalSeconds)
        workerConfiguration.pollInterval = .milliseconds(pollMs)
        workerConfiguration.shutdownTimeout = .seconds(shutdownTimeoutSeconds)
        workerConfiguration.listen = !noListen
        let configured = workerConfiguration
        let noScheduler = self.noScheduler
        try await reportingFailures(environment.logger) {
            try await WorkerProcess.run(
                environment: environment, workerConfiguration: configured, scheduler: !noScheduler)
        }
    }
}
