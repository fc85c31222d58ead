import SolStakeCore
import Testing

@Suite struct TextTableTests {
    @Test func columnsAreAsWideAsTheirWidestCell() {
        let lines = TextTable.render(
            header: ["kind", "available", "completed"], rows: [["stake-sync", "1", "123456789"], ["fetch", "20", "0"]],
            rightAligned: [1, 2])
        #expect(lines == [
            "kind        available  completed",
            "stake-sync          1  123456789",
            "fetch              20          0",
        ])
    }

    @Test func shortRowsAndEmptyTables() {
        #expect(TextTable.render(header: ["a", "b"], rows: [["x"]]) == ["a  b", "x"])
        #expect(TextTable.render(header: [], rows: []) == [""])
    }
}
