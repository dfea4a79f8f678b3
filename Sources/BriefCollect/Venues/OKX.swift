import BriefCore
import Foundation

/// Daily closes, perpetual funding and perpetual open interest from OKX's public v5 endpoints
/// (no key). Unlike
/// Binance, OKX wraps every answer in `{"code":"0","msg":"","data":[…]}`, sends rows newest
/// first, pages backwards with `after`, and flags a candle still forming with `confirm` "0".
public struct OKXCollector: Sendable {
    private let fetcher: PoliteFetcher
    private let host: URL
    private let now: Int64

    public init(fetcher: PoliteFetcher, baseURL: URL? = nil, now: Int64? = nil) {
        self.fetcher = fetcher
        host = baseURL ?? URL(string: "https://www.okx.com")!
        self.now = now ?? EpochTime.now()
    }

    public func collect(assets: [Asset], from first: Day, through last: Day) throws(FetchError) -> Collected {
        var collected = Collected()
        for asset in assets {
            let spot = "\(asset.code)-USDT"
            for (day, close) in try dailyCloses(instrument: spot, as: .closeUSD, from: first, through: last) {
                collected.add(asset, day, .closeUSD, close, source: "okx:candles:\(spot)")
            }
            let swap = "\(asset.code)-USDT-SWAP"
            for (day, rate, interval) in try funding(instrument: swap, from: first, through: last) {
                collected.add(asset, day, Metric.fundingRate.at(.okx), rate, source: "okx:funding:\(swap)")
                collected.add(asset, day, Metric.fundingIntervalHours.at(.okx), interval, source: "okx:funding:\(swap)")
            }
            for (day, coins, usd) in try openInterest(instrument: swap, from: first, through: last) {
                collected.add(asset, day, Metric.openInterestCoins.at(.okx), coins, source: "okx:openInterest:\(swap)")
                collected.add(asset, day, Metric.openInterestUSD.at(.okx), usd, source: "okx:openInterest:\(swap)")
            }
            if asset == .eth {
                for (day, close) in try dailyCloses(instrument: "ETH-BTC", as: .closeBTC, from: first, through: last) {
                    collected.add(.eth, day, .closeBTC, close, source: "okx:candles:ETH-BTC")
                }
            }
        }
        return collected
    }

    /// OKX's envelope: `code` "0" means success; anything else carries `msg`.
    private struct Envelope<Row: Decodable>: Decodable {
        var code: FlexibleString
        var msg: String?
        var data: [Row]?
    }

    /// Pages backwards from the end of `last` until rows are older than `first` or run out.
    private func pages<Row: Decodable>(_ path: String, _ items: [String: String], first: Day, last: Day,
                                       time: (Row, String) throws(FetchError) -> Int64) throws(FetchError) -> [Row] {
        var rows: [Row] = []
        var after = EpochTime.start(of: last.adding(days: 1))
        let stop = EpochTime.start(of: first.adding(days: -1))
        while after > stop {
            let url = URL.venue(host, path, items.merging(["after": "\(after)", "limit": "100"]) { $1 })
            let request = url.request
            let envelope = try decodePayload(Envelope<Row>.self, try fetcher.get(url), request: request)
            guard envelope.code.value == "0" else {
                throw FetchError(request: request, reason: "OKX error \(envelope.code.value): \(envelope.msg ?? "")")
            }
            let page = envelope.data ?? []
            let times = try page.map { row throws(FetchError) in try time(row, request) }
            if let newest = times.max(), newest >= after {
                throw FetchError(request: request, reason: "a row of \(EpochTime.day(ofMilliseconds: newest)) is not before the requested "
                    + "\(EpochTime.day(ofMilliseconds: after)): the venue did not page backwards")
            }
            rows += page
            guard let oldest = times.min(), page.count == 100 else { break }
            after = oldest
        }
        return rows
    }

    private func dailyCloses(instrument: String, as metric: Metric, from first: Day, through last: Day) throws(FetchError) -> [(Day, Double)] {
        let request = "/api/v5/market/history-candles?instId=\(instrument)"
        let rows: [[FlexibleString]] = try pages("/api/v5/market/history-candles", ["instId": instrument, "bar": "1Dutc"],
                                                 first: first, last: last) { row, request throws(FetchError) in
            try VenueValue.time(row.first, "ts", request: request)
        }
        var closes: [Day: (opens: Int64, close: Double)] = [:]
        for row in rows {
            guard row.count >= 9 else {
                throw FetchError(request: request, reason: "malformed payload: a candle has \(row.count) fields, expected 9")
            }
            // confirm "0": the candle is still forming.
            guard row[8].value == "1" else { continue }
            let time = try VenueValue.time(row[0], "ts", request: request)
            // bar=1Dutc: each candle opens at 00:00 UTC.
            try VenueRequest.checkDayStart(time, in: "a candle", request: request)
            let day = EpochTime.day(ofMilliseconds: time)
            guard day >= first, day <= last else { continue }
            if let other = closes[day]?.opens { throw Self.givenTwice("a close", for: day, in: "candles", opening: other, time, request: request) }
            closes[day] = (time, try VenueValue.parse(row[4], "close", as: metric, request: request))
        }
        return closes.sorted { $0.key < $1.key }.map { ($0.key, $0.value.close) }
    }

