import Foundation
import SolStakeCore

/// Jito's per-validator, per-epoch tip account (an Anchor account of the tip-distribution program), in its Borsh layout:
/// 8-byte discriminator, validator vote account (32), merkle-root upload authority (32), optional merkle root (1-byte tag,
/// then root 32 + four u64 when present), epoch created at (u64), validator commission (u16 bps), expires at (u64),
/// bump (u8). Integers are little-endian. The account is allocated at its full size whatever the root's shape.
public struct TipDistributionAccount: Sendable, Equatable {
    public static let program = "4R3gSG8BpU4t19KYj8CfnbtRpnT8gtk4dvTHxVRwc2r7"
    /// `sha256("account:TipDistributionAccount")[0..<8]`, as Anchor names account types.
    public static let discriminator: [UInt8] = [0x55, 0x40, 0x71, 0xC6, 0xEA, 0x5E, 0x78, 0x7B]
    /// 8 + the Rust struct's size (its optional root takes its full 72 bytes in memory).
    public static let accountSize = 168
    /// Where `epochCreatedAt` sits while the root is not uploaded yet (all of the current epoch): the `memcmp` filter.
    public static let epochOffsetWithoutRoot = 8 + 32 + 32 + 1
    /// Where it sits once the root is uploaded: after the root and its four u64 counters.
    public static let epochOffsetWithRoot = epochOffsetWithoutRoot + 32 + 4 * 8
    /// The rent-exempt minimum of a 168-byte account: (128 + 168) bytes x 3,480 lamports x 2 years.
    public static let rentExemptLamports: UInt64 = 2_060_160

    public struct MerkleRoot: Sendable, Equatable {
        public var root: [UInt8]
        public var maxTotalClaim: UInt64
        public var maxNumNodes: UInt64
        public var totalFundsClaimed: UInt64
        public var numNodesClaimed: UInt64

        public init(root: [UInt8], maxTotalClaim: UInt64, maxNumNodes: UInt64, totalFundsClaimed: UInt64, numNodesClaimed: UInt64) {
            self.root = root
            self.maxTotalClaim = maxTotalClaim
            self.maxNumNodes = maxNumNodes
            self.totalFundsClaimed = totalFundsClaimed
            self.numNodesClaimed = numNodesClaimed
        }
    }

    public var validatorVoteAccount: String
    public var merkleRootUploadAuthority: String
    public var merkleRoot: MerkleRoot?
    public var epochCreatedAt: UInt64
    public var validatorCommissionBps: UInt16
    public var expiresAt: UInt64
    public var bump: UInt8

    public init(
        validatorVoteAccount: String, merkleRootUploadAuthority: String, merkleRoot: MerkleRoot?, epochCreatedAt: UInt64,
        validatorCommissionBps: UInt16, expiresAt: UInt64, bump: UInt8
    ) {
        self.validatorVoteAccount = validatorVoteAccount
        self.merkleRootUploadAuthority = merkleRootUploadAuthority
        self.merkleRoot = merkleRoot
        self.epochCreatedAt = epochCreatedAt
        self.validatorCommissionBps = validatorCommissionBps
        self.expiresAt = expiresAt
        self.bump = bump
    }

    /// Decodes account data; `account` (the account's address) names it in errors.
    public init(data: [UInt8], account: String) throws(TipDistributionDecodingError) {
        func fail(_ detail: String) -> TipDistributionDecodingError { TipDistributionDecodingError(account: account, detail: detail) }
        var reader = BorshReader(data)
        guard data.count >= 8, Array(data[0..<8]) == Self.discriminator else {
            throw fail(data.count < 8 ? "\(data.count) bytes, shorter than the discriminator" : "not a TipDistributionAccount (wrong discriminator)")
        }
        reader.offset = 8
        guard let vote = reader.key(), let authority = reader.key(), let tag = reader.byte() else {
            throw fail("\(data.count) bytes end inside the account's keys")
        }
        var root: MerkleRoot?
        switch tag {
        case 0: root = nil
        case 1:
            guard let bytes = reader.bytes(32), let a = reader.u64(), let b = reader.u64(), let c = reader.u64(), let d = reader.u64() else {
                throw fail("\(data.count) bytes end inside the merkle root")
            }
            root = MerkleRoot(root: bytes, maxTotalClaim: a, maxNumNodes: b, totalFundsClaimed: c, numNodesClaimed: d)
        default:
            throw fail("merkle root tag \(tag) is neither 0 (none) nor 1 (some)")
        }
        guard let epoch = reader.u64(), let bps = reader.u16(), let expires = reader.u64(), let bump = reader.byte() else {
            throw fail("\(data.count) bytes end before the commission and expiry")
        }
        guard bps <= 10_000 else { throw fail("validator commission \(bps) bps is above 10,000") }
        self.init(
            validatorVoteAccount: Base58.encode(vote), merkleRootUploadAuthority: Base58.encode(authority), merkleRoot: root,
            epochCreatedAt: epoch, validatorCommissionBps: bps, expiresAt: expires, bump: bump)
    }

