import BriefCore
import Foundation

/// Binance-shaped answers for 2025-08-20 … 2025-08-26, in the endpoints' real formats:
/// klines as 12-element arrays (times as numbers, prices as strings), funding rows with
/// jittered settlement times, open interest with the timestamp sometimes a number and
/// sometimes a string.
struct BinanceReplay: Sendable {
    static let first = Day("2025-08-20")!
    static let last = Day("2025-08-26")!
    /// BTC closes: 110,000 + 100 a day (or `btcCloseOffset` more, to disagree with a first run).
    var btcCloseOffset = 0.0

    static func close(_ symbol: String, day index: Int) -> Double {
        switch symbol {
        case "BTCUSDT": 110_000 + Double(index) * 100
        case "ETHUSDT": 4_300 + Double(index) * 10
        default: 0.04 + Double(index) * 0.0005
        }
    }

    private static func ms(_ day: Day) -> Int64 { Int64(day.ordinal) * 86_400_000 }

    /// The days of the replay inside [startTime, endTime].
    private func days(_ query: [String: String]) -> [(index: Int, day: Day)] {
        let start = Int64(query["startTime"] ?? "") ?? 0
        let end = Int64(query["endTime"] ?? "") ?? .max
        return (0...Self.first.days(to: Self.last)).map { ($0, Self.first.adding(days: $0)) }
            .filter { Self.ms($0.day) + 86_399_999 >= start && Self.ms($0.day) <= end }
    }

    func reply(_ path: String, _ query: [String: String]) -> ReplayServer.Reply {
        let symbol = query["symbol"] ?? ""
        switch path {
        case "/api/v3/klines":
            let rows = days(query).map { index, day in
                let close = Self.close(symbol, day: index) + (symbol == "BTCUSDT" ? btcCloseOffset : 0)
                let open = Self.ms(day)
                return "[\(open),\"\(close - 50)\",\"\(close + 200)\",\"\(close - 300)\",\"\(close)\",\"1234.5\",\(open + 86_399_999),\"1.5e8\",4321,\"600.1\",\"6.6e7\",\"0\"]"
            }
            return .json("[" + rows.joined(separator: ",") + "]", headers: ["X-MBX-USED-WEIGHT-1M": "12"])
        case "/fapi/v1/fundingRate":
            let rate = symbol == "BTCUSDT" ? "0.00008000" : "0.00010000"
            let rows = days(query).flatMap { _, day in
                (0..<3).map { k in
                    "{\"symbol\":\"\(symbol)\",\"fundingTime\":\(Self.ms(day) + Int64(k) * 28_800_000 + Int64(k) + 1),\"fundingRate\":\"\(rate)\",\"markPrice\":\"110000.10000000\"}"
                }
            }
            return .json("[" + rows.joined(separator: ",") + "]")
        case "/futures/data/openInterestHist":
            let rows = days(query).map { index, day in
                let time = index % 2 == 0 ? "\(Self.ms(day))" : "\"\(Self.ms(day))\""
                return "{\"symbol\":\"\(symbol)\",\"sumOpenInterest\":\"\(300_000 + index * 1_000).5\",\"sumOpenInterestValue\":\"\(33_000_000_000 + index * 100_000_000).25\",\"timestamp\":\(time)}"
            }
            return .json("[" + rows.joined(separator: ",") + "]")
        default:
            return .json("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", status: 400)
        }
    }
}

/// OKX-shaped answers: the `{"code":"0","msg":"","data":[…]}` envelope, newest first, paged
/// backwards with `after`, candles as 9 strings whose last (`confirm`) is "0" while forming.
struct OKXReplay: Sendable {
    /// The newest candle (2025-08-26) is still forming.
    static let first = Day("2025-08-20")!
    static let last = Day("2025-08-26")!

    private static func ms(_ day: Day) -> Int64 { Int64(day.ordinal) * 86_400_000 }

