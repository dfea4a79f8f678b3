/// The days US exchanges (NYSE, where the spot ETFs list) are open: weekdays that are not
/// NYSE holidays. ETF flows are due on these days only.
public enum MarketCalendar {
    /// Closures outside the regular rules (national days of mourning).
    static let specialClosures: Set<Day> = [Day("2025-01-09")!]

    /// Whether US markets trade on `day`.
    public static func isTradingDay(_ day: Day) -> Bool {
        day.isoWeekday <= 5 && !isHoliday(day)
    }

    /// The latest trading day on or before `day`.
    public static func latestTradingDay(onOrBefore day: Day) -> Day {
        var candidate = day
        while !isTradingDay(candidate) { candidate = candidate.adding(days: -1) }
        return candidate
    }

    /// NYSE holidays: fixed dates moved off weekends (Saturday to Friday, Sunday to Monday;
    /// New Year's Day on a Saturday is not observed), the Monday holidays, Good Friday and
    /// Thanksgiving.
    static func isHoliday(_ day: Day) -> Bool {
        let year = day.components.year
        if specialClosures.contains(day) { return true }
        var holidays: [Day] = [
            nthWeekday(1, of: 1, year: year, n: 3),   // Martin Luther King Jr. Day
            nthWeekday(1, of: 2, year: year, n: 3),   // Washington's Birthday
            easter(year).adding(days: -2),            // Good Friday
            lastWeekday(1, of: 5, year: year),        // Memorial Day
            nthWeekday(1, of: 9, year: year, n: 1),   // Labor Day
            nthWeekday(4, of: 11, year: year, n: 4),  // Thanksgiving
            observed(Day(year: year, month: 7, day: 4)!),
            observed(Day(year: year, month: 12, day: 25)!),
        ]
        let newYear = Day(year: year, month: 1, day: 1)!
        if newYear.isoWeekday != 6 { holidays.append(observed(newYear)) }
        if year >= 2022 { holidays.append(observed(Day(year: year, month: 6, day: 19)!)) }
        return holidays.contains(day)
    }

    private static func observed(_ day: Day) -> Day {
        switch day.isoWeekday {
        case 6: day.adding(days: -1)
        case 7: day.adding(days: 1)
        default: day
        }
    }

    /// The `n`th `weekday` (1 = Monday) of `month`.
    private static func nthWeekday(_ weekday: Int, of month: Int, year: Int, n: Int) -> Day {
        let first = Day(year: year, month: month, day: 1)!
        let offset = (weekday - first.isoWeekday + 7) % 7
        return first.adding(days: offset + 7 * (n - 1))
    }

    private static func lastWeekday(_ weekday: Int, of month: Int, year: Int) -> Day {
        let next = month == 12 ? Day(year: year + 1, month: 1, day: 1)! : Day(year: year, month: month + 1, day: 1)!
        let last = next.adding(days: -1)
        return last.adding(days: -((last.isoWeekday - weekday + 7) % 7))
    }

    /// Easter Sunday (Gregorian; the anonymous algorithm).
    static func easter(_ year: Int) -> Day {
        let a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4
        let f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31, dayOfMonth = (h + l - 7 * m + 114) % 31 + 1
        return Day(year: year, month: month, day: dayOfMonth)!
    }
}
