/// Liquidations: the day's longs against shorts, and the largest long day in the window.
public enum LiquidationAnalysis {
    public static func analyze(_ history: History, asset: Asset, thresholds: Thresholds) -> LiquidationFinding {
        let longs = history.series(asset, .longLiquidationsUSD)
        let today = history.asOf
        let long = longs.value(on: today)
        let short = history.series(asset, .shortLiquidationsUSD).value(on: today)
        let largest = SeriesMath.highest(longs.points(endingOn: today, days: thresholds.liquidationWindowDays))
        let share = zip2(long, short).flatMap { long, short in long + short > 0 ? long / (long + short) * 100 : nil }
        return LiquidationFinding(
            longUSD: long,
            shortUSD: short,
            longSharePct: share,
            largestLong: largest,
            isLargestInWindow: long != nil && long! > 0 && largest?.day == today,
            isHeavy: (long ?? 0) >= thresholds.liquidationHeavyUSD,
            isNotable: (long ?? 0) >= thresholds.liquidationNotableUSD,
            windowDays: thresholds.liquidationWindowDays
        )
    }
}
