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

    /// The regimes that hold, most telling first. The day's own move decides its direction: a
    /// rise after a crash is a rebound, never a fall. A squeeze needs the forced side to
    /// outweigh the other in liquidations. A day is quiet only when no other regime than a range holds, the
    /// price barely moved, nothing that happened on it is rare enough for the headline
    /// (`headlineFacts` other than the funding level, a state held for weeks), and nothing is
    /// notable: risk low, funding not extreme, leverage not stretched, no new low, not near a record.
    public static func regimes(price: PriceFinding, funding: FundingFinding, openInterest: OpenInterestFinding,
                               liquidations: LiquidationFinding, divergence: DivergenceFinding, risk: RiskFinding,
                               headlineFacts: [HeadlineFact], thresholds: Thresholds) -> [Regime] {
        let day = price.dayChangePct ?? 0
        let multiDay = price.changePct ?? day
        let falling = day < 0 || (day == 0 && multiDay <= -thresholds.rallyPct)
        let rising = day > 0 || (day == 0 && multiDay >= thresholds.rallyPct)
        let fundingFalling = zip2(funding.annualizedPct, funding.trendStart).map { $0 < $1.value } ?? false
        let weekOI = openInterest.weekChangePct ?? 0
        let belowHigh = price.belowHighPct ?? 0
        var regimes: [Regime] = []
        if liquidations.isHeavy && falling && liquidations.dominantSide == .longs { regimes.append(.longSqueeze) }
        if liquidations.isShortsHeavy && rising && liquidations.dominantSide == .shorts
            && (funding.regime == .negative || fundingFalling) { regimes.append(.shortSqueeze) }
        if falling && (openInterest.dayChangePct ?? 0) < 0 && weekOI <= -thresholds.openInterestWeekChangePct {
            regimes.append(.deleveraging)
        }
        // Capitulation is a steep fall on the day itself, not a quiet day after one, with leverage
        // flushed out: open interest ranked and under its high. With open interest still high,
        // the fall has not flushed it: leverage is still in. Unranked, neither is called.
        if funding.regime == .negative && day <= -thresholds.riskDayFallPct, let rank = openInterest.percentile {
            regimes.append(!Percentile.reaches(rank, thresholds.openInterestHighPercentile) ? .capitulation : .leveragedFall)
        }
        if day >= thresholds.riskDayFallPct && belowHigh >= thresholds.selloffPct { regimes.append(.rebound) }
        // New leverage follows the price up: the price rose over the change window and not down on the day.
        if day >= 0 && (price.changePct ?? 0) > 0 && weekOI >= thresholds.openInterestWeekChangePct { regimes.append(.newLeverage) }
        if risk.isNewLow == true { regimes.append(.newLow) }
        // Weeks in a narrow band say more than a high, a rise or a fall inside it.
        if price.range?.holds == true { regimes.append(.rangeBound) }
        if price.isAtHigh && price.close != nil { regimes.append(.newHigh) }
        if multiDay >= thresholds.rallyPct && rising { regimes.append(.rally) }
        if belowHigh >= thresholds.selloffPct { regimes.append(.selloff) }
        if divergence.spotBuying { regimes.append(.accumulation) }
        if divergence.spotSelling && !falling { regimes.append(.distribution) }
        let rareEvent = headlineFacts.contains { $0.id != "fundingLevel" }
        let notable = risk.level != .low || funding.regime == .extreme || divergence.crowdedLong || risk.isNewLow == true
            || (price.belowRecordPct.map { $0 <= thresholds.nearRecordPct } ?? false)
        // Quiet needs a move to call small: not without a previous close. A range is no news.
        if regimes.allSatisfy({ $0 == .rangeBound }), !rareEvent, !notable, let move = price.dayChangePct, abs(move) < thresholds.quietDayMovePct {
            regimes.append(.quiet)
        }
        return regimes
    }

    /// The day's facts ranked in the asset's own history, rarest first, that reach `headlineRarity`.
    /// The rarity of the end of a flow run of `long_run_days` or more: above the headline's bar,
    /// under the tails of the day's ranked facts.
    public static let longRunEndRarity = 95.0
    /// Days between the headlines of a long run that goes on.
    public static let longRunStepDays = 10

    /// A record (a close or a day's liquidations above every earlier one in the store) is
    /// rarer than any rank: it leads. So does, short of a tail event, the end of a long flow run.
    public static func headlineFacts(price: PriceFinding, funding: FundingFinding, openInterest: OpenInterestFinding,
                                     liquidations: LiquidationFinding, divergence: DivergenceFinding,
                                     thresholds: Thresholds) -> [HeadlineFact] {
        // Told once: on the brief of the day whose flow ended the run (not again while the new
        // run is young, nor on a weekend after the ETF flow of a Friday).
        func runEnded(_ flow: FlowFinding) -> Double? {
            guard (flow.ended?.days ?? 0) >= thresholds.longRunDays, let endedBy = flow.endedBy,
                  endedBy.day == flow.dueDay, !flow.marketClosedToday else { return nil }
            return longRunEndRarity
        }
        // A run that goes on is news too: the day it becomes long, and every `longRunStepDays`
        // after, on the day its flow extended it (a 56-day run of ETF outflows once never led
        // until it ended).
        func runLong(_ flow: FlowFinding) -> Double? {
            guard let run = flow.current, run.days >= thresholds.longRunDays,
                  (run.days - thresholds.longRunDays) % longRunStepDays == 0,
                  run.last == flow.dueDay, !flow.marketClosedToday else { return nil }
            return longRunEndRarity
        }
        // A 7-day change of open interest is the day's news only if the day moved with it, not
        // the day after a collapse.
        let weekMovedToday = zip2(openInterest.dayChangePct, openInterest.weekChangePct).map { ($0 < 0) == ($1 < 0) } ?? false
        let candidates: [(String, Double?)] = [
            ("recordClose", price.isRecord == true ? 100 : nil),
            ("dayMove", price.dayMoveRank?.percentile),
            ("longLiquidations", liquidations.isLongRecord == true ? 100 : liquidations.longRank?.percentile),
            ("shortLiquidations", liquidations.isShortRecord == true ? 100 : liquidations.shortRank?.percentile),
            ("openInterestWeek", weekMovedToday ? openInterest.weekChangeRank?.percentile : nil),
            ("fundingLevel", funding.rank.map { max($0.percentile, 100 - $0.percentile) }),
            ("etfRunEnded", runEnded(divergence.etfFlows)),
            ("exchangeRunEnded", runEnded(divergence.exchangeFlows)),
            ("etfRunLong", runLong(divergence.etfFlows)),
            ("exchangeRunLong", runLong(divergence.exchangeFlows)),
        ]
        return candidates
            .compactMap { id, rarity in rarity.map { HeadlineFact(id: id, rarity: $0) } }
            .filter { $0.rarity >= headlineRarity }
            .enumerated().sorted { ($0.element.rarity, -$0.offset) > ($1.element.rarity, -$1.offset) }.map(\.element)
            .prefix(headlineFactCount).map { $0 }
    }
}
