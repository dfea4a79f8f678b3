import BriefCore
import Foundation
import Testing
@testable import BriefCollect

/// The hostile-input corpus: every case either fails with a problem naming the file, its line
/// and the field at fault, or is accepted as documented in docs/data-format.md; none crashes and
/// none half-imports (a failing case returns nothing at all).
@Suite struct HostileInputTests {
    enum Outcome: CustomStringConvertible {
        /// Refused: the first problem is at this line (0 = the whole file) and field.
        case refused(line: Int, field: String)
        /// Accepted with this many values or transfers.
        case accepted(Int)

        var description: String {
            switch self {
            case .refused(let line, let field): "refused at \(line): \(field)"
            case .accepted(let count): "accepted \(count)"
            }
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var format: InputFormat
        var expected: String
        var testDescription: String { name }
    }

    static let header = "date,asset,close_usd,funding_rate,funding_interval_h,oi_coins,liq_long_usd,etf_flow_usd\n"
    static let transfersHeader = "id,time,asset,amount,usd_value,dormant_years,action,rotated_into,label\n"
    static let good = "2025-08-26,BTC,108000,0.00008,8,310600,477000000,-296000000\n"
    static let goodTransfer = "t1,2025-08-24T09:15:27Z,BTC,22400,2600000000,7.1,sold,ETH,Dormant wallet\n"

    private static func metrics(_ name: String, row: String, _ expected: String) -> Case {
        Case(name: name, bytes: Array((header + row + "\n").utf8), format: .csv, expected: expected)
    }

    private static func transfer(_ name: String, row: String, _ expected: String) -> Case {
        Case(name: name, bytes: Array((transfersHeader + row + "\n").utf8), format: .csv, expected: expected)
    }

    private static func text(_ name: String, _ text: String, _ expected: String) -> Case {
        Case(name: name, bytes: Array(text.utf8), format: .csv, expected: expected)
    }

    private static func text(_ name: String, _ text: String, _ format: InputFormat, _ expected: String) -> Case {
        Case(name: name, bytes: Array(text.utf8), format: format, expected: expected)
    }

    static let cases: [Case] = encodings + structure + numbers + dates + assets + transfers + exports

    static let encodings: [Case] = [
        Case(name: "UTF-8 byte-order mark", bytes: [0xEF, 0xBB, 0xBF] + Array((header + good).utf8), format: .csv, expected: "accepted 6"),
        Case(name: "UTF-16 LE with BOM", bytes: [0xFF, 0xFE] + Array(header.utf8).flatMap { [$0, 0] }, format: .csv, expected: "refused at 1: file"),
        Case(name: "UTF-16 BE with BOM", bytes: [0xFE, 0xFF] + Array(header.utf8).flatMap { [0, $0] }, format: .csv, expected: "refused at 1: file"),
        Case(name: "Latin-1 é in a row", bytes: Array((header + "# caf").utf8) + [0xE9] + Array("\n".utf8), format: .csv, expected: "refused at 2: byte 6"),
        Case(name: "a lone continuation byte", bytes: Array(header.utf8) + [0x80] + Array(good.utf8), format: .csv, expected: "refused at 2: byte 1"),
        Case(name: "an overlong encoding", bytes: Array(header.utf8) + [0xC0, 0xAF] + Array(good.utf8), format: .csv, expected: "refused at 2: byte 1"),
        Case(name: "a NUL byte", bytes: Array(header.utf8) + [0] + Array(good.utf8), format: .csv, expected: "refused at 2: file"),
        text("CRLF line ends", (header + good).replacingOccurrences(of: "\n", with: "\r\n"), "accepted 6"),
        text("mixed LF and CRLF", header + good.replacingOccurrences(of: "\n", with: "\r\n") + "2025-08-25,BTC,110200,,,,,\n", "accepted 7"),
        text("no final newline", header + good.dropLast(), "accepted 6"),
        text("Windows-1252 curly quote as UTF-8 is fine in a comment", "# “quoted”\n" + header + good, "accepted 6"),
    ]

