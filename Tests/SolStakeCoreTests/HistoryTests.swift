import SolStakeCore
import Testing

@Suite("Exact decimals, history parsing and the replay's derivation")
struct HistoryTests {
    @Test func decimalTextIsExact() throws {
        #expect(try DecimalText.scaled("150831.488685935", by: 9) == 150_831_488_685_935)
        #expect(try DecimalText.scaled("0.07", by: 2) == 7)
        #expect(try DecimalText.scaled("1", by: 4) == 10_000)
        #expect(try DecimalText.scaled("1e-05", by: 9) == 10_000)
        #expect(try DecimalText.scaled("2.5E3", by: 0) == 2_500)
        #expect(try DecimalText.scaled("0.0000000005", by: 9) == 1)
        #expect(try DecimalText.scaled("0.0000000004999", by: 9) == 0)
        #expect(try DecimalText.scaled("-0", by: 9) == 0)
        // Above 2^53 a Double would lose lamports.
        #expect(try DecimalText.scaled("9007199.254740993", by: 9) == 9_007_199_254_740_993)
        #expect(throws: DecimalText.Problem.negative("-1.5")) { try DecimalText.scaled("-1.5", by: 9) }
        #expect(throws: DecimalText.Problem.notANumber("abc")) { try DecimalText.scaled("abc", by: 9) }
        #expect(throws: DecimalText.Problem.notANumber("1e")) { try DecimalText.scaled("1e", by: 9) }
        #expect(throws: DecimalText.Problem.tooLarge("18446744073.709551616")) { try DecimalText.scaled("18446744073.709551616", by: 9) }
        #expect(throws: DecimalText.Problem.tooLarge("1e400")) { try DecimalText.scaled("1e400", by: 0) }
    }

    @Test func derivationIsIntegerArithmetic() {
        // round(510074 x 432000 / 36311) = round(6068463.38...) = 6068463
        #expect(HistoryDerivation.epochCredits(sample: 510_074, slotIndexOfRun: 36_311, slotsPerEpoch: 432_000) == 6_068_463)
        // Capped at 16 credits per slot.
        #expect(HistoryDerivation.epochCredits(sample: 1_000_000, slotIndexOfRun: 10, slotsPerEpoch: 432_000) == 6_912_000)
        #expect(HistoryDerivation.creditsSoFar(total: 6_068_463, slotIndex: 36_311, slotsPerEpoch: 432_000) == 510_074)
        #expect(HistoryDerivation.leaderSlots(slots: 432_000, stake: 1, totalStake: 3) == 144_000)
        #expect(HistoryDerivation.leaderSlots(slots: 432_000, stake: 1, totalStake: 1_000_000) == 0)
        // Stakes near the whole supply do not overflow.
        #expect(HistoryDerivation.leaderSlots(slots: 432_000, stake: 400_000_000_000_000_000, totalStake: 800_000_000_000_000_000) == 216_000)
        #expect(HistoryDerivation.blocksProduced(leaderSlots: 400, epochCredits: 6_912_000, slotsPerEpoch: 432_000) == 400)
        #expect(HistoryDerivation.blocksProduced(leaderSlots: 400, epochCredits: 3_456_000, slotsPerEpoch: 432_000) == 200)
    }

    static let vote1 = "FdGcvmbpebUwYA3vSywnagsaC3Tq3pAVmcR6VoxVcdV9"
    static let vote2 = "BFx4GGeS6s66HGux6oy7jMwiKPu6sUAJrzhK89wHun6R"

    @Test func parsesRowsByFieldName() throws {
        let text = """
            {"epochs": [
              {"epoch": 701, "slotIndexOfRun": 1000, "rows": [
                ["\(Self.vote1)", 0.05, null, 217714, "1.18.20", 150831.488685935],
                ["\(Self.vote2)", 1, 0.1, 5, null, 1e-05]]},
              {"epoch": 700, "slotIndexOfRun": 2000, "rows": []}],
             "fields": ["voteAccount", "inflationCommissionDec", "mevCommissionDec", "voteCredits", "clientVersion", "totalActivatedStakeSol"]}
            """
        let history = try ValidatorHistoryParser.parse(Array(text.utf8))
        #expect(history.epochNumbers == [700, 701])
        let rows = try #require(history.epoch(701)).rows
        #expect(rows == [
            .init(voteAccount: Self.vote1, clientVersion: "1.18.20", sampledCredits: 217_714, commission: 5, mevCommissionBps: nil,
                  activatedStake: 150_831_488_685_935),
            .init(voteAccount: Self.vote2, sampledCredits: 5, commission: 100, mevCommissionBps: 1_000, activatedStake: 10_000),
        ])
    }

    @Test func badRowsAreNamedAndTheRestIsRead() throws {
        let text = """
            {"fields": ["voteAccount", "inflationCommissionDec", "voteCredits", "totalActivatedStakeSol"], "epochs": [
              {"epoch": 9, "slotIndexOfRun": 10, "rows": [
                ["\(Self.vote1)", 1.5, 1, 1],
                ["\(Self.vote2)", 0.05, -3, 1],
                ["not-a-key", 0, 1, 1],
                ["\(Self.vote2)", 0.05, 2.5, 1],
                ["\(Self.vote2)", 0.05, 7, 1],
                ["\(Self.vote2)", 0.05, 8, 1],
                ["\(Self.vote1)", 0.05, 1]]}]}
            """
        let epoch = try #require(try ValidatorHistoryParser.parse(Array(text.utf8)).epoch(9))
        #expect(epoch.rows.map(\.sampledCredits) == [7])
        #expect(epoch.problems.map(\.description) == [
            "epoch 9, vote account \(Self.vote1): inflationCommissionDec 1.5 is above 1 (100%)",
            "epoch 9, vote account \(Self.vote2): voteCredits -3 is negative",
            "epoch 9, vote account (missing): voteAccount is not a base58 public key",
            "epoch 9, vote account \(Self.vote2): voteCredits 2.5 is not a whole number",
            "epoch 9, vote account \(Self.vote2): listed twice in the epoch",
            "epoch 9, vote account \(Self.vote1): has 3 values for 4 fields",
        ])
    }

    @Test func unusableFilesAreRefusedWhole() {
        for (text, detail) in [
            (#"{"epochs": []}"#, #"no "fields" list"#),
            (#"{"fields": ["voteAccount"]}"#, #"no "epochs" list"#),
            (#"{"fields": ["x"], "epochs": []}"#, #""fields" has no voteAccount"#),
            (#"{"fields": ["voteAccount"], "epochs": [{"epoch": 1, "rows": []}]}"#, #"epoch 1 has no positive "slotIndexOfRun""#),
            (#"{"fields": ["voteAccount"], "epochs": [{"epoch": 1, "slotIndexOfRun": 5, "rows": []}, {"epoch": 1, "slotIndexOfRun": 5, "rows": []}]}"#,
             "epoch 1 is listed twice"),
        ] {
            #expect(throws: ValidatorHistoryFormatError(detail)) { try ValidatorHistoryParser.parse(Array(text.utf8)) }
        }
        #expect(throws: ValidatorHistoryFormatError.self) { try ValidatorHistoryParser.parse(Array("[1,".utf8)) }
    }
}
