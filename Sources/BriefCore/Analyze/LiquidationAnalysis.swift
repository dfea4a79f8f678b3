/// Liquidations: the day's longs and shorts, ranked in the asset's own history, and the
/// largest days of the window.
public enum LiquidationAnalysis {
    public static func analyze(_ history: History, asset: Asset, thresholds: Thresholds) -> LiquidationFinding {
        let longs = history.series(asset, .longLiquidationsUSD)
        let shorts = history.series(asset, .shortLiquidationsUSD)
        let today = history.asOf
        let long = longs.value(on: today)
        let short = shorts.value(on: today)
        func rank(_ value: Double?, _ series: Series) -> Rank? {
            value.flatMap { SeriesMath.rank(of: $0, in: series.points(endingOn: today, days: thresholds.rankLookbackDays).map(\.value),
                                            windowDays: series.windowDays(thresholds.rankLookbackDays, endingOn: today),
                                            minDays: thresholds.minHistoryDays) }
        }
        let longRank = rank(long, longs)
        let shortRank = rank(short, shorts)
        // A largest day needs another to compare with.
        let windowDays = longs.windowDays(thresholds.liquidationWindowDays, endingOn: today)
        let longWindow = longs.points(endingOn: today, days: windowDays)
        let shortWindow = shorts.points(endingOn: today, days: windowDays)
        let largestLong = longWindow.count >= 2 ? SeriesMath.highest(longWindow) : nil
        let share = zip2(long, short).flatMap { long, short in long + short > 0 ? long / (long + short) * 100 : nil }
        // A record: above every earlier day in the store, which began `min_history_days` before.
        func record(_ value: Double?, _ metric: Metric) -> (begins: Day, isRecord: Bool)? {
            guard let value, value > 0, let record = history.record(asset, metric, before: today) else { return nil }
            return (record.begins, record.begins.days(to: today) >= thresholds.minHistoryDays && record.highest.map { value > $0.value } == true)
        }
        let longRecord = record(long, .longLiquidationsUSD), shortRecord = record(short, .shortLiquidationsUSD)
        return LiquidationFinding(
            longUSD: long,
            shortUSD: short,
            longSharePct: share,
            largestLong: largestLong,
            isLargestInWindow: largestLong != nil && (long ?? 0) > 0 && SeriesMath.isStrictlyHighest(on: today, in: longWindow),
            isLargestShortInWindow: shortWindow.count >= 2 && (short ?? 0) > 0 && SeriesMath.isStrictlyHighest(on: today, in: shortWindow),
            longRank: longRank,
            shortRank: shortRank,
            isHeavy: longRank.map { Percentile.reaches($0.percentile, thresholds.liquidationHeavyPercentile) } ?? false,
            isShortsHeavy: shortRank.map { Percentile.reaches($0.percentile, thresholds.liquidationHeavyPercentile) } ?? false,
            isLight: zip2(longRank, shortRank).map {
                !Percentile.reaches($0.percentile, thresholds.liquidationLightPercentile) && !Percentile.reaches($1.percentile, thresholds.liquidationLightPercentile)
            } ?? false,
            windowDays: windowDays,
            dominantSide: zip2(long, short).map { side(long: $0, short: $1, marginPct: thresholds.liquidationSideMarginPct) },
            dataBegins: longRecord?.begins ?? shortRecord?.begins,
            isLongRecord: longRecord?.isRecord,
            isShortRecord: shortRecord?.isRecord
        )
    }

    /// The side whose liquidations exceed the other's by at least `marginPct` percent, or even.
    static func side(long: Double, short: Double, marginPct: Double) -> LiquidationSide {
        let factor = 1 + marginPct / 100
        if long > short * factor { return .longs }
        if short > long * factor { return .shorts }
        return .even
    }
}