    static let structure: [Case] = [
        text("an empty file", "", "refused at 1: file"),
        text("only a newline", "\n", "refused at 1: file"),
        text("header only (no data rows)", header, "refused at 2: file"),
        text("comments only", "# nothing\n# here\n", "refused at 1: file"),
        text("blank lines between rows", header + "\n" + good + "\n\n", "accepted 6"),
        text("missing date column", "asset,close_usd\nBTC,1\n", "refused at 1: header"),
        text("missing asset column", "date,close_usd\n2025-08-26,1\n", "refused at 1: header"),
        text("an unknown column", "date,asset,close_usd,price\n2025-08-26,BTC,1,2\n", "refused at 1: price"),
        text("a duplicate column", "date,asset,close_usd,close_usd\n2025-08-26,BTC,1,2\n", "refused at 1: close_usd"),
        text("an empty column name", "date,asset,,close_usd\n2025-08-26,BTC,,1\n", "refused at 1: column 3"),
        metrics("a missing field", row: "2025-08-26,BTC,108000,0.00008,8,310600,477000000", "refused at 2: row"),
        metrics("an extra field", row: good.dropLast() + ",1", "refused at 2: row"),
        metrics("a quoted comma in a number", row: "2025-08-26,BTC,\"108,000\",,,,,", "refused at 2: close_usd"),
        text("a quoted newline before a bad row", header + "2025-08-26,BTC,108000,,,,,\"\n\"\n2025-08-27,BTC,x,,,,,\n", "refused at 2: etf_flow_usd"),
        metrics("an unclosed quote", row: "2025-08-26,BTC,\"108000,,,,,", "refused at 2: field 3"),
        metrics("a quote inside a bare field", row: "2025-08-26,BTC,108\"000,,,,,", "refused at 2: field 3"),
        metrics("spaces around values", row: " 2025-08-26 , BTC , 108000 ,,,,,", "accepted 1"),
        metrics("a tab-separated row", row: "2025-08-26\tBTC\t108000\t\t\t\t\t", "refused at 2: row"),
        metrics("a semicolon-separated row", row: "2025-08-26;BTC;108000;;;;;", "refused at 2: row"),
        text("rows out of order", header + "2025-08-27,BTC,111000,,,,,\n" + good, "accepted 7"),
        text("duplicate day, same values", header + good + good, "refused at 3: date"),
        text("duplicate day, different values", header + good + "2025-08-26,BTC,1,,,,,\n", "refused at 3: date"),
        // Past the 16 KiB cell limit the reader refuses it by position, before any column reads it.
        text("a 100,000-character field", header + "2025-08-26,BTC," + String(repeating: "9", count: 100_000) + ",,,,,\n", "refused at 2: field 3"),
        text("every row bad reports many", header + String(repeating: "2025-08-26,BTC,x,,,,,\n", count: 30), "refused at 2: close_usd"),
        text("the header in upper case", header.uppercased() + good, "refused at 1: header"),
    ]

