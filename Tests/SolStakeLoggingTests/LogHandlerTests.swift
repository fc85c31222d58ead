import Foundation
import Logging
import SolStakeCore
import SolStakeLogging
import Synchronization
import Testing

final class Captured: Sendable {
    let lines = Mutex<[String]>([])
    var sink: LogSink { LogSink { line in self.lines.withLock { $0.append(line) } } }
    var all: [String] { lines.withLock { $0 } }
}

@Suite struct LogHandlerTests {
    @Test func jsonLinesParseWithTheExpectedFields() throws {
        let captured = Captured()
        var logger = Logger(label: "solstake.fetch") { JSONLogHandler(label: $0, sink: captured.sink) }
        logger.logLevel = .debug
        logger[metadataKey: "jobType"] = "score"
        logger.info("✅ Processed 650/1102 validators \"quoted\"\nnext", metadata: [
            "phase": "validator-processing", "batchNumber": "14", "progress": "650/1102", "successRate": "94.5%",
            "nested": ["a": "1", "b": ["x", "y"]],
        ])
        let lines = captured.all
        #expect(lines.count == 1)
        #expect(lines[0].hasSuffix("\n"))
        #expect(lines[0].dropLast().contains("\n") == false)
        let object = try #require(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["level"] as? String == "info")
        #expect(object["msg"] as? String == "✅ Processed 650/1102 validators \"quoted\"\nnext")
        #expect(object["label"] as? String == "solstake.fetch")
        #expect(object["jobType"] as? String == "score")
        #expect(object["progress"] as? String == "650/1102")
        #expect((object["nested"] as? [String: Any])?["b"] as? [String] == ["x", "y"])
        let time = try #require(object["time"] as? String)
        #expect(try Date(time, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true)) <= Date())
        // Field order: level, time, msg, label first.
        #expect(lines[0].hasPrefix("{\"level\":\"info\",\"time\":"))
    }

    /// Values logged as numbers and booleans stay JSON numbers and booleans; text stays text.
    @Test func valuesKeepTheirJSONTypes() throws {
        let captured = Captured()
        let logger = Logger(label: "solstake.worker") { JSONLogHandler(label: $0, sink: captured.sink) }
        logger.info("Job completed", metadata: [
            "jobId": .stringConvertible(Int64(42)), "attempt": .stringConvertible(2), "seconds": .stringConvertible(0.042),
            "released": .stringConvertible(true), "jobs": .array([.stringConvertible(1), .stringConvertible(3)]),
            "notANumber": .stringConvertible(Double.nan), "text": "7",
        ])
        let line = try #require(captured.all.first)
        #expect(line.contains(#""jobId":42"#) && line.contains(#""attempt":2"#) && line.contains(#""seconds":0.042"#), "\(line)")
        #expect(line.contains(#""released":true"#) && line.contains(#""jobs":[1,3]"#) && line.contains(#""text":"7""#), "\(line)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["notANumber"] as? String == "nan", "a non-finite number is not valid JSON: it is written as text")
    }

    @Test func levelIsHonoured() {
        let captured = Captured()
        var logger = Logger(label: "t") { JSONLogHandler(label: $0, sink: captured.sink) }
        logger.logLevel = .warning
        logger.info("hidden")
        logger.debug("hidden")
        logger.warning("shown")
        logger.error("shown")
        #expect(captured.all.count == 2)
    }

    @Test func textFormatIsOneReadableLine() {
        let captured = Captured()
        let logger = Logger(label: "solstake") { TextLogHandler(label: $0, sink: captured.sink) }
        logger.info("Serving", metadata: ["port": "4000"])
        #expect(captured.all.count == 1)
        #expect(captured.all[0].contains("info solstake: Serving port=4000"))
    }

    @Test func metadataCannotShadowTheFixedFields() throws {
        let captured = Captured()
        let logger = Logger(label: "t") { JSONLogHandler(label: $0, sink: captured.sink) }
        logger.info("m", metadata: ["level": "fake"])
        let object = try #require(JSONSerialization.jsonObject(with: Data(captured.all[0].utf8)) as? [String: Any])
        #expect(object["level"] as? String == "info")
        #expect(object["meta.level"] as? String == "fake")
    }

    @Test(arguments: [
        ("postgres://alice:hunter2@db:5432/x", "postgres://alice:***@db:5432/x"),
        ("https://rpc.example/?api-key=hunter2&x=1", "https://rpc.example/?api-key=***&x=1"),
        ("http://a:hunter2@one,https://two/?token=hunter2", "http://a:***@one,https://two/?token=***"),
        ("sqlite://solstake.sqlite", "sqlite://solstake.sqlite"),
    ])
    func secretsAreRedacted(input: String, expected: String) {
        #expect(Redaction.redactURL(input) == expected)
    }

    /// RPC endpoints show scheme, host and port only: keys hide in paths as well as queries and user-info.
    @Test(arguments: [
        ("https://api.mainnet-beta.solana.com", "https://api.mainnet-beta.solana.com"),
        ("https://api.mainnet-beta.solana.com/", "https://api.mainnet-beta.solana.com"),
        ("http://127.0.0.1:8899/v2/PathKeyLive777?token=TokenKey666", "http://127.0.0.1:8899/***"),
        ("https://host.example/PathKey/", "https://host.example/***"),
        ("https://rpc.example/?api-key=hunter2", "https://rpc.example/***"),
        ("https://alice:hunter2@rpc.example:443", "https://rpc.example:443/***"),
        ("http://[::1]:8899/secret", "http://[::1]:8899/***"),
        ("http://[2001:db8::1]:8899", "http://[2001:db8::1]:8899"),
        ("http://one:8899/k1, https://two/k2", "http://one:8899/***,https://two/***"),
        ("not a url/with-key", "***"),
    ])
    func rpcEndpointsShowHostAndPortOnly(input: String, expected: String) {
        #expect(Redaction.rpcEndpoint(input) == expected)
    }
}