    func reply(_ path: String, _ query: [String: String]) -> ReplayServer.Reply {
        let after = Int64(query["after"] ?? "") ?? .max
        let days = (0...Self.first.days(to: Self.last)).reversed().map { ($0, Self.first.adding(days: $0)) }
        switch path {
        case "/api/v5/market/history-candles":
            let base = query["instId"] == "BTC-USDT" ? 110_000.0 : query["instId"] == "ETH-USDT" ? 4_300 : 0.04
            let step = query["instId"] == "BTC-USDT" ? 100.0 : query["instId"] == "ETH-USDT" ? 10 : 0.0005
            let rows = days.filter { Self.ms($0.1) < after }.map { index, day in
                let confirm = day == Self.last ? "0" : "1"
                return "[\"\(Self.ms(day))\",\"1\",\"2\",\"0.5\",\"\(base + Double(index) * step)\",\"10\",\"10\",\"10\",\"\(confirm)\"]"
            }
            return .json("{\"code\":\"0\",\"msg\":\"\",\"data\":[" + rows.joined(separator: ",") + "]}")
        case "/api/v5/public/funding-rate-history":
            let rows = days.flatMap { _, day in (0..<3).reversed().map { Self.ms(day) + Int64($0) * 28_800_000 } }
                .filter { $0 < after }
                .map { "{\"instId\":\"\(query["instId"] ?? "")\",\"fundingRate\":\"0.0001\",\"realizedRate\":\"0.0001\",\"fundingTime\":\"\($0)\",\"method\":\"current_period\"}" }
            return .json("{\"code\":\"0\",\"msg\":\"\",\"data\":[" + rows.joined(separator: ",") + "]}")
        case "/api/v5/rubik/stat/contracts/open-interest-history":
            // 1D rows open at 16:00 UTC (midnight in Hong Kong), in [begin, end].
            let begin = Int64(query["begin"] ?? "") ?? 0, end = Int64(query["end"] ?? "") ?? .max
            let rows = days.map { ($0.0, Self.ms($0.1) - 8 * 3_600_000) }.filter { $0.1 >= begin && $0.1 <= end }
                .map { index, open in "[\"\(open)\",\"\(3_000_000 + index * 10_000)\",\"\(30_000 + index * 100)\",\"\(3_300_000_000 + index * 11_000_000)\"]" }
            return .json("{\"code\":\"0\",\"msg\":\"\",\"data\":[" + rows.joined(separator: ",") + "]}")
        default:
            return .json("{\"code\":\"51001\",\"msg\":\"Instrument ID does not exist\",\"data\":[]}")
        }
    }
}

/// Bybit-shaped answers: the `{"retCode":0,"retMsg":"OK","result":{…}}` envelope, newest first,
/// strings for every number, open interest paged with `nextPageCursor` (`pageSize` rows a page).
struct BybitReplay: Sendable {
    static let last = Day("2025-08-26")!
    /// The first day with data: a week, or more to make the venue page.
    var first = Day("2025-08-20")!
    var pageSize = 200

    private static func ms(_ day: Day) -> Int64 { Int64(day.ordinal) * 86_400_000 }

    func reply(_ path: String, _ query: [String: String]) -> ReplayServer.Reply {
        let symbol = query["symbol"] ?? ""
        let start = Int64(query["startTime"] ?? "") ?? 0, end = Int64(query["endTime"] ?? "") ?? .max
        let days = (0...first.days(to: Self.last)).reversed().map { ($0, first.adding(days: $0)) }
        func envelope(_ result: String) -> ReplayServer.Reply {
            .json("{\"retCode\":0,\"retMsg\":\"OK\",\"result\":\(result),\"retExtInfo\":{},\"time\":1756209600000}")
        }
        switch path {
        case "/v5/market/open-interest":
            let skip = Int(query["cursor"]?.dropFirst("page".count) ?? "") ?? 0
            let all = days.filter { Self.ms($0.1) >= start && Self.ms($0.1) <= end }
            let page = all.dropFirst(skip).prefix(pageSize)
            let rows = page.map { index, day -> String in
                let single: Int = 50_000 + index * 500
                return "{\"openInterest\":\"\(2 * single).00000000\",\"singleOpenInterest\":\"\(single)\",\"timestamp\":\"\(Self.ms(day))\"}"
            }
            let cursor = skip + pageSize < all.count ? "page\(skip + pageSize)" : ""
            return envelope("{\"symbol\":\"\(symbol)\",\"category\":\"linear\",\"list\":[" + rows.joined(separator: ",")
                + "],\"nextPageCursor\":\"\(cursor)\"}")
        case "/v5/market/funding/history":
            let times: [Int64] = days.flatMap { _, day in (0..<3).reversed().map { Self.ms(day) + Int64($0) * 28_800_000 } }
            let rows = times.filter { $0 >= start && $0 <= end }.prefix(pageSize).map { (time: Int64) -> String in
                "{\"symbol\":\"\(symbol)\",\"fundingRate\":\"0.00005\",\"fundingRateTimestamp\":\"\(time)\"}"
            }
            return envelope("{\"category\":\"linear\",\"list\":[" + rows.joined(separator: ",") + "]}")
        default:
            return .json("{\"retCode\":10001,\"retMsg\":\"params error: symbol invalid\",\"result\":{},\"retExtInfo\":{},\"time\":1756209600000}")
        }
    }
}