    static let numbers: [Case] = [
        metrics("NaN", row: "2025-08-26,BTC,NaN,,,,,", "refused at 2: close_usd"),
        metrics("nan", row: "2025-08-26,BTC,nan,,,,,", "refused at 2: close_usd"),
        metrics("inf", row: "2025-08-26,BTC,inf,,,,,", "refused at 2: close_usd"),
        metrics("-Infinity", row: "2025-08-26,BTC,-Infinity,,,,,", "refused at 2: close_usd"),
        metrics("1e309", row: "2025-08-26,BTC,1e309,,,,,", "refused at 2: close_usd"),
        metrics("-1e309 funding", row: "2025-08-26,BTC,1,-1e309,8,,,", "refused at 2: funding_rate"),
        metrics("hex", row: "2025-08-26,BTC,0x1A,,,,,", "refused at 2: close_usd"),
        metrics("underscores", row: "2025-08-26,BTC,108_000,,,,,", "refused at 2: close_usd"),
        metrics("a currency sign", row: "2025-08-26,BTC,$108000,,,,,", "refused at 2: close_usd"),
        metrics("a percent sign", row: "2025-08-26,BTC,1,0.008%,8,,,", "refused at 2: funding_rate"),
        metrics("two dots", row: "2025-08-26,BTC,1.2.3,,,,,", "refused at 2: close_usd"),
        metrics("a bare exponent", row: "2025-08-26,BTC,1e,,,,,", "refused at 2: close_usd"),
        metrics("a leading exponent", row: "2025-08-26,BTC,e5,,,,,", "refused at 2: close_usd"),
        metrics("a double minus", row: "2025-08-26,BTC,1,--0.1,8,,,", "refused at 2: funding_rate"),
        metrics("a plus sign", row: "2025-08-26,BTC,+108000,,,,,", "accepted 1"),
        metrics("a trailing dot", row: "2025-08-26,BTC,108000.,,,,,", "accepted 1"),
        metrics("a leading dot funding", row: "2025-08-26,BTC,1,.0001,8,,,", "accepted 3"),
        metrics("an exponent", row: "2025-08-26,BTC,1.08e5,,,,,", "accepted 1"),
        metrics("a zero price", row: "2025-08-26,BTC,0,,,,,", "refused at 2: close_usd"),
        metrics("a negative price", row: "2025-08-26,BTC,-5,,,,,", "refused at 2: close_usd"),
        metrics("negative open interest", row: "2025-08-26,BTC,1,,,-310600,,", "refused at 2: oi_coins"),
        metrics("negative liquidations", row: "2025-08-26,BTC,1,,,,-5,", "refused at 2: liq_long_usd"),
        metrics("a 50% funding rate", row: "2025-08-26,BTC,1,0.5,8,,,", "refused at 2: funding_rate"),
        metrics("a -50% funding rate", row: "2025-08-26,BTC,1,-0.5,8,,,", "refused at 2: funding_rate"),
        metrics("funding without its interval", row: "2025-08-26,BTC,1,0.0001,,,,", "refused at 2: funding_interval_h"),
        metrics("a zero interval", row: "2025-08-26,BTC,1,0.0001,0,,,", "refused at 2: funding_interval_h"),
        metrics("a 25-hour interval", row: "2025-08-26,BTC,1,0.0001,25,,,", "refused at 2: funding_interval_h"),
        metrics("a negative ETF flow is an outflow", row: "2025-08-26,BTC,1,,,,,-296000000", "accepted 2"),
        metrics("a negative funding rate", row: "2025-08-26,BTC,1,-0.0001,8,,,", "accepted 3"),
        metrics("a 4-hour interval", row: "2025-08-26,BTC,1,0.0001,4,,,", "accepted 3"),
        metrics("a very small number", row: "2025-08-26,BTC,1e-300,,,,,", "refused at 2: close_usd"),  // under 1e-12: implausible
    ]

    static let dates: [Case] = [
        metrics("30 February", row: "2025-02-30,BTC,1,,,,,", "refused at 2: date"),
        metrics("month 13", row: "2025-13-01,BTC,1,,,,,", "refused at 2: date"),
        metrics("month 0", row: "2025-00-10,BTC,1,,,,,", "refused at 2: date"),
        metrics("day 0", row: "2025-08-00,BTC,1,,,,,", "refused at 2: date"),
        metrics("29 February of a common year", row: "2025-02-29,BTC,1,,,,,", "refused at 2: date"),
        metrics("29 February of a leap year", row: "2024-02-29,BTC,1,,,,,", "accepted 1"),
        metrics("slashes", row: "2025/08/26,BTC,1,,,,,", "refused at 2: date"),
        metrics("no zero padding", row: "2025-8-26,BTC,1,,,,,", "refused at 2: date"),
        metrics("a two-digit year", row: "25-08-26,BTC,1,,,,,", "refused at 2: date"),
        metrics("a date with a time", row: "2025-08-26T00:00:00Z,BTC,1,,,,,", "refused at 2: date"),
        metrics("day first", row: "26-08-2025,BTC,1,,,,,", "refused at 2: date"),
        metrics("a future date", row: "2099-01-01,BTC,1,,,,,", "refused at 2: date"),
        metrics("an empty date", row: ",BTC,1,,,,,", "refused at 2: date"),
        metrics("a year with five digits", row: "20250-08-26,BTC,1,,,,,", "refused at 2: date"),
    ]

