import ArgumentParser
import Foundation
import Logging
import SolStakeApp

/// Runs `body`; any error becomes one error-level log record on standard error, in the configured log format (text:
/// `<time> error solstake: <what went wrong>`), and a non-zero exit: 78 (EX_CONFIG) for configuration errors, 1
/// otherwise. Before the configuration is loaded there is no logger: the line is then plain `solstake: <what went wrong>`.
func reportingFailures<T>(_ logger: Logger? = nil, _ body: () async throws -> T) async throws -> T {
    func report(_ error: any Error) {
        if var logger {
            // Shown even under LOG_LEVEL=critical: the command's one line of failure.
            logger.logLevel = min(logger.logLevel, .error)
            logger.error("\(error)", metadata: ["outcome": "failed"])
        } else {
            FileHandle.standardError.write(Data("solstake: \(error)\n".utf8))
        }
    }
    do {
        return try await body()
    } catch let exit as ExitCode {
        throw exit
    } catch let error as ConfigurationError {
        report(error)
        throw ExitCode(78)
    } catch let error as ConfigurationFileError {
        report(error)
        throw ExitCode(78)
    } catch {
        report(error)
        throw ExitCode.failure
    }
}

/// A command's own failure (a file it cannot read, nothing to work on): its message is the whole report.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