    /// The account data, zero-padded to `accountSize`. Nil when a key is not a base58 public key.
    public func encoded() -> [UInt8]? {
        guard let vote = Base58.decode(validatorVoteAccount), vote.count == 32,
            let authority = Base58.decode(merkleRootUploadAuthority), authority.count == 32
        else { return nil }
        var out = Self.discriminator + vote + authority
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        if let merkleRoot {
            out.append(1)
            out += merkleRoot.root.prefix(32) + Array(repeating: 0, count: max(0, 32 - merkleRoot.root.count))
            append(merkleRoot.maxTotalClaim)
            append(merkleRoot.maxNumNodes)
            append(merkleRoot.totalFundsClaimed)
            append(merkleRoot.numNodesClaimed)
        } else {
            out.append(0)
        }
        append(epochCreatedAt)
        append(validatorCommissionBps)
        append(expiresAt)
        out.append(bump)
        out += Array(repeating: 0, count: max(0, Self.accountSize - out.count))
        return out
    }

    /// The `memcmp` bytes that select accounts created in `epoch` (before their root is uploaded).
    public static func epochFilterBytes(_ epoch: UInt64) -> String {
        withUnsafeBytes(of: epoch.littleEndian) { Base58.encode(Array($0)) }
    }
}

public struct TipDistributionDecodingError: Error, Equatable, CustomStringConvertible {
    public var account: String
    public var detail: String
    public var description: String { "tip distribution account \(account): \(detail)" }
}

/// Little-endian reads that return nil past the end.
struct BorshReader {
    let data: [UInt8]
    var offset = 0
    init(_ data: [UInt8]) { self.data = data }

    mutating func bytes(_ count: Int) -> [UInt8]? {
        guard offset + count <= data.count else { return nil }
        defer { offset += count }
        return Array(data[offset..<offset + count])
    }

    mutating func key() -> [UInt8]? { bytes(32) }
    mutating func byte() -> UInt8? { bytes(1)?[0] }

    mutating func integer<T: FixedWidthInteger>(_: T.Type) -> T? {
        guard let raw = bytes(MemoryLayout<T>.size) else { return nil }
        return raw.reversed().reduce(T(0)) { ($0 << 8) | T($1) }
    }

    mutating func u16() -> UInt16? { integer(UInt16.self) }
    mutating func u64() -> UInt64? { integer(UInt64.self) }
}

/// One `getProgramAccounts` entry in base64 encoding: `{pubkey, account: {data: [base64, "base64"], owner, ...}}`.
public struct Base64ProgramAccount: Sendable, Codable, Equatable {
    public struct Account: Sendable, Codable, Equatable {
        public var data: [String]
        public var executable: Bool
        public var lamports: UInt64
        public var owner: String
        public var rentEpoch: UInt64
        public var space: UInt64
    }

    public var pubkey: String
    public var account: Account

    public init(pubkey: String, data: [UInt8], owner: String, lamports: UInt64) {
        self.pubkey = pubkey
        self.account = Account(
            data: [Data(data).base64EncodedString(), "base64"], executable: false, lamports: lamports, owner: owner,
            rentEpoch: UInt64.max, space: UInt64(data.count))
    }

    /// The raw account data.
    public func bytes() throws(TipDistributionDecodingError) -> [UInt8] {
        guard account.data.count == 2, account.data[1] == "base64", let data = Data(base64Encoded: account.data[0]) else {
            throw TipDistributionDecodingError(account: pubkey, detail: "data is not [<base64>, \"base64\"]")
        }
        return Array(data)
    }
}

/// What a fetch learned about MEV commission: one commission per vote account with an account this epoch, and the
/// accounts that could not be read (the rest of the fetch goes on without them).
public struct TipDistributionSurvey: Sendable, Equatable {
    public var epoch: UInt64
    public var commissionBps: [String: UInt16]
    /// The epoch's tips per vote account: the merkle root's claimable total once uploaded, else the account's balance
    /// above its rent.
    public var tipsLamports: [String: UInt64]
    public var problems: [TipDistributionDecodingError]

    public init(epoch: UInt64, commissionBps: [String: UInt16], tipsLamports: [String: UInt64] = [:], problems: [TipDistributionDecodingError]) {
        self.epoch = epoch
        self.commissionBps = commissionBps
        self.tipsLamports = tipsLamports
        self.problems = problems
    }

    /// Decodes every entry; an account of another epoch or owner is skipped, a vote account with two is reported.
    public static func decode(_ entries: [Base64ProgramAccount], epoch: UInt64) -> TipDistributionSurvey {
        var commissions: [String: UInt16] = [:]
        var tips: [String: UInt64] = [:]
        var problems: [TipDistributionDecodingError] = []
        for entry in entries {
            do throws(TipDistributionDecodingError) {
                guard entry.account.owner == TipDistributionAccount.program else {
                    throw TipDistributionDecodingError(account: entry.pubkey, detail: "owned by \(entry.account.owner), not the tip-distribution program")
                }
                let account = try TipDistributionAccount(data: try entry.bytes(), account: entry.pubkey)
                guard account.epochCreatedAt == epoch else { continue }
                if commissions[account.validatorVoteAccount] != nil {
                    throw TipDistributionDecodingError(
                        account: entry.pubkey, detail: "a second account for vote account \(account.validatorVoteAccount) in epoch \(epoch)")
                }
                commissions[account.validatorVoteAccount] = account.validatorCommissionBps
                let balance = entry.account.lamports - min(entry.account.lamports, TipDistributionAccount.rentExemptLamports)
                tips[account.validatorVoteAccount] = account.merkleRoot?.maxTotalClaim ?? balance
            } catch {
                problems.append(error)
            }
        }
        return TipDistributionSurvey(epoch: epoch, commissionBps: commissions, tipsLamports: tips, problems: problems)
    }
}
