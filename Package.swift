// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "solstake",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "solstake", targets: ["solstake"]),
        .executable(name: "solana-sim", targets: ["solana-sim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/GraphQLSwift/Graphiti", from: "3.1.0"),
        .package(url: "https://github.com/GraphQLSwift/GraphQL", from: "4.3.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
    ],
    targets: [
        // Pure domain: entities, lamports, trust-score model, schedule and backoff arithmetic. No I/O.
        .target(name: "SolStakeCore", swiftSettings: strict),
        // Structured logging handlers (JSON lines, text) shared by every executable.
        .target(
            name: "SolStakeLogging",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // Solana JSON-RPC: protocol, live client, wire types, errors, rate limiter.
        .target(
            name: "SolanaRPC",
            dependencies: [
                "SolStakeCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        // Storage: SQLite and PostgreSQL behind one interface, migrations, repositories, bulk writes.
        .target(
            name: "SolStakeStore",
            dependencies: [
                "SolStakeCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The job queue: tables in the same database, claimers per dialect, worker, scheduler, rescue, retention.
        .target(
            name: "SolStakeJobs",
            dependencies: [
                "SolStakeCore",
                "SolStakeStore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // HTTP surface: GraphQL (HTTP + WebSocket), health, metrics, queue.
        .target(
            name: "SolStakeAPI",
            dependencies: [
                "SolStakeCore",
                "SolStakeStore",
                "SolStakeJobs",
                .product(name: "Graphiti", package: "Graphiti"),
                .product(name: "GraphQL", package: "GraphQL"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        // Wiring: configuration, buildApplication, services.
        .target(
            name: "SolStakeApp",
            dependencies: [
                "SolStakeCore",
                "SolStakeLogging",
                "SolanaRPC",
                "SolStakeStore",
                "SolStakeJobs",
                "SolStakeAPI",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The command-line interface, a library so that `solstake` and the test build `solstake-test` share it.
        .target(
            name: "SolStakeCLI",
            dependencies: [
                "SolStakeApp",
                "SolStakeStore",
                "SolStakeJobs",
                "SolStakeCore",
                "SolStakeAPI",
                // gzip reading of imported files.
                "SolanaFixtures",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "solstake", dependencies: ["SolStakeCLI"], swiftSettings: strict),
        // Test job kinds (noop, sleep, empty), and the CLI with them added, for tests and benchmarks of worker processes.
        .target(name: "TestJobKinds", dependencies: ["SolStakeJobs", "SolStakeStore"], path: "Tests/TestJobKinds", swiftSettings: strict),
        .executableTarget(
            name: "solstake-test", dependencies: ["SolStakeCLI", "SolStakeApp", "TestJobKinds"], path: "Tests/TestCLI", swiftSettings: strict),
        // Reading the real mainnet fixtures (gzip JSON) found through SOLSTAKE_MAINNET_FIXTURES or a given path.
        .target(
            name: "SolanaFixtures",
            dependencies: [
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // The simulated Solana cluster (library) and its executable.
        .target(
            name: "SolanaSimulator",
            dependencies: [
                "SolStakeCore",
                "SolanaRPC",
                "SolanaFixtures",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "solana-sim",
            dependencies: [
                "SolanaSimulator",
                "SolStakeLogging",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // What the benchmark executables share: fresh databases and an in-process simulator.
        .target(
            name: "BenchmarkSupport",
            dependencies: [
                "SolStakeStore", "SolanaSimulator",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/BenchmarkSupport",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "simulator-bench",
            dependencies: [
                "SolanaSimulator", "SolanaRPC", "SolanaFixtures",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/simulator-bench",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ingest-bench",
            dependencies: [
                "BenchmarkSupport",
                "SolStakeApp", "SolStakeStore", "SolStakeCore", "SolanaRPC",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/ingest-bench",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "history-bench",
            dependencies: [
                "BenchmarkSupport",
                "SolStakeApp", "SolStakeStore", "SolStakeCore", "SolanaRPC", "SolanaSimulator", "SolanaFixtures",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/history-bench",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "graphql-bench",
            dependencies: [
                "BenchmarkSupport",
                "SolStakeApp", "SolStakeStore", "SolStakeJobs", "SolanaRPC", "SolanaSimulator", "SolanaFixtures",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/graphql-bench",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "queue-bench",
            dependencies: [
                "SolStakeJobs", "SolStakeStore", "TestJobKinds",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/queue-bench",
            swiftSettings: strict
        ),
        // libFuzzer target for the GraphQL request path (scripts/fuzz.sh); a normal build replays inputs once each.
        .executableTarget(
            name: "fuzz-graphql",
            dependencies: [
                "SolStakeAPI", "SolStakeStore",
                .product(name: "GraphQL", package: "GraphQL"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Fuzz/fuzz-graphql",
            swiftSettings: strict
        ),
        .testTarget(name: "SolStakeCoreTests", dependencies: ["SolStakeCore"], swiftSettings: strict),
        .testTarget(name: "SolStakeLoggingTests", dependencies: ["SolStakeLogging", "SolStakeCore"], swiftSettings: strict),
        .testTarget(
            name: "SolStakeStoreTests",
            dependencies: ["SolStakeStore", "SolStakeCore", "TestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SolStakeAppTests",
            dependencies: [
                "SolStakeApp", "TestSupport", "TestJobKinds", "SolanaSimulator", "SolanaRPC", "SolStakeCore", "SolStakeStore", "SolStakeJobs",
                "SolStakeAPI",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SolStakeJobsTests",
            dependencies: ["SolStakeJobs", "SolStakeStore", "SolStakeCore", "SolStakeApp", "TestSupport", "TestJobKinds"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SolanaRPCTests",
            dependencies: ["SolanaRPC", "SolanaSimulator", "SolStakeCore", "TestSupport"],
            swiftSettings: strict
        ),
        // Shared test helpers: fixture lookup, temporary databases.
        .target(
            name: "TestSupport",
            dependencies: [
                "SolStakeStore", "SolStakeCore", "SolanaFixtures", "SolanaSimulator", "SolanaRPC", "SolStakeAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: strict
        ),
    ]
)
