/// The daily series the charts and sparklines draw, cut from the history as of the brief's day.
public enum ChartAnalysis {
    /// Days shown by the price and funding charts.
    public static let trendDays = 60
    /// Days shown by the flow and ETH/BTC charts.
    public static let flowDays = 30
    /// Days between the open-interest chart's points. Two years of daily values are 730 points
    /// on a chart some 500 units wide; weekly closes (105 points) draw the same line and keep
    /// every brief's page and `brief.json` a third lighter.
    public static let openInterestStepDays = 7

    public static func analyze(_ history: History, asset: Asset, thresholds: Thresholds) -> ChartData {
        /// A chart of young data is drawn over the days it has: from the first of `series` to begin.
        func shown(_ days: Int, _ series: Series...) -> Int {
            series.map { $0.windowDays(days, endingOn: history.asOf) }.max() ?? days
        }
        func daily(_ series: Series, days: Int) -> DailySeries {
            let start = history.asOf.adding(days: -(days - 1))
            return DailySeries(start: start, values: (0..<days).map { series.value(on: start.adding(days: $0)) })
        }
        /// Each point is the last value reported in the `step` days ending on its day, counting
        /// back from the brief's day, within the last `days` days.
        func closes(_ series: Series, days: Int, step: Int) -> DailySeries {
            let count = (shown(days, series) - 1) / step + 1
            let start = history.asOf.adding(days: -(count - 1) * step)
            return DailySeries(start: start, values: (0..<count).map { index in
                let day = start.adding(days: index * step)
                return series.latest(onOrBefore: day).flatMap { $0.day.days(to: day) < step ? $0.value : nil }
            }, stepDays: step)
        }
        let rates = history.series(asset, .fundingRate)
        let intervals = history.series(asset, .fundingIntervalHours)
        let fundingDays = shown(trendDays, rates)
        let fundingStart = history.asOf.adding(days: -(fundingDays - 1))
        let funding = (0..<fundingDays).map { offset -> Double? in
            let day = fundingStart.adding(days: offset)
            return zip2(rates.value(on: day), intervals.value(on: day))
                .map { FundingAnalysis.per8hPct(rate: $0, intervalHours: $1) }
        }
        let prices = history.series(asset, .closeUSD)
        let etf = history.series(asset, .etfNetflowUSD), netflows = history.series(asset, .exchangeNetflowCoins)
        let rotation = history.series(StabilizationAnalysis.rotationPair, .closeBTC)
        let longs = history.series(asset, .longLiquidationsUSD), shorts = history.series(asset, .shortLiquidationsUSD)
        // Both liquidation series share one window (they are drawn on one chart).
        let liquidationDays = shown(flowDays, longs, shorts)
        return ChartData(
            price: daily(prices, days: shown(trendDays, prices)),
            fundingPer8hPct: DailySeries(start: fundingStart, values: funding),
            openInterest: closes(history.series(asset, .openInterestCoins), days: thresholds.openInterestWindowDays,
                                 step: openInterestStepDays),
            etfFlows: daily(etf, days: shown(flowDays, etf)),
            exchangeNetflows: daily(netflows, days: shown(flowDays, netflows)),
            rotationRatio: daily(rotation, days: shown(flowDays, rotation)),
            longLiquidations: daily(longs, days: liquidationDays),
            shortLiquidations: daily(shorts, days: liquidationDays)
        )
    }
}
