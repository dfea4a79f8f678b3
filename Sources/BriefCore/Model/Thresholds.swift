/// The numbers that turn measurements into levels. Defaults are documented in
/// `docs/config.md` and shipped as `config/thresholds.json`; a config file may set any subset.
public struct Thresholds: Sendable, Equatable, Codable {
    /// Funding neutral band, lower edge, percent per 8 hours.
    public var fundingNeutralLowPct = 0.002
    /// Funding neutral band, upper edge, percent per 8 hours; above it funding is elevated.
    public var fundingNeutralHighPct = 0.003
    /// Funding at or above this (percent per 8 hours) is extreme.
    public var fundingExtremePct = 0.03
    /// Days back to the start of the funding trend.
    public var fundingTrendDays = 60
    /// Days averaged at the start of the funding trend.
    public var fundingTrendAverageDays = 7

    /// The open-interest range, in days (two years).
    public var openInterestWindowDays = 730
    /// Days over which open-interest change is measured.
    public var openInterestChangeDays = 60
    /// Percentile of its own range at or above which open interest counts as high.
    public var openInterestHighPercentile = 90.0

    /// Days searched for the largest liquidation day.
    public var liquidationWindowDays = 30
    /// Long liquidations (USD) in one day that count as heavy.
    public var liquidationHeavyUSD = 250_000_000.0
    /// Long liquidations (USD) in one day too large to call light.
    public var liquidationNotableUSD = 100_000_000.0

    /// Days back searched for whale sales ("last week").
    public var whaleLookbackDays = 7
    /// Years dormant that make a seller a dormant whale.
    public var whaleMinDormantYears = 5.0
    /// Sale size (USD) that makes a whale sale a trigger.
    public var whaleMinUSD = 100_000_000.0
    /// Days over which a rotation target's high is measured (two years).
    public var rotationHighWindowDays = 730

    /// A flow streak counts as current if it ended within this many days.
    public var streakRecentDays = 3
    /// Consecutive exchange net-inflow days that signal spot selling.
    public var inflowStreakMinDays = 3
    /// Consecutive reported ETF outflow days that signal institutional selling.
    public var etfOutflowStreakMinDays = 2

    /// Days over which the recent price high is measured.
    public var priceHighWindowDays = 30
    /// Days over which the price change headline is measured.
    public var priceChangeDays = 3
    /// Days over which the support (lowest close) is measured.
    public var supportWindowDays = 30
    /// Days searched for the next swing low below support.
    public var swingLookbackDays = 180
    /// Days on each side a close must undercut to be a swing low.
    public var swingHalfWidthDays = 3
    /// Price within this percent above support counts as testing it.
    public var supportNearPct = 3.0

    /// Days of ETH/BTC used for its volatility.
    public var rotationVolatilityDays = 7
    /// Daily ETH/BTC volatility (percent) under which rotation counts as stopped.
    public var rotationVolatilityMaxPct = 1.5
    /// Reported days of ETF net inflow in a row that count as inflows returning.
    public var etfInflowDays = 2

    /// Risk score at or above which short-term risk is high.
    public var riskHighScore = 4
    /// Risk score at or above which short-term risk is moderate.
    public var riskModerateScore = 2

    /// The defaults.
    public init() {}

    private static var decimals: [(String, WritableKeyPath<Thresholds, Double>)] { [
        ("funding_neutral_low_pct", \.fundingNeutralLowPct),
        ("funding_neutral_high_pct", \.fundingNeutralHighPct),
        ("funding_extreme_pct", \.fundingExtremePct),
        ("open_interest_high_percentile", \.openInterestHighPercentile),
        ("liquidation_heavy_usd", \.liquidationHeavyUSD),
        ("liquidation_notable_usd", \.liquidationNotableUSD),
        ("whale_min_dormant_years", \.whaleMinDormantYears),
        ("whale_min_usd", \.whaleMinUSD),
        ("support_near_pct", \.supportNearPct),
        ("rotation_volatility_max_pct", \.rotationVolatilityMaxPct),
    ] }

    /// Days of history a brief can look back at: no analysis reaches further than the sum of
    /// every window plus the fixed look-backs (60 days of flows, 14 of ETF days). Reading only
    /// these days gives the same findings as reading everything.
    public var historyDays: Int {
        Self.counts.reduce(0) { $0 + self[keyPath: $1.1] } + 74
    }

    private static var counts: [(String, WritableKeyPath<Thresholds, Int>)] { [
        ("funding_trend_days", \.fundingTrendDays),
        ("funding_trend_average_days", \.fundingTrendAverageDays),
        ("open_interest_window_days", \.openInterestWindowDays),
        ("open_interest_change_days", \.openInterestChangeDays),
        ("liquidation_window_days", \.liquidationWindowDays),
        ("whale_lookback_days", \.whaleLookbackDays),
        ("rotation_high_window_days", \.rotationHighWindowDays),
        ("streak_recent_days", \.streakRecentDays),
        ("inflow_streak_min_days", \.inflowStreakMinDays),
        ("etf_outflow_streak_min_days", \.etfOutflowStreakMinDays),
        ("price_high_window_days", \.priceHighWindowDays),
        ("price_change_days", \.priceChangeDays),
        ("support_window_days", \.supportWindowDays),
        ("swing_lookback_days", \.swingLookbackDays),
        ("swing_half_width_days", \.swingHalfWidthDays),
        ("rotation_volatility_days", \.rotationVolatilityDays),
        ("etf_inflow_days", \.etfInflowDays),
        ("risk_high_score", \.riskHighScore),
        ("risk_moderate_score", \.riskModerateScore),
    ] }

    /// Every key a config file may use, sorted.
    public static var keys: [String] { (decimals.map(\.0) + counts.map(\.0)).sorted() }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes a flat object of the keys above; an unknown key or a value out of range is an error.
    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: Key.self)
        for key in container.allKeys {
            if let (_, path) = Thresholds.decimals.first(where: { $0.0 == key.stringValue }) {
                let value = try container.decode(Double.self, forKey: key)
                guard value.isFinite, value >= 0 else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "must be a finite number ≥ 0")
                }
                self[keyPath: path] = value
            } else if let (_, path) = Thresholds.counts.first(where: { $0.0 == key.stringValue }) {
                let value = try container.decode(Int.self, forKey: key)
                guard (1...3650).contains(value) else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "must be a whole number from 1 to 3650")
                }
                self[keyPath: path] = value
            } else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "unknown setting (known: \(Thresholds.keys.joined(separator: ", ")))")
            }
        }
        guard fundingNeutralLowPct <= fundingNeutralHighPct, fundingNeutralHighPct < fundingExtremePct else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "funding thresholds must satisfy neutral_low ≤ neutral_high < extreme"))
        }
    }

    /// Encodes every key, so the shipped defaults file can be checked against `init()`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, path) in Thresholds.decimals { try container.encode(self[keyPath: path], forKey: Key(stringValue: name)) }
        for (name, path) in Thresholds.counts { try container.encode(self[keyPath: path], forKey: Key(stringValue: name)) }
    }
}
