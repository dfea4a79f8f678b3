/// Funding: the rate, annualized from its settlement interval, read against the venues'
/// baseline, the configured band and the asset's own history; and its trend.
public enum FundingAnalysis {
    /// rate × settlements per year, in percent: 0.008% per 8h → 8.76%.
    public static func annualizedPct(rate: Double, intervalHours: Double) -> Double {
        rate * (24 / intervalHours) * 365 * 100
    }

    /// The rate as if settled every 8 hours, in percent, so any venue compares with the band.
    public static func per8hPct(rate: Double, intervalHours: Double) -> Double {
        rate * (8 / intervalHours) * 100
    }

    /// Negative below zero, neutral up to the band's top, extreme from the extreme threshold.
    public static func regime(per8hPct: Double, thresholds: Thresholds) -> FundingRegime {
        if per8hPct < 0 { return .negative }
        if per8hPct <= thresholds.fundingNeutralHighPct { return .neutral }
        if per8hPct < thresholds.fundingExtremePct { return .elevated }
        return .extreme
    }

    public static func analyze(_ history: History, asset: Asset, thresholds: Thresholds) -> FundingFinding {
        let rates = history.series(asset, .fundingRate)
        let intervals = history.series(asset, .fundingIntervalHours)
        let today = history.asOf

        func per8h(on day: Day) -> Double? {
            zip2(rates.value(on: day), intervals.value(on: day)).map { per8hPct(rate: $0, intervalHours: $1) }
        }
        func annualized(on day: Day) -> Double? {
            zip2(rates.value(on: day), intervals.value(on: day)).map { annualizedPct(rate: $0, intervalHours: $1) }
        }

        let rate = rates.value(on: today)
        let interval = intervals.value(on: today)
        let per8hToday = per8h(on: today)
        let regime = per8hToday.map { Self.regime(per8hPct: $0, thresholds: thresholds) }
        let ranked = (0..<thresholds.rankLookbackDays).compactMap { per8h(on: today.adding(days: -$0)) }
        let rankWindow = rates.windowDays(thresholds.rankLookbackDays, endingOn: today)
        let rank = per8hToday.flatMap { SeriesMath.rank(of: $0, in: ranked, windowDays: rankWindow, minDays: thresholds.minHistoryDays) }

        let trendStartDay = today.adding(days: -thresholds.fundingTrendDays)
        let startValues = (0..<thresholds.fundingTrendAverageDays).compactMap { annualized(on: trendStartDay.adding(days: -$0)) }
        let trendStart = startValues.isEmpty ? nil
            : DayValue(day: trendStartDay, value: startValues.reduce(0, +) / Double(startValues.count))
        let sinceStart = (0...thresholds.fundingTrendDays).compactMap { offset -> (day: Day, value: Double)? in
            let day = trendStartDay.adding(days: offset)
            return annualized(on: day).map { (day, $0) }
        }

        let trendPeak = SeriesMath.highest(sinceStart)
        let trendLow = SeriesMath.lowest(sinceStart)
        let annualizedToday = annualized(on: today)
        let held = per8hToday.map { rate in
            Self.heldOverBand(per8h: rate, before: { daysBack in per8h(on: today.adding(days: -daysBack)) }, thresholds: thresholds)
        }
        return FundingFinding(
            rate: rate,
            intervalHours: interval,
            ratePer8hPct: per8hToday,
            annualizedPct: annualizedToday,
            regime: regime,
            neutralLowPct: thresholds.fundingNeutralLowPct,
            neutralHighPct: thresholds.fundingNeutralHighPct,
            baselinePct: thresholds.fundingBaselinePct,
            rank: rank,
            // Over the band by less than `funding_stretch_margin_pct`, funding is high only as
            // the band's own rates are: against the market's history.
            isHigh: regime == .extreme || per8hToday.map { $0 >= thresholds.fundingNeutralHighPct + thresholds.fundingStretchMarginPct } == true
                || held == true
                || ([.neutral, .elevated].contains(regime) && (rank.map { Percentile.reaches($0.percentile, thresholds.fundingHighPercentile) } ?? false)),
            trendStart: trendStart,
            trendPeak: trendPeak,
            trendDays: thresholds.fundingTrendDays,
            trendAverageDays: thresholds.fundingTrendAverageDays,
            trendStartValues: startValues.count,
            baselineSide: per8hToday.map { baselineSide(per8hPct: $0, baselinePct: thresholds.fundingBaselinePct) },
            peakStandsOut: zip2(trendStart, annualizedToday).map { start, now in
                peakStandsOut(trendPeak, start: start, now: now, marginPp: thresholds.fundingPeakMarginPp)
            },
            trendLow: trendLow,
            lowStandsOut: zip2(trendStart, annualizedToday).map { start, now in
                lowStandsOut(trendLow, after: trendPeak, start: start, now: now, marginPp: thresholds.fundingPeakMarginPp,
                             reboundPp: thresholds.fundingLowReboundPp)
            },
            heldOverBand: held
        )
    }

    /// A rate over the band by less than the stretch margin that still counts as over it by the
    /// margin: the days before it, walked back, reach one over the band by the margin before
    /// one back in the band (or under it, or not reported). `before(n)`: the per-8h rate n days
    /// before the day.
    static func heldOverBand(per8h: Double, before: (Int) -> Double?, thresholds: Thresholds) -> Bool {
        let band = thresholds.fundingNeutralHighPct, stretched = band + thresholds.fundingStretchMarginPct
        guard per8h > band && per8h < stretched else { return false }
        for daysBack in 1...max(1, thresholds.rankLookbackDays) {
            guard let rate = before(daysBack), rate > band else { return false }
            if rate >= stretched { return true }
        }
        return false
    }

    /// Below zero and at or under `funding_low_percentile` of its year: shorts pay more than on
    /// almost any day, a squeeze risk whether or not they are a crowd in size.
    public static func isDeeplyNegative(_ funding: FundingFinding, thresholds: Thresholds) -> Bool {
        funding.regime == .negative && (funding.rank.map { Percentile.isAtMost($0.percentile, thresholds.fundingLowPercentile) } ?? false)
    }

    /// The trend's peak tops both its start and today by `marginPp` percentage points.
    public static func peakStandsOut(_ peak: DayValue?, start: DayValue, now: Double, marginPp: Double) -> Bool {
        peak.map { $0.day != start.day && $0.value > max(start.value, now) + marginPp } ?? false
    }

    /// The trend's low is its last turn: after its peak, under both its start and today by
    /// `marginPp` percentage points, and funding has come back from it by `reboundPp` or more,
    /// and by more than it moved from the start (from -16% a year to +2% in a day is not read as
    /// a fall from 11% alone).
    public static func lowStandsOut(_ low: DayValue?, after peak: DayValue?, start: DayValue, now: Double, marginPp: Double,
                                    reboundPp: Double) -> Bool {
        low.map { low in
            low.day != start.day && low.day > (peak?.day ?? start.day) && low.value < min(start.value, now) - marginPp
                && now - low.value > abs(now - start.value) && now - low.value >= reboundPp
        } ?? false
    }

    /// Where a rate sits against the venues' baseline: `at` within half the last digit funding
    /// is printed with (0.0001%), so a rate that reads as the baseline is never called above or below it.
    public static func baselineSide(per8hPct: Double, baselinePct: Double) -> BaselineSide {
        if per8hPct < 0 { return .negative }
        let difference = per8hPct - baselinePct
        if abs(difference) < 0.00005 { return .at }
        return difference < 0 ? .below : .above
    }
}
