import Testing
@testable import SolStakeCore

@Suite struct CSVTextTests {
    @Test func quotesOnlyWhatNeedsIt() {
        #expect(CSVText.record(["plain", nil, "12", ""]) == "plain,,12,\r\n")
        #expect(CSVText.record(["a,b", "say \"hi\"", "two\nlines", "cr\r\nlf"]) == "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\nlf\"\r\n")
        #expect(CSVText.field("Ünïcödé ✓") == "Ünïcödé ✓")
    }
}
