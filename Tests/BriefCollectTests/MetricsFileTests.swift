import BriefCore
import Testing
@testable import BriefCollect

private let today = Day("2025-12-31")!
private let header = "date,asset,close_usd,funding_rate,funding_interval_h,oi_coins,etf_flow_usd,etf_flow_usd.IBIT\n"

private func parse(_ text: String) throws(InputError) -> [MetricSample] {
    try MetricsFile.parse(Array(text.utf8), file: "daily.csv", source: "file:daily.csv", latestDay: today)
}

/// The single problem `text` is reported with.
private func problem(_ text: String) -> String {
    do {
        _ = try parse(text)
        return "no error"
    } catch {
        return error.problems.map(\.description).joined(separator: " | ")
    }
}

@Suite struct MetricsFileTests {
    @Test func readsValuesAndLeavesEmptyCellsMissing() throws {
        let samples = try parse(header + "2025-08-26,BTC,108000,0.00008,8,310600,-296400000,-193800000\n2025-08-27,BTC,111300,,,,,\n")
        #expect(samples.count == 7)
        let day27 = samples.filter { $0.day == Day("2025-08-27")! }
        #expect(day27.map(\.metric) == [.closeUSD])  // nothing invented for the empty cells
        #expect(samples.contains { $0.metric == Metric.etfFund("IBIT") && $0.value == -193_800_000 })
        #expect(samples.allSatisfy { $0.source == "file:daily.csv" })
    }

    @Test func acceptsBOMCRLFQuotesAndComments() throws {
        let text = "\u{FEFF}# a comment, with a comma\r\n" + header.replacingOccurrences(of: "\n", with: "\r\n")
            + "\"2025-08-26\",BTC,\"108000\",,,,,\r\n"
        let samples = try parse(text)
        #expect(samples.map(\.value) == [108_000])
    }

    @Test(arguments: [
        ("2025-08-26,BTC,NaN,,,,,", "daily.csv:2: close_usd: not a number: \"NaN\""),
        ("2025-08-26,BTC,inf,,,,,", "daily.csv:2: close_usd: not a number: \"inf\""),
        ("2025-08-26,BTC,1e309,,,,,", "daily.csv:2: close_usd: number out of range: \"1e309\""),
        ("2025-08-26,BTC,1e-320,,,,,", "daily.csv:2: close_usd: 1e-320 is implausible: a value other than zero is at least 1e-12 in size"),
        ("2025-08-26,BTC,0x1p3,,,,,", "daily.csv:2: close_usd: not a number: \"0x1p3\""),
        ("2025-08-26,BTC,108000,,,-5,,", "daily.csv:2: oi_coins: cannot be negative"),
        ("2025-08-26,BTC,-1,,,,,", "daily.csv:2: close_usd: a price must be above zero"),
        ("2025-02-30,BTC,108000,,,,,", "daily.csv:2: date: not a date YYYY-MM-DD (or no such day): \"2025-02-30\""),
        ("2026-01-01,BTC,108000,,,,,", "daily.csv:2: date: 2026-01-01 is in the future"),
        ("0000-01-01,BTC,108000,,,,,", "daily.csv:2: date: 0000-01-01 is before 1970-01-01, the earliest day marketbrief reads"),
        ("2025-08-26,btc,108000,,,,,", "daily.csv:2: asset: not an asset code (2–10 of A–Z, 0–9): \"btc\""),
        ("2025-08-26,BTC,108000,,,,", "daily.csv:2: row: has 7 fields, the header has 8"),
        ("2025-08-26,BTC,108000,0.0001,,,,", "daily.csv:2: funding_interval_h: required when funding_rate is given (the rate is per settlement)"),
        ("2025-08-26,BTC,108000,0.0001,7.5,,,", "daily.csv:2: funding_interval_h: must be a whole number of hours from 1 to 24"),
    ])
    func badRowsNameFileLineAndField(row: String, expected: String) {
        #expect(problem(header + row + "\n") == expected)
    }

