import BriefCore
import Testing
@testable import BriefCollect

/// `export` writes only what `import` reads back: a history of more metric columns than a CSV
/// line may hold is refused by export, and one at the limit is read back by the CSV reader.
@Suite struct ExportLimitTests {
    /// A history of BTC with `count` ETF fund series, one value each on one day.
    private func history(funds count: Int) -> History {
        let digits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let day = Day("2025-08-26")!
        let samples = (0..<count).map { index -> MetricSample in
            var name = "", rest = index
            for _ in 0..<4 {
                name.append(digits[rest % 36])
                rest /= 36
            }
            return MetricSample(asset: .btc, day: day, metric: Metric.etfFund("F" + name)!, value: 1e6, source: "t")
        }
        return History(asOf: day, samples: samples, transfers: [])
    }

    @Test func moreColumnsThanImportReadsAreRefusedByExport() throws {
        let day = Day("2025-08-26")!
        #expect {
            try ExportFiles.metrics(history(funds: CSVReader.maxFields - 1), assets: [.btc], from: day, through: day)
        } throws: { error in
            "\(error)" == "export: 65537 columns (date, asset and 65535 metrics) are more than the 65536 fields a line may have "
                + "for import to read it back; export fewer assets at a time (--asset)"
        }
        let widest = try ExportFiles.metrics(history(funds: CSVReader.maxFields - 2), assets: [.btc], from: day, through: day)
        let samples = try MetricsFile.parse(Array(widest.utf8), file: "export.csv", source: "file:export.csv", latestDay: day)
        #expect(samples.count == CSVReader.maxFields - 2)
    }
}
