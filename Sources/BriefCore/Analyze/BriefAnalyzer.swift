/// Runs every analysis on one history: the single entry point from data to findings.
public enum BriefAnalyzer {
    /// The findings for `asset` on `history.asOf`, with the asset's own settings.
    /// Pure: the same history gives the same findings.
    public static func analyze(_ history: History, asset: Asset, thresholds allAssets: Thresholds) -> Findings {
        let thresholds = allAssets.resolved(for: asset)
        let price = PriceAnalysis.analyze(history, asset: asset, thresholds: thresholds)
        let funding = FundingAnalysis.analyze(history, asset: asset, thresholds: thresholds)
        let openInterest = OpenInterestAnalysis.analyze(history, asset: asset, thresholds: thresholds)
        let liquidations = LiquidationAnalysis.analyze(history, asset: asset, thresholds: thresholds)
        let whale = WhaleAnalysis.analyze(history, asset: asset, thresholds: thresholds)
        let divergence = DivergenceAnalysis.analyze(history, asset: asset, funding: funding,
                                                    openInterest: openInterest, thresholds: thresholds)
        let risk = RiskAnalysis.analyze(history, asset: asset, price: price, funding: funding,
                                        openInterest: openInterest, liquidations: liquidations,
                                        divergence: divergence, whale: whale, thresholds: thresholds)
        let stabilization = StabilizationAnalysis.analyze(history, asset: asset, price: price, funding: funding,
                                                          etfFlows: divergence.etfFlows, thresholds: thresholds)
        let headlineFacts = RegimeAnalysis.headlineFacts(price: price, funding: funding, openInterest: openInterest,
                                                         liquidations: liquidations, divergence: divergence, thresholds: thresholds)
        var findings = Findings(asset: asset, day: history.asOf, price: price, funding: funding, openInterest: openInterest,
                                liquidations: liquidations, whale: whale, divergence: divergence, risk: risk,
                                stabilization: stabilization,
                                regimes: RegimeAnalysis.regimes(price: price, funding: funding, openInterest: openInterest,
                                                                liquidations: liquidations, divergence: divergence, risk: risk,
                                                                headlineFacts: headlineFacts, thresholds: thresholds),
                                headlineFacts: headlineFacts,
                                charts: ChartAnalysis.analyze(history, asset: asset, thresholds: thresholds),
                                sources: history.sources)
        findings.readings = ReadingAnalysis.read(findings, thresholds: thresholds)
        return findings
    }
}
