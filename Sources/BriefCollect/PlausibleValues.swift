import BriefCore

extension Metric {
    /// Throws unless `value` is plausible for this metric, whatever brought it (a CSV, an export,
    /// a venue): the ranges catch unit mistakes and impossible values (docs/data-format.md lists
    /// them) before they reach a brief.
    func checkPlausible(_ value: Double) throws(FieldParsing.Failure) {
        if let problem = implausibility(of: value) { throw .reason(problem) }
    }

    /// Throws when a spot-ETF flow other than zero is dated on a day US markets were closed:
    /// flows are dated by the trading day they belong to, so its date is off (a time zone, a
    /// shifted column). A zero there, which some sources fill weekends with, is accepted and not
    /// read.
    func checkTradingDay(_ value: Double, on day: Day) throws(FieldParsing.Failure) {
        guard isSpotETFFlow, value != 0, !MarketCalendar.isTradingDay(day) else { return }
        let closed = day.isoWeekday >= 6 ? "a \(day.isoWeekday == 6 ? "Saturday" : "Sunday")" : "a NYSE holiday"
        throw .reason("\(day) is \(closed): US spot ETFs do not trade, so no flow is dated that day (0 is accepted)")
    }
}

extension PlausibleTransfer {
    /// Throws unless `value` is a plausible number of coins moved (`amountProblem`).
    static func checkAmount(_ value: Double) throws(FieldParsing.Failure) {
        if let problem = amountProblem(value) { throw .reason(problem) }
    }

    /// Throws unless `value` is a plausible USD value (`usdProblem`).
    static func checkUSD(_ value: Double) throws(FieldParsing.Failure) {
        if let problem = usdProblem(value) { throw .reason(problem) }
    }

    /// Throws unless `value` is a plausible number of years dormant (`dormantYearsProblem`).
    static func checkDormantYears(_ value: Double) throws(FieldParsing.Failure) {
        if let problem = dormantYearsProblem(value) { throw .reason(problem) }
    }
}