    static let assets: [Case] = [
        metrics("a lower-case asset", row: "2025-08-26,btc,1,,,,,", "refused at 2: asset"),
        metrics("a one-letter asset", row: "2025-08-26,B,1,,,,,", "refused at 2: asset"),
        metrics("an eleven-letter asset", row: "2025-08-26,ABCDEFGHIJK,1,,,,,", "refused at 2: asset"),
        metrics("a path as asset", row: "2025-08-26,../../x,1,,,,,", "refused at 2: asset"),
        metrics("a Cyrillic look-alike", row: "2025-08-26,ВТС,1,,,,,", "refused at 2: asset"),
        metrics("an empty asset", row: "2025-08-26,,1,,,,,", "refused at 2: asset"),
        metrics("markup as asset", row: "2025-08-26,<b>,1,,,,,", "refused at 2: asset"),
        metrics("an asset starting with a digit", row: "2025-08-26,1INCH,1,,,,,", "refused at 2: asset"),
        metrics("digits after a letter", row: "2025-08-26,B3TC,1,,,,,", "accepted 1"),
    ]

    static let transfers: [Case] = [
        text("a good transfer", transfersHeader + goodTransfer, "accepted 1"),
        transfer("a time without Z", row: "t1,2025-08-24T09:15:27,BTC,1,1,1,sold,,", "refused at 2: time"),
        transfer("an hour 25", row: "t1,2025-08-24T25:00:00Z,BTC,1,1,1,sold,,", "refused at 2: time"),
        transfer("a future time", row: "t1,2099-08-24T09:15:27Z,BTC,1,1,1,sold,,", "refused at 2: time"),
        transfer("a zero amount", row: "t1,2025-08-24T09:15:27Z,BTC,0,1,1,sold,,", "refused at 2: amount"),
        transfer("a negative value", row: "t1,2025-08-24T09:15:27Z,BTC,1,-1,1,sold,,", "refused at 2: usd_value"),
        transfer("negative dormancy", row: "t1,2025-08-24T09:15:27Z,BTC,1,1,-1,sold,,", "refused at 2: dormant_years"),
        transfer("an unknown action", row: "t1,2025-08-24T09:15:27Z,BTC,1,1,1,bought,,", "refused at 2: action"),
        transfer("a bad rotation target", row: "t1,2025-08-24T09:15:27Z,BTC,1,1,1,sold,eth,", "refused at 2: rotated_into"),
        transfer("an empty id", row: ",2025-08-24T09:15:27Z,BTC,1,1,1,sold,,", "refused at 2: id"),
        transfer("a bidi override in the label", row: "t1,2025-08-24T09:15:27Z,BTC,1,1,1,sold,,\u{202E}evil", "refused at 2: label"),
        transfer("a control character in the label", row: "t1,2025-08-24T09:15:27Z,BTC,1,1,1,sold,,bell\u{07}", "refused at 2: label"),
        transfer("markup in the label is kept, escaped later", row: "t1,2025-08-24T09:15:27Z,BTC,1,1,1,sold,,\"<script>alert(1)</script>\"", "accepted 1"),
        transfer("mustache in the label is kept as text", row: "t1,2025-08-24T09:15:27Z,BTC,1,1,1,sold,,{{asset}}", "accepted 1"),
        text("a duplicate id", transfersHeader + goodTransfer + goodTransfer, "refused at 3: id"),
        text("a missing transfers column", "id,time,asset,amount\n", "refused at 1: header"),
        transfer("a label of one character and 4 MB of combining marks",
                 row: "t1,2025-08-24T09:15:27Z,BTC,1,1,1,sold,,a" + String(repeating: "\u{301}", count: 2_000_000), "refused at 2: field 9"),
        transfer("a transfer of 1e40 coins", row: "t1,2025-08-24T09:15:27Z,BTC,1e40,1,1,sold,,x", "refused at 2: amount"),
        transfer("a transfer worth 1e308 USD", row: "t1,2025-08-24T09:15:27Z,BTC,1,1e308,1,sold,,x", "refused at 2: usd_value"),
    ]

