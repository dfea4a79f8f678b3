/// Derivatives against spot: crowded longs while exchanges fill up and ETFs sell.
public enum DivergenceAnalysis {
    /// Days of flows searched for the current run and the one it ended.
    static let flowLookbackDays = 60

    public static func analyze(_ history: History, asset: Asset, funding: FundingFinding,
                               openInterest: OpenInterestFinding, thresholds: Thresholds) -> DivergenceFinding {
        let exchange = exchangeFlows(history, asset: asset, thresholds: thresholds)
        let etf = etfFlows(history, asset: asset, thresholds: thresholds)
        let fundingAboveNeutral = funding.regime.map { $0 == .elevated || $0 == .extreme }
        let openInterestHigh = openInterest.percentile == nil ? nil : openInterest.isHigh
        let crowdedLong = funding.isHigh && funding.regime != .negative && openInterestHigh == true
        func runDays(_ flow: FlowFinding, inflow: Bool) -> Int {
            flow.current.map { ($0.total > 0) == inflow ? $0.days : 0 } ?? 0
        }
        let spotSelling = runDays(exchange, inflow: true) >= thresholds.inflowStreakMinDays
            || runDays(etf, inflow: false) >= thresholds.etfOutflowStreakMinDays
        let spotBuying = runDays(exchange, inflow: false) >= thresholds.inflowStreakMinDays
            || runDays(etf, inflow: true) >= thresholds.inflowStreakMinDays
        let level: DivergenceLevel = crowdedLong && spotSelling ? .strong : (crowdedLong || spotSelling ? .partial : .none)
        return DivergenceFinding(
            fundingAboveNeutral: fundingAboveNeutral,
            openInterestHigh: openInterestHigh,
            crowdedLong: crowdedLong,
            exchangeFlows: exchange,
            etfFlows: etf,
            spotSelling: spotSelling,
            spotBuying: spotBuying,
            spotJudged: exchange.current != nil || etf.current != nil,
            level: level
        )
    }

    /// Exchange net flows are due every day.
    static func exchangeFlows(_ history: History, asset: Asset, thresholds: Thresholds) -> FlowFinding {
        let today = history.asOf
        let points = history.series(asset, .exchangeNetflowCoins).points(endingOn: today, days: flowLookbackDays)
        let runs = told(SeriesMath.runs(points, asOf: today, recentDays: thresholds.streakRecentDays),
                        minDays: thresholds.inflowStreakMinDays)
        return FlowFinding(status: points.last?.day == today ? .reported : .notReported, dueDay: today,
                           marketClosedToday: false, latest: points.last.map { DayValue(day: $0.day, value: $0.value) },
                           current: runs.current, ended: runs.ended, endedBy: endedBy(runs, points), launch: nil)
    }

    /// US spot-ETF net flows are due on US trading days from the asset's ETF launch.
    static func etfFlows(_ history: History, asset: Asset, thresholds: Thresholds) -> FlowFinding {
        let today = history.asOf
        guard let launch = thresholds.etfLaunch else {
            return FlowFinding(status: .notApplicable, dueDay: nil, marketClosedToday: false, latest: nil, current: nil,
                               ended: nil, endedBy: nil, launch: nil)
        }
        let due = MarketCalendar.latestTradingDay(onOrBefore: today)
        guard due >= launch else {
            return FlowFinding(status: .notLaunched, dueDay: due, marketClosedToday: !MarketCalendar.isTradingDay(today),
                               latest: nil, current: nil, ended: nil, endedBy: nil, launch: launch)
        }
        let points = history.series(asset, .etfNetflowUSD).points(endingOn: today, days: flowLookbackDays)
        // A run is current while its last day is the latest trading day or a trading day just before it.
        let recentDays = due.days(to: today) + thresholds.streakRecentDays + 2
        let runs = told(SeriesMath.runs(points, asOf: today, recentDays: recentDays), minDays: thresholds.etfOutflowStreakMinDays)
        return FlowFinding(status: points.last?.day == due ? .reported : .notReported, dueDay: due,
                           marketClosedToday: !MarketCalendar.isTradingDay(today),
                           latest: points.last.map { DayValue(day: $0.day, value: $0.value) },
                           current: runs.current, ended: runs.ended, endedBy: endedBy(runs, points), launch: launch)
    }

    /// The runs worth telling: the run the current one ended only while the current one is
    /// shorter than `minDays` (after that, the current run is the news), and only if it was a run.
    private static func told(_ runs: (current: Streak?, ended: Streak?), minDays: Int) -> (current: Streak?, ended: Streak?) {
        guard let current = runs.current, let ended = runs.ended, current.days < minDays, ended.days >= 2 else {
            return (runs.current, nil)
        }
        return (current, ended)
    }

    /// The first point of the current run, when it ended an earlier run.
    private static func endedBy(_ runs: (current: Streak?, ended: Streak?), _ points: [(day: Day, value: Double)]) -> DayValue? {
        guard runs.ended != nil, let first = runs.current?.first,
              let point = points.first(where: { $0.day == first }) else { return nil }
        return DayValue(day: point.day, value: point.value)
    }
}
