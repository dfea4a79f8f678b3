/// The ranges a value must lie in, whatever brought it: an import, a venue, the store, a
/// `brief.json` (docs/data-format.md lists them). They catch unit mistakes and impossible values
/// before they reach an analysis or a chart; every reader applies them where the value enters.
extension Metric {
    /// The smallest magnitude a value other than zero may have: a price, a rate or an amount
    /// of 1e-320 is no market's, and a change measured from it is infinite.
    public static let smallestMagnitude = 1e-12

    /// Why `value` is too small to be one other than zero (`smallestMagnitude`), `nil` when it is not.
    static func tininess(of value: Double) -> String? {
        value == 0 || abs(value) >= smallestMagnitude
            ? nil : "\(value) is implausible: a value other than zero is at least \(smallestMagnitude) in size"
    }

    /// Why `value` is not plausible for this metric, `nil` when it is. NaN and infinities never are.
    public func implausibility(of value: Double) -> String? {
        guard value.isFinite else { return "\(value) is not a number" }
        if let tiny = Self.tininess(of: value) { return tiny }
        func atMost(_ limit: Double, _ what: String) -> String? {
            abs(value) <= limit ? nil : "\(value) is implausible: \(what) stay within ±\(limit)"
        }
        let metric = withoutVenue
        switch metric {
        case .closeUSD, .closeBTC:
            guard value > 0 else { return "a price must be above zero" }
            return atMost(metric == .closeUSD ? 1e9 : 1e6, metric == .closeUSD ? "closes in USD" : "closes in BTC")
        case .fundingRate:
            guard abs(value) < 0.05 else {
                return "\(value) per settlement is implausible: rates are fractions (0.0001 = 0.01%) and must stay within ±0.05"
            }
            return nil
        case .fundingIntervalHours:
            guard value >= 1, value <= 24, value == value.rounded() else { return "must be a whole number of hours from 1 to 24" }
            return nil
        case .openInterestCoins, .openInterestUSD, .longLiquidationsUSD, .shortLiquidationsUSD:
            guard value >= 0 else { return "cannot be negative" }
            return atMost(metric == .openInterestCoins ? 1e16 : 1e13, metric == .openInterestCoins ? "coin amounts" : "USD amounts")
        case .exchangeNetflowCoins:
            return atMost(1e16, "coin amounts")
        default:
            // Spot-ETF flows, in total and per fund.
            return atMost(1e12, "ETF flows in USD")
        }
    }
}

/// Ranges for the numbers of a large transfer, from any format or the store. As for a metric,
/// a value other than zero is at least `Metric.smallestMagnitude` in size.
public enum PlausibleTransfer {
    /// Coins moved: above zero, at most 1e16 (no coin's supply comes near).
    public static func amountProblem(_ value: Double) -> String? {
        guard value.isFinite else { return "\(value) is not a number" }
        guard value > 0 else { return "must be above zero" }
        return Metric.tininess(of: value) ?? (value <= 1e16 ? nil : "\(value) is implausible: coin amounts stay within 1e16")
    }

    /// USD value: zero or more, at most 1e13.
    public static func usdProblem(_ value: Double) -> String? {
        guard value.isFinite else { return "\(value) is not a number" }
        guard value >= 0 else { return "cannot be negative" }
        return Metric.tininess(of: value) ?? (value <= 1e13 ? nil : "\(value) is implausible: USD amounts stay within 1e13")
    }

    /// Years since the coins last moved: 0 to 100.
    public static func dormantYearsProblem(_ value: Double) -> String? {
        guard value >= 0 && value <= 100 else { return "must be from 0 to 100 years" }
        return Metric.tininess(of: value)
    }
}

extension ChartData {
    /// Funding per 8h stays within ±40%: ±0.05 a settlement, settled as often as hourly.
    static let fundingPer8hPctLimit = 40.0

