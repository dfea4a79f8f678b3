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
    /// The run begins with the first value the history holds: it may be longer ("at least").
    /// `nil` in briefs written before it was recorded.
    public var beginsWithData: Bool?
    public init(first: Day, last: Day, days: Int, total: Double, beginsWithData: Bool? = nil) {
        self.first = first
        self.last = last
        self.days = days
        self.total = total
        self.beginsWithData = beginsWithData
    }
}

/// A level ranked in the asset's own history (the day itself included).
public struct Rank: Hashable, Sendable, Codable {
    /// Mid-rank percentile, 0–100: the share of ranked days below the value plus half the share
    /// equal to it, so a value held every day ranks 50, not 100.
    public var percentile: Double
    /// Reported days ranked.
    public var days: Int
    /// No other ranked day reached the value.
    public var isHighest: Bool
    /// No other ranked day was as low.
    public var isLowest: Bool
    /// Days of the window the ranked days were reported in: more than `days` where some were
    /// not reported. `nil` in briefs written before it was recorded.
    public var windowDays: Int?
    public init(percentile: Double, days: Int, isHighest: Bool, isLowest: Bool = false, windowDays: Int? = nil) {
        self.percentile = percentile
        self.days = days
        self.isHighest = isHighest
        self.isLowest = isLowest
        self.windowDays = windowDays
    }
    /// Days of the window ranked in, reported or not.
    public var spanDays: Int { windowDays ?? days }
}

/// Percentiles as a brief prints them, which every call compares, so that a call and the
/// ordinal printed beside it agree (89.6 prints "90th" and is high against a threshold of 90).
public enum Percentile {
    /// Whole, to the nearest: never 0 (0.3 is the 1st), and 100 only for the top of a range
    /// (99.7 is the 99th).
    public static func asPrinted(_ percentile: Double) -> Int {
        percentile >= 100 ? 100 : min(99, max(1, Int(max(0, percentile).rounded(.toNearestOrAwayFromZero))))
    }

    /// Whether `percentile`, as printed, is at or above `threshold`.
    public static func reaches(_ percentile: Double, _ threshold: Double) -> Bool {
        Double(asPrinted(percentile)) >= threshold
    }

    /// Whether `percentile`, as printed, is at or under `threshold`.
    public static func isAtMost(_ percentile: Double, _ threshold: Double) -> Bool {
        Double(asPrinted(percentile)) <= threshold
    }
}

/// Whether a series has a value for the day a brief reads it on, and why not.
public enum DataStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Reported for the day it was due.
    case reported
    /// Due but not reported.
    case notReported
    /// The instrument did not exist yet (US spot ETFs before their launch).
    case notLaunched
    /// The asset has no such instrument.
    case notApplicable
}

/// One kind of flow as of the brief's day: what was reported and the run it belongs to.
public struct FlowFinding: Hashable, Sendable, Codable {
    public var status: DataStatus
    /// The latest day a value was due: the brief's day, or for ETFs the latest US trading day.
    public var dueDay: Day?
    /// Whether US markets were closed on the brief's day (ETF flows only).
    public var marketClosedToday: Bool
    /// The latest reported value on or before the brief's day.
    public var latest: DayValue?
    /// The run (one side of zero) that includes the latest reported value, if that value is recent.
    public var current: Streak?
    /// The run before the current one, when there is one right before it.
    public var ended: Streak?
    /// The first point of the current run: what ended the run before it.
    public var endedBy: DayValue?
    /// A due day went unreported between the ended run and what ended it. `nil` in briefs
    /// written before it was recorded.
    public var endedAfterGap: Bool?
    /// The day instruments launched, when the flows are ETF flows that have a launch.
    public var launch: Day?
}

