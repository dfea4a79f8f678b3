import BriefCollect
import BriefCore
import Foundation
import Testing

/// Bybit's funding and open interest, and OKX's open interest: each stored under its venue's
/// own metric names, each row checked against the request.
@Suite struct MoreVenuesTests {
    /// Noon of the last replay day: that day's settlements and the row closing at 16:00 are not in yet.
    private let noonOfLastDay = Int64(BybitReplay.last.ordinal) * 86_400_000 + 43_200_000

    private func bybit(_ server: ReplayServer, now: Int64? = nil) -> BybitCollector {
        BybitCollector(fetcher: PoliteFetcher(http: CurlHTTP(), requestTimeout: 5, sleep: { _ in }), baseURL: URL(string: server.baseURL),
                       now: now ?? noonOfLastDay)
    }

    private func value(_ collected: Collected, _ asset: Asset, _ day: String, _ metric: String) -> Double? {
        collected.batch.samples.first { $0.asset == asset && $0.day == Day(day)! && $0.metric.name == metric }?.value
    }

    @Test func bybitGivesFundingAndOneSideOfOpenInterest() throws {
        let server = try ReplayServer { BybitReplay().reply($0, $1) }
        defer { server.stop() }
        let collected = try bybit(server).collect(assets: [.btc, .eth], from: BybitReplay().first, through: BybitReplay.last)
        #expect(value(collected, .btc, "2025-08-20", "oi_coins.bybit") == 50_000, "singleOpenInterest, not both sides")
        #expect(value(collected, .eth, "2025-08-25", "oi_coins.bybit") == 52_500)
        #expect(value(collected, .btc, "2025-08-21", "funding_rate.bybit") == 0.00005)
        #expect(value(collected, .btc, "2025-08-21", "funding_interval_h.bybit") == 8)
        #expect(value(collected, .btc, "2025-08-26", "funding_rate.bybit") == nil, "the day's settlements are not all in")
        #expect(collected.batch.samples.allSatisfy { $0.metric.venue == "bybit" && $0.source.hasPrefix("bybit:") })
        #expect(server.requests.contains { $0.hasPrefix("/v5/market/open-interest?") && $0.contains("category=linear") && $0.contains("intervalTime=1d") })
    }

    @Test func bybitPagesOpenInterestByCursorAndFundingBackwards() throws {
        let replay = BybitReplay(first: BybitReplay.last.adding(days: -299))
        let server = try ReplayServer { replay.reply($0, $1) }
        defer { server.stop() }
        let collected = try bybit(server).collect(assets: [.btc], from: replay.first, through: BybitReplay.last)
        #expect(collected.batch.samples.filter { $0.metric.name == "oi_coins.bybit" }.count == 300)
        #expect(collected.batch.samples.filter { $0.metric.name == "funding_rate.bybit" }.count == 299)
        #expect(server.requests.filter { $0.contains("cursor=page200") }.count == 1)
        #expect(server.requests.filter { $0.hasPrefix("/v5/market/funding/history") }.count == 5, "900 settlements, 200 a page")
    }

