/// Derivatives against spot: crowded longs while exchanges fill up and ETFs sell.
public enum DivergenceAnalysis {
    public static func analyze(_ history: History, asset: Asset, funding: FundingFinding,
                               openInterest: OpenInterestFinding, thresholds: Thresholds) -> DivergenceFinding {
        let today = history.asOf
        let lookback = thresholds.streakRecentDays + 60
        let netflows = history.series(asset, .exchangeNetflowCoins).points(endingOn: today, days: lookback)
        let etfFlows = history.series(asset, .etfNetflowUSD).points(endingOn: today, days: lookback)
        let inflows = SeriesMath.currentStreak(netflows, asOf: today, recentDays: thresholds.streakRecentDays) { $0 > 0 }
        let outflows = SeriesMath.currentStreak(etfFlows, asOf: today, recentDays: thresholds.streakRecentDays) { $0 < 0 }

        let fundingAboveNeutral = funding.regime.map { $0 == .elevated || $0 == .extreme }
        let openInterestHigh = openInterest.percentile == nil ? nil : openInterest.isHigh
        let crowdedLong = fundingAboveNeutral == true && openInterestHigh == true
        let spotSelling = (inflows?.days ?? 0) >= thresholds.inflowStreakMinDays
            || (outflows?.days ?? 0) >= thresholds.etfOutflowStreakMinDays
        let level: DivergenceLevel = crowdedLong && spotSelling ? .strong : (crowdedLong || spotSelling ? .partial : .none)
        return DivergenceFinding(
            fundingAboveNeutral: fundingAboveNeutral,
            openInterestHigh: openInterestHigh,
            crowdedLong: crowdedLong,
            inflowStreak: inflows,
            etfOutflowStreak: outflows,
            spotSelling: spotSelling,
            level: level
        )
    }
}
