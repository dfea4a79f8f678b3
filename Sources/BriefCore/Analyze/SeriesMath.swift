import Foundation

/// Small statistics over (day, value) points, shared by the analyses.
enum SeriesMath {
    /// The highest point; the latest wins a tie.
    static func highest(_ points: [(day: Day, value: Double)]) -> DayValue? {
        points.reduce(nil as DayValue?) { best, point in
            guard let best, best.value > point.value else { return DayValue(day: point.day, value: point.value) }
            return best
        }
    }

    /// The lowest point; the latest wins a tie.
    static func lowest(_ points: [(day: Day, value: Double)]) -> DayValue? {
        points.reduce(nil as DayValue?) { best, point in
            guard let best, best.value < point.value else { return DayValue(day: point.day, value: point.value) }
            return best
        }
    }

    /// `(new - old) / old` in percent; `nil` when `old` is zero.
    static func changePct(from old: Double, to new: Double) -> Double? {
        old == 0 ? nil : (new - old) / abs(old) * 100
    }

    /// Share of a rank's window that must be reported: a missing day, or a few, do not unrank a year.
    static let rankMinCoverage = 0.9

    /// `value` ranked among `values`, the values reported in the `windowDays` days ending on its
    /// day; `nil` unless the window spans `minDays` (the data began that long ago) and at least
    /// `rankMinCoverage` of its days are reported.
    static func rank(of value: Double, in values: [Double], windowDays: Int, minDays: Int) -> Rank? {
        guard windowDays >= minDays, Double(values.count) >= rankMinCoverage * Double(windowDays) else { return nil }
        var ranked = rank(of: value, in: values, minCount: 1)
        ranked?.windowDays = windowDays
        return ranked
    }

    /// `value` ranked among `values`, which hold it once; `nil` with fewer than `minCount` values.
    static func rank(of value: Double, in values: [Double], minCount: Int) -> Rank? {
        guard values.count >= max(1, minCount) else { return nil }
        var below = 0, equal = 0
        for other in values {
            if other < value { below += 1 } else if other == value { equal += 1 }
        }
        return Rank(percentile: (Double(below) + Double(equal) / 2) / Double(values.count) * 100, days: values.count,
                    isHighest: below == values.count - 1 && equal == 1, isLowest: below == 0 && equal == 1 && values.count > 1)
    }

    /// Whether the point on `day` is higher than every other point.
    static func isStrictlyHighest(on day: Day, in points: [(day: Day, value: Double)]) -> Bool {
        guard let value = points.first(where: { $0.day == day })?.value else { return false }
        return points.allSatisfy { $0.day == day || $0.value < value }
    }

    /// The run of consecutive reported points on the side of zero of the last point (a zero
    /// belongs to no run), if that point is within `recentDays` of `asOf`; and the run on the
    /// other side that it ended, if any. Points more than `maxGapDays` apart break a run, so
    /// weekends without ETF data neither break nor extend one.
    static func runs(_ points: [(day: Day, value: Double)], asOf: Day, recentDays: Int,
                     maxGapDays: Int = 4) -> (current: Streak?, ended: Streak?) {
        guard let last = points.last, last.day.days(to: asOf) < recentDays, last.value != 0 else { return (nil, nil) }
        func run(endingAt end: Int) -> (Streak, Int) {
            let positive = points[end].value > 0
            var start = end
            while start > 0, points[start - 1].value != 0, (points[start - 1].value > 0) == positive,
                  points[start - 1].day.days(to: points[start].day) <= maxGapDays {
                start -= 1
            }
            let slice = points[start...end]
            return (Streak(first: slice.first!.day, last: slice.last!.day, days: slice.count,
                           total: slice.reduce(0) { $0 + $1.value }, beginsWithData: start == 0), start)
        }
        let (current, start) = run(endingAt: points.count - 1)
        guard start > 0, points[start - 1].value != 0,
              points[start - 1].day.days(to: points[start].day) <= maxGapDays else { return (current, nil) }
        return (current, run(endingAt: start - 1).0)
    }

    /// Sample standard deviation of day-over-day log changes, in percent; needs two changes.
    static func logReturnVolatilityPct(_ points: [(day: Day, value: Double)]) -> Double? {
        var returns: [Double] = []
        // Day-over-day only: a change across a missing day is not a daily one.
        for (previous, next) in zip(points, points.dropFirst())
        where previous.value > 0 && next.value > 0 && previous.day.days(to: next.day) == 1 {
            returns.append(log(next.value / previous.value))
        }
        guard returns.count >= 2 else { return nil }
        let mean = returns.reduce(0, +) / Double(returns.count)
        let variance = returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(returns.count - 1)
        return variance.squareRoot() * 100
    }

    /// Points lower than every reported point within `halfWidth` days on both sides.
    /// Only points with both sides inside `points` qualify: no swing low is confirmed by a day
    /// that has not happened yet, and none sits on the first days of the points (the edge of
    /// the window searched, or of the data), where a lower close may lie just before.
    static func swingLows(_ points: [(day: Day, value: Double)], halfWidth: Int) -> [DayValue] {
        guard let first = points.first?.day, let last = points.last?.day else { return [] }
        var lows: [DayValue] = []
        for (index, point) in points.enumerated() where point.day.days(to: last) >= halfWidth && first.days(to: point.day) >= halfWidth {
            let neighbours = points[max(0, index - halfWidth * 2)..<min(points.count, index + halfWidth * 2 + 1)]
                .filter { $0.day != point.day && abs($0.day.days(to: point.day)) <= halfWidth }
            if !neighbours.isEmpty, neighbours.allSatisfy({ $0.value > point.value }) {
                lows.append(DayValue(day: point.day, value: point.value))
            }
        }
        return lows
    }
}

/// Both values, or `nil` if either is missing.
func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
