import ArgumentParser
import Foundation
import SolStakeApp

/// Runs `body`; any error becomes one line on standard error (`solstake: <what went wrong>`) and a non-zero exit:
/// 78 (EX_CONFIG) for configuration errors, 1 otherwise.
func reportingFailures<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let exit as ExitCode {
        throw exit
    } catch let error as ConfigurationError {
        FileHandle.standardError.write(Data("solstake: \(error)\n".utf8))
        throw ExitCode(78)
    } catch let error as ConfigurationFileError {
        FileHandle.standardError.write(Data("solstake: \(error)\n".utf8))
        throw ExitCode(78)
    } catch {
        FileHandle.standardError.write(Data("solstake: \(error)\n".utf8))
        throw ExitCode.failure
    }
}