    @Test func fiftyPercentFundingIsRefusedAsAUnitMistake() {
        #expect(problem(header + "2025-08-26,BTC,108000,0.5,8,,,\n").hasPrefix("daily.csv:2: funding_rate: 0.5 per settlement is implausible"))
    }

    @Test func anETFFlowOnADayUSMarketsWereClosedIsRefusedUnlessZero() throws {
        // 2025-08-24 is a Sunday, 2025-09-01 Labor Day: a flow there has its date shifted.
        #expect(problem(header + "2025-08-24,BTC,108000,,,,-296400000,\n")
            == "daily.csv:2: etf_flow_usd: 2025-08-24 is a Sunday: US spot ETFs do not trade, so no flow is dated that day (0 is accepted)")
        #expect(problem(header + "2025-09-01,BTC,108000,,,,,5000000\n")
            == "daily.csv:2: etf_flow_usd.IBIT: 2025-09-01 is a NYSE holiday: US spot ETFs do not trade, so no flow is dated that day (0 is accepted)")
        // The zeros some sources fill weekends with are accepted (and not read: HistoryTests).
        let samples = try parse(header + "2025-08-23,BTC,108000,,,,0,0\n")
        #expect(samples.map(\.value) == [108_000, 0, 0])
    }

    @Test func reportsEveryBadRowWithItsLine() {
        let text = header + "2025-08-25,BTC,1,,,,,\n2025-08-26,BTC,x,,,,,\n2025-08-27,BTC,2,,,,,\n2025-08-28,BTC,,,,-1,,\n"
        #expect(problem(text) == "daily.csv:3: close_usd: not a number: \"x\" | daily.csv:5: oi_coins: cannot be negative")
    }

    @Test func quotedNewlinesKeepLineNumbersRight() {
        let text = "date,asset,close_usd\n\"2025-08-26\",BTC,1\n2025-08-27,\"B\nTC\",1\n2025-08-28,BTC,zz\n"
        #expect(problem(text).contains("daily.csv:3: asset"))
        #expect(problem(text).contains("daily.csv:5: close_usd"))
    }

    @Test func duplicateDaysAreRefused() {
        #expect(problem(header + "2025-08-26,BTC,1,,,,,\n2025-08-26,BTC,2,,,,,\n") == "daily.csv:3: date: BTC on 2025-08-26 already given on line 2")
    }

    @Test(arguments: [
        ("", "daily.csv:1: file: empty file: expected a header line"),
        (header, "daily.csv:2: file: no data rows after the header"),
        ("date,asset,close_usd,close_usd\n", "daily.csv:1: close_usd: duplicate column"),
        ("date,asset,price\n", "daily.csv:1: price: unknown column (known: close_usd, close_btc, funding_rate, funding_interval_h, oi_coins, oi_usd, liq_long_usd, liq_short_usd, exchange_netflow, etf_flow_usd, etf_flow_usd.FUND, and a venue's own funding_rate.VENUE, funding_interval_h.VENUE, oi_coins.VENUE, oi_usd.VENUE)"),
        ("asset,date,close_usd\n", "daily.csv:1: header: must start with date,asset (found asset,date)"),
        ("date,asset,close_usd\n2025-08-26,BTC,\"1\n", "daily.csv:2: field 3: quoted field never closed"),
        ("date,asset,close_usd\n2025-08-26,BTC,1\"2\n", "daily.csv:2: field 3: stray quote inside an unquoted field"),
    ])
    func badFilesAreExplained(text: String, expected: String) {
        #expect(problem(text) == expected)
    }

    @Test func otherEncodingsAreRefusedWithAClearReason() {
        let latin1: [UInt8] = Array("date,asset,close_usd\n2025-08-26,BTC,1\n# caf".utf8) + [0xE9] + [0x0A]
        #expect(throws: InputError.self) { try MetricsFile.parse(latin1, file: "l.csv", source: "s", latestDay: today) }
        do {
            _ = try MetricsFile.parse(latin1, file: "l.csv", source: "s", latestDay: today)
        } catch {
            #expect(error.problems.first?.description == "l.csv:3: byte 6: not valid UTF-8 (0xE9 at offset 43 of the file; Latin-1 or another encoding?); save the file as UTF-8")
        }
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("date".utf8).flatMap { [$0, 0] }
        do {
            _ = try MetricsFile.parse(utf16, file: "w.csv", source: "s", latestDay: today)
            Issue.record("UTF-16 was accepted")
        } catch {
            #expect(error.problems.first?.reason == "UTF-16 is not supported; save the file as UTF-8")
        }
    }
}