    private func funding(instrument: String, from first: Day, through last: Day) throws(FetchError) -> [(Day, Double, Double)] {
        struct Row: Decodable {
            var instId: FlexibleString?
            var fundingTime: FlexibleString?
            var fundingRate: FlexibleString?
        }
        let rows: [Row] = try pages("/api/v5/public/funding-rate-history", ["instId": instrument],
                                    first: first, last: last) { row, request throws(FetchError) in
            try VenueValue.time(row.fundingTime, "fundingTime", request: request)
        }
        let request = "/api/v5/public/funding-rate-history?instId=\(instrument)"
        var settlements: [(time: Int64, rate: Double)] = []
        var seen = Set<Int64>()
        for row in rows {
            try VenueRequest.checkSymbol(row.instId, "instId", is: instrument, in: "a funding settlement", request: request)
            let time = try VenueValue.time(row.fundingTime, "fundingTime", request: request)
            try FundingDays.checkNew(time, &seen, request: request)
            settlements.append((time, try VenueValue.parse(row.fundingRate, "fundingRate", as: .fundingRate, request: request)))
        }
        return FundingDays.daily(settlements, now: now).filter { $0.0 >= first && $0.0 <= last }
    }

    /// Daily open interest of the perpetual (`/api/v5/rubik/stat/contracts/open-interest-history`,
    /// rows `[ts, oi, oiCcy, oiUsd]`, newest first, paged backwards with `end`). A 1D row opens at
    /// midnight in Hong Kong (16:00 UTC) and holds the level at its close a day later: it is
    /// stored on the UTC day it closes in (8 hours before that day's end); a row still open is not.
    private func openInterest(instrument: String, from first: Day, through last: Day) throws(FetchError) -> [(Day, Double, Double)] {
        let begin = EpochTime.start(of: first.adding(days: -1))
        var end = EpochTime.start(of: last.adding(days: 1)) - 1
        var values: [Day: (opens: Int64, coins: Double, usd: Double)] = [:]
        while end >= begin {
            let url = URL.venue(host, "/api/v5/rubik/stat/contracts/open-interest-history",
                                ["instId": instrument, "period": "1D", "begin": "\(begin)", "end": "\(end)", "limit": "100"])
            let request = url.request
            let envelope = try decodePayload(Envelope<[FlexibleString]>.self, try fetcher.get(url), request: request)
            guard envelope.code.value == "0" else {
                throw FetchError(request: request, reason: "OKX error \(envelope.code.value): \(envelope.msg ?? "")")
            }
            let rows = envelope.data ?? []
            var oldest = end
            for row in rows {
                guard row.count >= 4 else {
                    throw FetchError(request: request, reason: "malformed payload: an open-interest row has \(row.count) fields, expected 4")
                }
                let time = try VenueValue.time(row[0], "ts", request: request)
                guard (begin...end).contains(time) else {
                    throw FetchError(request: request, reason: "an open-interest row of \(EpochTime.day(ofMilliseconds: time)) is outside "
                        + "the requested \(EpochTime.day(ofMilliseconds: begin)) to \(EpochTime.day(ofMilliseconds: end))")
                }
                guard [0, 16 * 3_600_000].contains(time % VenueRequest.dayMilliseconds) else {
                    throw FetchError(request: request, reason: "an open-interest row at \(time) ms starts no day (00:00 UTC or "
                        + "16:00 UTC, midnight in Hong Kong): not the 1D period requested; nothing stored")
                }
                let figures = (try VenueValue.parse(row[2], "oiCcy", as: .openInterestCoins, request: request),
                               try VenueValue.parse(row[3], "oiUsd", as: .openInterestUSD, request: request))
                oldest = min(oldest, time)
                let closes = time + VenueRequest.dayMilliseconds
                let day = EpochTime.day(ofMilliseconds: closes - 1)
                guard closes <= now, day >= first, day <= last else { continue }
                // A row opening at 16:00 UTC and one at 00:00 UTC the next day both close on that day.
                if let other = values[day]?.opens {
                    throw Self.givenTwice("open interest", for: day, in: "rows", opening: other, time, request: request)
                }
                values[day] = (time, figures.0, figures.1)
            }
            guard rows.count == 100 else { break }
            end = oldest - 1
        }
        return values.sorted { $0.key < $1.key }.map { ($0.key, $0.value.coins, $0.value.usd) }
    }

    /// The error for two rows of one day, opening at `one` and `other` ms: which is the day's
    /// figure? Neither replaces the other.
    private static func givenTwice(_ what: String, for day: Day, in rows: String, opening one: Int64, _ other: Int64,
                                   request: String) -> FetchError {
        FetchError(request: request, reason: "OKX gave \(what) for \(day) twice, in \(rows) opening at \(min(one, other)) ms "
            + "and \(max(one, other)) ms; nothing stored")
    }
}