    /// Bybit's documented example answers (bybit-exchange.github.io/docs/v5/market/open-interest
    /// and …/history-fund-rate) are for other symbols than the ones asked for: refused, and
    /// the venue is named with the field.
    @Test(arguments: [
        ("/v5/market/open-interest", #"{"retCode":0,"retMsg":"OK","result":{"symbol":"BTCUSD","category":"inverse","list":[{"openInterest":"63910691.00000000","singleOpenInterest":"31955346","timestamp":"1780963200000"},{"openInterest":"63910691.00000000","singleOpenInterest":"31955346","timestamp":"1780876800000"}],"nextPageCursor":""},"retExtInfo":{},"time":1672053548579}"#,
         "an open-interest page is for symbol \"BTCUSD\", not the requested BTCUSDT"),
        ("/v5/market/funding/history", #"{"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[{"symbol":"ETHPERP","fundingRate":"0.0001","fundingRateTimestamp":"1780963200000"}]},"retExtInfo":{},"time":1672051897447}"#,
         "a funding settlement of 2026-06-09 is for symbol \"ETHPERP\", not the requested BTCUSDT"),
        ("/v5/market/funding/history", #"{"retCode":10001,"retMsg":"params error","result":{},"retExtInfo":{},"time":1672051897447}"#,
         "Bybit error 10001: params error"),
        ("/v5/market/open-interest", #"{"retCode":0,"retMsg":"OK","result":{"symbol":"BTCUSDT","category":"linear","list":[{"openInterest":"1","singleOpenInterest":"-5","timestamp":"1780963200000"}],"nextPageCursor":""},"retExtInfo":{},"time":1}"#,
         "malformed payload: singleOpenInterest \"-5\" is not a plausible number: cannot be negative"),
        ("/v5/market/open-interest", #"{"retCode":0,"retMsg":"OK","result":{"symbol":"BTCUSDT","category":"linear","list":[{"openInterest":"2","singleOpenInterest":"1","timestamp":"1780966800000"}],"nextPageCursor":""},"retExtInfo":{},"time":1}"#,
         "an open-interest row at 1780966800000 ms does not start a UTC day"),
        ("/v5/market/open-interest", #"{"retCode":0,"retMsg":"OK","result":{}}"#, "malformed payload: result.list is missing"),
        ("/v5/market/funding/history", #"{"retCode":0,"retMsg":"OK","result":{}}"#, "malformed payload: result.list is missing"),
        ("/v5/market/open-interest", #"{"retCode":0,"retMsg":"OK","result":{"symbol":"BTCUSDT","list":[{"singleOpenInterest":"1","timestamp":"1780963200000"},{"singleOpenInterest":"2","timestamp":"1780963200000"}],"nextPageCursor":""}}"#,
         "an open-interest row of 2026-06-09 is given twice; nothing stored"),
        ("/v5/market/funding/history", #"{"retCode":0,"retMsg":"OK","result":{"list":[{"symbol":"BTCUSDT","fundingRate":"0.0001","fundingRateTimestamp":"1780963200000"},{"symbol":"BTCUSDT","fundingRate":"0.0001","fundingRateTimestamp":"1780963200000"}]}}"#,
         "a funding settlement at 1780963200000 ms (2026-06-09) is given twice; nothing stored"),
    ])
    func bybitAnswersThatDoNotAnswerTheRequestAreRefused(path: String, body: String, expected: String) throws {
        let day = Day("2026-06-09")!
        let server = try ReplayServer { requested, query in
            requested == path ? .json(body) : .json(#"{"retCode":0,"retMsg":"OK","result":{"symbol":"BTCUSDT","list":[],"nextPageCursor":""}}"#)
        }
        defer { server.stop() }
        #expect { try bybit(server, now: Int64(day.ordinal + 2) * 86_400_000).collect(assets: [.btc], from: day, through: day) } throws: {
            "\($0)".contains(path + "?") && "\($0)".contains(expected)
        }
    }

    /// A venue that answers every open-interest page with the same 200 rows under a new cursor
    /// (1, 2, 3…) is refused at its second page, not followed until the run's time limit.
    @Test(.timeLimit(.minutes(1))) func bybitOpenInterestPagesThatDoNotAdvanceAreRefused() throws {
        let (first, last) = (Day("2025-01-01")!, Day("2025-08-26")!)
        let rows = (0..<200).map { "{\"singleOpenInterest\":\"1\",\"timestamp\":\"\(Int64(last.adding(days: -$0).ordinal) * 86_400_000)\"}" }
        let server = try ReplayServer { path, query in
            guard path == "/v5/market/open-interest" else { return .json(#"{"retCode":0,"retMsg":"OK","result":{"list":[]}}"#) }
            let next = (Int(query["cursor"] ?? "") ?? 0) + 1
            return .json(#"{"retCode":0,"retMsg":"OK","result":{"symbol":"BTCUSDT","list":["# + rows.joined(separator: ",")
                + #"],"nextPageCursor":"\#(next)"}}"#)
        }
        defer { server.stop() }
        #expect { try bybit(server, now: noonOfLastDay).collect(assets: [.btc], from: first, through: last) } throws: {
            "\($0)".contains("/v5/market/open-interest?") && "\($0)".contains("cursor=1")
                && "\($0)".contains("an open-interest row of 2025-08-26 is not older than the previous page's rows: the venue did not page on")
        }
        #expect(server.requests.filter { $0.hasPrefix("/v5/market/open-interest") }.count == 2)
    }

    /// The documented example with the symbol asked for: its two days, one side each.
    @Test func bybitsDocumentedOpenInterestAnswerReads() throws {
        let body = #"{"retCode":0,"retMsg":"OK","result":{"symbol":"BTCUSDT","category":"linear","list":[{"openInterest":"63910691.00000000","singleOpenInterest":"31955346","timestamp":"1780963200000"},{"openInterest":"63910691.00000000","timestamp":"1780876800000"}],"nextPageCursor":""},"retExtInfo":{},"time":1672053548579}"#
        let server = try ReplayServer { path, _ in
            path == "/v5/market/open-interest" ? .json(body) : .json(#"{"retCode":0,"retMsg":"OK","result":{"list":[]}}"#)
        }
        defer { server.stop() }
        let collected = try bybit(server, now: 1_781_000_000_000).collect(assets: [.btc], from: Day("2026-06-08")!, through: Day("2026-06-09")!)
        #expect(value(collected, .btc, "2026-06-09", "oi_coins.bybit") == 31_955_346)
        #expect(value(collected, .btc, "2026-06-08", "oi_coins.bybit") == 31_955_345.5, "without singleOpenInterest: half of both sides")
    }

    @Test func okxGivesOpenInterestOnTheDayItsRowCloses() throws {
        let server = try ReplayServer { OKXReplay().reply($0, $1) }
        defer { server.stop() }
        let collector = OKXCollector(fetcher: PoliteFetcher(http: CurlHTTP(), requestTimeout: 5), baseURL: URL(string: server.baseURL),
                                     now: noonOfLastDay)
        let collected = try collector.collect(assets: [.btc], from: OKXReplay.first, through: OKXReplay.last)
        // The row opening 16:00 UTC on Aug 19 closes on Aug 20.
        #expect(value(collected, .btc, "2025-08-20", "oi_coins.okx") == 30_000)
        #expect(value(collected, .btc, "2025-08-25", "oi_usd.okx") == 3_355_000_000)
        #expect(value(collected, .btc, "2025-08-26", "oi_coins.okx") == nil, "the row closing at 16:00 today is still open")
        #expect(value(collected, .btc, "2025-08-21", "funding_rate.okx") == 0.0001)
        #expect(server.requests.contains { $0.hasPrefix("/api/v5/rubik/stat/contracts/open-interest-history?") && $0.contains("period=1D") })
    }

    @Test(arguments: [
        (#"{"code":"0","msg":"","data":[["1755662400000","1","2","3"]]}"#, "an open-interest row at 1755662400000 ms starts no day"),
        (#"{"code":"0","msg":"","data":[["1755619200000","1","2"]]}"#, "malformed payload: an open-interest row has 3 fields, expected 4"),
        (#"{"code":"0","msg":"","data":[["1955619200000","1","2","3"]]}"#, "an open-interest row of 2031-12-21 is outside the requested 2025-08-19 to 2025-08-26"),
        (#"{"code":"50011","msg":"Too Many Requests","data":[]}"#, "OKX error 50011: Too Many Requests"),
        // 16:00 UTC on Aug 19 and 00:00 UTC on Aug 20: both close on Aug 20.
        (#"{"code":"0","msg":"","data":[["1755648000000","1","2","3"],["1755619200000","1","5","6"]]}"#,
         "OKX gave open interest for 2025-08-20 twice, in rows opening at 1755619200000 ms and 1755648000000 ms; nothing stored"),
    ])
    func okxOpenInterestRowsThatDoNotAnswerAreRefused(body: String, expected: String) throws {
        let server = try ReplayServer { path, query in
            path == "/api/v5/rubik/stat/contracts/open-interest-history" ? .json(body) : OKXReplay().reply(path, query)
        }
        defer { server.stop() }
        let collector = OKXCollector(fetcher: PoliteFetcher(http: CurlHTTP(), requestTimeout: 5), baseURL: URL(string: server.baseURL),
                                     now: noonOfLastDay)
        #expect { try collector.collect(assets: [.btc], from: OKXReplay.first, through: OKXReplay.last) } throws: {
            "\($0)".contains("/api/v5/rubik/stat/contracts/open-interest-history?") && "\($0)".contains(expected)
        }
    }
}
