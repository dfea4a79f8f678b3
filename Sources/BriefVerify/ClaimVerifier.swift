import BriefCore
import Foundation

/// A claim the store does not bear out.
public struct Mismatch: Sendable, Equatable, CustomStringConvertible {
    public var asset: Asset
    public var day: Day
    public var section: String
    public var claim: String
    public var stated: String
    public var found: String

    /// `BTC 2025-08-26 leverage: close_usd on 2025-08-26: stated $108,000, store says 107000`
    public var description: String {
        "\(asset) \(day) \(section): \(claim): stated \(PrintableText.of(stated)), \(found)"
    }
}

/// Derives every claim of a brief again from the store — plain SQL reads and direct arithmetic,
/// none of the analysis code — and compares it with what the brief states.
public struct ClaimVerifier: Sendable {
    private let store: StoreReader

    public init(store: StoreReader) {
        self.store = store
    }

    /// The claims of `brief` that its text or the store do not bear out.
    public func mismatches(in brief: BriefDocument) throws -> [Mismatch] {
        let findings = brief.findings
        var found: [Mismatch] = []
        for claim in brief.claims {
            func mismatch(_ text: String) {
                found.append(Mismatch(asset: findings.asset, day: findings.day, section: claim.section, claim: claim.subject,
                                      stated: claim.stated, found: text))
            }
            let text = claim.section == "story" ? brief.story
                : claim.section == "headline" ? brief.headline : brief.text(of: claim.section)
            guard let text, text.contains(claim.sentence), claim.sentence.contains(claim.stated) else {
                mismatch("the \(claim.section) text does not state it")
                continue
            }
            guard let derived = try derive(claim) else {
                mismatch("store says nothing")
                continue
            }
            if let problem = Self.compare(claim, derived, briefDay: findings.day) { mismatch(problem) }
        }
        return found
    }

    /// What the store says the claim should be: a number or a day.
    enum Derived {
        case number(Double)
        case day(Day)
        case ordinal(Double)
    }

    private func derive(_ claim: Claim) throws -> Derived? {
        let asset = claim.asset, day = claim.day
        func read(_ on: Day) throws -> Double? { try value(claim, on: on) }
        func window() throws -> [(day: Day, value: Double)] {
            try values(claim, from: claim.from ?? day, through: day)
        }
        switch claim.kind {
        case .value:
            return try read(day).map(Derived.number)
        case .change:
            guard let from = claim.from, let old = try read(from), let new = try read(day), old != 0 else { return nil }
            return .number((new - old) / abs(old) * 100)
        case .delta:
            guard let from = claim.from, let old = try read(from), let new = try read(day) else { return nil }
            return .number(new - old)
        case .average:
            let points = try window()
            return points.isEmpty ? nil : .number(points.map(\.value).reduce(0, +) / Double(points.count))
        case .highest, .lowest:
            let points = try window()
            var best: (day: Day, value: Double)?
            for point in points {
                // The latest of equal values wins.
                if best == nil || (claim.kind == .highest ? point.value >= best!.value : point.value <= best!.value) { best = point }
            }
            guard let best else { return nil }
            return claim.ofDay ? .day(best.day) : .number(best.value)
        case .rank:
            let points = try window()
            guard let today = try read(day), !points.isEmpty else { return nil }
            let below = points.filter { $0.value < today }.count, equal = points.filter { $0.value == today }.count
            return .ordinal((Double(below) + Double(equal) / 2) / Double(points.count) * 100)
        case .runDays, .runTotal, .runFirst, .runLast:
            guard let run = try run(claim) else { return nil }
            switch claim.kind {
            case .runDays: return .number(Double(run.count))
            case .runTotal: return .number(run.map(\.value).reduce(0, +))
            case .runFirst: return .day(run.first!.day)
            default: return .day(run.last!.day)
            }
        case .transferAmount, .transferUSD, .transferDormantYears:
            guard let id = claim.transfer, let transfer = try store.transfer(id) else { return nil }
            switch claim.kind {
            case .transferAmount: return .number(transfer.amount)
            case .transferUSD: return .number(transfer.usd)
            default: return transfer.dormantYears.map { .number($0) }
            }
        }
    }