/// Spot price: the close, its move over a few days and the distance from its recent high.
public struct PriceFinding: Hashable, Sendable, Codable {
    public var close: Double?
    /// The previous reported close (up to a week back).
    public var previous: DayValue?
    /// Change from the previous close, percent.
    public var dayChangePct: Double?
    /// How rare a one-day move of this size is in the asset's own history (absolute moves).
    public var dayMoveRank: Rank?
    /// The close `changeDays` earlier.
    public var changeFrom: DayValue?
    public var changePct: Double?
    public var changeDays: Int
    /// The move over `changeDays` is large enough (the rally threshold, either way) to tell.
    public var isMultiDayStory: Bool
    /// The highest close within `highWindowDays`.
    public var recentHigh: DayValue?
    /// Days the high is taken over: the configured window, or the days since the closes begin.
    public var highWindowDays: Int
    public var belowHighPct: Double?
    /// The close is the highest of the window (ties included).
    public var isAtHigh: Bool
    /// The first close the store holds, and the highest close before today since then.
    /// `nil` in briefs written before they were recorded.
    public var closesBegin: Day?
    public var previousRecord: DayValue?
    /// The close is above every earlier close in the store, which began at least
    /// `min_history_days` before: a record.
    public var isRecord: Bool?
    /// How far the close is under the highest earlier close in the store, percent (0 on a record).
    public var belowRecordPct: Double?
    /// The largest one-day fall (percent, positive) of the `changeDays` to the brief's day, on
    /// the day it closed: a crash stays in the risk for the days after it. `nil` when none fell,
    /// and in briefs written before it was recorded.
    public var recentFall: DayValue?
    /// The `range_window_days` closes before today, every one reported, within `range_band_pct`
    /// of their lowest, with today's close inside: a range. Or the range yesterday's close was
    /// inside, which today's close left by `range_break_margin_pct`: a break. `nil` otherwise,
    /// and in briefs written before it was recorded.
    public var range: PriceRange?
}

/// Weeks of closes inside a narrow band: where the highest and lowest were, and where the
/// day's close sits against them.
public struct PriceRange: Hashable, Sendable, Codable {
    /// Closes the band is read over, all reported, the last on `through`: the days before the
    /// brief's, or before the day before on a break.
    public var days: Int
    public var through: Day
    /// The lowest and highest of those closes (the latest of ties).
    public var low: DayValue
    public var high: DayValue
    /// The band's width: the high over the low, percent.
    public var widthPct: Double
    public var position: RangePosition
    /// The side (`above`, `below`) the day before's close broke this range on, the day's close
    /// being back inside it: the break failed. `nil` otherwise, and in briefs written before it
    /// was recorded.
    public var failedBreak: RangePosition?

    /// The close is inside the band: the market is range-bound.
    public var holds: Bool { position != .above && position != .below }
}

/// Where the day's close sits against a range: broken out of it, above or below, or in its top
/// or bottom fifth, or between.
public enum RangePosition: String, Hashable, Sendable, Codable, CaseIterable {
    case above, top, middle, bottom, below
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
    /// The venues' baseline, percent per 8h.
    public var baselinePct: Double
    /// Today's per-8h rate ranked in the asset's own history.
    public var rank: Rank?
    /// Funding counts as high for the asset: above the band by `funding_stretch_margin_pct`
    /// (or held there, `heldOverBand`), or at or above the high percentile.
    public var isHigh: Bool
    /// Annualized funding averaged over a few days, `trendDays` ago.
    public var trendStart: DayValue?
    /// The highest annualized funding since the trend start.
    public var trendPeak: DayValue?
    public var trendDays: Int
    /// Days the average of `trendStart` is taken over, and the values reported in them (fewer
    /// while the data is young or has gaps). `nil` in briefs written before they were recorded.
    public var trendAverageDays: Int?
    public var trendStartValues: Int?
    /// Where the rate sits against the venues' baseline. `nil` without a rate, and in briefs
    /// written before it was recorded.
    public var baselineSide: BaselineSide?
    /// The highest annualized funding since the trend start stands out from both its start
    /// and today (by `funding_peak_margin_pp`): the trend names it.
    public var peakStandsOut: Bool?
    /// The lowest annualized funding since the trend start. `nil` in briefs written before it
    /// was recorded.
    public var trendLow: DayValue?
    /// The low comes after the peak, stands out from both the start and today (by
    /// `funding_peak_margin_pp`), and funding came back from it by `funding_low_rebound_pp` or
    /// more, and by more than it moved from the start: the trend names it, the turn funding came back from.
    public var lowStandsOut: Bool?
    /// Over the band by less than the stretch margin, but high all the same: it topped the band
    /// by the margin on an earlier day and has not been back in the band since, so a rate
    /// swinging about the margin's edge is one stretch, not a call that flips each day.
    /// `nil` in briefs written before it was recorded.
    public var heldOverBand: Bool?

