/// The numbers that turn measurements into levels. Defaults are documented in
/// `docs/config.md` and shipped as `config/thresholds.json`; a config file may set any subset.
public struct Thresholds: Sendable, Equatable, Codable {
    /// The venues' baseline funding, percent per 8 hours: the interest component Binance and OKX
    /// charge when the perpetual trades at no premium.
    public var fundingBaselinePct = 0.01
    /// Funding neutral band, lower edge, percent per 8 hours (default: zero).
    public var fundingNeutralLowPct = 0.0
    /// Funding neutral band, upper edge, percent per 8 hours (default: the baseline); above it funding is elevated.
    public var fundingNeutralHighPct = 0.01
    /// Funding at or above this (percent per 8 hours) is extreme.
    public var fundingExtremePct = 0.03
    /// Days back to the start of the funding trend.
    public var fundingTrendDays = 60
    /// Days averaged at the start of the funding trend.
    public var fundingTrendAverageDays = 7
    /// Percentage points of annualized funding by which the trend's peak must exceed both its
    /// start and today to be named.
    public var fundingPeakMarginPp = 0.5
    /// Percentage points (annualized) funding must have come back from a low for the trend to name it.
    public var fundingLowReboundPp = 5.0

    /// The open-interest range, in days (two years).
    public var openInterestWindowDays = 730
    /// The longest a window (a count of days) may be set: ten years.
    public static let maxWindowDays = 3650
    /// Days over which open-interest change is measured.
    public var openInterestChangeDays = 60
    /// Percentile of its own range at or above which open interest counts as high.
    public var openInterestHighPercentile = 90.0

    /// Percentile of its own history at or above which funding counts as high for the asset.
    public var fundingHighPercentile = 80.0
    /// Percentile points under a side's high threshold within which, the other side high,
    /// leverage is "just short of crowded" rather than not crowded.
    public var crowdingNearMargin = 10.0
    /// Percentile at or above which funding (of its year) and open interest (of its range) are
    /// both at their highest: leverage at records, two risk points of its own.
    public var leverageRecordPercentile = 99.0
    /// Percent per 8h funding must top the venues' baseline (and the band's top) by before
    /// longs count as paying up by it: a rate just over it is no stretch.
    public var fundingStretchMarginPct = 0.002
    /// Percentile of its own history at or under which funding below zero is deeply negative
    /// for the asset: shorts paying more than on almost any day of the year.
    public var fundingLowPercentile = 5.0

    /// Days of an asset's own history that levels are ranked against (percentiles).
    public var rankLookbackDays = 365
    /// Days a series needs before it is ranked (since its data began, with most of the rank's
    /// window reported) or called a range high (reported days in the range).
    public var minHistoryDays = 365

    /// Days searched for the largest liquidation day.
    public var liquidationWindowDays = 30
    /// Percentile of the asset's own daily liquidations at or above which a day is heavy.
    public var liquidationHeavyPercentile = 95.0
    /// Percentile under which a day's liquidations are light.
    public var liquidationLightPercentile = 50.0
    /// One side's liquidations outweigh the other's when larger by at least this percent;
    /// closer than that, the day is even.
    public var liquidationSideMarginPct = 10.0

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
    /// A current run of at least this many reported days against the side the other flow calls
    /// (exchange outflows or ETF inflows against selling, and the reverse) makes spot mixed.
    public var spotCounterRunMinDays = 2
    /// Two disagreeing spot flows, one this many times the other in dollars: the disagreement
    /// leans to the larger.
    public var spotLeanRatio = 2.0
    /// Reported days from which a flow run is long: its end leads the headline.
    public var longRunDays = 20
    /// Days back a flow run is counted: a run that reaches this far, or the first flow held,
    /// is told as "at least" its length.
    public var flowRunMaxDays = 730