    /// A run of reported values on one side of zero, neighbours at most 4 days apart: the one
    /// holding the latest value reported from the claim's first day (the farthest its brief
    /// counted runs back; 60 days in briefs that do not say) to its day, or the one before it.
    private func run(_ claim: Claim) throws -> ArraySlice<(day: Day, value: Double)>? {
        let points = try values(claim, from: claim.from ?? claim.day.adding(days: -60), through: claim.day)
        func run(endingAt end: Int) -> Range<Int>? {
            guard end >= 0, points[end].value != 0 else { return nil }
            var start = end
            while start > 0, points[start - 1].value != 0, (points[start - 1].value > 0) == (points[end].value > 0),
                  points[start].day.ordinal - points[start - 1].day.ordinal <= 4 {
                start -= 1
            }
            return start..<(end + 1)
        }
        guard var range = run(endingAt: points.count - 1) else { return nil }
        if claim.run == "ended" {
            guard range.lowerBound > 0, points[range.lowerBound].day.ordinal - points[range.lowerBound - 1].day.ordinal <= 4,
                  let before = run(endingAt: range.lowerBound - 1) else { return nil }
            range = before
        }
        return points[range]
    }

    /// Stored metrics, and the funding readings derived from the rate and its interval.
    private func value(_ claim: Claim, on day: Day) throws -> Double? {
        try values(claim, from: day, through: day).first?.value
    }

    /// The claim's metric from `first` through `last`: stored, or a funding reading; across the
    /// claim's venues when it names them (open interest summed; rates taken to the venues' common
    /// interval, or 8 hours, and weighted by each venue's oi_coins or equally), on the days every
    /// venue reports.
    private func values(_ claim: Claim, from first: Day, through last: Day) throws -> [(day: Day, value: Double)] {
        let (metric, asset) = (claim.metric, claim.asset)
        func stored(_ name: String) throws -> [Day: Double] {
            Dictionary(try store.values(name, asset, from: first, through: last).map { ($0.day, $0.value) }, uniquingKeysWith: { $1 })
        }
        guard let formula = Self.fundingReadings[metric] else {
            if let venues = claim.venues {
                let each = try venues.map { try stored(metric + "." + $0) }
                return (each.first ?? [:]).keys.sorted().compactMap { day in
                    let values = each.compactMap { $0[day] }
                    return values.count == venues.count ? (day, values.reduce(0, +)) : nil
                }
            }
            let points = try store.values(metric, asset, from: first, through: last)
            // Spot-ETF flows count on US trading days only: a weekend's zero is no flow.
            guard Metric(name: metric)?.isSpotETFFlow == true else { return points }
            return points.filter { MarketCalendar.isTradingDay($0.day) }
        }
        guard let venues = claim.venues else {
            let hours = try stored("funding_interval_h")
            return try store.values("funding_rate", asset, from: first, through: last).compactMap { point in
                hours[point.day].map { (point.day, formula(point.value, $0)) }
            }
        }
        let rates = try venues.map { try stored("funding_rate." + $0) }, hours = try venues.map { try stored("funding_interval_h." + $0) }
        let weights = claim.equalWeights == true ? nil : try venues.map { try stored("oi_coins." + $0) }
        return (rates.first ?? [:]).keys.sorted().compactMap { day in
            var parts: [(rate: Double, hours: Double, weight: Double)] = []
            for index in venues.indices {
                guard let rate = rates[index][day], let hour = hours[index][day] else { return nil }
                guard let weight = weights.map({ $0[index][day] }) ?? 1 else { return nil }
                parts.append((rate, hour, weight))
            }
            let total = parts.reduce(0) { $0 + $1.weight }
            guard total > 0 else { return nil }
            let common = Set(parts.map(\.hours)).count == 1 ? parts[0].hours : 8
            return (day, formula(parts.reduce(0) { $0 + $1.rate * (common / $1.hours) * $1.weight } / total, common))
        }
    }

