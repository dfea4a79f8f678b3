/// Short-term risk: the support under the price, what lies below it, and the points that add
/// up to an overall level, each with its reason.
public enum RiskAnalysis {
    /// The most points the factors can add up to: funding and the one-day fall count up to 2
    /// (extreme funding; a fall of twice the threshold), every other factor 1.
    public static let maxScore = 10

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
        // A support needs another close beside today's.
        let supportWindowDays = closes.windowDays(thresholds.supportWindowDays, endingOn: today)
        let window = closes.points(endingOn: today, days: supportWindowDays)
        let support = price.close == nil || window.count < 2 ? nil : SeriesMath.lowest(window)
        let distance = zip2(support, price.close).flatMap { SeriesMath.changePct(from: $0.value, to: $1) }
        let nearSupport = distance.map { $0 <= thresholds.supportNearPct } ?? false
        let nextSupport = support.flatMap { support in
            SeriesMath.swingLows(closes.points(endingOn: today, days: thresholds.swingLookbackDays),
                                 halfWidth: thresholds.swingHalfWidthDays)
                .filter { $0.value < support.value }
                .max { ($0.value, $0.day) < ($1.value, $1.day) }
        }
        let candidates: [(String, Int, Bool)] = [
            ("fundingExtreme", 2, funding.regime == .extreme),
            ("fundingElevated", 1, funding.regime == .elevated),
            ("openInterestHigh", 1, openInterest.isHigh),
            ("nearSupport", 1, nearSupport),
            ("heavyLiquidations", 1, liquidations.isHeavy),
            ("strongDivergence", 1, divergence.level == .strong),
            ("whaleSale", 1, !whale.sales.isEmpty),
            ("dayFall", (price.dayChangePct ?? 0) <= -2 * thresholds.riskDayFallPct ? 2 : 1,
             (price.dayChangePct ?? 0) <= -thresholds.riskDayFallPct),
            ("drawdown", 1, (price.belowHighPct ?? 0) >= thresholds.riskDrawdownPct),
        ]
        let points = candidates.filter(\.2).map { RiskPoint(id: $0.0, points: $0.1) }
        let score = points.reduce(0) { $0 + $1.points }
        return RiskFinding(
            support: support,
            supportWindowDays: supportWindowDays,
            distancePct: distance,
            nearSupport: nearSupport,
            nextSupport: nextSupport,
            fundingAboveNeutral: divergence.fundingAboveNeutral,
            points: points,
            score: score,
            maxScore: maxScore,
            level: level(score: score, thresholds: thresholds)
        )
    }
}