    /// Inside the neutral band (or over it by less than the stretch margin) without a rank:
    /// whether it is high for this market can't be told.
    public var isHighUnknown: Bool { rank == nil && (regime == .neutral || (regime == .elevated && !isHigh)) }
}

/// Open interest against its own range.
public struct OpenInterestFinding: Hashable, Sendable, Codable {
    public var coins: Double?
    public var usd: Double?
    /// Today's mid-rank percentile within the range, 0–100 (see `Rank`); `nil` without a full history.
    public var percentile: Double?
    /// Days of data in the range (up to `windowDays`).
    public var rangeDays: Int
    public var windowDays: Int
    /// The first reported day in the range.
    public var rangeStart: Day?
    /// The range holds at least the minimum history, so ranks and range highs are meaningful.
    public var hasFullHistory: Bool
    public var rangeHigh: DayValue?
    public var isRangeHigh: Bool
    /// Every reading of the range is the same (0 on every day, say): there is no high to be at.
    /// `nil` in briefs written before it was recorded.
    public var isRangeFlat: Bool?
    public var isHigh: Bool
    /// Change over 1 and 7 days, percent.
    public var dayChangePct: Double?
    public var weekChangePct: Double?
    /// The one-day change is at least `open_interest_week_change_pct` either way: a collapse
    /// (or surge) of the day the prose names. `nil` in briefs written before it was recorded.
    public var isDayMoveLarge: Bool?
    /// How rare a 7-day change of this size is in the asset's own history.
    public var weekChangeRank: Rank?
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
    public var isLargestShortInWindow: Bool
    /// The day's longs and shorts ranked in the asset's own history.
    public var longRank: Rank?
    public var shortRank: Rank?
    /// Longs, or shorts, at or above the heavy percentile.
    public var isHeavy: Bool
    public var isShortsHeavy: Bool
    /// Longs and shorts both under the light percentile.
    public var isLight: Bool
    /// Days the largest day is taken over: the configured window, or the days since the data begins.
    public var windowDays: Int
    /// The side that clearly outweighs the other (by `liquidation_side_margin_pct`), or even.
    /// `nil` without both sides, and in briefs written before it was recorded.
    public var dominantSide: LiquidationSide?
    /// The first day the store holds liquidations, and whether the day's longs, or shorts, are
    /// above every earlier day's since then (a record, once the data began `min_history_days`
    /// before). `nil` in briefs written before they were recorded.
    public var dataBegins: Day?
    public var isLongRecord: Bool?
    public var isShortRecord: Bool?
}

/// A qualifying sale of long-dormant coins, or a large sale whose coins' age is not given.
public struct WhaleSale: Hashable, Sendable, Codable {
    public var id: String
    public var asset: Asset
    public var action: Transfer.Action
    public var day: Day
    public var amount: Double
    public var usdValue: Double
    /// `nil` when the transfer does not say (`WhaleFinding.undatedSales`).
    public var dormantYears: Double?
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
    /// Qualifying dormant coins moved (not sold) in the lookback, largest first.
    public var moves: [WhaleSale]
    /// Qualifying sales of other assets whose proceeds went into this one, largest first.
    public var inbound: [WhaleSale]
    /// Sales of the asset in the lookback worth `minUSD` or more whose transfers do not say how
    /// long the coins had been dormant, largest first: a dormant-whale sale can't be ruled out.
    /// `nil` in briefs written before it was recorded.
    public var undatedSales: [WhaleSale]?
    /// The latest qualifying sale or move of the asset before the lookback, if the history holds one.
    public var lastEarlier: WhaleSale?
    /// The close on the day before the largest sale, and the change from it to today, percent.
    public var closeBeforeSale: DayValue?
    public var changeSinceSalePct: Double?
    /// The price fell after the largest sale: only then is it called the trigger.
    public var isTrigger: Bool
    public var totalAmount: Double
    public var totalUSD: Double
    public var rotation: RotationFinding?
    public var lookbackDays: Int
    public var minDormantYears: Double
    public var minUSD: Double
    /// Whether the store holds any large transfer (of any asset) up to the brief's day: without
    /// one, no sale can be ruled out. `nil` in briefs written before it was recorded.
    public var transfersReported: Bool?
}

