/// Short-term risk: the support under the price, what lies below it, and the points that add
/// up to an overall level, each with its reason.
public enum RiskAnalysis {
    /// The most points the factors can add up to: funding, the one-day fall and leverage at
    /// records count up to 2 (extreme funding; a fall of twice the threshold; funding and open
    /// interest both at their highest), every other factor 1 (near support and a new low
    /// exclude each other).
    public static let maxScore = 12

    /// Points for funding and open interest both at `leverage_record_percentile` or above:
    /// the most crowded leverage the data has seen, on top of each side's own point.
    static let leverageRecordPoints = 2

    /// Funding (above zero) and open interest each at or above `leverage_record_percentile`
    /// of its own history, as printed (`Percentile`); `nil` for a side not ranked.
    static func atRecord(funding: FundingFinding, openInterest: OpenInterestFinding, thresholds: Thresholds)
        -> (funding: Bool?, openInterest: Bool?) {
        let record = thresholds.leverageRecordPercentile
        return (funding.regime == .negative ? false : funding.rank.map { Percentile.reaches($0.percentile, record) },
                openInterest.percentile.map { Percentile.reaches($0, record) })
    }

    /// The most points a factor can earn (funding far above the band earns 2).
    static func mostPoints(of factor: Factor) -> Int {
        factor == .funding ? 2 : 1
    }

    /// The level a score maps to.
    public static func level(score: Int, thresholds: Thresholds) -> RiskLevel {
        score >= thresholds.riskHighScore ? .high : (score >= thresholds.riskModerateScore ? .moderate : .low)
    }

    public static func analyze(_ history: History, asset: Asset, price: PriceFinding, funding: FundingFinding,
                               openInterest: OpenInterestFinding, liquidations: LiquidationFinding,
                               divergence: DivergenceFinding, whale: WhaleFinding,
                               thresholds: Thresholds) -> RiskFinding {
        let closes = history.series(asset, .closeUSD)
        let today = history.asOf
        // Support is a level earlier closes set: the lowest of the window's days before today
        // (fewer while the data is younger than the window).
        let supportWindowDays = closes.windowDays(thresholds.supportWindowDays + 1, endingOn: today) - 1
        let earlier = closes.points(endingOn: today.adding(days: -1), days: supportWindowDays)
        let tooFew = earlier.count < min(thresholds.supportMinDays, thresholds.supportWindowDays)
        let support = price.close == nil || tooFew ? nil : SeriesMath.lowest(earlier)
        let distance = zip2(support, price.close).flatMap { SeriesMath.changePct(from: $0.value, to: $1) }
        let isNewLow = distance.map { $0 < 0 }
        // A new low of the closes just before today: a new low today extends that slide rather
        // than breaking a support afresh, and signals of its end wait for the slide to stop.
        let priorNewLow = closes.points(endingOn: today.adding(days: -1), days: thresholds.priceChangeDays).reversed()
            .first { isLow($0, closes, thresholds: thresholds) }.map { DayValue(day: $0.day, value: $0.value) }
        let lowRetest = isNewLow == true ? nil : support.flatMap { low in retest(of: low, closes, endingOn: today, thresholds: thresholds) }
        let nearSupport = distance.map { $0 >= 0 && $0 <= thresholds.supportNearPct } ?? false
        // The next level down: the highest swing low under support, or under the close on a new low.
        let floor = zip2(support, price.close).map { min($0.value, $1) }
        let nextSupport = floor.flatMap { floor in
            SeriesMath.swingLows(closes.points(endingOn: today, days: thresholds.swingLookbackDays),
                                 halfWidth: thresholds.swingHalfWidthDays)
                .filter { $0.value < floor }
                .max { ($0.value, $0.day) < ($1.value, $1.day) }
        }
        let records = atRecord(funding: funding, openInterest: openInterest, thresholds: thresholds)
        // Longs forced out on a day the close still rose by more than a quiet day's move (a
        // squeeze that shook out longs on the way) did not carry the price down: no forced
        // selling left to run. A close barely up after heavy long liquidations is a shakeout
        // that still counts.
        let heavyOnRise = liquidations.isHeavy && (price.dayChangePct ?? 0) >= thresholds.quietDayMovePct
        let candidates: [(String, Int, Bool)] = [
            ("fundingExtreme", 2, funding.regime == .extreme),
            // Over the band by less than the stretch margin, neither held nor high for the market, is
            // no stretch (the leverage section says "not stretched"): no point either.
            ("fundingElevated", 1, funding.regime == .elevated && funding.isHigh),
            ("fundingHighForMarket", 1, funding.regime == .neutral && funding.isHigh),
            ("openInterestHigh", 1, openInterest.isHigh),
            ("leverageAtRecords", leverageRecordPoints, records.funding == true && records.openInterest == true),
            ("nearSupport", 1, nearSupport),
            ("newLow", 1, isNewLow == true),
            ("heavyLiquidations", 1, liquidations.isHeavy && !heavyOnRise),
            ("strongDivergence", 1, divergence.level == .strong),
            ("whaleSale", 1, !whale.sales.isEmpty),
            ("dayFall", (price.dayChangePct ?? 0) <= -2 * thresholds.riskDayFallPct ? 2 : 1,
             (price.dayChangePct ?? 0) <= -thresholds.riskDayFallPct),
            // A fall of the days just before counts as today's would: the day after a crash is no calm day.
            ("recentFall", (price.recentFall?.value ?? 0) >= 2 * thresholds.riskDayFallPct ? 2 : 1,
             (price.dayChangePct ?? 0) > -thresholds.riskDayFallPct && price.recentFall.map {
                 $0.day != history.asOf && $0.value >= thresholds.riskDayFallPct
             } == true),
            ("drawdown", 1, (price.belowHighPct ?? 0) >= thresholds.riskDrawdownPct),
        ]
        let points = candidates.filter(\.2).map { RiskPoint(id: $0.0, points: $0.1) }
        let score = points.reduce(0) { $0 + $1.points }
        return RiskFinding(
            support: support,
            supportWindowDays: supportWindowDays,
            distancePct: distance,
            nearSupport: nearSupport,
            isNewLow: isNewLow,
            priorNewLow: priorNewLow,
            lowRetest: lowRetest,
            nextSupport: nextSupport,
            swingLookbackDays: closes.windowDays(thresholds.swingLookbackDays, endingOn: today),
            fundingAboveNeutral: divergence.fundingAboveNeutral,
            points: points,
            score: score,
            maxScore: maxScore,
            level: level(score: score, thresholds: thresholds),
            unread: unread(funding: funding, openInterest: openInterest, liquidations: liquidations, whale: whale),
            heavyLiquidationsOnRise: heavyOnRise
        )
    }

