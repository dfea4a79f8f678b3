/// Derivatives against spot: crowded longs while exchanges fill up and ETFs sell.
public enum DivergenceAnalysis {
    /// Days back a latest flow is looked for.
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
        let sellingSignal = runDays(exchange, inflow: true) >= thresholds.inflowStreakMinDays
            || runDays(etf, inflow: false) >= thresholds.etfOutflowStreakMinDays
        let buyingSignal = runDays(exchange, inflow: false) >= thresholds.inflowStreakMinDays
            || runDays(etf, inflow: true) >= thresholds.inflowStreakMinDays
        // Spot is called one way only when no current run points the other way: exchange inflows
        // or ETF outflows against exchange outflows or ETF inflows (of a few days: one day is noise)
        // are a disagreement.
        let counter = thresholds.spotCounterRunMinDays
        let againstSelling = runDays(exchange, inflow: false) >= counter || runDays(etf, inflow: true) >= counter
        let againstBuying = runDays(exchange, inflow: true) >= counter || runDays(etf, inflow: false) >= counter
        let spotSelling = sellingSignal && !againstSelling
        let spotBuying = buyingSignal && !againstBuying
        let spotMixed = (sellingSignal && againstSelling) || (buyingSignal && againstBuying)
        let spotLean = spotMixed ? zip2(exchange.current, etf.current).flatMap { coins, dollars in
            lean(exchange: coins, etf: dollars, exchangeFlows: history.series(asset, .exchangeNetflowCoins),
                 etfFlows: history.series(asset, .etfNetflowUSD), closes: history.series(asset, .closeUSD), ratio: thresholds.spotLeanRatio)
        } : nil
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
            spotMixed: spotMixed,
            spotLean: spotLean?.side,
            spotLeanByLength: spotMixed ? spotLean?.byLength == true : nil,
            runWindowDays: thresholds.flowRunMaxDays,
            level: level
        )
    }

    /// The side two disagreeing runs lean to: the one that moved `ratio` times the dollars of the
    /// other or more over the days both ran (exchange coins at each day's close), so that a long
    /// run is not weighed in dollars against a short one; else, when they moved about as much, the
    /// one that has run `ratio` times as many days or more (`byLength`): a two-day counter-run
    /// inside a five-week run is a wiggle, not a reversal (the call had flipped with every one).
    /// Exchange inflows and ETF outflows sell, the others buy.
    static func lean(exchange: Streak, etf: Streak, exchangeFlows: Series, etfFlows: Series, closes: Series,
                     ratio: Double) -> (side: SpotLean, byLength: Bool)? {
        let (first, last) = (max(exchange.first, etf.first), min(exchange.last, etf.last))
        guard first <= last else { return nil }
        let exchangeUSD = abs(exchangeFlows.points(from: first, through: last).reduce(0) { sum, point in
            sum + point.value * (closes.value(on: point.day) ?? 0)
        })
        let etfUSD = abs(etfFlows.points(from: first, through: last).reduce(0) { $0 + $1.value })
        guard exchangeUSD > 0, etfUSD > 0 else { return nil }
        let exchangeSide: SpotLean = exchange.total > 0 ? .selling : .buying, etfSide: SpotLean = etf.total < 0 ? .selling : .buying
        if exchangeUSD >= ratio * etfUSD { return (exchangeSide, false) }
        if etfUSD >= ratio * exchangeUSD { return (etfSide, false) }
        let (exchangeSpan, etfSpan) = (Double(exchange.first.days(to: exchange.last) + 1), Double(etf.first.days(to: etf.last) + 1))
        if exchangeSpan >= ratio * etfSpan { return (exchangeSide, true) }
        if etfSpan >= ratio * exchangeSpan { return (etfSide, true) }
        return nil
    }

    /// Exchange net flows are due every day.
    static func exchangeFlows(_ history: History, asset: Asset, thresholds: Thresholds) -> FlowFinding {
        let today = history.asOf
        let points = history.series(asset, .exchangeNetflowCoins).points(endingOn: today, days: thresholds.flowRunMaxDays)
        let runs = told(SeriesMath.runs(points, asOf: today, recentDays: thresholds.streakRecentDays),
                        minDays: thresholds.inflowStreakMinDays)
        let ended = endedBy(runs, points)
        return FlowFinding(status: points.last?.day == today ? .reported : .notReported, dueDay: today,
                           marketClosedToday: false, latest: latest(points, asOf: today),
                           current: runs.current, ended: runs.ended, endedBy: ended,
                           endedAfterGap: afterGap(runs.ended, ended) { _ in true }, launch: nil)
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
        let points = history.series(asset, .etfNetflowUSD).points(endingOn: today, days: thresholds.flowRunMaxDays)
        // A run is current while its last day is the latest trading day or a trading day just before it.
        let recentDays = due.days(to: today) + thresholds.streakRecentDays + 2
        var runs = told(SeriesMath.runs(points, asOf: today, recentDays: recentDays), minDays: thresholds.etfOutflowStreakMinDays)
        // Flows held from the launch on: a run from the first of them is whole, there were none before.
        if points.first.map({ $0.day <= launch }) == true {
            runs.current?.beginsWithData = false
            runs.ended?.beginsWithData = false
        }
        let ended = endedBy(runs, points)
        return FlowFinding(status: points.last?.day == due ? .reported : .notReported, dueDay: due,
                           marketClosedToday: !MarketCalendar.isTradingDay(today),
                           latest: latest(points, asOf: today),
                           current: runs.current, ended: runs.ended, endedBy: ended,
                           endedAfterGap: afterGap(runs.ended, ended, isDue: MarketCalendar.isTradingDay), launch: launch)
    }

    /// The latest flow, if within `flowLookbackDays`.
    private static func latest(_ points: [(day: Day, value: Double)], asOf today: Day) -> DayValue? {
        points.last.flatMap { $0.day.days(to: today) < flowLookbackDays ? DayValue(day: $0.day, value: $0.value) : nil }
    }

    /// Whether a day a value was due (`isDue`) went unreported between a run and what ended it.
    static func afterGap(_ ended: Streak?, _ endedBy: DayValue?, isDue: (Day) -> Bool) -> Bool? {
        guard let ended, let endedBy else { return nil }
        return (1..<max(1, ended.last.days(to: endedBy.day))).contains { isDue(ended.last.adding(days: $0)) }
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