/// How far apart derivatives and spot are.
public enum DivergenceLevel: String, Hashable, Sendable, Codable, CaseIterable {
    case none, partial, strong
}

/// Derivatives crowded long while spot sells.
/// The side the larger of two disagreeing spot flows points to.
public enum SpotLean: String, Hashable, Sendable, Codable, CaseIterable {
    case selling, buying
}

public struct DivergenceFinding: Hashable, Sendable, Codable {
    public var fundingAboveNeutral: Bool?
    public var openInterestHigh: Bool?
    public var crowdedLong: Bool
    /// Exchange net flows, coins (positive = inflow).
    public var exchangeFlows: FlowFinding
    /// Spot-ETF net flows, USD.
    public var etfFlows: FlowFinding
    /// A current exchange inflow run or ETF outflow run long enough to call selling.
    public var spotSelling: Bool
    /// A current exchange outflow run or ETF inflow run long enough to call buying.
    public var spotBuying: Bool
    /// Some spot flow is current enough to judge spot by.
    public var spotJudged: Bool
    /// One flow says selling and the other buying: `spotSelling` and `spotBuying` are then both
    /// `false`. `nil` in briefs written before it was recorded.
    public var spotMixed: Bool?
    /// When the flows disagree: the side (`selling`, `buying`) whose current run moved
    /// `spot_lean_ratio` times the dollars of the other or more over the days both ran
    /// (exchange coins at each day's close). Spot leans that way, short of a call. `nil` otherwise, and in
    /// briefs written before it was recorded.
    public var spotLean: SpotLean?
    /// The lean comes from the runs' lengths (one ran `spot_lean_ratio` times as many days or more),
    /// their dollars over the days both ran being about even. `nil` when the flows agree, and in
    /// briefs written before it was recorded.
    public var spotLeanByLength: Bool?
    /// Days back the flow runs were counted (`flow_run_max_days`). `nil` in briefs written before
    /// it was recorded, which counted 60.
    public var runWindowDays: Int?
    public var level: DivergenceLevel
}

/// Overall short-term risk.
public enum RiskLevel: String, Hashable, Sendable, Codable, CaseIterable {
    case low, moderate, high
}

/// The support level, what lies under it and the overall risk.
public struct RiskPoint: Hashable, Sendable, Codable {
    /// What earned it: `fundingElevated`, `fundingExtreme`, `fundingHighForMarket`, `openInterestHigh`,
    /// `leverageAtRecords`, `nearSupport`,
    /// `newLow`, `heavyLiquidations`, `strongDivergence`, `whaleSale`, `dayFall`, `recentFall`, `drawdown`.
    public var id: String
    public var points: Int
    public init(id: String, points: Int) {
        self.id = id
        self.points = points
    }
}

/// The support level, what lies under it and the overall risk.
public struct RiskFinding: Hashable, Sendable, Codable {
    /// The lowest close of the `supportWindowDays` before today (today's close sets no support).
    public var support: DayValue?
    /// Days before today the support is taken over: the configured window, or the days since
    /// the closes begin.
    public var supportWindowDays: Int
    /// How far the close is above support, percent.
    public var distancePct: Double?
    public var nearSupport: Bool
    /// The close is under every earlier close of the window: a new low. `nil` in briefs
    /// written before it was recorded.
    public var isNewLow: Bool?
    /// The latest of the `price_change_days` closes before today that was itself a new low of
    /// its window: a new low today goes on with a slide whose break was told then. `nil` when
    /// none was, and in briefs written before it was recorded.
    public var priorNewLow: DayValue?
    /// With no new low today: the latest of the `price_change_days` closes (today's included)
    /// back within `low_retest_pct` above support after a close beyond that, when support was a
    /// new low of its own window. The price came back to the low, so the wait to call the slide
    /// over starts again. `nil` otherwise, and in briefs written before it was recorded.
    public var lowRetest: DayValue?
    /// The highest swing low under support (under the close, on a new low).
    public var nextSupport: DayValue?
    /// Days searched for it: the configured window, or the days since the closes begin. `nil`
    /// in briefs written before it was recorded.
    public var swingLookbackDays: Int?
    public var fundingAboveNeutral: Bool?
    /// The points counted, each with its reason.
    public var points: [RiskPoint]
    public var score: Int
    /// The most points the factors can add up to.
    public var maxScore: Int
    public var level: RiskLevel
    /// Factors that could not be read, so the score may understate the risk. `nil` in briefs
    /// written before they were recorded.
    public var unread: [UnreadFactor]?
    /// Long liquidations were heavy on a day the close rose by `quiet_day_move_pct` or more: not counted as a risk point, as
    /// that forced selling did not carry the price down. `nil` in briefs written before it was
    /// recorded.
    public var heavyLiquidationsOnRise: Bool?
}

