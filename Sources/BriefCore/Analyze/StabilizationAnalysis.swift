/// The conditions that would show a sell-off is over, each met or not with its number; only
/// those that apply to the asset (ETF inflows where it has US spot ETFs, the rotation where it
/// has the pair).
public enum StabilizationAnalysis {
    /// The pair whose calm shows that rotation between BTC and ETH has stopped.
    public static let rotationPair = Asset.eth

    /// While a sell-off's slide goes on (`recentLow`: a new low today or on one of the days just
    /// before), no signal counts as met: a signal that holds says nothing of an end the price
    /// denies. Outside a sell-off a low is a dip, and the signals are context.
    public static func analyze(_ history: History, asset: Asset, price: PriceFinding, funding: FundingFinding,
                               etfFlows: FlowFinding, recentLow: Bool, thresholds: Thresholds) -> StabilizationFinding {
        let today = history.asOf
        let inSelloff = (price.belowHighPct ?? 0) >= thresholds.selloffPct
        let slideGoesOn = recentLow && inSelloff
        let appliesETF = etfFlows.status != .notApplicable && etfFlows.status != .notLaunched
        let recent = appliesETF
            ? Array(history.series(asset, .etfNetflowUSD).points(endingOn: today, days: thresholds.etfInflowDays + 14)
                .suffix(thresholds.etfInflowDays).map { DayValue(day: $0.day, value: $0.value) })
            : []
        let etfMet: Bool? = etfFlows.current.map { $0.total > 0 && $0.days >= thresholds.etfInflowDays }

        let ratio = history.series(rotationPair, .closeBTC).points(endingOn: today, days: thresholds.rotationVolatilityDays + 1)
        let volatility = thresholds.rotationPair ? SeriesMath.logReturnVolatilityPct(ratio) : nil
        let rotationMet = volatility.map { $0 < thresholds.rotationVolatilityMaxPct }

        // In the band, funding is high or not only against the asset's history: unknown until ranked.
        let fundingMet: Bool? = funding.regime == nil || funding.isHighUnknown ? nil : funding.regime == .neutral && !funding.isHigh
        let signals = (appliesETF ? [etfMet] : []) + (thresholds.rotationPair ? [rotationMet] : []) + [fundingMet]
        let held = signals.filter { $0 == true }.count
        return StabilizationFinding(
            inSelloff: inSelloff,
            appliesETF: appliesETF,
            appliesRotation: thresholds.rotationPair,
            etfInflowsReturn: SignalFinding(met: appliesETF ? etfMet : nil),
            recentETFFlows: recent,
            etfInflowDays: thresholds.etfInflowDays,
            rotationStops: SignalFinding(met: rotationMet),
            rotationVolatilityPct: volatility,
            rotationVolatilityDays: thresholds.rotationVolatilityDays,
            rotationVolatilityMaxPct: thresholds.rotationVolatilityMaxPct,
            fundingNeutral: SignalFinding(met: fundingMet),
            slideGoesOn: slideGoesOn,
            heldCount: held,
            metCount: slideGoesOn ? 0 : held,
            total: signals.count
        )
    }
}
