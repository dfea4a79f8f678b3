import BriefCollect
import BriefCore
import BriefStore
import Foundation
import Testing
@testable import BriefPipeline

/// Records the waits a fetcher asks for instead of sleeping.
private final class Waits: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: [Double] = []
    func record(_ value: Double) { lock.lock(); seconds.append(value); lock.unlock() }
    var all: [Double] { lock.lock(); defer { lock.unlock() }; return seconds }
}

/// Answers a request with `first` the first `times` times, then with `then`.
private final class Sequence: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; count += 1; return count }
}

@Suite struct CollectTests {
    /// Noon of the last replay day: that day's candle and funding are not complete yet.
    private let noonOfLastDay = Int64(BinanceReplay.last.ordinal) * 86_400_000 + 43_200_000

    private func binance(_ server: ReplayServer, waits: Waits = Waits()) -> BinanceCollector {
        BinanceCollector(fetcher: PoliteFetcher(http: CurlHTTP(), requestTimeout: 5, sleep: { waits.record($0) }),
                         baseURL: URL(string: server.baseURL), now: noonOfLastDay)
    }

    private func value(_ collected: Collected, _ asset: Asset, _ day: String, _ metric: Metric) -> Double? {
        collected.batch.samples.first { $0.asset == asset && $0.day == Day(day)! && $0.metric == metric }?.value
    }

    @Test func binanceGivesClosesFundingOpenInterestAndETHBTC() throws {
        let replay = BinanceReplay()
        let server = try ReplayServer { replay.reply($0, $1) }
        defer { server.stop() }
        let collected = try binance(server).collect(assets: [.btc, .eth], from: BinanceReplay.first, through: BinanceReplay.last)
        #expect(value(collected, .btc, "2025-08-20", .closeUSD) == 110_000)
        #expect(value(collected, .btc, "2025-08-25", .closeUSD) == 110_500)
        #expect(value(collected, .btc, "2025-08-26", .closeUSD) == nil, "a candle still forming is not a close")
        #expect(value(collected, .btc, "2025-08-25", Metric.atVenue(.fundingRate, "binance")!) == 0.00008)
        #expect(value(collected, .btc, "2025-08-20", Metric.atVenue(.fundingIntervalHours, "binance")!) == 8, "three settlements a day, jittered")
        #expect(value(collected, .btc, "2025-08-26", Metric.atVenue(.fundingRate, "binance")!) == nil, "the day's settlements are not all in")
        #expect(value(collected, .btc, "2025-08-21", Metric.atVenue(.openInterestCoins, "binance")!) == 301_000.5, "timestamp given as a string")
        #expect(value(collected, .btc, "2025-08-22", Metric.atVenue(.openInterestUSD, "binance")!) == 33_200_000_000.25, "timestamp given as a number")
        #expect(value(collected, .eth, "2025-08-21", .closeBTC) == 0.0405)
        #expect(collected.batch.samples.allSatisfy { $0.source.hasPrefix("binance:") })
        #expect(collected.notes.isEmpty)
    }

    @Test func openInterestOlderThanThirtyDaysIsNotedNotFetched() throws {
        let replay = BinanceReplay()
        let server = try ReplayServer { replay.reply($0, $1) }
        defer { server.stop() }
        let collected = try binance(server).collect(assets: [.btc], from: Day("2025-07-01")!, through: BinanceReplay.last)
        #expect(collected.notes == ["Binance serves open interest history for the last 30 days only: BTC open interest before 2025-07-28 was not collected."])
        #expect(server.requests.contains { $0.hasPrefix("/futures/data/openInterestHist") && $0.contains("startTime=\(Int64(Day("2025-07-28")!.ordinal) * 86_400_000)") })
    }

    @Test func a429IsWaitedOutForRetryAfter() throws {
        let replay = BinanceReplay()
        let calls = Sequence()
        let server = try ReplayServer { path, query in
            path == "/api/v3/klines" && calls.next() == 1
                ? .json("{\"code\":-1003,\"msg\":\"Too many requests.\"}", status: 429, headers: ["Retry-After": "7"])
                : replay.reply(path, query)
        }
        defer { server.stop() }
        let waits = Waits()
        let collected = try binance(server, waits: waits).collect(assets: [.btc], from: BinanceReplay.first, through: BinanceReplay.last)
        #expect(waits.all == [7])
        #expect(value(collected, .btc, "2025-08-20", .closeUSD) == 110_000)
    }