/// One stabilization condition; `met` is `nil` when there is no data to judge.
public struct SignalFinding: Hashable, Sendable, Codable {
    public var met: Bool?
    public init(met: Bool?) { self.met = met }
}

/// The conditions that would signal the market has stabilized.
public struct StabilizationFinding: Hashable, Sendable, Codable {
    /// The close is in a sell-off (at least the drawdown threshold under its recent high),
    /// so there is something to stabilize from.
    public var inSelloff: Bool
    /// The signals that apply to the asset (an asset without ETFs or a rotation pair has fewer).
    public var appliesETF: Bool
    public var appliesRotation: Bool
    public var etfInflowsReturn: SignalFinding
    /// The latest reported ETF flows, oldest first.
    public var recentETFFlows: [DayValue]
    public var etfInflowDays: Int
    public var rotationStops: SignalFinding
    public var rotationVolatilityPct: Double?
    public var rotationVolatilityDays: Int
    public var rotationVolatilityMaxPct: Double
    public var fundingNeutral: SignalFinding
    /// In a sell-off, the close made a new low today or on one of the `price_change_days` before:
    /// the slide has not stopped, so no signal counts as met (`heldCount` say how many hold on
    /// their own terms). `nil` in briefs written before it was recorded.
    public var slideGoesOn: Bool?
    /// Signals whose own condition holds, counted or not.
    public var heldCount: Int?
    public var metCount: Int
    public var total: Int
}

/// What kind of day it was; several can hold at once.
public enum Regime: String, Hashable, Sendable, Codable, CaseIterable {
    /// Heavy long liquidations with the price falling: leverage flushed out.
    case longSqueeze
    /// Heavy short liquidations with the price rising and funding negative or falling.
    case shortSqueeze
    /// Open interest falling over 1 and 7 days while the price falls.
    case deleveraging
    /// Open interest rising over 7 days with the price up over the change window.
    case newLeverage
    /// A one-day fall of at least the day-fall threshold with negative funding and open interest
    /// under its high: leverage flushed out.
    case capitulation
    /// The same fall with open interest still high in its range: leverage has not been flushed out.
    case leveragedFall
    /// A close at the recent high.
    case newHigh
    /// A gain over the change window of at least the rally threshold.
    case rally
    /// A close under every earlier close of the support window: support broken.
    case newLow
    /// A close at least the drawdown threshold under the recent high.
    case selloff
    /// Exchange outflow runs or ETF inflow runs: coins leaving for cold storage, funds buying.
    case accumulation
    /// Exchange inflow runs or ETF outflow runs without a fall: coins made ready to sell.
    case distribution
    /// A rise of at least the day-fall threshold while in a sell-off.
    case rebound
    /// The close inside the narrow band of the weeks before (`PriceFinding.range`).
    case rangeBound
    /// A small move inside the recent range, with nothing notable: low risk, no stretched
    /// leverage, no new high or low, not near a record.
    case quiet
}

/// A fact of the day and how rare it is in the asset's own history: the headline leads with the rarest.
public struct HeadlineFact: Hashable, Sendable, Codable {
    /// `recordClose`, `dayMove`, `longLiquidations`, `shortLiquidations`, `openInterestWeek`, `fundingLevel`,
    /// `etfRunEnded`, `exchangeRunEnded`, `etfRunLong`, `exchangeRunLong`.
    public var id: String
    /// How unusual, 0–100: the percentile of its size (either tail for funding).
    public var rarity: Double
    public init(id: String, rarity: Double) {
        self.id = id
        self.rarity = rarity
    }
}