    static let exports: [Case] = [
        text("Farside: a dash is no value", "Date,IBIT,Total\n26 Aug 2025,-,-\n", .farside, "accepted 0"),
        text("Farside: parentheses", "Date,IBIT,Total\n26 Aug 2025,(66.7),(66.7)\n", .farside, "accepted 2"),
        text("Farside: unbalanced parenthesis", "Date,IBIT,Total\n26 Aug 2025,(66.7,1\n", .farside, "refused at 2: IBIT"),
        text("Farside: a month name in full", "Date,IBIT,Total\n26 August 2025,1,1\n", .farside, "accepted 2"),
        text("Farside: an unknown month", "Date,IBIT,Total\n26 Agu 2025,1,1\n", .farside, "refused at 2: Date"),
        text("Farside: a three-digit day", "Date,IBIT,Total\n026 Aug 2025,1,1\n", .farside, "refused at 2: Date"),
        text("Farside: a signed day", "Date,IBIT,Total\n+6 Aug 2025,1,1\n", .farside, "refused at 2: Date"),
        text("Farside: a signed year", "Date,IBIT,Total\n26 Aug +202,1,1\n", .farside, "refused at 2: Date"),
        text("Farside: a month with letters after it", "Date,IBIT,Total\n26 Augx 2025,1,1\n", .farside, "refused at 2: Date"),
        text("Farside: a one-digit day", "Date,IBIT,Total\n6 Aug 2025,1,1\n", .farside, "accepted 2"),
        text("Whale Alert: a signed timestamp", "{\"transactions\":[{\"hash\":\"a\",\"symbol\":\"btc\",\"timestamp\":\"+1756026927\",\"amount\":1,\"amount_usd\":1}]}",
             .whaleAlert, "refused at 0: transactions[0].timestamp"),
        text("Whale Alert: a hexadecimal amount", "{\"transactions\":[{\"hash\":\"a\",\"symbol\":\"btc\",\"timestamp\":1756026927,\"amount\":\"0x10\",\"amount_usd\":1}]}",
             .whaleAlert, "refused at 0: transactions[0].amount"),
        text("CoinGlass: a signed time", "{\"code\":\"0\",\"data\":[{\"time\":\"+1756166400000\",\"aggregated_long_liquidation_usd\":1,\"aggregated_short_liquidation_usd\":1}]}",
             .coinglass, "refused at 0: data[0].time"),
        text("Farside: a short row", "Date,IBIT,Total\n26 Aug 2025,1\n", .farside, "refused at 2: row"),
        text("Farside: only summaries", "Date,IBIT,Total\nTotal,1,1\nAverage,1,1\n", .farside, "accepted 0"),
        text("Whale Alert: truncated JSON", "{\"transactions\":[{\"hash\":\"a\"", .whaleAlert, "refused at 0: transactions[0]"),
        text("Whale Alert: amount as a string", "{\"transactions\":[{\"hash\":\"a\",\"symbol\":\"btc\",\"timestamp\":1756026927,\"amount\":\"1.5\",\"amount_usd\":\"100\"}]}",
             .whaleAlert, "accepted 1"),
        text("Whale Alert: amount as an object", "{\"transactions\":[{\"hash\":\"a\",\"symbol\":\"btc\",\"timestamp\":1756026927,\"amount\":{},\"amount_usd\":1}]}",
             .whaleAlert, "refused at 0: transactions[0].amount"),
        text("Whale Alert: a symbol that is a path", "{\"transactions\":[{\"hash\":\"a\",\"symbol\":\"../x\",\"timestamp\":1756026927,\"amount\":1,\"amount_usd\":1}]}",
             .whaleAlert, "refused at 0: transactions[0].symbol"),
        text("Whale Alert: milliseconds by mistake", "{\"transactions\":[{\"hash\":\"a\",\"symbol\":\"btc\",\"timestamp\":1756026927000,\"amount\":1,\"amount_usd\":1}]}",
             .whaleAlert, "refused at 0: transactions[0].timestamp"),
        text("Whale Alert: an empty list", "{\"transactions\":[]}", .whaleAlert, "accepted 0"),
        text("CoinGlass: an error code", "{\"code\":\"50001\",\"msg\":\"rate limit\"}", .coinglass, "refused at 0: code"),
        text("CoinGlass: a negative amount", "{\"code\":\"0\",\"data\":[{\"time\":1756166400000,\"aggregated_long_liquidation_usd\":-1,\"aggregated_short_liquidation_usd\":1}]}",
             .coinglass, "refused at 0: data[0].aggregated_long_liquidation_usd"),
        text("CoinGlass: a day twice", "{\"code\":\"0\",\"data\":[{\"time\":1756166400000,\"aggregated_long_liquidation_usd\":1,\"aggregated_short_liquidation_usd\":1},{\"time\":1756166400001,\"aggregated_long_liquidation_usd\":1,\"aggregated_short_liquidation_usd\":1}]}",
             .coinglass, "refused at 0: data[1].time"),
        // Named by the path where the nesting passes its limit, cut as every echo is.
        text("CoinGlass: JSON nested 10,000 deep", String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000), .coinglass,
             "refused at 0: " + String(repeating: "[0]", count: 200) + "… (1536 bytes in all)"),
        text("net flows: a missing value", "date,value\n2025-08-26,\n", .netflow, "refused at 2: value"),
        text("net flows: a negative outflow", "date,value\n2025-08-26,-5\n", .netflow, "accepted 1"),
        text("net flows: three columns", "date,value\n2025-08-26,1,2\n", .netflow, "refused at 2: row"),
        text("net flows: 1e40 coins", "date,value\n2025-08-26,1e40\n", .netflow, "refused at 2: value"),
        text("Farside: 1e40 million dollars", "Date,IBIT,Total\n26 Aug 2025,1e40,1e40\n", .farside, "refused at 2: IBIT"),
        text("CoinGlass: 1e40 of liquidations", "{\"code\":\"0\",\"data\":[{\"time\":1756166400000,\"aggregated_long_liquidation_usd\":1e40,\"aggregated_short_liquidation_usd\":1}]}",
             .coinglass, "refused at 0: data[0].aggregated_long_liquidation_usd"),
        text("CoinGlass: a key given twice", "{\"code\":\"0\",\"data\":[{\"time\":1756166400000,\"aggregated_long_liquidation_usd\":1,\"aggregated_long_liquidation_usd\":2,\"aggregated_short_liquidation_usd\":1}]}",
             .coinglass, "refused at 0: data[0].aggregated_long_liquidation_usd"),
        text("CoinGlass: a key twice, once escaped", "{\"code\":\"0\",\"c\\u006fde\":\"1\",\"data\":[]}", .coinglass, "refused at 0: code"),
        text("CoinGlass: equal keys in separate objects", "{\"code\":\"0\",\"data\":[{\"time\":1756166400000,\"aggregated_long_liquidation_usd\":1,\"aggregated_short_liquidation_usd\":1},{\"time\":1756252800000,\"aggregated_long_liquidation_usd\":1,\"aggregated_short_liquidation_usd\":1}]}",
             .coinglass, "accepted 4"),
        text("Whale Alert: amount_usd of 1e308", "{\"transactions\":[{\"hash\":\"a\",\"symbol\":\"btc\",\"timestamp\":1756026927,\"amount\":1,\"amount_usd\":1e308}]}",
             .whaleAlert, "refused at 0: transactions[0].amount_usd"),
        text("Whale Alert: a transfer of 1e40 coins", "{\"transactions\":[{\"hash\":\"a\",\"symbol\":\"btc\",\"timestamp\":1756026927,\"amount\":1e40,\"amount_usd\":1}]}",
             .whaleAlert, "refused at 0: transactions[0].amount"),
        text("Whale Alert: dormant for 1e-320 years", "{\"transactions\":[{\"hash\":\"a\",\"symbol\":\"btc\",\"timestamp\":1756026927,\"amount\":1,\"amount_usd\":1,\"dormant_years\":1e-320}]}",
             .whaleAlert, "refused at 0: transactions[0].dormant_years"),
        text("Whale Alert: dormant for 500 years", "{\"transactions\":[{\"hash\":\"a\",\"symbol\":\"btc\",\"timestamp\":1756026927,\"amount\":1,\"amount_usd\":1,\"dormant_years\":500}]}",
             .whaleAlert, "refused at 0: transactions[0].dormant_years"),
        text("Whale Alert: a hash given twice", "{\"transactions\":[{\"hash\":\"a\",\"hash\":\"b\",\"symbol\":\"btc\",\"timestamp\":1756026927,\"amount\":1,\"amount_usd\":1}]}",
             .whaleAlert, "refused at 0: transactions[0].hash"),
    ]

