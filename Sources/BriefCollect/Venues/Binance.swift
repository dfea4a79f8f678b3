import BriefCore
import Foundation

/// Daily metrics from Binance's public endpoints (no key): spot closes (`/api/v3/klines`),
/// perpetual funding (`/fapi/v1/fundingRate`), open interest (`/futures/data/openInterestHist`,
/// last 30 days only) and ETH/BTC. Candles still forming are never stored as closes.
public struct BinanceCollector: Sendable {
    private let fetcher: PoliteFetcher
    private let spot: URL
    private let futures: URL
    private let now: Int64

    /// `baseURL` replaces both hosts (api.binance.com and fapi.binance.com), for a mirror
    /// or a replay server. `now` (ms) decides which candles and days are complete.
    public init(fetcher: PoliteFetcher, baseURL: URL? = nil, now: Int64? = nil) {
        self.fetcher = fetcher
        spot = baseURL ?? URL(string: "https://api.binance.com")!
        futures = baseURL ?? URL(string: "https://fapi.binance.com")!
        self.now = now ?? EpochTime.now()
    }

    public func collect(assets: [Asset], from first: Day, through last: Day) throws(FetchError) -> Collected {
        var collected = Collected()
        for asset in assets {
            let symbol = asset.code + "USDT"
            for (day, close) in try dailyCloses(symbol: symbol, as: .closeUSD, from: first, through: last) {
                collected.add(asset, day, .closeUSD, close, source: "binance:spot:\(symbol)")
            }
            for (day, rate, interval) in try funding(symbol: symbol, from: first, through: last) {
                collected.add(asset, day, Metric.fundingRate.at(.binance), rate, source: "binance:fundingRate:\(symbol)")
                collected.add(asset, day, Metric.fundingIntervalHours.at(.binance), interval, source: "binance:fundingRate:\(symbol)")
            }
            try openInterest(asset: asset, symbol: symbol, from: first, through: last, into: &collected)
            if asset == .eth {
                for (day, close) in try dailyCloses(symbol: "ETHBTC", as: .closeBTC, from: first, through: last) {
                    collected.add(.eth, day, .closeBTC, close, source: "binance:spot:ETHBTC")
                }
            }
        }
        return collected
    }

    // MARK: - Endpoints

    private func dailyCloses(symbol: String, as metric: Metric, from first: Day, through last: Day) throws(FetchError) -> [(Day, Double)] {
        var closes: [(Day, Double)] = []
        var start = EpochTime.start(of: first)
        let end = EpochTime.start(of: last.adding(days: 1)) - 1
        while start <= end {
            let url = URL.venue(spot, "/api/v3/klines", ["symbol": symbol, "interval": "1d", "startTime": "\(start)",
                                                      "endTime": "\(end)", "limit": "1000"])
            let request = url.request
            let rows = try decodePayload([[FlexibleString]].self, try fetcher.get(url), request: request)
            for row in rows {
                guard row.count >= 7 else {
                    throw FetchError(request: request, reason: "malformed payload: a kline has \(row.count) fields, expected 12")
                }
                let openTime = try VenueValue.time(row[0], "open time", request: request)
                guard (start...end).contains(openTime) else { throw outside("a kline", openTime, start, end, request) }
                let closeTime = try VenueValue.time(row[6], "close time", request: request)
                // A 1d candle opens at 00:00 UTC and closes a day less 1 ms later.
                try VenueRequest.checkDayStart(openTime, in: "a kline", request: request)
                guard closeTime == openTime + VenueRequest.dayMilliseconds - 1 else {
                    throw FetchError(request: request, reason: "a kline of \(EpochTime.day(ofMilliseconds: openTime)) closes at \(closeTime) ms, "
                        + "not a day after it opened: not the 1d interval requested; nothing stored")
                }
                // The last candle of a range that reaches today is still forming: its "close" is a live price.
                guard closeTime < now else { continue }
                closes.append((EpochTime.day(ofMilliseconds: openTime),
                               try VenueValue.parse(row[4], "close", as: metric, request: request)))
            }
            guard rows.count == 1000, let lastOpen = rows.last.flatMap({ Int64($0[0].value) }) else { break }
            start = lastOpen + 1
        }
        return closes
    }