    /// Days over which the recent price high is measured.
    public var priceHighWindowDays = 30
    /// Days over which the price change headline is measured.
    public var priceChangeDays = 3
    /// Days over which the support (lowest close) is measured.
    public var supportWindowDays = 30
    /// Earlier closes the support window must hold before it sets a level (a young store's
    /// first days set none: "a new 1-day low" says nothing).
    public var supportMinDays = 7
    /// Days searched for the next swing low below support.
    public var swingLookbackDays = 180
    /// Days on each side a close must undercut to be a swing low.
    public var swingHalfWidthDays = 3
    /// Price within this percent above support counts as testing it.
    public var supportNearPct = 3.0
    /// A close within this percent above a new low, days after it, retests the low: the wait
    /// before a slide can be called over starts again from it.
    public var lowRetestPct = 1.0
    /// Price more than this percent above support is far from it: no level a fall would test soon.
    public var supportFarPct = 10.0
    /// A close within this percent under the highest close in the store is near its record:
    /// no quiet day.
    public var nearRecordPct = 3.0

    /// Days of ETH/BTC used for its volatility.
    public var rotationVolatilityDays = 7
    /// Daily ETH/BTC volatility (percent) under which rotation counts as stopped.
    public var rotationVolatilityMaxPct = 1.5
    /// Reported days of ETF net inflow in a row that count as inflows returning.
    public var etfInflowDays = 2

    /// A one-day fall at least this large (percent) is a risk point.
    public var riskDayFallPct = 5.0
    /// A close at least this far (percent) under its recent high is a risk point, and a sell-off.
    public var riskDrawdownPct = 10.0
    /// A close at least this far (percent) under its recent high is in a sell-off.
    public var selloffPct = 5.0
    /// A gain over `price_change_days` at least this large (percent) is a rally.
    public var rallyPct = 5.0
    /// Percentage points the multi-day move must differ from the day's move by to be told
    /// beside it (a move made all on the day is told once).
    public var multiDayMarginPP = 1.0
    /// A one-day move under this (percent, either way) with a close inside its recent range is a quiet day.
    public var quietDayMovePct = 1.5
    /// Closes before the brief's day a range is read over: every one of them reported.
    public var rangeWindowDays = 30
    /// Closes within this percent of their lowest over `range_window_days` make a range; a close
    /// inside it is range-bound.
    public var rangeBandPct = 8.0
    /// Percent a close must end beyond the range yesterday's close was inside to break it: a
    /// close a hair over its edge, or a range that moves as old closes leave its window, is no break.
    public var rangeBreakMarginPct = 1.0
    /// Open interest falling this much (percent) over 7 days while the price falls is deleveraging;
    /// rising this much with the price is new leverage.
    public var openInterestWeekChangePct = 5.0

    /// The day US spot ETFs of the asset began trading; `nil`: the asset has none.
    public var etfLaunch: Day?
    /// Whether the ETH/BTC rotation applies to the asset.
    public var rotationPair = false

    /// Risk score at or above which short-term risk is high.
    public var riskHighScore = 4
    /// Risk score at or above which short-term risk is moderate.
    public var riskModerateScore = 2

    /// Settings that differ per asset, by ticker, applied over the settings above.
    public var assets: [String: AssetSettings] = AssetSettings.builtIn

    /// The defaults.
    public init() {}

    /// The settings for `asset`: these, with its own entry applied.
    public func resolved(for asset: Asset) -> Thresholds {
        var settings = self
        settings.assets = [:]
        guard let entry = assets[asset.code] else { return settings }
        for (key, value) in entry.numbers {
            if let (_, path) = Self.decimals.first(where: { $0.0 == key }) { settings[keyPath: path] = value }
            if let (_, path) = Self.counts.first(where: { $0.0 == key }) { settings[keyPath: path] = Int(value) }
        }
        if let launch = entry.etfLaunch { settings.etfLaunch = launch }
        if let pair = entry.rotationPair { settings.rotationPair = pair }
        return settings
    }

