import BriefCore
import Foundation

/// Perpetual open interest and funding from Bybit's public v5 endpoints (no key), for the
/// linear (USDT) contracts: `/v5/market/open-interest` (daily, back to the contract's launch)
/// and `/v5/market/funding/history`. Bybit wraps every answer in
/// `{"retCode":0,"retMsg":"OK","result":{…}}` and sends rows newest first.
public struct BybitCollector: Sendable {
    private let fetcher: PoliteFetcher
    private let host: URL
    private let now: Int64

    /// Rows a page holds at most (both endpoints take `limit` up to 200).
    static let pageSize = 200

    public init(fetcher: PoliteFetcher, baseURL: URL? = nil, now: Int64? = nil) {
        self.fetcher = fetcher
        host = baseURL ?? URL(string: "https://api.bybit.com")!
        self.now = now ?? EpochTime.now()
    }

    public func collect(assets: [Asset], from first: Day, through last: Day) throws(FetchError) -> Collected {
        var collected = Collected()
        for asset in assets {
            let symbol = asset.code + "USDT"
            for (day, rate, interval) in try funding(symbol: symbol, from: first, through: last) {
                collected.add(asset, day, Metric.fundingRate.at(.bybit), rate, source: "bybit:funding:\(symbol)")
                collected.add(asset, day, Metric.fundingIntervalHours.at(.bybit), interval, source: "bybit:funding:\(symbol)")
            }
            for (day, coins) in try openInterest(symbol: symbol, from: first, through: last) {
                collected.add(asset, day, Metric.openInterestCoins.at(.bybit), coins, source: "bybit:openInterest:\(symbol)")
            }
        }
        return collected
    }

    /// Bybit's envelope: `retCode` 0 means success; anything else carries `retMsg`.
    private struct Envelope<Result: Decodable>: Decodable {
        var retCode: Int
        var retMsg: String?
        var result: Result?
    }

    private func get<Result: Decodable>(_ path: String, _ items: [String: String], _ type: Result.Type) throws(FetchError) -> (Result, String) {
        let url = URL.venue(host, path, items)
        let request = url.request
        let envelope = try decodePayload(Envelope<Result>.self, try fetcher.get(url), request: request)
        guard envelope.retCode == 0 else {
            throw FetchError(request: request, reason: "Bybit error \(envelope.retCode): \((envelope.retMsg ?? "").prefix(200))")
        }
        guard let result = envelope.result else { throw FetchError(request: request, reason: "malformed payload: result is missing") }
        return (result, request)
    }