    /// The latest close of the `price_change_days` ending on `today` that came back to within
    /// `low_retest_pct` above `low` after a close beyond that, when `low` was a new low of its
    /// own window. (Closes that stay by the low from the day it was made are no retest.)
    static func retest(of low: DayValue, _ closes: Series, endingOn today: Day, thresholds: Thresholds) -> DayValue? {
        guard isLow((low.day, low.value), closes, thresholds: thresholds) else { return nil }
        let near = low.value * (1 + thresholds.lowRetestPct / 100)
        let recent = today.adding(days: -(thresholds.priceChangeDays - 1))
        var movedAway = false, latest: DayValue?
        for point in closes.points(endingOn: today, days: low.day.days(to: today)) {
            if point.value > near {
                movedAway = true
            } else if movedAway && point.value >= low.value && point.day >= recent {
                latest = DayValue(day: point.day, value: point.value)
            }
        }
        return latest
    }

    /// Whether `point`'s close was under every close of the support window before its day
    /// (with at least `support_min_days` of them): a new low on that day.
    static func isLow(_ point: (day: Day, value: Double), _ closes: Series, thresholds: Thresholds) -> Bool {
        let windowDays = closes.windowDays(thresholds.supportWindowDays + 1, endingOn: point.day) - 1
        let earlier = closes.points(endingOn: point.day.adding(days: -1), days: windowDays)
        guard earlier.count >= min(thresholds.supportMinDays, thresholds.supportWindowDays),
              let lowest = SeriesMath.lowest(earlier) else { return false }
        return point.value < lowest.value
    }

    /// The factors that count nothing for want of data: not reported, or too young to rank
    /// (funding's points come from the band, so it needs no rank).
    static func unread(funding: FundingFinding, openInterest: OpenInterestFinding, liquidations: LiquidationFinding,
                       whale: WhaleFinding) -> [UnreadFactor] {
        let factors: [(Factor, missing: Bool, ranked: Bool)] = [
            (.funding, funding.regime == nil, true),
            (.openInterest, openInterest.coins == nil, openInterest.percentile != nil),
            (.liquidations, liquidations.longUSD == nil, liquidations.longRank != nil),
            (.whaleSale, whale.transfersReported == false, true),
        ]
        let read = factors.compactMap { factor, missing, ranked in
            missing ? UnreadFactor(factor: factor, reason: .notReported) : (ranked ? nil : UnreadFactor(factor: factor, reason: .tooYoung))
        }
        // A large sale whose coins' age is not given may be a dormant-whale sale.
        let ageUnknown = whale.sales.isEmpty && whale.undatedSales?.isEmpty == false
        return read + (ageUnknown ? [UnreadFactor(factor: .whaleSale, reason: .ageUnknown)] : [])
    }
}