    private static var decimals: [(String, WritableKeyPath<Thresholds, Double>)] { [
        ("funding_neutral_low_pct", \.fundingNeutralLowPct),
        ("funding_neutral_high_pct", \.fundingNeutralHighPct),
        ("funding_extreme_pct", \.fundingExtremePct),
        ("open_interest_high_percentile", \.openInterestHighPercentile),
        ("funding_baseline_pct", \.fundingBaselinePct),
        ("funding_high_percentile", \.fundingHighPercentile),
        ("liquidation_heavy_percentile", \.liquidationHeavyPercentile),
        ("liquidation_light_percentile", \.liquidationLightPercentile),
        ("risk_day_fall_pct", \.riskDayFallPct),
        ("risk_drawdown_pct", \.riskDrawdownPct),
        ("rally_pct", \.rallyPct),
        ("multi_day_margin_pp", \.multiDayMarginPP),
        ("selloff_pct", \.selloffPct),
        ("quiet_day_move_pct", \.quietDayMovePct),
        ("range_band_pct", \.rangeBandPct),
        ("range_break_margin_pct", \.rangeBreakMarginPct),
        ("open_interest_week_change_pct", \.openInterestWeekChangePct),
        ("whale_min_dormant_years", \.whaleMinDormantYears),
        ("whale_min_usd", \.whaleMinUSD),
        ("support_near_pct", \.supportNearPct),
        ("spot_lean_ratio", \.spotLeanRatio),
        ("low_retest_pct", \.lowRetestPct),
        ("rotation_volatility_max_pct", \.rotationVolatilityMaxPct),
        ("funding_peak_margin_pp", \.fundingPeakMarginPp),
        ("funding_low_rebound_pp", \.fundingLowReboundPp),
        ("liquidation_side_margin_pct", \.liquidationSideMarginPct),
        ("near_record_pct", \.nearRecordPct),
        ("support_far_pct", \.supportFarPct),
        ("crowding_near_margin", \.crowdingNearMargin),
        ("leverage_record_percentile", \.leverageRecordPercentile),
        ("funding_stretch_margin_pct", \.fundingStretchMarginPct),
        ("funding_low_percentile", \.fundingLowPercentile),
    ] }

    /// Days of history a brief can look back at, for any asset: the longest reach of any
    /// analysis (a window plus what its first day looks back at), plus a margin. Reading only
    /// these days gives the same findings as reading everything (a test checks it).
    public var historyDays: Int {
        ([self] + assets.keys.compactMap(Asset.init).map(resolved)).map { settings in
            [
                settings.openInterestWindowDays,
                settings.rotationHighWindowDays + settings.whaleLookbackDays,
                settings.rankLookbackDays + 7,  // the 7-day open-interest changes ranked
                settings.fundingTrendDays + settings.fundingTrendAverageDays,
                settings.openInterestChangeDays,
                settings.swingLookbackDays,
                settings.supportWindowDays + settings.priceChangeDays,
                settings.priceHighWindowDays,
                settings.priceChangeDays,
                settings.rangeWindowDays + 2,
                settings.liquidationWindowDays,
                settings.rotationVolatilityDays + 1,
                settings.etfInflowDays + 14,
                settings.flowRunMaxDays,
            ].max()! + 14
        }.max()!
    }

    private static var counts: [(String, WritableKeyPath<Thresholds, Int>)] { [
        ("funding_trend_days", \.fundingTrendDays),
        ("rank_lookback_days", \.rankLookbackDays),
        ("min_history_days", \.minHistoryDays),
        ("funding_trend_average_days", \.fundingTrendAverageDays),
        ("open_interest_window_days", \.openInterestWindowDays),
        ("open_interest_change_days", \.openInterestChangeDays),
        ("liquidation_window_days", \.liquidationWindowDays),
        ("whale_lookback_days", \.whaleLookbackDays),
        ("rotation_high_window_days", \.rotationHighWindowDays),
        ("streak_recent_days", \.streakRecentDays),
        ("inflow_streak_min_days", \.inflowStreakMinDays),
        ("etf_outflow_streak_min_days", \.etfOutflowStreakMinDays),
        ("flow_run_max_days", \.flowRunMaxDays),
        ("long_run_days", \.longRunDays),
        ("spot_counter_run_min_days", \.spotCounterRunMinDays),
        ("price_high_window_days", \.priceHighWindowDays),
        ("price_change_days", \.priceChangeDays),
        ("range_window_days", \.rangeWindowDays),
        ("support_window_days", \.supportWindowDays),
        ("support_min_days", \.supportMinDays),
        ("swing_lookback_days", \.swingLookbackDays),
        ("swing_half_width_days", \.swingHalfWidthDays),
        ("rotation_volatility_days", \.rotationVolatilityDays),
        ("etf_inflow_days", \.etfInflowDays),
        ("risk_high_score", \.riskHighScore),
        ("risk_moderate_score", \.riskModerateScore),
    ] }