    /// Why a chart series (read from a `brief.json` of `day`) is not one an analysis could have
    /// made, naming the series and the value (`charts.price.values[12] = 1.7e+308: …`); `nil` when
    /// all are plausible. A step other than 1 or 7 days is refused: the charts are daily or weekly;
    /// so is a series ending after `day` or starting more than the longest window before it.
    public func implausibility(on day: Day) -> String? {
        let funding = { (value: Double) -> String? in
            value.isFinite && abs(value) <= Self.fundingPer8hPctLimit
                ? nil : "\(value) is implausible: funding per 8h stays within ±\(Self.fundingPer8hPctLimit)%"
        }
        let checked: [(String, DailySeries, (Double) -> String?)] = [
            ("price", price, Metric.closeUSD.implausibility), ("fundingPer8hPct", fundingPer8hPct, funding),
            ("openInterest", openInterest, Metric.openInterestCoins.implausibility),
            ("etfFlows", etfFlows, Metric.etfNetflowUSD.implausibility),
            ("exchangeNetflows", exchangeNetflows, Metric.exchangeNetflowCoins.implausibility),
            ("rotationRatio", rotationRatio, Metric.closeBTC.implausibility),
            ("longLiquidations", longLiquidations, Metric.longLiquidationsUSD.implausibility),
            ("shortLiquidations", shortLiquidations, Metric.shortLiquidationsUSD.implausibility),
        ]
        for (name, series, problem) in checked {
            guard series.stepDays == 1 || series.stepDays == 7 else {
                return "charts.\(name).stepDays = \(series.stepDays): a chart's step is 1 or 7 days"
            }
            let earliest = day.adding(days: -(Thresholds.maxWindowDays - 1))
            if !series.values.isEmpty && (series.start < earliest || series.end > day) {
                return "charts.\(name).start = \(series.start): a chart of the brief of \(day) covers \(earliest) to \(day) at most "
                    + "(it ends \(series.end))"
            }
            for (index, value) in series.values.enumerated() {
                if let value, let reason = problem(value) { return "charts.\(name).values[\(index)] = \(value): \(reason)" }
            }
        }
        return nil
    }
}

/// The numbers and days of a brief's findings, read back from a `brief.json` that may have been
/// edited: each is checked where it enters, as a value from the store is, so no page, feed or
/// diff shows "∞% per 0h" or a 300-digit amount. The charts have checks of their own
/// (`ChartData.implausibility(on:)`).
public enum FindingsPlausibility {
    /// Magnitudes no figure of a brief comes near: coin amounts stay within 1e16, so does any
    /// change or total made from them.
    static let largestNumber = 1e16, largestCount = 1_000_000_000

    /// Why a value among `findings` (any part of them: price, funding, …) is not one an analysis
    /// of the brief of `day` could have made, naming its path (`findings.funding.intervalHours =
    /// 5e-324: …`); `nil` when all are plausible.
    public static func problem(in part: Any, at path: String, briefDay day: Day) -> String? {
        switch part {
        case let value as Double:
            return problem(of: value, key: path.split(separator: ".").last.map(String.init) ?? path).map { "\(path) = \(value): \($0)" }
        case let value as Int:
            return abs(value) <= largestCount ? nil : "\(path) = \(value): implausible: whole numbers of a brief stay within ±\(largestCount)"
        case let value as Day:
            // An ETF's launch is a setting, known before it comes; any other day is of the data.
            guard value >= .earliest && (value <= day || path.hasSuffix(".launch")) else {
                return "\(path) = \(value): a day the brief of \(day) could not know (after it, or before \(Day.earliest))"
            }
            return nil
        case is String, is ChartData:
            return nil
        default:
            let mirror = Mirror(reflecting: part)
            for (index, child) in mirror.children.enumerated() {
                let name = mirror.displayStyle == .optional ? path
                    : mirror.displayStyle == .collection ? "\(path)[\(index)]" : path + "." + (child.label ?? String(index))
                if let problem = problem(in: child.value, at: name, briefDay: day) { return problem }
            }
            return nil
        }
    }

    /// Rules by the value's name: percentiles 0–100, the funding interval and rate as stored,
    /// liquidation amounts not negative; any number finite and within `largestNumber`.
    private static func problem(of value: Double, key: String) -> String? {
        guard value.isFinite, abs(value) <= largestNumber else {
            return value.isFinite ? "implausible: the numbers of a brief stay within ±\(largestNumber)" : "not a number"
        }
        switch key {
        case "percentile": return (0...100).contains(value) ? nil : "a percentile is from 0 to 100"
        case "intervalHours": return Metric.fundingIntervalHours.implausibility(of: value)
        case "rate": return Metric.fundingRate.implausibility(of: value)
        case "close": return Metric.closeUSD.implausibility(of: value)
        case "longUSD", "shortUSD", "coins", "usd": return value >= 0 ? nil : "cannot be negative"
        default: return nil
        }
    }
}
