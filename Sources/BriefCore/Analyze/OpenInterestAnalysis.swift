/// Open interest: its level, its rank within its own range, and its change over 1, 7 and 60 days.
public enum OpenInterestAnalysis {
    public static func analyze(_ history: History, asset: Asset, thresholds: Thresholds) -> OpenInterestFinding {
        let coins = history.series(asset, .openInterestCoins)
        let today = history.asOf
        let level = coins.value(on: today)
        let range = coins.points(endingOn: today, days: thresholds.openInterestWindowDays)
        let fullHistory = range.count >= thresholds.minHistoryDays
        let percentile = fullHistory
            ? level.flatMap { SeriesMath.rank(of: $0, in: range.map(\.value), minCount: 1)?.percentile } : nil
        let high = SeriesMath.highest(range)
        let flat = range.count >= 2 && range.allSatisfy { $0.value == range[0].value }
        let changeDay = today.adding(days: -thresholds.openInterestChangeDays)
        let changeFrom = coins.value(on: changeDay).map { DayValue(day: changeDay, value: $0) }
        func change(days: Int, on day: Day) -> Double? {
            zip2(coins.value(on: day.adding(days: -days)), coins.value(on: day)).flatMap { SeriesMath.changePct(from: $0, to: $1) }
        }
        let weekChange = change(days: 7, on: today)
        let weekChanges = (0..<thresholds.rankLookbackDays).compactMap { change(days: 7, on: today.adding(days: -$0)).map(abs) }
        return OpenInterestFinding(
            coins: level,
            usd: history.series(asset, .openInterestUSD).value(on: today),
            percentile: percentile,
            rangeDays: range.count,
            windowDays: thresholds.openInterestWindowDays,
            rangeStart: range.first?.day,
            hasFullHistory: fullHistory,
            rangeHigh: level == nil ? nil : high,
            // A high needs another reading to compare with, and a lower one: a range of one level has none.
            isRangeHigh: level != nil && range.count >= 2 && high?.day == today && !flat,
            isRangeFlat: flat,
            isHigh: percentile.map { Percentile.reaches($0, thresholds.openInterestHighPercentile) } ?? false,
            dayChangePct: change(days: 1, on: today),
            weekChangePct: weekChange,
            isDayMoveLarge: change(days: 1, on: today).map { abs($0) >= thresholds.openInterestWeekChangePct },
            // A 7-day change needs the day a week before: the window starts a week into the data.
            weekChangeRank: weekChange.flatMap {
                SeriesMath.rank(of: abs($0), in: weekChanges, windowDays: max(1, coins.windowDays(thresholds.rankLookbackDays + 7, endingOn: today) - 7),
                                minDays: thresholds.minHistoryDays)
            },
            changeFrom: changeFrom,
            change: zip2(level, changeFrom).map { $0 - $1.value },
            changeDays: thresholds.openInterestChangeDays
        )
    }
}