@Suite struct TransfersFileTests {
    private let header = "id,time,asset,amount,usd_value,dormant_years,action,rotated_into,label\n"

    private func parse(_ text: String) throws(InputError) -> [Transfer] {
        try TransfersFile.parse(Array(text.utf8), file: "t.csv", source: "file:t.csv", latestDay: today)
    }

    @Test func readsATransfer() throws {
        let transfers = try parse(header + "tx1,2025-08-24T09:15:27Z,BTC,22400,2551360000,7.1,sold,ETH,\"Dormant, since 2018\"\n")
        #expect(transfers == [Transfer(id: "tx1", time: "2025-08-24T09:15:27Z", day: Day("2025-08-24")!, asset: .btc, amount: 22_400,
                                       usdValue: 2_551_360_000, dormantYears: 7.1, action: .sold, rotatedInto: .eth,
                                       label: "Dormant, since 2018", source: "file:t.csv")])
    }

    @Test(arguments: [
        ("tx1,2025-08-24 09:15,BTC,1,1,1,sold,,", "t.csv:2: time: not a UTC time YYYY-MM-DDTHH:MM:SSZ: \"2025-08-24 09:15\""),
        ("tx1,2025-08-24T25:00:00Z,BTC,1,1,1,sold,,", "t.csv:2: time: not a UTC time YYYY-MM-DDTHH:MM:SSZ: \"2025-08-24T25:00:00Z\""),
        ("tx1,2025-08-24T09:15:27Z,BTC,0,1,1,sold,,", "t.csv:2: amount: must be above zero"),
        ("tx1,2025-08-24T09:15:27Z,BTC,1,1,1e-320,sold,,", "t.csv:2: dormant_years: 1e-320 is implausible: a value other than zero is at least 1e-12 in size"),
        ("tx1,2025-08-24T09:15:27Z,BTC,1e-320,1,1,sold,,", "t.csv:2: amount: 1e-320 is implausible: a value other than zero is at least 1e-12 in size"),
        ("tx1,2025-08-24T09:15:27Z,BTC,1,5e-324,1,sold,,", "t.csv:2: usd_value: 5e-324 is implausible: a value other than zero is at least 1e-12 in size"),
        ("tx1,2025-08-24T09:15:27Z,BTC,1,1,1,bought,,", "t.csv:2: action: must be one of sold, moved"),
        (",2025-08-24T09:15:27Z,BTC,1,1,1,sold,,", "t.csv:2: id: required"),
        ("tx1,2025-08-24T09:15:27Z,BTC,1,1,1,sold,,\u{202E}evil", "t.csv:2: label: contains the control character U+202E"),
        ("tx1,2025-08-24T09:15:27Z,BTC,1,1,1,sold,,a\u{2028}b", "t.csv:2: label: contains the control character U+2028"),
        ("tx1,2025-08-24T09:15:27Z,BTC,1,1,1,sold,,a\u{200B}b", "t.csv:2: label: contains the control character U+200B"),
        ("tx1,2025-08-24T09:15:27Z,BTC,1,1,1,sold,,a\u{FFFE}b", "t.csv:2: label: contains the control character U+FFFE"),
    ])
    func badTransfersNameLineAndField(row: String, expected: String) {
        do {
            _ = try parse(header + row + "\n")
            Issue.record("accepted: \(row)")
        } catch {
            #expect(error.problems.map(\.description) == [expected])
        }
    }
}
