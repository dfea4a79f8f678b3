import BriefCore

extension Metric {
    /// Throws unless `value` is plausible for this metric, whatever brought it (a CSV, an export,
    /// a venue): the ranges catch unit mistakes and impossible values (docs/data-format.md lists
    /// them) before they reach a brief.
    func checkPlausible(_ value: Double) throws(FieldParsing.Failure) {
        func atMost(_ limit: Double, _ what: String) throws(FieldParsing.Failure) {
            guard abs(value) <= limit else { throw .reason("\(value) is implausible: \(what) stay within ±\(limit)") }
        }
        switch self {
        case .closeUSD, .closeBTC:
            guard value > 0 else { throw .reason("a price must be above zero") }
            try atMost(self == .closeUSD ? 1e9 : 1e6, self == .closeUSD ? "closes in USD" : "closes in BTC")
        case .fundingRate:
            guard abs(value) < 0.05 else {
                throw .reason("\(value) per settlement is implausible: rates are fractions (0.0001 = 0.01%) and must stay within ±0.05")
            }
        case .fundingIntervalHours:
            guard value >= 1, value <= 24, value == value.rounded() else { throw .reason("must be a whole number of hours from 1 to 24") }
        case .openInterestCoins, .openInterestUSD, .longLiquidationsUSD, .shortLiquidationsUSD:
            guard value >= 0 else { throw .reason("cannot be negative") }
            try atMost(self == .openInterestCoins ? 1e16 : 1e13, self == .openInterestCoins ? "coin amounts" : "USD amounts")
        case .exchangeNetflowCoins:
            try atMost(1e16, "coin amounts")
        default:
            // Spot-ETF flows, in total and per fund.
            try atMost(1e12, "ETF flows in USD")
        }
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

/// Ranges for the numbers of a large transfer, from any format.
enum PlausibleTransfer {
    /// Coins moved: above zero, at most 1e16 (no coin's supply comes near).
    static func checkAmount(_ value: Double) throws(FieldParsing.Failure) {
        guard value > 0 else { throw .reason("must be above zero") }
        guard value <= 1e16 else { throw .reason("\(value) is implausible: coin amounts stay within 1e16") }
    }

    /// USD value: zero or more, at most 1e13.
    static func checkUSD(_ value: Double) throws(FieldParsing.Failure) {
        guard value >= 0 else { throw .reason("cannot be negative") }
        guard value <= 1e13 else { throw .reason("\(value) is implausible: USD amounts stay within 1e13") }
    }

    /// Years since the coins last moved: 0 to 100.
    static func checkDormantYears(_ value: Double) throws(FieldParsing.Failure) {
        guard value >= 0, value <= 100 else { throw .reason("must be from 0 to 100 years") }
    }
}
