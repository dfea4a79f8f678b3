import BriefCore
import Foundation

/// A synthetic history for one asset, built in two steps:
///
/// 1. **A calm baseline** of `days` days ending on `end`, from a seeded generator (the same seed
///    gives the same numbers on every machine): the close drifts with daily moves of about ±1%
///    and swings ±0.2% around a level over the last 40 days; funding sits near 0.005% per 8h; open interest
///    swings slowly around 200,000 coins; liquidations vary around $30M (longs) and $25M (shorts);
///    exchange flows and US spot-ETF flows (on NYSE trading days from the asset's launch)
///    alternate in sign, so no run is longer than a day.
/// 2. **The scenario's last days**, set by hand through `set` (a value per day counted back from
///    the end: `set(.closeUSD, [..., dayBeforeLast, last])`), which is what each test reads.
struct ScenarioHistory {
    let asset: Asset
    let end: Day
    let days: Int
    private(set) var values: [Metric: [Double?]] = [:]

    init(asset: Asset = .btc, end: Day = Day("2025-06-30")!, days: Int = 730, seed: UInt64 = 1, etfLaunch: Day? = nil) {
        self.asset = asset
        self.end = end
        self.days = days
        var random = SplitMix64(seed: seed)
        var close = 30_000.0
        var closes: [Double?] = [], funding: [Double?] = [], openInterest: [Double?] = []
        var longs: [Double?] = [], shorts: [Double?] = [], netflows: [Double?] = [], etf: [Double?] = []
        let launch = etfLaunch ?? Thresholds().resolved(for: asset).etfLaunch
        var tradingDay = 0
        for index in 0..<days {
            let day = end.adding(days: index - (days - 1))
            let calmTail = days - index <= 40
            close *= calmTail ? (index % 2 == 0 ? 1.002 : 1 / 1.002) : 1 + random.uniform(-0.01, 0.011)
            closes.append(close)
            funding.append(0.00005 + random.uniform(-0.00003, 0.00003))
            openInterest.append(200_000 * (1 + 0.08 * sin(Double(index) / 45)) + random.uniform(-1_000, 1_000))
            longs.append(30e6 * exp(random.uniform(-0.6, 0.6)))
            shorts.append(25e6 * exp(random.uniform(-0.6, 0.6)))
            netflows.append((index % 2 == 0 ? 1 : -1) * random.uniform(500, 3_000))
            if let launch, day >= launch, MarketCalendar.isTradingDay(day) {
                tradingDay += 1
                etf.append((tradingDay % 2 == 0 ? 1 : -1) * random.uniform(20e6, 150e6))
            } else {
                etf.append(nil)
            }
        }
        values = [
            .closeUSD: closes, .fundingRate: funding, .fundingIntervalHours: Array(repeating: 8, count: days),
            .openInterestCoins: openInterest, .longLiquidationsUSD: longs, .shortLiquidationsUSD: shorts,
            .exchangeNetflowCoins: netflows, .etfNetflowUSD: etf,
        ]
    }

    /// The value of `metric` `back` days before the end (0: the last day).
    func value(_ metric: Metric, back: Int) -> Double? { values[metric]![days - 1 - back] }

    /// Sets the last `tail.count` days of `metric`, the last element on the last day.
    mutating func set(_ metric: Metric, _ tail: [Double?]) {
        let start = days - tail.count
        for (offset, value) in tail.enumerated() { values[metric, default: Array(repeating: nil, count: days)][start + offset] = value }
    }

    /// Multiplies the close of each of the last days by the matching factor, carrying the move on:
    /// `moveClose([1.03, 1.03])` is two days up 3%.
    mutating func moveClose(_ factors: [Double]) {
        var close = value(.closeUSD, back: factors.count)!
        set(.closeUSD, factors.map { factor in close *= factor; return close })
    }

    /// Multiplies the one close `back` days before the end by `factor`: a spike (a record high,
    /// with a factor above 1) far from the days a test reads.
    mutating func raiseClose(back: Int, by factor: Double) {
        let tail = (0...back).map { value(.closeUSD, back: back - $0) }
        set(.closeUSD, [tail[0].map { $0 * factor }] + tail.dropFirst())
    }

    /// Scales `metric` over the last days by the factors, each relative to the day before.
    mutating func move(_ metric: Metric, _ factors: [Double]) {
        var level = value(metric, back: factors.count)!
        set(metric, factors.map { factor in level *= factor; return level })
    }

    /// A history whose spot-ETF flows are outflows on every trading day of its last 180 days:
    /// a run longer than the 60 days briefs once searched.
    static func longETFOutflows() -> ScenarioHistory {
        var history = ScenarioHistory()
        let days = 180
        history.set(.etfNetflowUSD, (0..<days).map { index in
            history.value(.etfNetflowUSD, back: days - 1 - index).map { -abs($0) }
        })
        return history
    }

    /// Reported days in the run of one sign that ends on the last reported value of `metric`.
    func lastRunDays(_ metric: Metric) -> Int {
        let reported = values[metric]!.compactMap { $0 }
        guard let last = reported.last else { return 0 }
        return reported.reversed().prefix { ($0 > 0) == (last > 0) && $0 != 0 }.count
    }

    /// Everything as stored samples.
    var samples: [MetricSample] {
        values.flatMap { metric, series in
            series.enumerated().compactMap { index, value in
                value.map { MetricSample(asset: asset, day: end.adding(days: index - (days - 1)), metric: metric, value: $0,
                                         source: "scenario") }
            }
        }
    }
}

/// A small, seeded generator (SplitMix64): the same numbers on every platform.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number from `low` up to `high`.
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(next() >> 11) / Double(1 << 53)
    }
}