    @Test(arguments: cases)
    func eachHostileInputIsRefusedClearlyOrAcceptedAsDocumented(_ hostile: Case) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try Data(hostile.bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let outcome: Outcome
        do {
            let batch = try InputFiles.read([url.path], format: hostile.format, asset: .btc, latestDay: Day("2025-12-31")!)
            outcome = .accepted(batch.samples.count + batch.transfers.count)
        } catch {
            let first = try #require(error.problems.first)
            #expect(first.file == url.path, "the problem names the file")
            #expect(!first.reason.isEmpty)
            outcome = .refused(line: first.line, field: first.field)
        }
        #expect(outcome.description == hostile.expected)
    }

    @Test func aWhaleAlertOwnerNameIsCutInCharactersAndBytes() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("whales-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        let owner = "a" + String(repeating: "\u{301}", count: 2_000_000)
        try Data("{\"transactions\":[{\"hash\":\"a\",\"symbol\":\"btc\",\"timestamp\":1756026927,\"amount\":1,\"amount_usd\":1,\"from\":{\"owner\":\"\(owner)\"}}]}".utf8)
            .write(to: url)
        let batch = try InputFiles.read([url.path], format: .whaleAlert, asset: .btc, latestDay: Day("2025-12-31")!)
        let label = try #require(batch.transfers.first?.label)
        #expect(label.unicodeScalars.starts(with: "from a\u{301}".unicodeScalars))
        #expect(label.utf8.count <= 800, "\(label.utf8.count) bytes")
    }

