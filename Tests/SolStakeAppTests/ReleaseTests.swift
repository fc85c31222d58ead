import Foundation
import SolStakeApp
import Testing
import TestSupport

/// The version is one fact: the CHANGELOG's newest entry, `solstake --version` and the build reported everywhere.
@Suite("Release")
struct ReleaseTests {
    @Test func changelogAndVersionAgree() async throws {
        let changelog = try String(contentsOf: PythonScript.repositoryRoot.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        let newest = try #require(changelog.firstMatch(of: /\n## (\d+\.\d+\.\d+) - \d{4}-\d{2}-\d{2}\n/)?.1)
        #expect(String(newest) == SolStakeVersion.current)
        let license = try String(contentsOf: PythonScript.repositoryRoot.appendingPathComponent("LICENSE"), encoding: .utf8)
        #expect(license.hasPrefix("MIT License"))
        let run = try await SolStakeBinary.run(["--version"])
        #expect(run.status == 0 && run.out.trimmingCharacters(in: .whitespacesAndNewlines) == SolStakeVersion.current, "\(run.out)\(run.err)")
    }
}
