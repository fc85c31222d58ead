import Dispatch
import Foundation
import GraphQL
import Logging
import SolStakeAPI
import SolStakeStore

#if canImport(Glibc)
import Glibc
#endif

/// A fuzz target for what a request goes through before and while it runs: the input is taken as a GraphQL-over-HTTP
/// POST body (JSON shape scan, decoding, variables' limits) and, separately, as a bare document; each that parses goes
/// through the server's own limits, parse and validation (`GraphQLService.prepare`), and queries that pass run with
/// their variables coerced, against an empty in-memory SQLite database. Findings are crashes and, with libFuzzer's
/// `-timeout`, hangs.
///
/// Built with `-sanitize=fuzzer -DFUZZING` it is a libFuzzer binary (`scripts/fuzz.sh`); built normally it replays the
/// files given as arguments once each (a finding kept as a regression input).
final class Harness: Sendable {
    static let shared = Harness()

    let service: GraphQLService

    private init() {
        var quiet = Logger(label: "fuzz")
        quiet.logLevel = .critical
        let logger = quiet
        let opened = Self.wait { () async throws -> any DatabaseClient in
            let database = try await DatabaseFactory.open(.sqliteMemory, logger: logger)
            Task { try await database.run() }
            try await Migrator(database: database, logger: logger).migrate()
            return database
        }
        var settings = GraphQLSettings()
        settings.responseCache = false
        service = try! GraphQLService(database: opened, settings: settings, logger: logger)
    }

    /// Blocks the fuzzer's thread (not a Swift concurrency thread) until `body` finishes.
    static func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) -> T {
        let semaphore = DispatchSemaphore(value: 0)
        let box = Box<T>()
        Task {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            semaphore.signal()
        }
        semaphore.wait()
        return try! box.result!.get()
    }

    /// One input through both routes.
    func run(_ data: Data) {
        let service = self.service
        Self.wait {
            if let request = try? GraphQLHTTP.parseBody(data, contentType: "application/json", limits: .init(service.settings)) {
                await Self.prepareAndRun(service, query: request.query, operationName: request.operationName, variables: request.variables)
            }
            await Self.prepareAndRun(service, query: String(decoding: data, as: UTF8.self), operationName: nil, variables: [:])
        }
    }

    static func prepareAndRun(_ service: GraphQLService, query: String, operationName: String?, variables: [String: Map]) async {
        guard case .success(let prepared) = service.prepare(query: query, operationName: operationName, variables: variables),
            prepared.operation == .query
        else { return }
        _ = await service.execute(prepared, operationName: operationName, variables: variables, context: service.context(apiKeyId: nil))
    }
}

/// The result of an async call handed to the blocked thread; written once before the semaphore is signalled.
final class Box<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGraphQL(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    Harness.shared.run(Data(bytes: start, count: count))
    return 0
}

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
#endif

@main struct FuzzGraphQL {
    static func main() {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzzGraphQL($0, $1) })
        #else
        let paths = CommandLine.arguments.dropFirst().flatMap { path -> [String] in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
            return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 }
        }
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            Harness.shared.run(data)
        }
        print("fuzz-graphql: replayed \(paths.count) inputs")
        #endif
    }
}
