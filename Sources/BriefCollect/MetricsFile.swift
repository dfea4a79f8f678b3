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
        var reader = Reader(file: file, source: source, latestDay: latestDay)
        var samples: [MetricSample] = []
        for record in records { samples += try reader.take(record) }
        try reader.finish()
        return samples
    }

    /// Checks a metrics file record by record and gives each row's samples as it is read, so a
    /// file of any size is imported in constant memory. Once a problem is found no more samples
    /// are given; `finish` throws every problem.
    struct Reader {
        private let file: String
        private let source: String
        private let latestDay: Day
        private var header: [String] = []
        private var columns: [(Metric, Int)] = []
        private var intervalColumn: Int?
        private var rows = 0
        private var problems = ProblemList()
        /// The line of each (asset, day) already read: memory grows with distinct days, not with the file.
        private var firstLineOf: [AssetDay: Int] = [:]
        private var assets: [Asset] = []

        init(file: String, source: String, latestDay: Day) {
            self.file = file
            self.source = source
            self.latestDay = latestDay
        }

        /// The samples of one record (none for the header or a row with a problem).
        mutating func take(_ record: CSVRecord) throws(InputError) -> [MetricSample] {
            guard !header.isEmpty else {
                header = record.fields
                (columns, intervalColumn) = try Self.columns(record, file: file)
                return []
            }
            rows += 1
            func problem(_ field: String, _ reason: String) {
                problems.add(InputProblem(file: file, line: record.line, field: field, reason: reason))
            }
            guard record.fields.count == header.count else {
                problem("row", "has \(record.fields.count) fields, the header has \(header.count)")
                return []
            }
            var day: Day?, asset: Asset?
            do { day = try FieldParsing.day(record.fields[0].trimmed) } catch { if case .reason(let r) = error { problem("date", r) } }
            do { asset = try cachedAsset(record.fields[1].trimmed) } catch { if case .reason(let r) = error { problem("asset", r) } }
            guard let day, let asset else { return [] }
            if day > latestDay {
                problem("date", "\(day) is in the future")
                return []
            }
            let key = AssetDay(asset: assets.firstIndex(of: asset)!, day: day)
            if let earlier = firstLineOf[key] {
                problem("date", "\(asset) on \(day) already given on line \(earlier)")
                return []
            }
            firstLineOf[key] = record.line

            var values: [(Metric, Double)] = []
            values.reserveCapacity(columns.count)
            for (metric, index) in columns {
                let text = record.fields[index].trimmed
                guard !text.isEmpty else { continue }
                do {
                    let value = try FieldParsing.number(text)
                    try metric.checkPlausible(value)
                    try metric.checkTradingDay(value, on: day)
                    values.append((metric, value))
                } catch {
                    if case .reason(let r) = error { problem(metric.name, r) }
                }
            }
            let intervalCell = intervalColumn.map { record.fields[$0].trimmed } ?? ""
            if values.contains(where: { $0.0 == .fundingRate }), intervalCell.isEmpty {
                problem(Metric.fundingIntervalHours.name, "required when funding_rate is given (the rate is per settlement)")
            }
            guard problems.isEmpty else { return [] }
            return values.map { MetricSample(asset: asset, day: day, metric: $0.0, value: $0.1, source: source) }
        }

        /// Throws every problem found, or that the file had no header or no rows.
        func finish() throws(InputError) {
            guard !header.isEmpty else {
                throw InputError(problems: [InputProblem(file: file, line: 1, field: "file", reason: "empty file: expected a header line")])
            }
            var problems = problems
            if rows == 0 {
                problems.add(InputProblem(file: file, line: 2, field: "file", reason: "no data rows after the header"))
            }
            try problems.throwIfAny()
        }

        /// The asset of a row; a file names few assets, so each code is checked once.
        private mutating func cachedAsset(_ code: String) throws(FieldParsing.Failure) -> Asset {
            if let known = assets.first(where: { $0.code == code }) { return known }
            let asset = try FieldParsing.asset(code)
            assets.append(asset)
            return asset
        }

        private struct AssetDay: Hashable {
            var asset: Int
            var day: Day
        }

        /// Maps each metric column to its index; rejects unknown, duplicate and missing key columns.
        private static func columns(_ header: CSVRecord, file: String) throws(InputError) -> ([(Metric, Int)], interval: Int?) {
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
                                                 reason: "unknown column (known: \(Metric.standard.map(\.name).joined(separator: ", ")), etf_flow_usd.FUND, "
                                                    + "and a venue's own \(Metric.perVenue.map { $0.name + ".VENUE" }.joined(separator: ", ")))"))
                }
            }
            guard problems.isEmpty else { throw InputError(problems: problems) }
            // Sorted by metric, so each row's samples come out in one order whatever the column order.
            return (columns.sorted { $0.0 < $1.0 }, columns.first { $0.0 == .fundingIntervalHours }?.1)
        }
    }
}

extension String {
    /// Without surrounding spaces and tabs.
    var trimmed: String {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = utf8.first, let last = utf8.last, isBlank(first) || isBlank(last) else { return self }
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