    /// Daily open interest in coins, one side (the figure Binance and OKX report), by the UTC
    /// day its row starts. Pages follow `nextPageCursor`, newest first, until the window is read.
    /// Every row must be a new day of the window older than the whole last page, so a venue that
    /// repeats a page (under a new cursor or not) is refused at once, and the full pages are at most
    /// the window's days over the page size.
    private func openInterest(symbol: String, from first: Day, through last: Day) throws(FetchError) -> [(Day, Double)] {
        struct Row: Decodable {
            var openInterest: FlexibleString?
            var singleOpenInterest: FlexibleString?
            var timestamp: FlexibleString?
        }
        struct Page: Decodable {
            var symbol: FlexibleString?
            var list: [Row]?
            var nextPageCursor: String?
        }
        let (start, end) = (EpochTime.start(of: first), EpochTime.start(of: last.adding(days: 1)) - 1)
        var items = ["category": "linear", "symbol": symbol, "intervalTime": "1d", "startTime": "\(start)", "endTime": "\(end)",
                     "limit": "\(Self.pageSize)"]
        var values: [Day: Double] = [:]
        // Rows of the next page must be older than this: the oldest row read so far.
        var before = end + 1
        while true {
            let (page, request) = try get("/v5/market/open-interest", items, Page.self)
            let rows = try Self.list(page.list, request: request)
            try VenueRequest.checkSymbol(page.symbol, "symbol", is: symbol, in: "an open-interest page", request: request)
            var oldest = before
            for row in rows {
                let time = try VenueValue.time(row.timestamp, "timestamp", request: request)
                guard (start...end).contains(time) else { throw outside("an open-interest row", time, start, end, request) }
                try VenueRequest.checkDayStart(time, in: "an open-interest row", request: request)
                let day = EpochTime.day(ofMilliseconds: time)
                guard time < before else {
                    throw FetchError(request: request, reason: "an open-interest row of \(day) is not older than the previous page's "
                        + "rows: the venue did not page on; nothing stored")
                }
                guard values[day] == nil else {
                    throw FetchError(request: request, reason: "an open-interest row of \(day) is given twice; nothing stored")
                }
                // `openInterest` counts both sides; `singleOpenInterest` (sent since 2025) one.
                values[day] = row.singleOpenInterest == nil
                    ? try VenueValue.parse(row.openInterest, "openInterest", as: .openInterestCoins, request: request) / 2
                    : try VenueValue.parse(row.singleOpenInterest, "singleOpenInterest", as: .openInterestCoins, request: request)
                oldest = min(oldest, time)
            }
            guard rows.count == Self.pageSize, let cursor = page.nextPageCursor, !cursor.isEmpty else { break }
            before = oldest
            items["cursor"] = cursor
        }
        return values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// A page's `list`: an answer without one is malformed, not a page of no rows.
    private static func list<Row>(_ list: [Row]?, request: String) throws(FetchError) -> [Row] {
        guard let list else { throw FetchError(request: request, reason: "malformed payload: result.list is missing") }
        return list
    }

    /// Funding settlements, paged backwards: each page is the newest 200 up to `endTime`.
    private func funding(symbol: String, from first: Day, through last: Day) throws(FetchError) -> [(Day, Double, Double)] {
        struct Row: Decodable {
            var symbol: FlexibleString?
            var fundingRate: FlexibleString?
            var fundingRateTimestamp: FlexibleString?
        }
        struct Page: Decodable { var list: [Row]? }
        // From the day before, so the first day's interval is measured from a real gap.
        let start = EpochTime.start(of: first.adding(days: -1))
        var end = EpochTime.start(of: last.adding(days: 1)) - 1
        var settlements: [(time: Int64, rate: Double)] = []
        var seen = Set<Int64>()
        while end >= start {
            let (page, request) = try get("/v5/market/funding/history", [
                "category": "linear", "symbol": symbol, "startTime": "\(start)", "endTime": "\(end)", "limit": "\(Self.pageSize)",
            ], Page.self)
            let rows = try Self.list(page.list, request: request)
            for row in rows {
                let time = try VenueValue.time(row.fundingRateTimestamp, "fundingRateTimestamp", request: request)
                guard (start...end).contains(time) else { throw outside("a funding settlement", time, start, end, request) }
                try FundingDays.checkNew(time, &seen, request: request)
                try VenueRequest.checkSymbol(row.symbol, "symbol", is: symbol,
                                             in: "a funding settlement of \(EpochTime.day(ofMilliseconds: time))", request: request)
                settlements.append((time, try VenueValue.parse(row.fundingRate, "fundingRate", as: .fundingRate, request: request)))
            }
            guard rows.count == Self.pageSize, let oldest = settlements.map(\.time).min() else { break }
            end = oldest - 1
        }
        return FundingDays.daily(settlements, now: now).filter { $0.0 >= first && $0.0 <= last }
    }

    private func outside(_ what: String, _ time: Int64, _ start: Int64, _ end: Int64, _ request: String) -> FetchError {
        FetchError(request: request, reason: "\(what) of \(EpochTime.day(ofMilliseconds: time)) is outside the requested "
            + "\(EpochTime.day(ofMilliseconds: start)) to \(EpochTime.day(ofMilliseconds: end))")
    }
}
