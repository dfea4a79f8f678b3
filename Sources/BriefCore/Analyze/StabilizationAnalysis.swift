/// The conditions that would show the sell-off is over, each met or not with its number.
public enum StabilizationAnalysis {
    /// The pair whose calm shows that rotation out of the asset has stopped.
    public static let rotationPair = Asset.eth

    public static func analyze(_ history: History, asset: Asset, funding: FundingFinding,
                               thresholds: Thresholds) -> StabilizationFinding {
        let today = history.asOf
        let etfFlows = history.series(asset, .etfNetflowUSD).points(endingOn: today, days: thresholds.etfInflowDays + 14)
        let recent = etfFlows.suffix(thresholds.etfInflowDays).map { DayValue(day: $0.day, value: $0.value) }
        // The flows must be current: reported within the recent days, plus a weekend without ETF data.
        let isCurrent = recent.last.map { $0.day.days(to: today) < thresholds.streakRecentDays + 2 } ?? false
        let etfMet: Bool? = recent.count == thresholds.etfInflowDays && isCurrent ? recent.allSatisfy { $0.value > 0 } : nil

        let ratio = history.series(rotationPair, .closeBTC).points(endingOn: today, days: thresholds.rotationVolatilityDays + 1)
        let volatility = SeriesMath.logReturnVolatilityPct(ratio)
        let rotationMet = volatility.map { $0 < thresholds.rotationVolatilityMaxPct }

        let fundingMet = funding.regime.map { $0 == .neutral }
        let signals = [etfMet, rotationMet, fundingMet]
        return StabilizationFinding(
            etfInflowsReturn: SignalFinding(met: etfMet),
            recentETFFlows: recent,
            etfInflowDays: thresholds.etfInflowDays,
            rotationStops: SignalFinding(met: rotationMet),
            rotationVolatilityPct: volatility,
            rotationVolatilityDays: thresholds.rotationVolatilityDays,
            rotationVolatilityMaxPct: thresholds.rotationVolatilityMaxPct,
            fundingNeutral: SignalFinding(met: fundingMet),
            metCount: signals.filter { $0 == true }.count,
            total: signals.count
        )
    }
}
