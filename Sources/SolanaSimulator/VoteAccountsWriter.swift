import SolanaRPC

/// Writes the `getVoteAccounts` result by hand, far faster than `JSONEncoder` for large clusters.
enum VoteAccountsWriter {
    static func write(validators: [SimValidator], epoch: UInt64, slotIndex: UInt64, slot: UInt64, slotsPerEpoch: UInt64) -> [UInt8] {
        var current: [UInt8] = []
        var delinquent: [UInt8] = []
        current.reserveCapacity(validators.count * 420)
        for v in validators {
            let lastVote = v.delinquent ? (slot > 5_000 ? slot - 5_000 : 0) : slot
            let earnedNow = v.creditsEarned(slotIndex: slotIndex, slotsPerEpoch: slotsPerEpoch)
            var entries = v.completedCredits
            entries.append(EpochCredits(epoch: epoch, credits: v.lastCumulative + earnedNow, previousCredits: v.lastCumulative))
            if entries.count > 5 { entries.removeFirst(entries.count - 5) }
            if v.delinquent {
                writeOne(v, entries: entries, lastVote: lastVote, to: &delinquent)
            } else {
                writeOne(v, entries: entries, lastVote: lastVote, to: &current)
            }
        }
        var result: [UInt8] = []
        result.reserveCapacity(current.count + delinquent.count + 32)
        append(#"{"current":["#, to: &result)
        result.append(contentsOf: current)
        append(#"],"delinquent":["#, to: &result)
        result.append(contentsOf: delinquent)
        append("]}", to: &result)
        return result
    }

    static func writeOne(_ v: SimValidator, entries: [EpochCredits], lastVote: UInt64, to out: inout [UInt8]) {
            if !out.isEmpty { out.append(UInt8(ascii: ",")) }
            append(#"{"activatedStake":"#, to: &out)
            append(String(v.activatedStake), to: &out)
            append(#","commission":"#, to: &out)
            append(String(v.commission), to: &out)
            append(#","epochCredits":["#, to: &out)
            for (i, e) in entries.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                append("[\(e.epoch),\(e.credits),\(e.previousCredits)]", to: &out)
            }
            append(#"],"epochVoteAccount":true,"lastVote":"#, to: &out)
            append(String(lastVote), to: &out)
            append(#","nodePubkey":""#, to: &out)
            append(v.identity, to: &out)
            append(#"","rootSlot":"#, to: &out)
            append(String(lastVote > 31 ? lastVote - 31 : 0), to: &out)
            append(#","votePubkey":""#, to: &out)
            append(v.voteAccount, to: &out)
            append("\"}", to: &out)
    }

    @inline(__always)
    static func append(_ text: String, to out: inout [UInt8]) {
        out.append(contentsOf: text.utf8)
    }
}
