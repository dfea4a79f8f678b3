import BriefCore
import Foundation
import Testing
@testable import BriefCollect

private let formats = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("data/formats")
private let today = Day("2025-09-01")!

private func read(_ name: String, _ format: InputFormat) throws -> ImportBatch {
    try InputFiles.read([formats.appendingPathComponent(name).path], format: format, asset: .btc, latestDay: today)
}

/// Problems reading `text` as `format`, as `line: field: reason`.
private func problems(_ text: String, _ format: InputFormat, name: String = "export") -> [String] {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)")
    try? text.write(to: url, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: url) }
    do {
        _ = try InputFiles.read([url.path], format: format, asset: .btc, latestDay: today)
        return []
    } catch {
        return error.problems.map { "\($0.line): \($0.field): \($0.reason)" }
    }
}

@Suite struct ExportFormatsTests {
    private func value(_ batch: ImportBatch, _ day: String, _ metric: Metric) -> Double? {
        batch.samples.first { $0.day == Day(day)! && $0.metric == metric }?.value
    }

    @Test func farsideTablesReadParenthesesDashesAndSkipSummaries() throws {
        let batch = try read("farside-btc.csv", .farside)
        #expect(value(batch, "2025-08-26", .etfNetflowUSD) == -296e6)
        #expect(value(batch, "2025-08-21", Metric.etfFund("IBIT")!) == -127.3e6)
        #expect(value(batch, "2025-08-21", Metric.etfFund("BITB")!) == nil, "a dash is not reported, not zero")
        #expect(value(batch, "2025-08-22", Metric.etfFund("IBIT")!) == 0)
        #expect(Set(batch.samples.map(\.day)).count == 4, "Total, Average, Maximum and Minimum rows are not days")
        #expect(batch.samples.allSatisfy { $0.source == "farside:farside-btc.csv" })
    }

