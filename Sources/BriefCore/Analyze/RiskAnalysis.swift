/// Short-term risk: the support under the price, what lies below it and an overall level.
public enum RiskAnalysis {
    /// The inputs of the risk score, one point each (extreme funding counts twice).
    public struct Factors: Sendable {
        public var funding: FundingRegime?
        public var openInterestHigh: Bool
        public var nearSupport: Bool
        public var heavyLiquidations: Bool
        public var strongDivergence: Bool
        public var whaleSale: Bool

        /// The score the factors add up to.
        public var score: Int {
            let fundingPoints = funding == .extreme ? 2 : (funding == .elevated ? 1 : 0)
            return fundingPoints + [openInterestHigh, nearSupport, heavyLiquidations, strongDivergence, whaleSale]
                .filter { $0 }.count
        }
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
        let support = price.close == nil ? nil
            : SeriesMath.lowest(closes.points(endingOn: today, days: thresholds.supportWindowDays))
        let distance = zip2(support, price.close).flatMap { SeriesMath.changePct(from: $0.value, to: $1) }
        let nearSupport = distance.map { $0 <= thresholds.supportNearPct } ?? false
        let nextSupport = support.flatMap { support in
            SeriesMath.swingLows(closes.points(endingOn: today, days: thresholds.swingLookbackDays),
                                 halfWidth: thresholds.swingHalfWidthDays)
                .filter { $0.value < support.value }
                .max { ($0.value, $0.day) < ($1.value, $1.day) }
        }
        let factors = Factors(
            funding: funding.regime,
            openInterestHigh: openInterest.isHigh,
            nearSupport: nearSupport,
            heavyLiquidations: liquidations.isHeavy,
            strongDivergence: divergence.level == .strong,
            whaleSale: !whale.sales.isEmpty
        )
        return RiskFinding(
            support: support,
            supportWindowDays: thresholds.supportWindowDays,
            distancePct: distance,
            nearSupport: nearSupport,
            nextSupport: nextSupport,
            fundingAboveNeutral: divergence.fundingAboveNeutral,
            score: factors.score,
            level: level(score: factors.score, thresholds: thresholds)
        )
    }
}
