/// The daily series the charts and sparklines draw, cut from the history as of the brief's day.
public enum ChartAnalysis {
    /// Days shown by the price and funding charts.
    public static let trendDays = 60
    /// Days shown by the flow and ETH/BTC charts.
    public static let flowDays = 30

    public static func analyze(_ history: History, asset: Asset, thresholds: Thresholds) -> ChartData {
        func daily(_ series: Series, days: Int) -> DailySeries {
            let start = history.asOf.adding(days: -(days - 1))
            return DailySeries(start: start, values: (0..<days).map { series.value(on: start.adding(days: $0)) })
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
            openInterest: daily(history.series(asset, .openInterestCoins), days: thresholds.openInterestWindowDays),
            etfFlows: daily(history.series(asset, .etfNetflowUSD), days: flowDays),
            exchangeNetflows: daily(history.series(asset, .exchangeNetflowCoins), days: flowDays),
            rotationRatio: daily(history.series(StabilizationAnalysis.rotationPair, .closeBTC), days: flowDays)
        )
    }
}