    private func funding(symbol: String, from first: Day, through last: Day) throws(FetchError) -> [(Day, Double, Double)] {
        struct Row: Decodable {
            var symbol: FlexibleString?
            var fundingTime: FlexibleString?
            var fundingRate: FlexibleString?
        }
        var settlements: [(time: Int64, rate: Double)] = []
        var seen = Set<Int64>()
        // From the day before, so the first day's interval is measured from a real gap.
        var start = EpochTime.start(of: first.adding(days: -1))
        let end = EpochTime.start(of: last.adding(days: 1)) - 1
        while start <= end {
            let url = URL.venue(futures, "/fapi/v1/fundingRate", ["symbol": symbol, "startTime": "\(start)",
                                                              "endTime": "\(end)", "limit": "1000"])
            let request = url.request
            let rows = try decodePayload([Row].self, try fetcher.get(url), request: request)
            for row in rows {
                let time = try VenueValue.time(row.fundingTime, "fundingTime", request: request)
                guard (start...end).contains(time) else { throw outside("a funding settlement", time, start, end, request) }
                try FundingDays.checkNew(time, &seen, request: request)
                try VenueRequest.checkSymbol(row.symbol, "symbol", is: symbol, in: "a funding settlement of \(EpochTime.day(ofMilliseconds: time))",
                                             request: request)
                settlements.append((time, try VenueValue.parse(row.fundingRate, "fundingRate", as: .fundingRate, request: request)))
            }
            guard rows.count == 1000, let lastTime = settlements.last?.time else { break }
            start = lastTime + 1
        }
        return FundingDays.daily(settlements, now: now).filter { $0.0 >= first && $0.0 <= last }
    }

    private func openInterest(asset: Asset, symbol: String, from first: Day, through last: Day,
                              into collected: inout Collected) throws(FetchError) {
        struct Row: Decodable {
            var symbol: FlexibleString?
            var sumOpenInterest: FlexibleString?
            var sumOpenInterestValue: FlexibleString?
            var timestamp: FlexibleString?
        }
        let served = EpochTime.day(ofMilliseconds: now).adding(days: -29)
        let start = max(first, served)
        if first < served {
            collected.notes.append("Binance serves open interest history for the last 30 days only: "
                + "\(asset) open interest before \(served) was not collected.")
        }
        guard start <= last else { return }
        let url = URL.venue(futures, "/futures/data/openInterestHist", [
            "symbol": symbol, "period": "1d", "startTime": "\(EpochTime.start(of: start))",
            "endTime": "\(EpochTime.start(of: last.adding(days: 1)) - 1)", "limit": "500",
        ])
        let request = url.request
        for row in try decodePayload([Row].self, try fetcher.get(url), request: request) {
            let time = try VenueValue.time(row.timestamp, "timestamp", request: request)
            let (from, to) = (EpochTime.start(of: start), EpochTime.start(of: last.adding(days: 1)) - 1)
            guard (from...to).contains(time) else { throw outside("an open-interest row", time, from, to, request) }
            try VenueRequest.checkSymbol(row.symbol, "symbol", is: symbol, in: "an open-interest row of \(EpochTime.day(ofMilliseconds: time))",
                                         request: request)
            try VenueRequest.checkDayStart(time, in: "an open-interest row", request: request)
            let day = EpochTime.day(ofMilliseconds: time)
            let source = "binance:openInterestHist:\(symbol)"
            collected.add(asset, day, Metric.openInterestCoins.at(.binance),
                          try VenueValue.parse(row.sumOpenInterest, "sumOpenInterest", as: .openInterestCoins, request: request), source: source)
            collected.add(asset, day, Metric.openInterestUSD.at(.binance),
                          try VenueValue.parse(row.sumOpenInterestValue, "sumOpenInterestValue", as: .openInterestUSD, request: request),
                          source: source)
        }
    }

    /// A row the venue returned outside the requested window: refused, never stored. (A page that
    /// repeats the last one is such a row: paging that makes no progress ends here.)
    private func outside(_ what: String, _ time: Int64, _ start: Int64, _ end: Int64, _ request: String) -> FetchError {
        FetchError(request: request, reason: "\(what) of \(EpochTime.day(ofMilliseconds: time)) is outside the requested "
            + "\(EpochTime.day(ofMilliseconds: start)) to \(EpochTime.day(ofMilliseconds: end))")
    }
}
