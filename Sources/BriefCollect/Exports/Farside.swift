import BriefCore
import Foundation

/// Spot-ETF flows in Farside's table layout: a `Date` column (`11 Jan 2024`), one column per
/// fund and usually `Total`, in US$ millions; `(45.4)` is negative, `-` or empty means not
/// reported (no value, not zero). Summary rows (`Total`, `Average`, `Maximum`, `Minimum`) are skipped.
enum FarsideFile {
    static let summaryRows: Set<String> = ["total", "average", "maximum", "minimum"]
    /// Columns a table may have: Date, a fund each (Farside lists a dozen) and Total.
    static let maxColumns = 200
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                                     "october", "november", "december"]

    static func parse(_ bytes: [UInt8], file: String, asset: Asset, source: String, latestDay: Day) throws(InputError) -> [MetricSample] {
        let records = try CSVReader.records(bytes, file: file)
        guard let header = records.first else {
            throw InputError(problems: [InputProblem(file: file, line: 1, field: "file", reason: "empty file: expected a header line")])
        }
        var problems = ProblemList()
        guard header.fields.first?.trimmed.lowercased() == "date" else {
            throw InputError(problems: [InputProblem(file: file, line: header.line, field: "header",
                                                     reason: "the first column must be Date (Farside layout)")])
        }
        // Each column after Date: a fund's metric, or the total (nil).
        var columns: [(name: String, metric: Metric?)] = []
        var named = Set<String>()
        guard header.fields.count <= maxColumns else {
            throw InputError(problems: [InputProblem(file: file, line: header.line, field: "header",
                                                     reason: "\(header.fields.count) columns, more than the \(maxColumns) a Farside table may have (a dozen funds and Total)")])
        }
        for name in header.fields.dropFirst().map(\.trimmed) {
            if !named.insert(name.lowercased()).inserted {
                problems.add(InputProblem(file: file, line: header.line, field: name, reason: "column given twice"))
            } else if name.lowercased() == "total" {
                columns.append((name, nil))
            } else if let fund = Metric.etfFund(name) {
                columns.append((name, fund))
            } else {
                problems.add(InputProblem(file: file, line: header.line, field: name, reason: "not a fund ticker (1–10 of A–Z, 0–9) or Total"))
            }
        }
        try problems.throwIfAny()

        var samples: [MetricSample] = []
        var seen: [Day: Int] = [:]
        for record in records.dropFirst() {
            func problem(_ field: String, _ reason: String) {
                problems.add(InputProblem(file: file, line: record.line, field: field, reason: reason))
            }
            let first = record.fields.first?.trimmed ?? ""
            if summaryRows.contains(first.lowercased()) || record.fields.allSatisfy({ $0.trimmed.isEmpty }) { continue }
            guard record.fields.count == header.fields.count else {
                problem("row", "has \(record.fields.count) fields, the header has \(header.fields.count)")
                continue
            }
            guard let day = day(first) else {
                problem("Date", "not a date like 11 Jan 2024 (a four-digit year): \(FieldParsing.quoted(first))")
                continue
            }
            if day > latestDay { problem("Date", "\(day) is in the future"); continue }
            if let earlier = seen[day] { problem("Date", "\(day) already given on line \(earlier)"); continue }
            seen[day] = record.line
            var total: Double?, fundSum = 0.0, fundsReported = 0
            for (column, text) in zip(columns, record.fields.dropFirst()) {
                let millions: Double?
                do { millions = try flow(text.trimmed) } catch { if case .reason(let reason) = error { problem(column.name, reason) }; continue }
                guard let millions else { continue }
                do {
                    try Metric.etfNetflowUSD.checkPlausible(millions * 1e6)
                    try Metric.etfNetflowUSD.checkTradingDay(millions * 1e6, on: day)
                } catch {
                    if case .reason(let reason) = error { problem(column.name, reason) }
                    continue
                }
                if let metric = column.metric {
                    samples.append(MetricSample(asset: asset, day: day, metric: metric, value: millions * 1e6, source: source))
                    fundSum += millions
                    fundsReported += 1
                } else {
                    total = millions
                }
            }
            if let value = total ?? (fundsReported > 0 ? fundSum : nil) {
                samples.append(MetricSample(asset: asset, day: day, metric: .etfNetflowUSD, value: value * 1e6, source: source))
            }
        }
        try problems.throwIfAny()
        return samples
    }

    /// `11 Jan 2024`: a day of one or two digits, an English month (`Jan` or `January`, in any
    /// case) and a four-digit year (`25` could be any century); `026 Aug 2025` or `11 Janx 2024`
    /// is refused, not read leniently.
    static func day(_ text: String) -> Day? {
        let parts = text.split(separator: " ")
        guard parts.count == 3, let dayOfMonth = FieldParsing.whole(parts[0], digits: 1...2),
              let year = FieldParsing.whole(parts[2], digits: 4...4),
              let month = months.firstIndex(of: parts[1].lowercased()) ?? monthNames.firstIndex(of: parts[1].lowercased()) else { return nil }
        return Day(year: Int(year), month: month + 1, day: Int(dayOfMonth)).flatMap { $0 >= .earliest ? $0 : nil }
    }

    /// US$ millions: `12.3`, `1,234.5`, `(45.4)` for −45.4; `-` or empty for not reported. A sign
    /// inside parentheses (`(-1)`) says two things at once and is refused.
    static func flow(_ text: String) throws(FieldParsing.Failure) -> Double? {
        if text.isEmpty || text == "-" { return nil }
        let negative = text.hasPrefix("(") && text.hasSuffix(")")
        if negative, text.dropFirst().hasPrefix("-") || text.dropFirst().hasPrefix("+") {
            throw .reason("a sign inside parentheses is ambiguous: \(FieldParsing.quoted(text))")
        }
        let inner = negative ? String(text.dropFirst().dropLast()) : text
        // A comma only between groups of three digits (`1,234.5`): `12,34` may be a European
        // 12.34, and ambiguous input is an error, not a guess.
        let whole = inner.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let groups = whole.drop { $0 == "-" || $0 == "+" }.split(separator: ",", omittingEmptySubsequences: false)
        if groups.count > 1, !(1...3).contains(groups[0].count) || groups.dropFirst().contains(where: { $0.count != 3 }) {
            throw .reason("commas only between groups of three digits: \(FieldParsing.quoted(text))")
        }
        let value = try FieldParsing.number(inner.replacingOccurrences(of: ",", with: ""))
        return negative ? -value : value
    }
}
