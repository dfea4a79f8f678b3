/// Runs every analysis on one history: the single entry point from data to findings.
public enum BriefAnalyzer {
    /// The findings for `asset` on `history.asOf`, with the asset's own settings.
    /// Pure: the same history gives the same findings.
    public static func analyze(_ stored: History, asset: Asset, thresholds allAssets: Thresholds) -> Findings {
        let thresholds = allAssets.resolved(for: asset)
        // Open interest and funding of the market: across the venues that report them.
        let (history, venues) = MarketAnalysis.acrossVenues(stored, asset: asset)
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
                                                          etfFlows: divergence.etfFlows,
                                                          recentLow: risk.isNewLow == true || risk.priorNewLow != nil || risk.lowRetest != nil,
                                                          thresholds: thresholds)
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
                                sources: sourcesRead(history, asset: asset, whale: whale))
        findings.readings = ReadingAnalysis.read(findings, thresholds: thresholds)
        findings.venues = venues
        return findings
    }

    /// The sources a brief of `asset` read: its own values, the rotation pair's ratio to BTC
    /// (a stabilization signal), the closes of the asset a whale sale rotated into, and the
    /// large transfers (the whale section reads them all to tell whether any qualifies).
    static func sourcesRead(_ history: History, asset: Asset, whale: WhaleFinding) -> [String] {
        var read = history.sources(of: asset).union(history.sources(of: StabilizationAnalysis.rotationPair, .closeBTC))
        if let target = whale.rotation?.asset {
            read.formUnion(history.sources(of: target, .closeUSD).union(history.sources(of: target, .closeBTC)))
        }
        read.formUnion(history.transfers.map(\.source))
        return read.sorted()
    }
}
