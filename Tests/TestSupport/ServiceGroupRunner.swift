import Logging
import ServiceLifecycle

/// Runs services (workers, schedulers) in a ServiceGroup for the duration of a body, then shuts them down gracefully.
public struct ServiceGroupRunner {
    let services: [any Service]

    public init(_ services: any Service...) { self.services = services }
    public init(services: [any Service]) { self.services = services }

    public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        var logger = Logger(label: "test-services")
        logger.logLevel = .critical
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, logger: logger))
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            let result = try await body()
            await group.triggerGracefulShutdown()
            while let next = try await tasks.next() { if next != nil { break } }
            return result
        }
    }
}
