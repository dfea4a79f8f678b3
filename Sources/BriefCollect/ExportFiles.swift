import BriefCore

/// A history written back in the import formats (docs/data-format.md), so `import` reads it
/// again to the same values: numbers in the shortest form that reads back to the same double,
/// missing values as empty cells. Sources are not carried: importing the files names them as
/// the source.
public enum ExportFiles {
    /// Why a history cannot be written in a shape `import` reads back.
    public struct TooLarge: Error, CustomStringConvertible {
        public var description: String
    }

    /// The daily-metrics CSV of `assets` from `first` through `last`: one row per asset and day
    /// with any value, one column per metric any of them has. Throws `TooLarge` rather than
    /// write a line past what `CSVReader` reads (`maxFields` fields, `maxRecordBytes` bytes).
    public static func metrics(_ history: History, assets: [Asset], from first: Day, through last: Day) throws(TooLarge) -> String {
        let metrics = Array(Set(assets.flatMap(history.metrics(of:)))).sorted()
        guard metrics.count + 2 <= CSVReader.maxFields else {
            throw TooLarge(description: "export: \(metrics.count + 2) columns (date, asset and \(metrics.count) metrics) are more than "
                + "the \(CSVReader.maxFields) fields a line may have for import to read it back; export fewer assets at a time (--asset)")
        }
        let header = (["date", "asset"] + metrics.map(\.name)).joined(separator: ",")
        var text = header + "\n"
        // Values are at most 24 bytes: only a header of long fund names could pass the limit.
        guard header.utf8.count <= CSVReader.maxRecordBytes else {
            throw TooLarge(description: "export: a header line of \(header.utf8.count) bytes is more than the \(CSVReader.maxRecordBytes) "
                + "bytes a line may have for import to read it back; export fewer assets at a time (--asset)")
        }
        guard first <= last else { return text }
        for offset in 0...first.days(to: last) {
            let day = first.adding(days: offset)
            for asset in assets {
                let cells = metrics.map { history.series(asset, $0).value(on: day).map(number) ?? "" }
                guard cells.contains(where: { !$0.isEmpty }) else { continue }
                text += "\(day),\(asset)," + cells.joined(separator: ",") + "\n"
            }
        }
        return text
    }

    /// The transfers CSV of `assets` from `first` through `last`, oldest first.
    public static func transfers(_ history: History, assets: [Asset], from first: Day, through last: Day) -> String {
        var text = TransfersFile.columns.joined(separator: ",") + "\n"
        for transfer in history.transfers where assets.contains(transfer.asset) && transfer.day >= first && transfer.day <= last {
            let cells = [quoted(transfer.id), transfer.time, transfer.asset.code, number(transfer.amount), number(transfer.usdValue),
                         transfer.dormantYears.map(number) ?? "", transfer.action.rawValue, transfer.rotatedInto?.code ?? "", quoted(transfer.label)]
            text += cells.joined(separator: ",") + "\n"
        }
        return text
    }

    /// The shortest decimal that reads back to `value` (`108000`, `8e-05`).
    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// A text field made safe to open in a spreadsheet: control characters shown as U+FFFD, a
    /// leading `=`, `+`, `-` or `@` (a formula to a spreadsheet) after an apostrophe, which
    /// import takes off again (`TransfersFile.unguarded`); quoted when it holds a comma, a quote or
    /// starts like a comment.
    static func quoted(_ field: String) -> String {
        var field = PrintableText.of(field)
        if let first = field.first, TransfersFile.formulaStarts.contains(first) { field = "'" + field }
        guard field.contains(where: { $0 == "," || $0 == "\"" }) || field.hasPrefix("#") else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
