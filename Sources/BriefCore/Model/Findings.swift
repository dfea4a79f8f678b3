/// A number on a day: a high, a low, a flow.
public struct DayValue: Hashable, Sendable, Codable {
    public var day: Day
    public var value: Double
    public init(day: Day, value: Double) {
        self.day = day
        self.value = value
    }
}

/// A run of consecutive reported days on one side of zero.
public struct Streak: Hashable, Sendable, Codable {
    public var first: Day
    public var last: Day
    /// Reported days in the run (days without data neither break nor extend it).
    public var days: Int
    /// The sum of the run's values.
    public var total: Double
    public init(first: Day, last: Day, days: Int, total: Double) {
        self.first = first
        self.last = last
        self.days = days
        self.total = total
    }
}

/// Spot price: the close, its move over a few days and the distance from its recent high.
public struct PriceFinding: Hashable, Sendable, Codable {
    public var close: Double?
    /// The close `changeDays` earlier.
    public var changeFrom: DayValue?
    public var changePct: Double?
    public var changeDays: Int
    /// The highest close within `highWindowDays`.
    public var recentHigh: DayValue?
    public var highWindowDays: Int
    public var belowHighPct: Double?
}

/// Where funding sits against the neutral band.
public enum FundingRegime: String, Hashable, Sendable, Codable, CaseIterable {
    case negative, neutral, elevated, extreme
}

/// The perpetual funding rate, annualized from its own settlement interval.
public struct FundingFinding: Hashable, Sendable, Codable {
    /// Rate per settlement, as a fraction.
    public var rate: Double?
    public var intervalHours: Double?
    /// The rate scaled to an 8-hour settlement, in percent (comparable with the band).
    public var ratePer8hPct: Double?
    /// rate × settlements per year, in percent.
    public var annualizedPct: Double?
    public var regime: FundingRegime?
    public var neutralLowPct: Double
    public var neutralHighPct: Double
    /// Annualized funding averaged over a few days, `trendDays` ago.
    public var trendStart: DayValue?
    /// The highest annualized funding since the trend start.
    public var trendPeak: DayValue?
    public var trendDays: Int
}

/// Open interest against its own range.
public struct OpenInterestFinding: Hashable, Sendable, Codable {
    public var coins: Double?
    public var usd: Double?
    /// Share of days in the range at or below today, 0–100.
    public var percentile: Double?
    /// Days of data in the range (up to `windowDays`).
    public var rangeDays: Int
    public var windowDays: Int
    public var rangeHigh: DayValue?
    public var isRangeHigh: Bool
    public var isHigh: Bool
    /// Coins `changeDays` earlier.
    public var changeFrom: DayValue?
    public var change: Double?
    public var changeDays: Int
}

/// The day's liquidations and the largest day around it.
public struct LiquidationFinding: Hashable, Sendable, Codable {
    public var longUSD: Double?
    public var shortUSD: Double?
    /// Longs as a percent of all liquidations.
    public var longSharePct: Double?
    public var largestLong: DayValue?
    public var isLargestInWindow: Bool
    public var isHeavy: Bool
    /// At least notable: too large to call light.
    public var isNotable: Bool
    public var windowDays: Int
}

/// A qualifying sale of long-dormant coins.
public struct WhaleSale: Hashable, Sendable, Codable {
    public var id: String
    public var day: Day
    public var amount: Double
    public var usdValue: Double
    public var dormantYears: Double
    public var rotatedInto: Asset?
    public var label: String
}

/// Where the sale proceeds went: the target's price and its ratio to the asset.
public struct RotationFinding: Hashable, Sendable, Codable {
    public var asset: Asset
    /// The target's highest close in the lookback.
    public var weekHigh: DayValue?
    /// The target's highest close in the range before the lookback.
    public var priorHigh: DayValue?
    public var brokeOut: Bool
    /// Change of the target's price in BTC over the lookback, percent.
    public var ratioChangePct: Double?
}

/// Large sales of long-dormant coins: the trigger.
public struct WhaleFinding: Hashable, Sendable, Codable {
    /// Qualifying sales in the lookback, largest first.
    public var sales: [WhaleSale]
    public var totalAmount: Double
    public var totalUSD: Double
    public var rotation: RotationFinding?
    public var lookbackDays: Int
    public var minDormantYears: Double
    public var minUSD: Double
}

/// How far apart derivatives and spot are.
public enum DivergenceLevel: String, Hashable, Sendable, Codable, CaseIterable {
    case none, partial, strong
}

/// Derivatives crowded long while spot sells.
public struct DivergenceFinding: Hashable, Sendable, Codable {
    public var fundingAboveNeutral: Bool?
    public var openInterestHigh: Bool?
    public var crowdedLong: Bool
    /// The latest exchange net-inflow run, if it is current.
    public var inflowStreak: Streak?
    /// The latest spot-ETF net-outflow run, if it is current.
    public var etfOutflowStreak: Streak?
    public var spotSelling: Bool
    public var level: DivergenceLevel
}

/// Overall short-term risk.
public enum RiskLevel: String, Hashable, Sendable, Codable, CaseIterable {
    case low, moderate, high
}

/// The support level, what lies under it and the overall risk.
public struct RiskFinding: Hashable, Sendable, Codable {
    /// The lowest close in `supportWindowDays`.
    public var support: DayValue?
    public var supportWindowDays: Int
    /// How far the close is above support, percent.
    public var distancePct: Double?
    public var nearSupport: Bool
    /// The highest earlier swing low under support.
    public var nextSupport: DayValue?
    public var fundingAboveNeutral: Bool?
    public var score: Int
    public var level: RiskLevel
}