    @Test func theCorpusHasAtLeastAHundredCases() {
        #expect(Self.cases.count >= 100)
        #expect(Set(Self.cases.map(\.name)).count == Self.cases.count, "names are unique")
    }

    /// A 200 MB file without writing 200 MB: `text`, then zeros to the size (a sparse file).
    private static func sparseFile(_ text: String, extension pathExtension: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("huge-\(UUID().uuidString).\(pathExtension)")
        FileManager.default.createFile(atPath: url.path, contents: Data(text.utf8))
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 200_000_000)
        try handle.close()
        return url
    }

    @Test func a200MBBinaryFileIsRefusedAtItsFirstNulByte() throws {
        let url = try Self.sparseFile(Self.header + Self.good, extension: "csv")
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try InputFiles.read([url.path], latestDay: Day("2025-12-31")!)
            Issue.record("a 200 MB binary file was accepted")
        } catch {
            #expect(error.problems.map(\.description) == ["\(url.path):3: file: contains a NUL byte: a binary file, not CSV text"])
        }
    }

    @Test func anExportOverTheSizeLimitIsRefusedBeforeItIsRead() throws {
        let url = try Self.sparseFile("{", extension: "json")
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try InputFiles.read([url.path], format: .whaleAlert, latestDay: Day("2025-12-31")!)
            Issue.record("a 200 MB export was read")
        } catch {
            #expect(error.problems.first?.description
                == "\(url.path):0: file: 200 MB is more than the 64 MB an export file may hold; split it by year")
        }
    }

    /// Streaming reads 1 MB at a time: records, quoted newlines and multi-byte characters cut
    /// by a chunk boundary must come out exactly as when the whole file is parsed at once.
    @Test func aFileReadInChunksGivesTheSameRecordsAsAWholeRead() throws {
        var text = "# a comment with é: " + String(repeating: "x", count: 1 << 20 - 22) + "é\n"
        text += "date,asset,close_usd\n"
        var line = 0
        while text.utf8.count < 3 << 20 {
            line += 1
            let day = Day("2000-01-01")!.adding(days: line / 40), asset = "X\(line % 40)"
            text += line % 7 == 0 ? "\(day),\"\(asset)\",\"1\(line)\"\r\n" : "\(day),\(asset),\(line).5\n"
            if line % 1000 == 0 { text += "# \"quoted\" ünïcode, comment ✓\n" }
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chunks-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var streamed: [[String]] = []
        try CSVReader.forEachRecord(atPath: url.path) { streamed.append([String($0.line)] + $0.fields) }
        let whole = try CSVReader.records(Array(text.utf8), file: "whole").map { [String($0.line)] + $0.fields }
        #expect(streamed.count == line + 1)
        #expect(streamed == whole)
        let batch = try InputFiles.read([url.path], latestDay: Day("2025-12-31")!)
        #expect(batch.samples.count == line)
    }
}