/// One value every `stepDays` days from `start`; `nil` where nothing was reported (a gap, never a zero).
public struct DailySeries: Hashable, Sendable, Codable {
    public var start: Day
    /// Days from one value to the next: 1 for a daily series, 7 for weekly closes.
    public var stepDays: Int
    public var values: [Double?]

    /// No values at all.
    public static let none = DailySeries(start: Day(ordinal: 0), values: [])

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
    /// Days from the first reported value's day to the last one's, both included (0 when none is):
    /// shorter than `spanDays` when the data begins inside the window.
    public var reportedSpanDays: Int {
        guard let first = values.firstIndex(where: { $0 != nil }), let last = values.lastIndex(where: { $0 != nil }) else { return 0 }
        return (last - first) * stepDays + 1
    }
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
    /// Long and short liquidations, USD; empty in briefs written before they were charted.
    public var longLiquidations: DailySeries
    public var shortLiquidations: DailySeries

    public init(price: DailySeries, fundingPer8hPct: DailySeries, openInterest: DailySeries, etfFlows: DailySeries,
                exchangeNetflows: DailySeries, rotationRatio: DailySeries, longLiquidations: DailySeries = .none,
                shortLiquidations: DailySeries = .none) {
        self.price = price
        self.fundingPer8hPct = fundingPer8hPct
        self.openInterest = openInterest
        self.etfFlows = etfFlows
        self.exchangeNetflows = exchangeNetflows
        self.rotationRatio = rotationRatio
        self.longLiquidations = longLiquidations
        self.shortLiquidations = shortLiquidations
    }

    private enum CodingKeys: String, CodingKey {
        case price, fundingPer8hPct, openInterest, etfFlows, exchangeNetflows, rotationRatio, longLiquidations, shortLiquidations
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if decoder.userInfo[.skipsCharts] as? Bool == true {
            self.init(price: .none, fundingPer8hPct: .none, openInterest: .none, etfFlows: .none, exchangeNetflows: .none,
                      rotationRatio: .none)
            return
        }
        self.init(price: try container.decode(DailySeries.self, forKey: .price),
                  fundingPer8hPct: try container.decode(DailySeries.self, forKey: .fundingPer8hPct),
                  openInterest: try container.decode(DailySeries.self, forKey: .openInterest),
                  etfFlows: try container.decode(DailySeries.self, forKey: .etfFlows),
                  exchangeNetflows: try container.decode(DailySeries.self, forKey: .exchangeNetflows),
                  rotationRatio: try container.decode(DailySeries.self, forKey: .rotationRatio),
                  longLiquidations: try container.decodeIfPresent(DailySeries.self, forKey: .longLiquidations) ?? .none,
                  shortLiquidations: try container.decodeIfPresent(DailySeries.self, forKey: .shortLiquidations) ?? .none)
    }
}

extension CodingUserInfoKey {
    /// Set to `true` to decode `ChartData` empty (see there).
    public static let skipsCharts = CodingUserInfoKey(rawValue: "marketbrief.skipsCharts")!
    /// With `true`, a `BriefDocument` is decoded without its claims (what the site and diffs read).
    public static let skipsClaims = CodingUserInfoKey(rawValue: "marketbrief.skipsClaims")!
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
    /// The regimes that hold, most telling first.
    public var regimes: [Regime]
    /// The day's unusual facts, rarest first (only those rare enough for the headline).
    public var headlineFacts: [HeadlineFact]
    /// The series the charts draw.
    public var charts: ChartData
    /// Where the numbers came from.
    public var sources: [String]
    /// The calls the prose makes. `nil` in briefs written before they were recorded: read
    /// `calls`, which makes them from the findings then.
    public var readings: Readings?
    /// The venues open interest and funding are taken across; `nil` when the data names none.
    public var venues: MarketVenues?

    /// The calls: as recorded, or made from the findings for a brief written before they were.
    public var calls: Readings { readings ?? ReadingAnalysis.read(self) }
}
