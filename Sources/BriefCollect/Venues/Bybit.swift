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
            throw FetchError(request: request, reason: "Bybit error \(envelope.retCode): \(PrintableText.of(String((envelope.retMsg ?? "").prefix(200))))")
        }
        guard let result = envelope.result else { throw FetchError(request: request, reason: "malformed payload: result is missing") }
        return (result, request)
    }

    /// Daily open interest in coins, one side (the figure Binance and OKX report), by the UTC
    /// day its row starts. Pages follow `nextPageCursor` until the window is read.
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
        var cursors = Set<String>()
        while true {
            let (page, request) = try get("/v5/market/open-interest", items, Page.self)
            try VenueRequest.checkSymbol(page.symbol, "symbol", is: symbol, in: "an open-interest page", request: request)
            let rows = page.list ?? []
            for row in rows {
                let time = try VenueValue.time(row.timestamp, "timestamp", request: request)
                guard (start...end).contains(time) else { throw outside("an open-interest row", time, start, end, request) }
                try VenueRequest.checkDayStart(time, in: "an open-interest row", request: request)
                // `openInterest` counts both sides; `singleOpenInterest` (sent since 2025) one.
                let coins = row.singleOpenInterest == nil
                    ? try VenueValue.parse(row.openInterest, "openInterest", as: .openInterestCoins, request: request) / 2
                    : try VenueValue.parse(row.singleOpenInterest, "singleOpenInterest", as: .openInterestCoins, request: request)
                values[EpochTime.day(ofMilliseconds: time)] = coins
            }
            guard rows.count == Self.pageSize, let cursor = page.nextPageCursor, !cursor.isEmpty else { break }
            guard cursors.insert(cursor).inserted else {
                throw FetchError(request: request, reason: "nextPageCursor \(PrintableText.of(String(cursor.prefix(40)))) came twice: "
                    + "the venue did not page on; nothing stored")
            }
            items["cursor"] = cursor
        }
        return values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
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
        while end >= start {
            let (page, request) = try get("/v5/market/funding/history", [
                "category": "linear", "symbol": symbol, "startTime": "\(start)", "endTime": "\(end)", "limit": "\(Self.pageSize)",
            ], Page.self)
            let rows = page.list ?? []
            for row in rows {
                let time = try VenueValue.time(row.fundingRateTimestamp, "fundingRateTimestamp", request: request)
                guard (start...end).contains(time) else { throw outside("a funding settlement", time, start, end, request) }
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
