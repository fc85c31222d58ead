import Foundation
import SolStakeCore
import Testing

@testable import SolanaRPC

/// The large answers are read with `JSONPullParser` (`decodeWire`): exact values, refusals and error kinds naming the
/// field; Config accounts give the same entries as their `Codable` tree (which the simulator serves).
@Suite struct WireDecodingTests {
    let endpoint = RPCEndpoint(URL(string: "http://node.example:8899")!)

    func wire<T: WireDecodable>(_ body: String, as type: T.Type) throws(SolanaRPCError) -> T {
        try LiveSolanaRPCClient.decodeWire(Data(body.utf8), as: type, method: "m", endpoint: endpoint)
    }

    func codable<T: Decodable>(_ body: String, as type: T.Type) throws(SolanaRPCError) -> T {
        try LiveSolanaRPCClient.decodeSingle(Data(body.utf8), as: type, method: "m", endpoint: endpoint)
    }

    func envelope(_ result: String) -> String { #"{"jsonrpc":"2.0","id":1,"result":\#(result)}"# }

    static let account = #"{"votePubkey":"V","nodePubkey":"N","activatedStake":18446744073709551615,"epochVoteAccount":true,"commission":5,"lastVote":7,"rootSlot":6,"epochCredits":[[1,20,10],[2,35,20]]}"#

    @Test func voteAccountsInEveryShape() throws {
        let variants = [
            Self.account,
            // Optional commission fields absent, null, or in basis points; unknown members; other member order; spacing.
            #"{"rootSlot":6, "lastVote":7, "extra":{"a":[1,"x"]}, "epochCredits":[], "commission":null, "votePubkey":"V\u00e9", "nodePubkey":"N", "activatedStake":0, "epochVoteAccount":false}"#,
            #"{"votePubkey":"V","nodePubkey":"N","activatedStake":1,"epochVoteAccount":true,"inflationRewardsCommissionBps":550,"lastVote":1,"rootSlot":1,"epochCredits":[[1,2,1]]}"#,
        ]
        let expected = [
            VoteAccount(
                votePubkey: "V", nodePubkey: "N", activatedStake: UInt64.max, epochVoteAccount: true, commission: 5, lastVote: 7, rootSlot: 6,
                epochCredits: [EpochCredits(epoch: 1, credits: 20, previousCredits: 10), EpochCredits(epoch: 2, credits: 35, previousCredits: 20)]),
            VoteAccount(
                votePubkey: "V\u{e9}", nodePubkey: "N", activatedStake: 0, epochVoteAccount: false, commission: nil, lastVote: 7, rootSlot: 6,
                epochCredits: []),
            VoteAccount(
                votePubkey: "V", nodePubkey: "N", activatedStake: 1, epochVoteAccount: true, commission: nil, inflationRewardsCommissionBps: 550,
                lastVote: 1, rootSlot: 1, epochCredits: [EpochCredits(epoch: 1, credits: 2, previousCredits: 1)]),
        ]
        for (variant, account) in zip(variants, expected) {
            let body = envelope(#"{"current":[\#(variant)],"delinquent":[\#(variant)]}"#)
            #expect(try wire(body, as: VoteAccounts.self) == VoteAccounts(current: [account], delinquent: [account]), "\(variant)")
        }
        #expect(expected[2].commissionPercent == 6)
        let read = try wire(envelope(#"{"current":[\#(Self.account)],"delinquent":[]}"#), as: VoteAccounts.self)
        #expect(read.current[0].activatedStake == UInt64.max)
        #expect(read.current[0].epochCredits[1] == EpochCredits(epoch: 2, credits: 35, previousCredits: 20))
    }

    @Test func clusterNodesInEveryShape() throws {
        let body = envelope(#"[{"pubkey":"A","gossip":"1.2.3.4:8001","tpu":null,"version":"2.2.16","featureSet":4294967295,"shredVersion":50093,"tvu":"x","serveRepair":null},{"pubkey":"B"}]"#)
        let nodes = try wire(body, as: [ClusterNode].self)
        #expect(nodes == [
            ClusterNode(pubkey: "A", gossip: "1.2.3.4:8001", version: "2.2.16", featureSet: UInt32.max, shredVersion: 50093), ClusterNode(pubkey: "B"),
        ])
        #expect(nodes[0].featureSet == UInt32.max && nodes[0].tpu == nil && nodes[1].gossip == nil)
    }

    @Test func configSummariesMatchTheDecodedTree() throws {
        // Shapes real data has and shapes it could have: unparsed data, another parsed type, keys that are not objects,
        // a signer that is not a boolean, configData that is not an object, fields that are not strings.
        let accounts = [
            #"{"pubkey":"P1","account":{"lamports":1,"data":["AAAA","base64"],"owner":"Config"}}"#,
            #"{"pubkey":"P2","account":{"lamports":2,"data":{"program":"config","parsed":{"type":"stakeConfig","info":{"slashPenalty":12,"warmupCooldownRate":0.25}},"space":10}}}"#,
            #"{"pubkey":"P3","account":{"lamports":3,"data":{"parsed":{"type":"validatorInfo","info":{"keys":[{"pubkey":"Va1idator1nfo111111111111111111111111111111","signer":false},{"pubkey":"ID","signer":true}],"configData":{"name":"  Name  ","website":"https://x","details":5,"iconUrl":null,"other":"y"}}}}}}"#,
            #"{"pubkey":"P4","account":{"lamports":4,"data":{"parsed":{"type":"validatorInfo","info":{"keys":["x",{"pubkey":7,"signer":"yes"}],"configData":"text"}}}}}"#,
            #"{"pubkey":"P5","account":{"lamports":5,"data":{"parsed":{"type":"validatorInfo","info":{"keys":{"not":"an array"}}}}}}"#,
            #"{"pubkey":"P6","account":{"lamports":6,"data":{"parsed":{"type":"validatorInfo"}}}}"#,
            #"{"pubkey":"P0","account":{"lamports":0,"data":{"parsed":{"type":"validatorInfo","info":{"keys":[{"pubkey":"Va1idator1nfo111111111111111111111111111111","signer":false},{"pubkey":"ID","signer":true}],"configData":{"name":"First"}}}}}}"#,
        ]
        let body = envelope("[" + accounts.joined(separator: ",") + "]")
        let summaries = try wire(body, as: [ConfigAccountSummary].self)
        let decoded = try codable(body, as: [ConfigProgramAccount].self)
        #expect(summaries == decoded.map(ConfigAccountSummary.init))
        let entries = ValidatorInfo.signedEntries(from: summaries)
        #expect(entries == ValidatorInfo.signedEntries(from: decoded))
        // Two entries signed by ID: the smaller account pubkey (P0) wins.
        #expect(entries.map(\.infoPubkey) == ["P0"])
        #expect(summaries[2].name == "  Name  " && summaries[2].details == nil && summaries[3].keys?.count == 2)
    }

    @Test func wrongTypesAndMissingFieldsNameTheField() {
        func field(_ body: String) -> (String, String)? {
            do {
                _ = try wire(body, as: VoteAccounts.self)
                return nil
            } catch {
                guard case .decoding(_, _, let field, let detail) = error else { return ("not decoding: \(error)", "") }
                return (field, detail)
            }
        }
        let wrongType = Self.account.replacingOccurrences(of: #""activatedStake":18446744073709551615"#, with: #""activatedStake":"12""#)
        #expect(field(envelope(#"{"current":[\#(wrongType)],"delinquent":[]}"#))?.0 == "result.current[0].activatedStake")
        let missing = Self.account.replacingOccurrences(of: #""lastVote":7,"#, with: "")
        let result = field(envelope(#"{"current":[],"delinquent":[\#(Self.account),\#(missing)]}"#))
        #expect(result?.0 == "result.delinquent[1].lastVote" && result?.1 == "missing field")
        let nullStake = Self.account.replacingOccurrences(of: "18446744073709551615", with: "null")
        #expect(field(envelope(#"{"current":[\#(nullStake)],"delinquent":[]}"#))?.1.contains("found null") == true)
        let tooMuch = Self.account.replacingOccurrences(of: "[2,35,20]", with: "[2,35,20,1]")
        #expect(field(envelope(#"{"current":[\#(tooMuch)],"delinquent":[]}"#))?.0 == "result.current[0].epochCredits[1]")
        let overflow = Self.account.replacingOccurrences(of: "18446744073709551615", with: "18446744073709551616")
        #expect(field(envelope(#"{"current":[\#(overflow)],"delinquent":[]}"#))?.0 == "result.current[0].activatedStake")
        #expect(field(envelope(#"{"current":[]}"#))?.0 == "result.delinquent")
        #expect(field(#"{"jsonrpc":"2.0","id":1}"#)?.0 == "result")
    }

    @Test func commissionAboveTheLimitIsRefused() {
        for bad in [#""commission":101"#, #""commission":5,"inflationRewardsCommissionBps":10001"#, #""commission":256"#] {
            let account = Self.account.replacingOccurrences(of: #""commission":5"#, with: bad)
            let body = envelope(#"{"current":[\#(account)],"delinquent":[]}"#)
            #expect(throws: SolanaRPCError.self, "\(bad)") { try wire(body, as: VoteAccounts.self) }
        }
    }

    @Test func brokenJSONIsMalformedAndNodeErrorsAreNodeErrors() {
        let full = envelope(#"{"current":[\#(Self.account)],"delinquent":[]}"#)
        for broken in [String(full.dropLast(5)), full + "x", "", "<html>502</html>"] {
            do {
                _ = try wire(broken, as: VoteAccounts.self)
                Issue.record("accepted \(broken)")
            } catch {
                guard case .malformed = error else { Issue.record("\(error)"); continue }
            }
        }
        do {
            _ = try wire(#"{"jsonrpc":"2.0","id":1,"error":{"code":-32005,"message":"Node is behind","data":{"numSlotsBehind":12}}}"#, as: VoteAccounts.self)
            Issue.record("accepted an error response")
        } catch {
            guard case .node(_, _, let code, let message) = error else { Issue.record("\(error)"); return }
            #expect(code == -32005 && message == "Node is behind")
        }
    }
}

@Suite struct PublishedFieldTests {
    @Test func trimsLikeFoundationAndDropsBlanks() {
        let samples = [
            "name", " name", "name ", "\tname\n", "\u{00A0}name\u{3000}", "\u{85}x\u{2028}", "   ", "", "\u{200B}x", "é", "a b",
            "\r\n", "x\u{0301}", " \u{1F600} ",
        ]
        for raw in samples {
            let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(ValidatorInfo.published(raw) == (trimmed.isEmpty ? nil : trimmed), "\(raw.unicodeScalars.map(\.value))")
        }
        #expect(ValidatorInfo.published(nil) == nil)
    }
}