    @Test func farsideWithoutATotalSumsTheFunds() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).csv")
        try "Date,IBIT,FBTC\n11 Jan 2024,111.7,227.0\n12 Jan 2024,(10.5),-\n".write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let batch = try InputFiles.read([url.path], format: .farside, asset: .btc, latestDay: today)
        #expect(abs(value(batch, "2024-01-11", .etfNetflowUSD)! - 338.7e6) < 1e-3)
        #expect(value(batch, "2024-01-12", .etfNetflowUSD) == -10.5e6)
    }

    @Test(arguments: [
        ("Date,IBIT,Total\n32 Jan 2024,1,1\n", "2: Date: not a date like 11 Jan 2024 (a four-digit year): \"32 Jan 2024\""),
        ("Date,IBIT,Total\n26 Aug 25,1,1\n", "2: Date: not a date like 11 Jan 2024 (a four-digit year): \"26 Aug 25\""),
        ("Date,IBIT,Total\n11 Jan 2024,(-1),1\n", "2: IBIT: a sign inside parentheses is ambiguous: \"(-1)\""),
        ("Date,IBIT,Total\n11 Jan 2024,\"12,34\",1\n", "2: IBIT: commas only between groups of three digits: \"12,34\""),
        ("Date,IBIT,Total\n11 Jan 2024,\"1,,234\",1\n", "2: IBIT: commas only between groups of three digits: \"1,,234\""),
        ("Date,IBIT,IBIT,Total\n", "1: IBIT: column given twice"),
        ("Date,IBIT,Total\n11 Jan 2024,abc,1\n", "2: IBIT: not a number: \"abc\""),
        ("Date,I-BIT,Total\n", "1: I-BIT: not a fund ticker (1–10 of A–Z, 0–9) or Total"),
        ("Fund,IBIT\n", "1: header: the first column must be Date (Farside layout)"),
        ("Date,IBIT,Total\n11 Jan 2024,1,1\n11 Jan 2024,2,2\n", "3: Date: 2024-01-11 already given on line 2"),
        ("Date,IBIT,Total\n11 Jan 2030,1,1\n", "2: Date: 2030-01-11 is in the future"),
    ])
    func farsideProblemsNameLineAndColumn(text: String, expected: String) {
        #expect(problems(text, .farside).contains(expected), "\(problems(text, .farside))")
    }

    @Test func whaleAlertTransfersBecomeSalesWhenTheyReachAnExchange() throws {
        let transfers = try read("whale-alert.json", .whaleAlert).transfers
        #expect(transfers.count == 2)
        let sale = try #require(transfers.first)
        #expect(sale.time == "2025-08-24T09:15:27Z" && sale.day == Day("2025-08-24")!)
        #expect(sale.amount == 22_400 && sale.usdValue == 2.6e9 && sale.action == .sold)
        #expect(sale.label == "from unknown wallet to binance")
        #expect(sale.dormantYears == nil, "Whale Alert does not report dormancy: unknown, not 0")
        #expect(transfers[1].time == "2025-08-24T10:06:40Z", "a timestamp given as a string")
        #expect(transfers[1].action == .moved, "between two wallets of one exchange: a move, not a sale")
    }

    @Test func coinglassAndNetflowFilesFillTheirMetrics() throws {
        let liquidations = try read("coinglass-liquidations.json", .coinglass)
        #expect(value(liquidations, "2025-08-26", .longLiquidationsUSD) == 477e6)
        #expect(value(liquidations, "2025-08-24", .shortLiquidationsUSD) == 41_000_000.5)
        let netflows = try read("netflow-btc.csv", .netflow)
        #expect(value(netflows, "2025-08-26", .exchangeNetflowCoins) == -410.25)
    }

    @Test(arguments: [
        ("{\"transactions\":[{\"symbol\":\"btc\",\"hash\":\"a\",\"timestamp\":1756026927,\"amount\":-1,\"amount_usd\":1}]}", InputFormat.whaleAlert,
         "0: transactions[0].amount: must be above zero"),
        ("{\"transactions\":[{\"symbol\":\"btc\",\"timestamp\":1756026927,\"amount\":1,\"amount_usd\":1}]}", .whaleAlert,
         "0: transactions[0].hash: required"),
        ("{\"result\":\"error\"}", .whaleAlert, "0: transactions: missing"),
        ("{\"code\":\"40001\",\"msg\":\"API key missing\"}", .coinglass, "0: code: CoinGlass reported an error: 40001 API key missing"),
        ("{\"code\":\"0\",\"data\":[{\"time\":1756166400000,\"aggregated_long_liquidation_usd\":\"x\",\"aggregated_short_liquidation_usd\":1}]}", .coinglass,
         "0: data[0].aggregated_long_liquidation_usd: must be a number, zero or more"),
        ("not json", .coinglass, "0: json: not true, false or null (line 1, character 1); not valid JSON"),
        ("{\"code\":\"0\",\"data\":[{\"time\":1756166400,\"aggregated_long_liquidation_usd\":1,\"aggregated_short_liquidation_usd\":1}]}", .coinglass,
         "0: data[0].time: 1756166400 is not a time in milliseconds after 2009 (seconds?)"),
        ("{\"transactions\":[{\"symbol\":\"btc\",\"hash\":\"a\",\"timestamp\":1756026927000,\"amount\":1,\"amount_usd\":1}]}", .whaleAlert,
         "0: transactions[0].timestamp: 1756026927000 is not a time in seconds after 2009 (milliseconds?)"),
        ("date,value\n2025-08-26,1e309\n", .netflow, "2: value: number out of range: \"1e309\""),
        ("date,value\n2025-02-30,1\n", .netflow, "2: date: not a date YYYY-MM-DD (or no such day): \"2025-02-30\""),
        ("day,netflow,extra\n", .netflow, "1: header: expected two columns: date,value"),
    ])
    func jsonAndNetflowProblemsNameTheirField(text: String, format: InputFormat, expected: String) {
        #expect(problems(text, format).contains(expected), "\(problems(text, format))")
    }

    /// A value of the wrong JSON type is named by the file and its JSON path, as every other
    /// problem of an export (not Swift's coding path, `transactions.Index 1.amount`).
    @Test(arguments: [
        ("{\"transactions\":[{\"hash\":\"a\",\"symbol\":\"btc\",\"timestamp\":1756026927,\"amount\":1,\"amount_usd\":1},"
            + "{\"hash\":\"b\",\"symbol\":\"btc\",\"timestamp\":1756026927,\"amount\":{},\"amount_usd\":1}]}", InputFormat.whaleAlert,
         "transactions[1].amount: a number or text expected"),
        ("{\"transactions\":[{\"hash\":\"a\",\"symbol\":\"btc\",\"timestamp\":1756026927,\"amount\":1,\"amount_usd\":1,\"from\":{\"owner\":5}}]}",
         .whaleAlert, "transactions[0].from.owner: text expected"),
        ("{\"transactions\":{}}", .whaleAlert, "transactions: a list expected"),
        ("{\"code\":\"0\",\"data\":[{\"time\":[1756166400000]}]}", .coinglass, "data[0].time: a number or text expected"),
    ])
    func aValueOfTheWrongTypeIsNamedByFileAndJSONPath(text: String, format: InputFormat, expected: String) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-whales.json")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let error = #expect(throws: InputError.self) {
            try InputFiles.read([url.path], format: format, asset: .btc, latestDay: today)
        }
        #expect(error?.description == "\(url.path):0: \(expected)")
    }
}