    /// Percent per settlement, per 8 hours, and a year (settlements a day × 365).
    private static let fundingReadings: [String: @Sendable (Double, Double) -> Double] = [
        "funding_rate_pct": { rate, _ in rate * 100 },
        "funding_per8h_pct": { rate, hours in rate * 100 * 8 / hours },
        "funding_annualized_pct": { rate, hours in rate * 100 * 24 / hours * 365 },
    ]

    /// `nil` when the stated text is the derived value as the brief rounds it; else what differs.
    static func compare(_ claim: Claim, _ derived: Derived, briefDay: Day) -> String? {
        switch derived {
        case .day(let day):
            guard let stated = StatedText.day(claim.stated, briefYear: briefDay.components.year) else {
                return "not a day"
            }
            return stated == day ? nil : "store says \(day)"
        case .ordinal(let percentile):
            let expected = percentile >= 100 ? 100 : min(99, max(1, Int((percentile).rounded(.toNearestOrAwayFromZero))))
            guard let stated = StatedText.number(claim.stated) else { return "not a number" }
            return Int(stated.value) == expected ? nil
                : "store says \(String(format: "%.2f", percentile)), printed \(expected)"
        case .number(let number):
            guard let stated = StatedText.number(claim.stated) else { return "not a number" }
            let value = claim.magnitude ? abs(number) : number
            // Half the last printed digit; a brief prints at most 15 significant digits.
            let tolerance = max(stated.unit / 2 * (1 + 1e-9) + 1e-12, abs(stated.value) * 1e-14)
            return abs(value - stated.value) <= tolerance ? nil : "store says \(String(format: "%.10g", value))"
        }
    }
}

/// Reads back what the prose prints: `$477M`, `-$1.1B`, `8.76%`, `310,600 BTC`, `87th`, `Aug 17`.
enum StatedText {
    /// The number and the unit of its last printed digit (`$477M`: 477e6 and 1e6).
    static func number(_ text: String) -> (value: Double, unit: Double)? {
        var body = Substring(text)
        if let space = body.firstIndex(of: " ") { body = body[..<space] }  // "310,600 BTC"
        var sign = 1.0
        if body.hasPrefix("+") { body = body.dropFirst() }
        if body.hasPrefix("-") { sign = -1; body = body.dropFirst() }
        if body.hasPrefix("$") { body = body.dropFirst() }
        for suffix in ["st", "nd", "rd", "th", "%"] where body.hasSuffix(suffix) { body = body.dropLast(suffix.count) }
        var scale = 1.0
        if let last = body.last, let multiplier = ["K": 1e3, "M": 1e6, "B": 1e9][String(last)] {
            scale = multiplier
            body = body.dropLast()
        }
        let digits = body.replacingOccurrences(of: ",", with: "")
        guard let value = Double(digits), digits.allSatisfy({ $0.isNumber || $0 == "." }) else { return nil }
        let places = digits.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first?.count ?? 0
        return (sign * value * scale, pow(10, -Double(places)) * scale)
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Aug 17` (in the brief's year) or `Aug 17, 2024`.
    static func day(_ text: String, briefYear: Int) -> Day? {
        let parts = text.replacingOccurrences(of: ",", with: "").split(separator: " ")
        guard parts.count == 2 || parts.count == 3, let month = months.firstIndex(of: String(parts[0])),
              let dayOfMonth = Int(parts[1]) else { return nil }
        let year = parts.count == 3 ? Int(parts[2]) : briefYear
        return year.flatMap { Day(year: $0, month: month + 1, day: dayOfMonth) }
    }
}