    /// Whatever `Retry-After` a 429 or 418 brings (huge, negative, not a number, a date far off),
    /// the request ends in an error naming it, after waits of at most 60 s each; no value traps
    /// (`1e19` seconds once killed the process converting the wait to an integer).
    @Test func anyRetryAfterEndsInAnErrorNotACrash() throws {
        let values = ["0", "-1", "30", "1e19", "1e400", "NaN", "inf", "-inf", "1.5", "0x10", "soon", "",
                      "10000000000000000000", "9223372036854775808", "18446744073709551616", String(repeating: "9", count: 10_000),
                      "Thu, 01 Jan 1970 00:00:00 GMT", "Sat, 01 Jan 0001 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
                      "Wed, 21 Oct 2015 07:28:00"] + (1...40).map { String(repeating: "9", count: $0) }
        let refused = "HTTP 429 (rate limited): the venue asks to wait more than 1000000000 s (31 years), longer than 60 s"
        let retried = "HTTP 429 (rate limited) 4 times"
        let expected: [String: (reason: String, waits: [Double])] = [
            "0": (retried, [0, 0, 0]), "-1": (retried, [5, 10, 15]), "30": (retried, [30, 30, 30]), "1e19": (retried, [5, 10, 15]),
            "10000000000000000000": (refused, []), String(repeating: "9", count: 10_000): (refused, []),
            "Thu, 01 Jan 1970 00:00:00 GMT": (retried, [0, 0, 0]), "Fri, 31 Dec 9999 23:59:59 GMT": (refused, []),
        ]
        for status in [429, 418] {
            for value in values {
                let server = try ReplayServer { _, _ in
                    .json("{\"code\":-1003,\"msg\":\"Too many requests.\"}", status: status, headers: ["Retry-After": value])
                }
                defer { server.stop() }
                let waits = Waits()
                let fetcher = PoliteFetcher(http: CurlHTTP(), requestTimeout: 5, sleep: { waits.record($0) })
                let shown = String(value.prefix(40))
                do {
                    _ = try fetcher.get(URL(string: server.baseURL + "/api/v3/klines")!)
                    Issue.record("Retry-After: \(shown) was accepted")
                } catch {
                    #expect(error.reason.utf8.count < 200 && waits.all.allSatisfy { $0 >= 0 && $0 <= 60 }, "\(shown): \(error) \(waits.all)")
                    if status == 418 {
                        #expect(error.reason.hasPrefix("HTTP 418: this IP is banned by the venue") && waits.all.isEmpty, "\(error)")
                    } else if let (reason, expectedWaits) = expected[value] {
                        #expect(error.reason.hasPrefix(reason) && waits.all == expectedWaits, "\(shown): \(error) \(waits.all)")
                    } else {
                        #expect(error.reason.hasPrefix(retried) || error.reason.hasPrefix("HTTP 429 (rate limited): the venue asks to wait "),
                                "\(shown): \(error)")
                    }
                }
            }
        }
    }

    /// A venue's text echoed in an error (an error `msg`, a value) is cut to 600 bytes, saying how
    /// long it was, and shown printable: 2 million U+202E in a `msg`, or a close of 5 MB of digits,
    /// once gave megabytes of stderr. Every venue's errors are built the same way.
    @Test func hugeVenueTextIsCutInErrors() throws {
        let message = ReplayServer.Reply.json("{\"code\":-1121,\"msg\":\"" + String(repeating: "\u{202E}", count: 2_000_000) + "\"}", status: 400)
        let messageServer = try ReplayServer { _, _ in message }
        defer { messageServer.stop() }
        for venue in Venue.allCases {
            do {
                _ = try venue.collect(assets: [.btc], from: Day("2025-08-20")!, through: Day("2025-08-21")!,
                                      fetcher: PoliteFetcher(http: CurlHTTP(), requestTimeout: 5), baseURL: URL(string: messageServer.baseURL))
                Issue.record("\(venue): an error answer was accepted")
            } catch {
                let shown = "\(error)"
                #expect(shown.utf8.count < 1_000 && shown.contains("HTTP 400: -1121 \u{FFFD}") && shown.hasSuffix("… (6000016 bytes in all)")
                        && !shown.contains("\u{202E}"), "\(venue): \(shown.prefix(300)) … \(shown.utf8.count) bytes")
            }
        }
        let digits = String(repeating: "1", count: 5_000_000)
        let close = ReplayServer.Reply.json("[[1755648000000,\"1\",\"2\",\"0\",\"\(digits)\",\"1\",1755734399999,\"1\",1,\"1\",\"1\",\"0\"]]")
        let closeServer = try ReplayServer { _, _ in close }
        defer { closeServer.stop() }
        #expect { try binance(closeServer).collect(assets: [.btc], from: BinanceReplay.first, through: BinanceReplay.last) } throws: {
            "\($0)".utf8.count < 1_000 && "\($0)".contains("malformed payload: close \"111") && "\($0)".hasSuffix("… (5000053 bytes in all)")
        }
    }

    @Test func transientFailuresAreRetriedWithGrowingWaits() throws {
        let replay = BinanceReplay()
        let calls = Sequence()
        let server = try ReplayServer { path, query in
            guard path == "/api/v3/klines" else { return replay.reply(path, query) }
            switch calls.next() {
            case 1: return .json("<html>Service unavailable</html>", status: 503)
            case 2: return ReplayServer.Reply(body: Data("[[1755648000000".utf8), truncated: true)
            case 3: return .json("<html>Gateway timeout</html>", status: 504)
            default: return replay.reply(path, query)
            }
        }
        defer { server.stop() }
        let waits = Waits()
        let collected = try binance(server, waits: waits).collect(assets: [.btc], from: BinanceReplay.first, through: BinanceReplay.last)
        #expect(waits.all == [1, 2, 4])
        #expect(value(collected, .btc, "2025-08-20", .closeUSD) == 110_000)
    }

    @Test func aKeyGivenTwiceInAVenueAnswerIsRefused() throws {
        let replay = BinanceReplay()
        let server = try ReplayServer { path, query in
            path == "/fapi/v1/fundingRate"
                ? .json("[{\"symbol\":\"BTCUSDT\",\"fundingTime\":1755648000001,\"fundingRate\":\"0.0001\",\"fundingRate\":\"0.04\"}]")
                : replay.reply(path, query)
        }
        defer { server.stop() }
        #expect { try binance(server).collect(assets: [.btc], from: BinanceReplay.first, through: BinanceReplay.last) } throws: {
            "\($0)".contains("/fapi/v1/fundingRate?") && "\($0)".contains("malformed payload: [0].fundingRate given twice in one object")
        }
    }

    @Test func aHeavyUsedWeightSlowsRequestsDown() throws {
        let server = try ReplayServer { _, _ in .json("[]", headers: ["X-MBX-USED-WEIGHT-1M": "1900"]) }
        defer { server.stop() }
        let waits = Waits()
        let fetcher = PoliteFetcher(http: CurlHTTP(), requestTimeout: 5, sleep: { waits.record($0) })
        _ = try fetcher.get(URL(string: server.baseURL + "/api/v3/klines?symbol=BTCUSDT")!)
        #expect(waits.all == [1])
    }

    @Test(arguments: [
        (ReplayServer.Reply.json("{\"code\":-1003,\"msg\":\"Way too many requests; IP banned.\"}", status: 418, headers: ["Retry-After": "120"]),
         "HTTP 418: this IP is banned by the venue for 120 s"),
        (.json("{\"code\":-1003,\"msg\":\"Too many requests.\"}", status: 429, headers: ["Retry-After": "1"]), "HTTP 429 (rate limited) 4 times"),
        (.json("{\"code\":-1003,\"msg\":\"Too many requests.\"}", status: 429, headers: ["Retry-After": "360"]),
         "HTTP 429 (rate limited): the venue asks to wait 360 s, longer than 60 s; collect again after that"),
        (.json("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", status: 400), "HTTP 400: -1121 Invalid symbol."),
        (.json("<html>Bad gateway</html>", status: 502), "HTTP 502: <html>Bad gateway</html>"),
        (.json("{\"code\":-1,\"msg\":\"\\u001b]0;pwned\\u0007Oops\"}", status: 400), "HTTP 400: -1 \u{FFFD}]0;pwned\u{FFFD}Oops"),
        (ReplayServer.Reply(body: Data("[[1755648000000,\"1\"".utf8), truncated: true), "no complete response"),
        (.json("[[1755648000000,\"1\",\"2\",\"0\",\"abc\",\"1\",1755734399999,\"1\",1,\"1\",\"1\",\"0\"]]"),
         "malformed payload: close \"abc\" is not a plausible number"),
        (.json("[[1755648000000,\"1\",\"2\"]]"), "malformed payload: a kline has 3 fields, expected 12"),
        (.json("{\"unexpected\":true}"), "malformed payload: a list expected"),
        (.json("[[1755648000000,\"1\",\"2\"],]"), "malformed payload: [1]: a value expected, found `]` (line 1, character 26); not valid JSON"),
        (.json("[[1755648000000,\"1\",\"2\"],[1755734400000,\"1\",{}]]"), "malformed payload: [1][2]: a number or text expected"),
        (.json("[[1755648000000,\"1\",\"2\",\"0\",\"1e300\",\"1\",1755734399999,\"1\",1,\"1\",\"1\",\"0\"]]"),
         "malformed payload: close \"1e300\" is not a plausible number: 1e+300 is implausible: closes in USD stay within ±1000000000.0"),
    ])
    func eachFailureIsNamedWithItsRequest(reply: ReplayServer.Reply, expected: String) throws {
        let server = try ReplayServer { _, _ in reply }
        defer { server.stop() }
        let waits = Waits()
        do {
            _ = try binance(server, waits: waits).collect(assets: [.btc], from: BinanceReplay.first, through: BinanceReplay.last)
            Issue.record("a failing venue was accepted")
        } catch {
            #expect(error.request.hasPrefix("/api/v3/klines?"))
            #expect(error.reason.contains(expected), "\(error)")
        }
        if expected.contains("418") { #expect(waits.all.isEmpty, "a ban is not retried") }
    }

    @Test func okxEnvelopesNewestFirstPagesAndUnconfirmedCandles() throws {
        let server = try ReplayServer { OKXReplay().reply($0, $1) }
        defer { server.stop() }
        let collector = OKXCollector(fetcher: PoliteFetcher(http: CurlHTTP(), requestTimeout: 5), baseURL: URL(string: server.baseURL),
                                     now: noonOfLastDay)
        let collected = try collector.collect(assets: [.btc, .eth], from: OKXReplay.first, through: OKXReplay.last)
        #expect(value(collected, .btc, "2025-08-20", .closeUSD) == 110_000)
        #expect(value(collected, .btc, "2025-08-25", .closeUSD) == 110_500)
        #expect(value(collected, .btc, "2025-08-26", .closeUSD) == nil, "confirm \"0\": still forming")
        #expect(value(collected, .btc, "2025-08-21", Metric.atVenue(.fundingRate, "okx")!) == 0.0001)
        #expect(value(collected, .btc, "2025-08-21", Metric.atVenue(.fundingIntervalHours, "okx")!) == 8)
        #expect(value(collected, .eth, "2025-08-22", .closeBTC) == 0.041)

        server.replace { _, _ in .json("{\"code\":\"51001\",\"msg\":\"Instrument ID does not exist\",\"data\":[]}") }
        #expect(throws: FetchError.self) {
            try collector.collect(assets: [.btc], from: OKXReplay.first, through: OKXReplay.last)
        }
    }

    /// A kline opening at `openTime` (ms), closing a day later.
    private static func kline(_ openTime: Int64) -> String {
        "[\(openTime),\"1\",\"2\",\"0.5\",\"1.5\",\"10\",\(openTime &+ 86_399_999),\"1\",1,\"1\",\"1\",\"0\"]"
    }

    @Test(arguments: [
        (kline(95_617_584_000_000), "a kline of 5000-01-01 is outside the requested 2025-08-20 to 2025-08-26"),
        (kline(9_000_000_000_000_000_000), "open time 9000000000000000000 is not a time in ms after 2009"),
    ])
    func binanceRowsOutsideTheRequestAreRefused(row: String, expected: String) throws {
        let server = try ReplayServer { _, _ in .json("[\(row)]") }
        defer { server.stop() }
        #expect { try binance(server).collect(assets: [.btc], from: BinanceReplay.first, through: BinanceReplay.last) } throws: {
            "\($0)".contains(expected)
        }
    }

    /// Each row must answer the request: the symbol asked for, a daily row starting its UTC day,
    /// a 1d candle closing a day after it opens. ETHUSDT rows in a BTCUSDT answer were stored as BTC.
    @Test(arguments: [
        ("/api/v3/klines", #"[[1755648000000,"1","2","0.5","1.5","10",1755662399999,"1",1,"1","1","0"]]"#,
         "a kline of 2025-08-20 closes at 1755662399999 ms, not a day after it opened: not the 1d interval requested"),
        ("/api/v3/klines", #"[[1755651600000,"1","2","0.5","1.5","10",1755737999999,"1",1,"1","1","0"]]"#,
         "a kline at 1755651600000 ms does not start a UTC day"),
        ("/fapi/v1/fundingRate", #"[{"symbol":"ETHUSDT","fundingTime":1755648000001,"fundingRate":"0.0001"}]"#,
         "a funding settlement of 2025-08-20 is for symbol \"ETHUSDT\", not the requested BTCUSDT"),
        ("/fapi/v1/fundingRate", #"[{"fundingTime":1755648000001,"fundingRate":"0.0001"}]"#,
         "a funding settlement of 2025-08-20 is for symbol \"\", not the requested BTCUSDT"),
        ("/futures/data/openInterestHist", #"[{"symbol":"ETHUSDT","sumOpenInterest":"1","sumOpenInterestValue":"1","timestamp":1755648000000}]"#,
         "an open-interest row of 2025-08-20 is for symbol \"ETHUSDT\", not the requested BTCUSDT"),
        ("/futures/data/openInterestHist", #"[{"symbol":"BTCUSDT","sumOpenInterest":"1","sumOpenInterestValue":"1","timestamp":1755651600000}]"#,
         "an open-interest row at 1755651600000 ms does not start a UTC day"),
    ])
    func binanceRowsNotAnsweringTheRequestAreRefused(path: String, rows: String, expected: String) throws {
        let server = try ReplayServer { requested, _ in .json(requested == path ? rows : "[]") }
        defer { server.stop() }
        #expect { try binance(server).collect(assets: [.btc], from: BinanceReplay.first, through: BinanceReplay.last) } throws: {
            "\($0)".contains(expected) && "\($0)".contains("nothing stored") && "\($0)".contains(path)
        }
    }

    @Test(arguments: [
        ("/api/v5/market/history-candles", #"[["1755651600000","1","2","0.5","1.5","10","10","10","1"]]"#,
         "a candle at 1755651600000 ms does not start a UTC day"),
        ("/api/v5/public/funding-rate-history", #"[{"instId":"ETH-USDT-SWAP","fundingRate":"0.0001","fundingTime":"1755648000000"}]"#,
         "a funding settlement is for instId \"ETH-USDT-SWAP\", not the requested BTC-USDT-SWAP"),
        ("/api/v5/market/history-candles",
         #"[["1755648000000","1","2","0.5","1.5","10","10","10","1"],["1755648000000","1","2","0.5","1.6","10","10","10","1"]]"#,
         "OKX gave a close for 2025-08-20 twice, in candles opening at 1755648000000 ms and 1755648000000 ms"),
    ])
    func okxRowsNotAnsweringTheRequestAreRefused(path: String, rows: String, expected: String) throws {
        let server = try ReplayServer { requested, _ in .json(#"{"code":"0","msg":"","data":"# + (requested == path ? rows : "[]") + "}") }
        defer { server.stop() }
        let collector = OKXCollector(fetcher: PoliteFetcher(http: CurlHTTP(), requestTimeout: 5), baseURL: URL(string: server.baseURL),
                                     now: noonOfLastDay)
        #expect { try collector.collect(assets: [.btc], from: OKXReplay.first, through: OKXReplay.last) } throws: {
            "\($0)".contains(expected) && "\($0)".contains("nothing stored")
        }
    }

    @Test func pagingThatMakesNoProgressEndsAtOnce() throws {
        // Binance: every page the same 1,000 klines, starting on the first day.
        let start = Int64(BinanceReplay.first.ordinal) * 86_400_000
        let page = "[" + (0..<1000).map { _ in Self.kline(start) }.joined(separator: ",") + "]"
        let binanceServer = try ReplayServer { _, _ in .json(page) }
        defer { binanceServer.stop() }
        let started = Date()
        #expect { try binance(binanceServer).collect(assets: [.btc], from: BinanceReplay.first, through: BinanceReplay.last) } throws: {
            "\($0)".contains("startTime=1755648000001") && "\($0)".contains("a kline of 2025-08-20 is outside the requested")
        }
        // OKX: pages that never go back in time.
        let okxPage = "{\"code\":\"0\",\"data\":[" + (0..<100).map { _ in
            "[\"\(Int64(BinanceReplay.last.ordinal + 5) * 86_400_000)\",\"1\",\"2\",\"0.5\",\"1.5\",\"10\",\"1\",\"1\",\"1\"]"
        }.joined(separator: ",") + "]}"
        let okxServer = try ReplayServer { _, _ in .json(okxPage) }
        defer { okxServer.stop() }
        let okx = OKXCollector(fetcher: PoliteFetcher(http: CurlHTTP(), requestTimeout: 5), baseURL: URL(string: okxServer.baseURL), now: noonOfLastDay)
        #expect { try okx.collect(assets: [.btc], from: BinanceReplay.first, through: BinanceReplay.last) } throws: {
            "\($0)".contains("the venue did not page backwards")
        }
        #expect(Date().timeIntervalSince(started) < 5)
    }
}