    /// Every key a config file may use at its top level, sorted.
    public static var keys: [String] {
        (decimals.map(\.0) + counts.map(\.0) + ["assets", "etf_launch", "rotation_pair"]).sorted()
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes an object of the keys above; `assets` maps a ticker to an object of the same keys
    /// (but `assets`) that apply to that asset only, over its built-in entry. An unknown key or a
    /// value out of range is an error.
    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: Key.self)
        for key in container.allKeys where key.stringValue != "assets" {
            try Self.apply(key, from: container, to: &self)
        }
        try Self.checkFunding(self, at: container.codingPath)
        let assetsKey = Key(stringValue: "assets")
        guard container.contains(assetsKey) else { return }
        let entries = try container.nestedContainer(keyedBy: Key.self, forKey: assetsKey)
        for code in entries.allKeys {
            guard let asset = Asset(code.stringValue) else {
                throw DecodingError.dataCorruptedError(forKey: code, in: entries, debugDescription: "not an asset code (2–10 of A–Z, 0–9)")
            }
            let entry = try entries.nestedContainer(keyedBy: Key.self, forKey: code)
            var settings = assets[asset.code] ?? AssetSettings()
            for key in entry.allKeys {
                guard key.stringValue != "assets" else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: entry,
                                                           debugDescription: "an asset's entry holds that asset's settings, not other assets")
                }
                // Checked by applying it; kept as the entry's own value.
                var scratch = Thresholds()
                try Self.apply(key, from: entry, to: &scratch)
                switch key.stringValue {
                case "etf_launch": settings.etfLaunch = .some(scratch.etfLaunch)
                case "rotation_pair": settings.rotationPair = scratch.rotationPair
                default:
                    settings.numbers[key.stringValue] = Self.decimals.first { $0.0 == key.stringValue }.map { scratch[keyPath: $0.1] }
                        ?? Self.counts.first { $0.0 == key.stringValue }.map { Double(scratch[keyPath: $0.1]) }
                }
            }
            assets[asset.code] = settings
            try Self.checkFunding(resolved(for: asset), at: entry.codingPath)
        }
    }

    /// Sets one key of `container` on `settings`, refusing unknown keys and values out of range.
    private static func apply(_ key: Key, from container: KeyedDecodingContainer<Key>, to settings: inout Thresholds) throws {
        if let (name, path) = decimals.first(where: { $0.0 == key.stringValue }) {
            let value = try container.decode(Double.self, forKey: key)
            let most = largest(name), shown = most == most.rounded() ? String(Int(most)) : "\(most)"
            // A value other than zero under 1e-12 is no setting (5e-324 years), as for a stored value.
            guard value.isFinite, value >= 0, value <= most, value == 0 || value >= Metric.smallestMagnitude else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "must be a number from 0 to \(shown)"
                    + (value > 0 && value < Metric.smallestMagnitude ? " (and 0 or at least 1e-12)" : ""))
            }
            settings[keyPath: path] = value
        } else if let (name, path) = counts.first(where: { $0.0 == key.stringValue }) {
            // Read as a number, so 1.5 or 1e308 is told as out of range, not as JSON that is no JSON.
            let number = try container.decode(Double.self, forKey: key)
            let most = name.hasSuffix("_score") ? RiskAnalysis.maxScore : Thresholds.maxWindowDays
            guard number == number.rounded(), number >= 1, number <= Double(most) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "must be a whole number from 1 to \(most)")
            }
            settings[keyPath: path] = Int(number)
        } else if key.stringValue == "etf_launch" {
            let text = try container.decode(String?.self, forKey: key)
            guard text == nil || Day(text!) != nil else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "must be a date YYYY-MM-DD or null")
            }
            settings.etfLaunch = text.flatMap(Day.init)
        } else if key.stringValue == "rotation_pair" {
            settings.rotationPair = try container.decode(Bool.self, forKey: key)
        } else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "unknown setting (known: \(keys.joined(separator: ", ")))")
        }
    }

    /// The most a decimal setting may be: percentiles (and the margin under one) 100, percents
    /// and percentage points 100 (a fall or a band of more than all of it never happens), a
    /// ratio 1000, dormancy 100 years, an amount 1e13 USD.
    private static func largest(_ name: String) -> Double {
        if name.hasSuffix("_percentile") || name.hasSuffix("_pct") || name.hasSuffix("_pp") || name == "crowding_near_margin" { return 100 }
        if name.hasSuffix("_ratio") { return 1000 }
        if name.hasSuffix("_years") { return 100 }
        return 1e13
    }

    private static func checkFunding(_ settings: Thresholds, at path: [any CodingKey]) throws {
        guard settings.fundingNeutralLowPct <= settings.fundingNeutralHighPct,
              settings.fundingNeutralHighPct < settings.fundingExtremePct else {
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription:
                "funding thresholds must satisfy neutral_low ≤ neutral_high < extreme"))
        }
        guard settings.riskModerateScore <= settings.riskHighScore else {
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription:
                "risk_moderate_score (\(settings.riskModerateScore)) must not be above risk_high_score (\(settings.riskHighScore))"))
        }
    }

    /// Encodes every key, and each asset's entry with the keys it sets.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, path) in Thresholds.decimals { try container.encode(self[keyPath: path], forKey: Key(stringValue: name)) }
        for (name, path) in Thresholds.counts { try container.encode(self[keyPath: path], forKey: Key(stringValue: name)) }
        try container.encode(etfLaunch?.description, forKey: Key(stringValue: "etf_launch"))
        try container.encode(rotationPair, forKey: Key(stringValue: "rotation_pair"))
        var entries = container.nestedContainer(keyedBy: Key.self, forKey: Key(stringValue: "assets"))
        for (code, settings) in assets.sorted(by: { $0.key < $1.key }) {
            var entry = entries.nestedContainer(keyedBy: Key.self, forKey: Key(stringValue: code))
            for (name, value) in settings.numbers.sorted(by: { $0.key < $1.key }) {
                try entry.encode(value, forKey: Key(stringValue: name))
            }
            if let launch = settings.etfLaunch { try entry.encode(launch?.description, forKey: Key(stringValue: "etf_launch")) }
            if let pair = settings.rotationPair { try entry.encode(pair, forKey: Key(stringValue: "rotation_pair")) }
        }
    }
}

/// What one asset sets differently from the top-level settings.
public struct AssetSettings: Sendable, Equatable {
    /// Numeric settings by config key (`"risk_day_fall_pct": 9`).
    public var numbers: [String: Double] = [:]
    /// The asset's US spot-ETF launch: `.some(nil)` when it has none; `nil` when not set here.
    public var etfLaunch: Day??
    /// Whether the ETH/BTC rotation applies; `nil` when not set here.
    public var rotationPair: Bool?

    public init(numbers: [String: Double] = [:], etfLaunch: Day?? = nil, rotationPair: Bool? = nil) {
        self.numbers = numbers
        self.etfLaunch = etfLaunch
        self.rotationPair = rotationPair
    }

    /// The built-in entries: the US spot-ETF launch days (BTC 2024-01-11, ETH 2024-07-23) and the
    /// ETH/BTC rotation pair for both.
    public static let builtIn: [String: AssetSettings] = [
        "BTC": AssetSettings(etfLaunch: .some(Day("2024-01-11")), rotationPair: true),
        "ETH": AssetSettings(etfLaunch: .some(Day("2024-07-23")), rotationPair: true),
    ]
}
