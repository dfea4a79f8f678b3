/// The close, its move from the previous close and over a few days, and where it sits in its recent range.
public enum PriceAnalysis {
    /// Days back searched for the previous close.
    static let previousCloseDays = 7

    public static func analyze(_ history: History, asset: Asset, thresholds: Thresholds) -> PriceFinding {
        let closes = history.series(asset, .closeUSD)
        let today = history.asOf
        let close = closes.value(on: today)
        let previous = closes.points(endingOn: today.adding(days: -1), days: previousCloseDays).last
            .map { DayValue(day: $0.day, value: $0.value) }
        let dayChange = zip2(previous, close).flatMap { SeriesMath.changePct(from: $0.value, to: $1) }
        let earlier = closes.value(on: today.adding(days: -thresholds.priceChangeDays))
            .map { DayValue(day: today.adding(days: -thresholds.priceChangeDays), value: $0) }
        let changePct = zip2(earlier, close).flatMap { SeriesMath.changePct(from: $0.value, to: $1) }
        let highWindowDays = closes.windowDays(thresholds.priceHighWindowDays, endingOn: today)
        let window = closes.points(endingOn: today, days: highWindowDays)
        // A high needs another close to compare with.
        let high = window.count >= 2 ? SeriesMath.highest(window) : nil
        // A record needs closes since at least `min_history_days` before: not every rise of a young store.
        let record = close == nil ? nil : history.record(asset, .closeUSD, before: today)
        let previousRecord = record?.highest
        let isRecord = zip2(record, close).map { record, close in
            record.begins.days(to: today) >= thresholds.minHistoryDays && record.highest.map { close > $0.value } == true
        }
        return PriceFinding(
            close: close,
            previous: previous,
            dayChangePct: dayChange,
            dayMoveRank: dayChange.flatMap { change in
                // A move needs the close before it: the window starts a day into the data.
                SeriesMath.rank(of: abs(change), in: dailyMoves(closes, endingOn: today, days: thresholds.rankLookbackDays + 1),
                                windowDays: max(1, closes.windowDays(thresholds.rankLookbackDays + 1, endingOn: today) - 1),
                                minDays: thresholds.minHistoryDays)
            },
            changeFrom: earlier,
            changePct: changePct,
            changeDays: thresholds.priceChangeDays,
            isMultiDayStory: zip2(changePct, dayChange).map { abs($0) >= thresholds.rallyPct && abs($0 - $1) >= thresholds.multiDayMarginPP }
                ?? (abs(changePct ?? 0) >= thresholds.rallyPct),
            recentHigh: close == nil ? nil : high,
            highWindowDays: highWindowDays,
            belowHighPct: zip2(high, close).flatMap { high, close in SeriesMath.changePct(from: high.value, to: close).map { -$0 } },
            isAtHigh: zip2(high, close).map { $1 >= $0.value } ?? false,
            closesBegin: record?.begins,
            previousRecord: previousRecord,
            isRecord: isRecord,
            belowRecordPct: zip2(previousRecord, close).flatMap { record, close in
                SeriesMath.changePct(from: record.value, to: close).map { max(0, -$0) }
            },
            recentFall: close == nil ? nil : largestFall(closes, endingOn: today, days: thresholds.priceChangeDays),
            range: close.flatMap { rangeCall(closes, today: today, close: $0, thresholds: thresholds) }
        )
    }

    /// The range the close is read against: the range yesterday's close broke, when `close` is
    /// back inside it (a failed break); else today's range with `close` inside it; else a break
    /// of the range yesterday's close was inside; else `nil`.
    static func rangeCall(_ closes: Series, today: Day, close: Double, thresholds: Thresholds) -> PriceRange? {
        let yesterday = today.adding(days: -1)
        if let previous = closes.value(on: yesterday), var broken = breakCall(closes, today: yesterday, close: previous, thresholds: thresholds),
           let back = range(closes, before: broken.through.adding(days: 1), close: close, thresholds: thresholds), back.holds {
            broken.failedBreak = broken.position
            broken.position = back.position
            return broken
        }
        if let range = range(closes, before: today, close: close, thresholds: thresholds), range.holds { return range }
        return breakCall(closes, today: today, close: close, thresholds: thresholds)
    }

    /// The range yesterday's close was inside, when `close` ends beyond it by
    /// `range_break_margin_pct` (a break); else `nil`. A close that leaves a range only because
    /// old closes left its window, or by a hair, breaks nothing.
    static func breakCall(_ closes: Series, today: Day, close: Double, thresholds: Thresholds) -> PriceRange? {
        let yesterday = today.adding(days: -1)
        guard let previous = closes.value(on: yesterday),
              var range = range(closes, before: yesterday, close: previous, thresholds: thresholds), range.holds else { return nil }
        let margin = thresholds.rangeBreakMarginPct / 100
        if close > range.high.value * (1 + margin) {
            range.position = .above
        } else if close < range.low.value * (1 - margin) {
            range.position = .below
        } else {
            return nil
        }
        return range
    }

    /// The range of the `range_window_days` closes before `today` when every one is reported
    /// and they stay within `range_band_pct` of their lowest, with `close` placed against it;
    /// `nil` otherwise.
    static func range(_ closes: Series, before today: Day, close: Double, thresholds: Thresholds) -> PriceRange? {
        let days = thresholds.rangeWindowDays
        let window = closes.points(endingOn: today.adding(days: -1), days: days)
        guard days >= 2, window.count == days, let low = SeriesMath.lowest(window), let high = SeriesMath.highest(window),
              let width = SeriesMath.changePct(from: low.value, to: high.value), width <= thresholds.rangeBandPct
        else { return nil }
        let place = high.value > low.value ? (close - low.value) / (high.value - low.value) : 0.5
        let position: RangePosition = close > high.value ? .above : close < low.value ? .below
            : place >= 0.8 ? .top : place <= 0.2 ? .bottom : .middle
        return PriceRange(days: days, through: today.adding(days: -1), low: low, high: high, widthPct: width, position: position)
    }

    /// The largest one-day fall (percent, positive) between consecutive closes of the `days`
    /// ending on `last`, dated on the day it closed; the latest wins a tie.
    static func largestFall(_ closes: Series, endingOn last: Day, days: Int) -> DayValue? {
        let points = closes.points(endingOn: last, days: days + 1)
        let falls = zip(points, points.dropFirst()).compactMap { previous, next -> (day: Day, value: Double)? in
            guard previous.day.days(to: next.day) == 1, let change = SeriesMath.changePct(from: previous.value, to: next.value),
                  change < 0 else { return nil }
            return (next.day, -change)
        }
        return SeriesMath.highest(falls)
    }

    /// Absolute day-over-day changes (percent) of consecutive closes in the `days` ending on `last`
    /// (`days - 1` changes when every day is reported).
    static func dailyMoves(_ closes: Series, endingOn last: Day, days: Int) -> [Double] {
        let points = closes.points(endingOn: last, days: days)
        return zip(points, points.dropFirst()).compactMap { previous, next in
            previous.day.days(to: next.day) == 1 ? SeriesMath.changePct(from: previous.value, to: next.value).map(abs) : nil
        }
    }
}
