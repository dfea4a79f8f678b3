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
        func daily(_ series: Series, days: Int) -> DailySeries {
            let start = history.asOf.adding(days: -(days - 1))
            return DailySeries(start: start, values: (0..<days).map { series.value(on: start.adding(days: $0)) })
        }
        /// Each point is the last value reported in the `step` days ending on its day, counting
        /// back from the brief's day, within the last `days` days.
        func closes(_ series: Series, days: Int, step: Int) -> DailySeries {
            let count = (days - 1) / step + 1
            let start = history.asOf.adding(days: -(count - 1) * step)
            return DailySeries(start: start, values: (0..<count).map { index in
                let day = start.adding(days: index * step)
                return series.latest(onOrBefore: day).flatMap { $0.day.days(to: day) < step ? $0.value : nil }
            }, stepDays: step)
        }
        let rates = history.series(asset, .fundingRate)
        let intervals = history.series(asset, .fundingIntervalHours)
        let fundingStart = history.asOf.adding(days: -(trendDays - 1))
        let funding = (0..<trendDays).map { offset -> Double? in
            let day = fundingStart.adding(days: offset)
            return zip2(rates.value(on: day), intervals.value(on: day))
                .map { FundingAnalysis.per8hPct(rate: $0, intervalHours: $1) }
        }
        return ChartData(
            price: daily(history.series(asset, .closeUSD), days: trendDays),
            fundingPer8hPct: DailySeries(start: fundingStart, values: funding),
            openInterest: closes(history.series(asset, .openInterestCoins), days: thresholds.openInterestWindowDays,
                                 step: openInterestStepDays),
            etfFlows: daily(history.series(asset, .etfNetflowUSD), days: flowDays),
            exchangeNetflows: daily(history.series(asset, .exchangeNetflowCoins), days: flowDays),
            rotationRatio: daily(history.series(StabilizationAnalysis.rotationPair, .closeBTC), days: flowDays),
            longLiquidations: daily(history.series(asset, .longLiquidationsUSD), days: flowDays),
            shortLiquidations: daily(history.series(asset, .shortLiquidationsUSD), days: flowDays)
        )
    }
}
