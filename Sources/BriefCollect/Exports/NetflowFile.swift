import BriefCore

/// Exchange net flows as a plain CSV: `date,value` (coins, positive = inflow to exchanges).
enum NetflowFile {
    static func parse(_ bytes: [UInt8], file: String, asset: Asset, source: String, latestDay: Day) throws(InputError) -> [MetricSample] {
        let records = try CSVReader.records(bytes, file: file)
        guard let header = records.first, header.fields.count == 2, header.fields[0].trimmed.lowercased() == "date" else {
            throw InputError(problems: [InputProblem(file: file, line: records.first?.line ?? 1, field: "header",
                                                     reason: "expected two columns: date,value")])
        }
        var samples: [MetricSample] = []
        var problems = ProblemList()
        var seen: [Day: Int] = [:]
        for record in records.dropFirst() {
            func problem(_ field: String, _ reason: String) {
                problems.add(InputProblem(file: file, line: record.line, field: field, reason: reason))
            }
            guard record.fields.count == 2 else { problem("row", "has \(record.fields.count) fields, expected 2"); continue }
            let day: Day, value: Double
            do { day = try FieldParsing.day(record.fields[0].trimmed) } catch {
                if case .reason(let reason) = error { problem("date", reason) }
                continue
            }
            do {
                value = try FieldParsing.number(record.fields[1].trimmed)
                try Metric.exchangeNetflowCoins.checkPlausible(value)
            } catch {
                if case .reason(let reason) = error { problem("value", reason) }
                continue
            }
            guard day <= latestDay else { problem("date", "\(day) is in the future"); continue }
            if let earlier = seen[day] { problem("date", "\(day) already given on line \(earlier)"); continue }
            seen[day] = record.line
            samples.append(MetricSample(asset: asset, day: day, metric: .exchangeNetflowCoins, value: value, source: source))
        }
        try problems.throwIfAny()
        guard !samples.isEmpty else {
            throw InputError(problems: [InputProblem(file: file, line: header.line, field: "file", reason: "no rows under the header")])
        }
        return samples
    }
}
