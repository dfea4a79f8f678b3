import BriefCore

/// The large-transfers CSV (`docs/data-format.md`).
public enum TransfersFile {
    /// The columns, in order.
    public static let columns = ["id", "time", "asset", "amount", "usd_value", "dormant_years", "action", "rotated_into", "label"]

    /// First characters a spreadsheet reads as the start of a formula.
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@"]

    /// A text cell as export wrote it for spreadsheets (`'=x` for `=x`), back to its value.
    static func unguarded(_ text: String) -> String {
        guard text.hasPrefix("'"), let second = text.dropFirst().first, formulaStarts.contains(second) else { return text }
        return String(text.dropFirst())
    }

    /// Every transfer in the file, or every problem found.
    public static func parse(_ bytes: [UInt8], file: String, source: String, latestDay: Day) throws(InputError) -> [Transfer] {
        try parse(records: CSVReader.records(bytes, file: file), file: file, source: source, latestDay: latestDay)
    }

    static func parse(records: [CSVRecord], file: String, source: String, latestDay: Day) throws(InputError) -> [Transfer] {
        var reader = Reader(file: file, source: source, latestDay: latestDay)
        var transfers: [Transfer] = []
        for record in records {
            if let transfer = try reader.take(record) { transfers.append(transfer) }
        }
        try reader.finish()
        return transfers
    }

    /// Checks a transfers file record by record and gives each transfer as it is read; once a
    /// problem is found no more are given, and `finish` throws every problem.
    struct Reader {
        private let file: String
        private let source: String
        private let latestDay: Day
        private var sawHeader = false
        private var problems = ProblemList()
        private var firstLineOf: [String: Int] = [:]

        init(file: String, source: String, latestDay: Day) {
            self.file = file
            self.source = source
            self.latestDay = latestDay
        }

        /// The transfer of one record (`nil` for the header or a row with a problem).
        mutating func take(_ record: CSVRecord) throws(InputError) -> Transfer? {
            guard sawHeader else {
                guard record.fields.map(\.trimmed) == columns else {
                    throw InputError(problems: [InputProblem(file: file, line: record.line, field: "header", reason: "must be exactly \(columns.joined(separator: ","))")])
                }
                sawHeader = true
                return nil
            }
            guard record.fields.count == columns.count else {
                problems.add(InputProblem(file: file, line: record.line, field: "row", reason: "has \(record.fields.count) fields, the header has \(columns.count)"))
                return nil
            }
            let fields = Dictionary(uniqueKeysWithValues: zip(columns, record.fields.map(\.trimmed)))
            var failed = false
            func read<T>(_ column: String, _ parse: (String) throws(FieldParsing.Failure) -> T) -> T? {
                do { return try parse(fields[column]!) } catch {
                    if case .reason(let reason) = error {
                        problems.add(InputProblem(file: file, line: record.line, field: column, reason: reason))
                    }
                    failed = true
                    return nil
                }
            }
            let id = read("id") { text throws(FieldParsing.Failure) in
                guard !text.isEmpty else { throw .reason("required") }
                return try FieldParsing.plainText(TransfersFile.unguarded(text), maxLength: 100)
            }
            let day = read("time", FieldParsing.time)
            let asset = read("asset", FieldParsing.asset)
            let amount = read("amount") { text throws(FieldParsing.Failure) in
                let value = try FieldParsing.number(text)
                try PlausibleTransfer.checkAmount(value)
                return value
            }
            let usd = read("usd_value") { text throws(FieldParsing.Failure) in
                let value = try FieldParsing.number(text)
                try PlausibleTransfer.checkUSD(value)
                return value
            }
            let dormant = read("dormant_years") { text throws(FieldParsing.Failure) -> Double? in
                // Empty: the data does not say (Whale Alert's exports do not).
                if text.isEmpty { return nil }
                let value = try FieldParsing.number(text)
                try PlausibleTransfer.checkDormantYears(value)
                return value
            }
            let action = read("action") { text throws(FieldParsing.Failure) in
                guard let action = Transfer.Action(rawValue: text) else {
                    throw .reason("must be one of \(Transfer.Action.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return action
            }
            let rotated = read("rotated_into") { text throws(FieldParsing.Failure) -> Asset? in
                text.isEmpty ? nil : try FieldParsing.asset(text)
            }
            let label = read("label") { text throws(FieldParsing.Failure) in try FieldParsing.plainText(TransfersFile.unguarded(text), maxLength: 200) }
            guard !failed, let id, let day, let asset, let amount, let usd, let dormant, let action, let rotated, let label else { return nil }
            if day > latestDay {
                problems.add(InputProblem(file: file, line: record.line, field: "time", reason: "\(day) is in the future"))
                return nil
            }
            if let earlier = firstLineOf[id] {
                problems.add(InputProblem(file: file, line: record.line, field: "id", reason: "\(FieldParsing.quoted(id)) already given on line \(earlier)"))
                return nil
            }
            firstLineOf[id] = record.line
            guard problems.isEmpty else { return nil }
            return Transfer(id: id, time: fields["time"]!, day: day, asset: asset, amount: amount, usdValue: usd,
                            dormantYears: dormant, action: action, rotatedInto: rotated, label: label, source: source)
        }

        /// Throws every problem found, or that the file had no header.
        func finish() throws(InputError) {
            guard sawHeader else {
                throw InputError(problems: [InputProblem(file: file, line: 1, field: "file", reason: "empty file: expected a header line")])
            }
            try problems.throwIfAny()
        }
    }
}