/// One stabilization condition; `met` is `nil` when there is no data to judge.
public struct SignalFinding: Hashable, Sendable, Codable {
    public var met: Bool?
    public init(met: Bool?) { self.met = met }
}

/// The conditions that would signal the market has stabilized.
public struct StabilizationFinding: Hashable, Sendable, Codable {
    public var etfInflowsReturn: SignalFinding
    /// The latest reported ETF flows, oldest first.
    public var recentETFFlows: [DayValue]
    public var etfInflowDays: Int
    public var rotationStops: SignalFinding
    public var rotationVolatilityPct: Double?
    public var rotationVolatilityDays: Int
    public var rotationVolatilityMaxPct: Double
    public var fundingNeutral: SignalFinding
    public var metCount: Int
    public var total: Int
}

/// One value every `stepDays` days from `start`; `nil` where nothing was reported (a gap, never a zero).
public struct DailySeries: Hashable, Sendable, Codable {
    public var start: Day
    /// Days from one value to the next: 1 for a daily series, 7 for weekly closes.
    public var stepDays: Int
    public var values: [Double?]

    public init(start: Day, values: [Double?], stepDays: Int = 1) {
        self.start = start
        self.values = values
        self.stepDays = stepDays
    }

    /// The day of the value at `index`.
    public func day(at index: Int) -> Day { start.adding(days: index * stepDays) }
    /// The last day covered.
    public var end: Day { day(at: values.count - 1) }
    /// Days from the first value's day to the last one's, both included.
    public var spanDays: Int { values.isEmpty ? 0 : (values.count - 1) * stepDays + 1 }
    /// The index of the value on `day`; `nil` when no value falls on that day.
    public func index(of day: Day) -> Int? {
        let offset = start.days(to: day)
        guard offset >= 0, offset % stepDays == 0, offset / stepDays < values.count else { return nil }
        return offset / stepDays
    }
    /// The reported values, in order.
    public var reported: [Double] { values.compactMap { $0 } }

    private enum CodingKeys: String, CodingKey { case start, stepDays, values }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(start: try container.decode(Day.self, forKey: .start), values: try container.decode([Double?].self, forKey: .values),
                  stepDays: try container.decodeIfPresent(Int.self, forKey: .stepDays) ?? 1)
    }

    /// `stepDays` is written only when it is not 1, so daily series read as they always did.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(start, forKey: .start)
        if stepDays != 1 { try container.encode(stepDays, forKey: .stepDays) }
        try container.encode(values, forKey: .values)
    }
}

/// The series behind the brief's charts, each ending on the brief's day.
///
/// Decoded empty when the decoder's `userInfo[.skipsCharts]` is `true`: pages that list briefs
/// (an archive month, the index, the feed) need the findings, not hundreds of chart values.
public struct ChartData: Hashable, Sendable, Codable {
    /// Closes, USD.
    public var price: DailySeries
    /// Funding per 8h, percent.
    public var fundingPer8hPct: DailySeries
    /// Open interest in coins over the open-interest window, as weekly closes.
    public var openInterest: DailySeries
    /// Spot-ETF net flows, USD.
    public var etfFlows: DailySeries
    /// Exchange net flows, coins (positive = inflow).
    public var exchangeNetflows: DailySeries
    /// The rotation pair's price in BTC (ETH/BTC).
    public var rotationRatio: DailySeries

    public init(price: DailySeries, fundingPer8hPct: DailySeries, openInterest: DailySeries, etfFlows: DailySeries,
                exchangeNetflows: DailySeries, rotationRatio: DailySeries) {
        self.price = price
        self.fundingPer8hPct = fundingPer8hPct
        self.openInterest = openInterest
        self.etfFlows = etfFlows
        self.exchangeNetflows = exchangeNetflows
        self.rotationRatio = rotationRatio
    }

    private enum CodingKeys: String, CodingKey {
        case price, fundingPer8hPct, openInterest, etfFlows, exchangeNetflows, rotationRatio
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if decoder.userInfo[.skipsCharts] as? Bool == true {
            let none = DailySeries(start: Day(ordinal: 0), values: [])
            self.init(price: none, fundingPer8hPct: none, openInterest: none, etfFlows: none, exchangeNetflows: none, rotationRatio: none)
            return
        }
        self.init(price: try container.decode(DailySeries.self, forKey: .price),
                  fundingPer8hPct: try container.decode(DailySeries.self, forKey: .fundingPer8hPct),
                  openInterest: try container.decode(DailySeries.self, forKey: .openInterest),
                  etfFlows: try container.decode(DailySeries.self, forKey: .etfFlows),
                  exchangeNetflows: try container.decode(DailySeries.self, forKey: .exchangeNetflows),
                  rotationRatio: try container.decode(DailySeries.self, forKey: .rotationRatio))
    }
}

extension CodingUserInfoKey {
    /// Set to `true` to decode `ChartData` empty (see there).
    public static let skipsCharts = CodingUserInfoKey(rawValue: "marketbrief.skipsCharts")!
}

/// Everything the analysis concluded about one asset on one day: the content of `brief.json`.
public struct Findings: Hashable, Sendable, Codable {
    public var asset: Asset
    public var day: Day
    public var price: PriceFinding
    public var funding: FundingFinding
    public var openInterest: OpenInterestFinding
    public var liquidations: LiquidationFinding
    public var whale: WhaleFinding
    public var divergence: DivergenceFinding
    public var risk: RiskFinding
    public var stabilization: StabilizationFinding
    /// The series the charts draw.
    public var charts: ChartData
    /// Where the numbers came from.
    public var sources: [String]
}
