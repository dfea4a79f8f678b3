/// Open interest: its level, its percentile within its own range and its change.
public enum OpenInterestAnalysis {
    public static func analyze(_ history: History, asset: Asset, thresholds: Thresholds) -> OpenInterestFinding {
        let coins = history.series(asset, .openInterestCoins)
        let today = history.asOf
        let level = coins.value(on: today)
        let range = coins.points(endingOn: today, days: thresholds.openInterestWindowDays)
        let percentile = level.flatMap { SeriesMath.percentile(of: $0, in: range.map(\.value)) }
        let high = SeriesMath.highest(range)
        let changeDay = today.adding(days: -thresholds.openInterestChangeDays)
        let changeFrom = coins.value(on: changeDay).map { DayValue(day: changeDay, value: $0) }
        return OpenInterestFinding(
            coins: level,
            usd: history.series(asset, .openInterestUSD).value(on: today),
            percentile: percentile,
            rangeDays: range.count,
            windowDays: thresholds.openInterestWindowDays,
            rangeHigh: level == nil ? nil : high,
            isRangeHigh: level != nil && high?.day == today,
            isHigh: (percentile ?? 0) >= thresholds.openInterestHighPercentile,
            changeFrom: changeFrom,
            change: zip2(level, changeFrom).map { $0 - $1.value },
            changeDays: thresholds.openInterestChangeDays
        )
    }
}
