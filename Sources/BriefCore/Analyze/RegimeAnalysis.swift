/// What kind of day it was, and which of its facts are rare enough to lead the headline.
public enum RegimeAnalysis {
    /// A fact leads the headline from this rarity (percentile of its size in the asset's history).
    public static let headlineRarity = 90.0
    /// At most this many facts lead the headline.
    public static let headlineFactCount = 2
    /// A day is a big day when one of its headline facts reaches this rarity: on the bundled
    /// sample, 5% of days (the 90th percentile would mark 25%, the 98th 7.5%).
    public static let bigDayRarity = 99.0

    /// Whether the day's rarest headline fact reaches `bigDayRarity`.
    public static func isBigDay(_ facts: [HeadlineFact]) -> Bool {
        (facts.map(\.rarity).max() ?? 0) >= bigDayRarity
    }

    /// The regimes that hold, most telling first. A day is quiet only when no other regime
    /// holds, the price barely moved and nothing that happened on it is rare enough for the
    /// headline (`headlineFacts` other than the funding level, a state held for weeks): a flat
    /// close beside the largest 7-day rise of open interest in a year is no quiet day.
    public static func regimes(price: PriceFinding, funding: FundingFinding, openInterest: OpenInterestFinding,
                               liquidations: LiquidationFinding, divergence: DivergenceFinding,
                               headlineFacts: [HeadlineFact], thresholds: Thresholds) -> [Regime] {
        let day = price.dayChangePct ?? 0
        let multiDay = price.changePct ?? day
        let falling = day < 0 || multiDay <= -thresholds.rallyPct
        let rising = day > 0 || multiDay >= thresholds.rallyPct
        let fundingFalling = zip2(funding.annualizedPct, funding.trendStart).map { $0 < $1.value } ?? false
        let weekOI = openInterest.weekChangePct ?? 0
        var regimes: [Regime] = []
        if liquidations.isHeavy && falling { regimes.append(.longSqueeze) }
        if liquidations.isShortsHeavy && rising && (funding.regime == .negative || fundingFalling) { regimes.append(.shortSqueeze) }
        if falling && funding.regime == .negative && (day <= -thresholds.riskDayFallPct || multiDay <= -thresholds.rallyPct) {
            regimes.append(.capitulation)
        }
        if falling && (openInterest.dayChangePct ?? 0) < 0 && weekOI <= -thresholds.openInterestWeekChangePct {
            regimes.append(.deleveraging)
        }
        if rising && weekOI >= thresholds.openInterestWeekChangePct { regimes.append(.newLeverage) }
        if price.isAtHigh && price.close != nil { regimes.append(.newHigh) }
        if multiDay >= thresholds.rallyPct { regimes.append(.rally) }
        if (price.belowHighPct ?? 0) >= thresholds.selloffPct { regimes.append(.selloff) }
        if divergence.spotBuying { regimes.append(.accumulation) }
        if divergence.spotSelling && !falling { regimes.append(.distribution) }
        let rareEvent = headlineFacts.contains { $0.id != "fundingLevel" }
        // Quiet needs a move to call small: not without a previous close.
        if regimes.isEmpty, !rareEvent, let move = price.dayChangePct, abs(move) < thresholds.quietDayMovePct { regimes.append(.quiet) }
        return regimes
    }

    /// The day's facts ranked in the asset's own history, rarest first, that reach `headlineRarity`.
    public static func headlineFacts(price: PriceFinding, funding: FundingFinding, openInterest: OpenInterestFinding,
                                     liquidations: LiquidationFinding) -> [HeadlineFact] {
        let candidates: [(String, Double?)] = [
            ("dayMove", price.dayMoveRank?.percentile),
            ("longLiquidations", liquidations.longRank?.percentile),
            ("shortLiquidations", liquidations.shortRank?.percentile),
            ("openInterestWeek", openInterest.weekChangeRank?.percentile),
            ("fundingLevel", funding.rank.map { max($0.percentile, 100 - $0.percentile) }),
        ]
        return candidates
            .compactMap { id, rarity in rarity.map { HeadlineFact(id: id, rarity: $0) } }
            .filter { $0.rarity >= headlineRarity }
            .enumerated().sorted { ($0.element.rarity, -$0.offset) > ($1.element.rarity, -$1.offset) }.map(\.element)
            .prefix(headlineFactCount).map { $0 }
    }
}
