/// The name of a daily metric as stored: one of the standard metrics below, a per-fund
/// spot-ETF flow `etf_flow_usd.FUND`, or one venue's open interest or funding
/// `oi_coins.VENUE` (`funding_rate.okx`), kept beside the other venues' figures.
public struct Metric: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The stored name, also the CSV column header.
    public let name: String

    private init(unchecked name: String) { self.name = name }

    /// Spot close in USD.
    public static let closeUSD = Metric(unchecked: "close_usd")
    /// Spot close in BTC (ETH/BTC on ETH rows).
    public static let closeBTC = Metric(unchecked: "close_btc")
    /// Perpetual funding rate per interval, as a fraction (0.0001 = 0.01%).
    public static let fundingRate = Metric(unchecked: "funding_rate")
    /// Hours between funding settlements.
    public static let fundingIntervalHours = Metric(unchecked: "funding_interval_h")
    /// Perpetual open interest in coins.
    public static let openInterestCoins = Metric(unchecked: "oi_coins")
    /// Perpetual open interest in USD.
    public static let openInterestUSD = Metric(unchecked: "oi_usd")
    /// Long positions liquidated, USD.
    public static let longLiquidationsUSD = Metric(unchecked: "liq_long_usd")
    /// Short positions liquidated, USD.
    public static let shortLiquidationsUSD = Metric(unchecked: "liq_short_usd")
    /// Net coins moved onto exchanges (positive = inflow).
    public static let exchangeNetflowCoins = Metric(unchecked: "exchange_netflow")
    /// Spot-ETF net flow, all funds, USD (negative = outflow).
    public static let etfNetflowUSD = Metric(unchecked: "etf_flow_usd")

    /// Every standard metric, in CSV column order.
    public static let standard: [Metric] = [
        .closeUSD, .closeBTC, .fundingRate, .fundingIntervalHours, .openInterestCoins, .openInterestUSD,
        .longLiquidationsUSD, .shortLiquidationsUSD, .exchangeNetflowCoins, .etfNetflowUSD,
    ]

    private static let fundPrefix = "etf_flow_usd."

    /// The spot-ETF flow of one fund; `nil` unless the ticker is 1–10 of A–Z and 0–9.
    public static func etfFund(_ ticker: some StringProtocol) -> Metric? {
        guard (1...10).contains(ticker.utf8.count),
              ticker.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) }) else { return nil }
        return Metric(unchecked: fundPrefix + ticker)
    }

    /// The metrics each venue reports apart: open interest and funding.
    public static let perVenue: [Metric] = [.fundingRate, .fundingIntervalHours, .openInterestCoins, .openInterestUSD]

    /// `metric` (one of `perVenue`) as reported by one venue; `nil` unless the venue's name is
    /// 1–20 of a–z and 0–9 (`binance`, `okx`).
    public static func atVenue(_ metric: Metric, _ venue: some StringProtocol) -> Metric? {
        guard perVenue.contains(metric), (1...20).contains(venue.utf8.count),
              venue.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) }) else { return nil }
        return Metric(unchecked: metric.name + "." + venue)
    }

    /// A standard metric, a fund flow or a venue's figure by its stored name; `nil` for anything else.
    public init?(name: some StringProtocol) {
        if let metric = Metric.standard.first(where: { $0.name == name }) {
            self = metric
        } else if name.hasPrefix(Metric.fundPrefix), let fund = Metric.etfFund(name.dropFirst(Metric.fundPrefix.count)) {
            self = fund
        } else if let dot = name.firstIndex(of: "."), let base = Metric.perVenue.first(where: { $0.name == name[..<dot] }),
                  let metric = Metric.atVenue(base, name[name.index(after: dot)...]) {
            self = metric
        } else {
            return nil
        }
    }

    /// The venue of one venue's figure (`okx` of `funding_rate.okx`), `nil` for other metrics.
    public var venue: String? {
        guard let dot = venueDot else { return nil }
        return String(name[name.index(after: dot)...])
    }

    /// The metric without its venue (`funding_rate` of `funding_rate.okx`); itself for others.
    /// Asked of every value a reader checks: most names have no dot, and are answered by one scan.
    public var withoutVenue: Metric {
        guard let dot = venueDot else { return self }
        return Metric(unchecked: String(name[..<dot]))
    }

    /// Where the venue's name starts after a dot: fund flows (`etf_flow_usd.IBIT`) have none.
    private var venueDot: String.Index? {
        guard let dot = name.utf8.firstIndex(of: UInt8(ascii: ".")), !isSpotETFFlow else { return nil }
        return dot
    }

    /// A US spot-ETF flow, in total or of one fund: reported for NYSE trading days only.
    public var isSpotETFFlow: Bool { self == .etfNetflowUSD || name.hasPrefix(Metric.fundPrefix) }

    /// The fund ticker of a per-fund ETF flow, `nil` for other metrics.
    public var etfFundTicker: String? {
        name.hasPrefix(Metric.fundPrefix) ? String(name.dropFirst(Metric.fundPrefix.count)) : nil
    }

    public var description: String { name }

    public static func < (lhs: Metric, rhs: Metric) -> Bool { lhs.name < rhs.name }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let metric = Metric(name: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown metric: \(text)")
        }
        self = metric
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}

/// One stored number: an asset's metric on a day, and where it came from.
public struct MetricSample: Hashable, Sendable, Codable {
    public var asset: Asset
    public var day: Day
    public var metric: Metric
    public var value: Double
    /// Where the value came from, e.g. `file:daily.csv` or `sample`.
    public var source: String

    public init(asset: Asset, day: Day, metric: Metric, value: Double, source: String) {
        self.asset = asset
        self.day = day
        self.metric = metric
        self.value = value
        self.source = source
    }
}
