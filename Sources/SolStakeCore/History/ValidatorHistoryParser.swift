/// Reads a `ValidatorHistory` from JSON bytes with the pull parser (the real file is 300,000 rows). A row with a bad value
/// becomes a `RowProblem` naming its epoch and vote account; the rest of the file is still read.
public enum ValidatorHistoryParser {
    /// One JSON value of a row, before its field gives it a meaning.
    enum Cell: Equatable {
        case null
        case text(String)
        case number(String)
        case boolean(Bool)
        case other
    }

    public static func parse(_ bytes: [UInt8]) throws -> ValidatorHistory {
        do {
            return try parseDocument(bytes)
        } catch let error as JSONPullParser.Malformed {
            throw ValidatorHistoryFormatError("\(error)")
        }
    }

    private static func parseDocument(_ bytes: [UInt8]) throws -> ValidatorHistory {
        // Pass 1: the field names, wherever they are; where the epochs start.
        var parser = JSONPullParser(bytes)
        var fields: [String]?
        var epochsAt: Int?
        try parser.beginObject()
        while try parser.nextMember() {
            if parser.keyIs("fields") {
                var names: [String] = []
                try parser.beginArray()
                while try parser.nextElement() { names.append(try parser.string()) }
                fields = names
            } else if parser.keyIs("epochs") {
                epochsAt = parser.position
                try parser.skipValue()
            } else {
                try parser.skipValue()
            }
        }
        try parser.end()
        guard let fields else { throw ValidatorHistoryFormatError("no \"fields\" list") }
        guard let epochsAt else { throw ValidatorHistoryFormatError("no \"epochs\" list") }
        guard let voteIndex = fields.firstIndex(of: "voteAccount") else {
            throw ValidatorHistoryFormatError("\"fields\" has no voteAccount")
        }

        // Pass 2: the epochs.
        var epochs: [ValidatorHistory.Epoch] = []
        var seen = Set<UInt64>()
        // 3,000 vote accounts recur over 300,000 rows: each is checked as base58 once.
        var keys = Set<String>()
        var reader = JSONPullParser(bytes, at: epochsAt)
        try reader.beginArray()
        while try reader.nextElement() {
            var number: UInt64?
            var slotIndex: UInt64?
            var rowCells: [[Cell]] = []
            try reader.beginObject()
            while try reader.nextMember() {
                if reader.keyIs("epoch") {
                    number = try reader.uint64()
                } else if reader.keyIs("slotIndexOfRun") {
                    slotIndex = try reader.uint64()
                } else if reader.keyIs("rows") {
                    try reader.beginArray()
                    while try reader.nextElement() {
                        var cells: [Cell] = []
                        cells.reserveCapacity(fields.count)
                        try reader.beginArray()
                        while try reader.nextElement() { cells.append(try cell(&reader)) }
                        rowCells.append(cells)
                    }
                } else {
                    try reader.skipValue()
                }
            }
            guard let number else { throw ValidatorHistoryFormatError("epoch \(epochs.count + 1) of the list has no \"epoch\"") }
            guard let slotIndex, slotIndex > 0 else {
                throw ValidatorHistoryFormatError("epoch \(number) has no positive \"slotIndexOfRun\"")
            }
            guard seen.insert(number).inserted else { throw ValidatorHistoryFormatError("epoch \(number) is listed twice") }
            var rows: [ValidatorHistory.Row] = []
            var problems: [ValidatorHistory.RowProblem] = []
            var votes = Set<String>()
            for cells in rowCells {
                switch row(cells, fields: fields, voteIndex: voteIndex, knownKeys: &keys) {
                case .success(let row):
                    if votes.insert(row.voteAccount).inserted {
                        rows.append(row)
                    } else {
                        problems.append(.init(epoch: number, voteAccount: row.voteAccount, detail: "listed twice in the epoch"))
                    }
                case .failure(let problem):
                    problems.append(.init(epoch: number, voteAccount: problem.voteAccount, detail: problem.detail))
                }
            }
            epochs.append(.init(epoch: number, slotIndexOfRun: slotIndex, rows: rows, problems: problems))
        }
        epochs.sort { $0.epoch < $1.epoch }
        return ValidatorHistory(epochs: epochs)
    }

    private static func cell(_ parser: inout JSONPullParser) throws -> Cell {
        switch parser.peekKind() {
        case .null:
            _ = parser.null()
            return .null
        case .string: return .text(try parser.string())
        case .number: return .number(try parser.numberText())
        case .boolean: return .boolean(try parser.boolean())
        default:
            try parser.skipValue()
            return .other
        }
    }

    struct Problem: Error {
        var voteAccount: String?
        var detail: String
    }

    /// Gives each cell its field's meaning. Unknown fields are ignored.
    static func row(_ cells: [Cell], fields: [String], voteIndex: Int, knownKeys: inout Set<String>) -> Result<ValidatorHistory.Row, Problem> {
        guard cells.count == fields.count else {
            let vote: String? = if voteIndex < cells.count, case .text(let v) = cells[voteIndex] { v } else { nil }
            return .failure(Problem(voteAccount: vote, detail: "has \(cells.count) values for \(fields.count) fields"))
        }
        guard case .text(let vote) = cells[voteIndex], knownKeys.contains(vote) || Base58.isPublicKey(vote) else {
            return .failure(Problem(voteAccount: nil, detail: "voteAccount is not a base58 public key"))
        }
        knownKeys.insert(vote)
        var row = ValidatorHistory.Row(voteAccount: vote)
        func fail(_ field: String, _ detail: String) -> Result<ValidatorHistory.Row, Problem> {
            .failure(Problem(voteAccount: vote, detail: "\(field) \(detail)"))
        }
        for (field, cell) in zip(fields, cells) {
            if cell == .null { continue }
            do {
                switch field {
                case "clientVersion":
                    guard case .text(let text) = cell else { return fail(field, "is not a string") }
                    row.clientVersion = text.isEmpty ? nil : text
                case "country", "aso":
                    guard case .text(let text) = cell else { return fail(field, "is not a string") }
                    if field == "country" { row.country = text } else { row.aso = text }
                case "voteCredits":
                    guard case .number(let text) = cell else { return fail(field, "is not a number") }
                    let scaled = try DecimalText.scaled(text, by: 0)
                    guard try DecimalText.scaled(text, by: 3) == scaled * 1_000 else { return fail(field, "\(text) is not a whole number") }
                    row.sampledCredits = scaled
                case "inflationCommissionDec":
                    guard case .number(let text) = cell else { return fail(field, "is not a number") }
                    let percent = try DecimalText.scaled(text, by: 2)
                    guard percent <= 100 else { return fail(field, "\(text) is above 1 (100%)") }
                    row.commission = Int(percent)
                case "mevCommissionDec":
                    guard case .number(let text) = cell else { return fail(field, "is not a number") }
                    let bps = try DecimalText.scaled(text, by: 4)
                    guard bps <= 10_000 else { return fail(field, "\(text) is above 1 (100%)") }
                    row.mevCommissionBps = Int(bps)
                case "totalActivatedStakeSol", "selfStakeSol":
                    guard case .number(let text) = cell else { return fail(field, "is not a number") }
                    let lamports = try DecimalText.scaled(text, by: 9)
                    if field == "selfStakeSol" { row.selfStake = lamports } else { row.activatedStake = lamports }
                default:
                    continue
                }
            } catch let problem as DecimalText.Problem {
                return fail(field, "\(problem)")
            } catch {
                return fail(field, "\(error)")
            }
        }
        return .success(row)
    }
}
