import Foundation
import SolStakeCore
import SolanaRPC
import Testing

@Suite("Jito tip-distribution accounts")
struct TipDistributionTests {
    static let vote = "FdGcvmbpebUwYA3vSywnagsaC3Tq3pAVmcR6VoxVcdV9"
    static let authority = "GZctHpWXmsZC1YHACTGGcHhYxjdRqQvTpYkb9LMvxDib"

    /// An account built byte by byte from the layout, independently of `encoded()`.
    static func handBuilt(root: Bool, epoch: UInt64, bps: UInt16) -> [UInt8] {
        func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
        var data: [UInt8] = [0x55, 0x40, 0x71, 0xC6, 0xEA, 0x5E, 0x78, 0x7B]
        data += Base58.decode(vote)! + Base58.decode(authority)!
        if root {
            data += [1] + Array(repeating: 0xAB, count: 32) + le(UInt64(5_000)) + le(UInt64(10)) + le(UInt64(1_000)) + le(UInt64(2))
        } else {
            data += [0]
        }
        data += le(epoch) + le(bps) + le(epoch + 3) + [254]
        return data + Array(repeating: 0, count: 168 - data.count)
    }

    @Test func discriminatorIsAnchorsHash() {
        #expect(Array(SHA256.hash(Array("account:TipDistributionAccount".utf8)).prefix(8)) == TipDistributionAccount.discriminator)
    }

    @Test func decodesBothRootShapes() throws {
        let open = try TipDistributionAccount(data: Self.handBuilt(root: false, epoch: 812, bps: 800), account: "A")
        #expect(open == TipDistributionAccount(
            validatorVoteAccount: Self.vote, merkleRootUploadAuthority: Self.authority, merkleRoot: nil, epochCreatedAt: 812,
            validatorCommissionBps: 800, expiresAt: 815, bump: 254))
        let closed = try TipDistributionAccount(data: Self.handBuilt(root: true, epoch: 811, bps: 10_000), account: "B")
        #expect(closed.merkleRoot == .init(
            root: Array(repeating: 0xAB, count: 32), maxTotalClaim: 5_000, maxNumNodes: 10, totalFundsClaimed: 1_000, numNodesClaimed: 2))
        #expect(closed.epochCreatedAt == 811 && closed.validatorCommissionBps == 10_000 && closed.expiresAt == 814)
        // The simulator's encoder writes the same bytes.
        #expect(open.encoded() == Self.handBuilt(root: false, epoch: 812, bps: 800))
        #expect(closed.encoded() == Self.handBuilt(root: true, epoch: 811, bps: 10_000))
        // The epoch filter's bytes sit at the offset the client asks for.
        let data = Self.handBuilt(root: false, epoch: 812, bps: 800)
        let offset = TipDistributionAccount.epochOffsetWithoutRoot
        #expect(Base58.encode(Array(data[offset..<offset + 8])) == TipDistributionAccount.epochFilterBytes(812))
    }

    @Test func badDataIsANamedError() {
        let good = Self.handBuilt(root: true, epoch: 811, bps: 500)
        var wrongDiscriminator = good
        wrongDiscriminator[0] ^= 0xFF
        var badTag = Self.handBuilt(root: false, epoch: 811, bps: 500)
        badTag[72] = 7
        var tooHigh = Self.handBuilt(root: false, epoch: 811, bps: 500)
        tooHigh[81] = 0x10
        tooHigh[82] = 0x28
        let cases: [([UInt8], String)] = [
            ([0x55, 0x40], "tip distribution account X: 2 bytes, shorter than the discriminator"),
            (wrongDiscriminator, "tip distribution account X: not a TipDistributionAccount (wrong discriminator)"),
            (Array(good.prefix(60)), "tip distribution account X: 60 bytes end inside the account's keys"),
            (Array(good.prefix(100)), "tip distribution account X: 100 bytes end inside the merkle root"),
            (Array(good.prefix(140)), "tip distribution account X: 140 bytes end before the commission and expiry"),
            (badTag, "tip distribution account X: merkle root tag 7 is neither 0 (none) nor 1 (some)"),
            (tooHigh, "tip distribution account X: validator commission 10256 bps is above 10,000"),
        ]
        for (data, message) in cases {
            #expect(throws: TipDistributionDecodingError.self) { try TipDistributionAccount(data: data, account: "X") }
            do {
                _ = try TipDistributionAccount(data: data, account: "X")
            } catch {
                #expect(error.description == message)
            }
        }
    }

    @Test func surveyKeepsTheGoodAccountsAndNamesTheBad() {
        let program = TipDistributionAccount.program
        let other = "BFx4GGeS6s66HGux6oy7jMwiKPu6sUAJrzhK89wHun6R"
        var second = Self.handBuilt(root: false, epoch: 812, bps: 0)
        second.replaceSubrange(8..<40, with: Base58.decode(other)!)
        let entries = [
            Base64ProgramAccount(pubkey: "good", data: Self.handBuilt(root: false, epoch: 812, bps: 800), owner: program, lamports: 1),
            Base64ProgramAccount(pubkey: "zero", data: second, owner: program, lamports: 1),
            Base64ProgramAccount(pubkey: "old", data: Self.handBuilt(root: true, epoch: 811, bps: 900), owner: program, lamports: 1),
            Base64ProgramAccount(pubkey: "short", data: [1, 2, 3], owner: program, lamports: 1),
            Base64ProgramAccount(pubkey: "foreign", data: Self.handBuilt(root: false, epoch: 812, bps: 1), owner: "Stake11111111111111111111111111111111111111", lamports: 1),
            Base64ProgramAccount(pubkey: "twice", data: Self.handBuilt(root: false, epoch: 812, bps: 700), owner: program, lamports: 1),
        ]
        let survey = TipDistributionSurvey.decode(entries, epoch: 812)
        #expect(survey.commissionBps == [Self.vote: 800, other: 0])
        #expect(survey.problems.map(\.account) == ["short", "foreign", "twice"])
    }
}
