import BriefCore

/// The daily metrics CSV (`docs/data-format.md`): `date,asset` then any metric columns.
public enum MetricsFile {
    /// Headers a metrics file starts with.
    public static let keyColumns = ["date", "asset"]

    /// Every sample in the file, or every problem found (`file:line: field: reason`).
    /// - Parameter latestDay: days after it are refused as future dates.
    public static func parse(_ bytes: [UInt8], file: String, source: String, latestDay: Day) throws(InputError) -> [MetricSample] {
        try parse(records: CSVReader.records(bytes, file: file), file: file, source: source, latestDay: latestDay)
    }

    static func parse(records: [CSVRecord], file: String, source: String, latestDay: Day) throws(InputError) -> [MetricSample] {
        guard let header = records.first else {
            throw InputError(problems: [InputProblem(file: file, line: 1, field: "file", reason: "empty file: expected a header line")])
        }
        let columns = try columns(header, file: file)
        let intervalColumn = columns.first { $0.0 == .fundingIntervalHours }?.1
        var problems: [InputProblem] = []
        var samples: [MetricSample] = []
        var firstLineOf: [String: Int] = [:]

        for record in records.dropFirst() {
            func problem(_ field: String, _ reason: String) {
                problems.append(InputProblem(file: file, line: record.line, field: field, reason: reason))
            }
            guard record.fields.count == header.fields.count else {
                problem("row", "has \(record.fields.count) fields, the header has \(header.fields.count)")
                continue
            }
            var day: Day?, asset: Asset?
            do { day = try FieldParsing.day(record.fields[0].trimmed) } catch { if case .reason(let r) = error { problem("date", r) } }
            do { asset = try FieldParsing.asset(record.fields[1].trimmed) } catch { if case .reason(let r) = error { problem("asset", r) } }
            guard let day, let asset else { continue }
            if day > latestDay {
                problem("date", "\(day) is in the future")
                continue
            }
            let key = "\(day) \(asset)"
            if let earlier = firstLineOf[key] {
                problem("date", "\(asset) on \(day) already given on line \(earlier)")
                continue
            }
            firstLineOf[key] = record.line

            var values: [Metric: Double] = [:]
            for (metric, index) in columns {
                let text = record.fields[index].trimmed
                guard !text.isEmpty else { continue }
                do {
                    let value = try FieldParsing.number(text)
                    try check(value, of: metric)
                    values[metric] = value
                } catch {
                    if case .reason(let r) = error { problem(metric.name, r) }
                }
            }
            let intervalCell = intervalColumn.map { record.fields[$0].trimmed } ?? ""
            if values[.fundingRate] != nil, intervalCell.isEmpty {
                problem(Metric.fundingIntervalHours.name, "required when funding_rate is given (the rate is per settlement)")
            }
            for (metric, value) in values.sorted(by: { $0.key < $1.key }) {
                samples.append(MetricSample(asset: asset, day: day, metric: metric, value: value, source: source))
            }
        }
        if records.count == 1 {
            problems.append(InputProblem(file: file, line: 2, field: "file", reason: "no data rows after the header"))
        }
        guard problems.isEmpty else { throw InputError(problems: problems) }
        return samples
    }

    /// Maps each metric column to its index; rejects unknown, duplicate and missing key columns.
    private static func columns(_ header: CSVRecord, file: String) throws(InputError) -> [(Metric, Int)] {
        let names = header.fields.map(\.trimmed)
        var problems: [InputProblem] = []
        if Array(names.prefix(2)) != keyColumns {
            problems.append(InputProblem(file: file, line: header.line, field: "header", reason: "must start with date,asset (found \(names.prefix(2).joined(separator: ",")))"))
        }
        var columns: [(Metric, Int)] = []
        var seen = Set<String>()
        for (index, name) in names.enumerated().dropFirst(2) {
            if !seen.insert(name).inserted {
                problems.append(InputProblem(file: file, line: header.line, field: name, reason: "duplicate column"))
            } else if let metric = Metric(name: name) {
                columns.append((metric, index))
            } else {
                problems.append(InputProblem(file: file, line: header.line, field: name.isEmpty ? "column \(index + 1)" : name,
                                             reason: "unknown column (known: \(Metric.standard.map(\.name).joined(separator: ", ")), etf_flow_usd.FUND)"))
            }
        }
        guard problems.isEmpty else { throw InputError(problems: problems) }
        return columns
    }

    /// Range checks that catch unit mistakes and impossible values.
    private static func check(_ value: Double, of metric: Metric) throws(FieldParsing.Failure) {
        switch metric {
        case .closeUSD, .closeBTC:
            guard value > 0 else { throw .reason("a price must be above zero") }
        case .fundingRate:
            guard abs(value) < 0.05 else {
                throw .reason("\(value) per settlement is implausible: rates are fractions (0.0001 = 0.01%) and must stay within ±0.05")
            }
        case .fundingIntervalHours:
            guard value >= 1, value <= 24, value == value.rounded() else { throw .reason("must be a whole number of hours from 1 to 24") }
        case .openInterestCoins, .openInterestUSD, .longLiquidationsUSD, .shortLiquidationsUSD:
            guard value >= 0 else { throw .reason("cannot be negative") }
        default:
            break
        }
    }
}

extension String {
    /// Without surrounding spaces and tabs.
    var trimmed: String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
