/// The calls the prose makes, each made here once from the findings: crowding, funding against
/// its two references, what spot is doing, where the close sits against support.
public enum ReadingAnalysis {
    /// Pure: the same findings and settings give the same readings, so a brief written before
    /// readings were recorded reads them from its findings (with the default settings).
    public static func read(_ findings: Findings, thresholds: Thresholds = Thresholds()) -> Readings {
        let (funding, openInterest, divergence) = (findings.funding, findings.openInterest, findings.divergence)
        let unread = leverageUnread(funding: funding, openInterest: openInterest)
        let crowding = crowding(funding: funding, openInterest: openInterest, crowdedLong: divergence.crowdedLong)
        return Readings(
            crowding: crowding,
            leverageUnread: unread,
            fundingHighOnlyForMarket: funding.isHigh && funding.heldOverBand != true
                && (funding.ratePer8hPct.map { $0 < funding.baselinePct + thresholds.fundingStretchMarginPct } ?? false),
            fundingHighOnlyByBaseline: funding.isHigh && funding.regime == .elevated
                && (funding.rank.map { !Percentile.reaches($0.percentile, thresholds.fundingHighPercentile - thresholds.crowdingNearMargin) } ?? false),
            fundingDeeplyNegative: FundingAnalysis.isDeeplyNegative(funding, thresholds: thresholds),
            nearlyCrowded: nearlyCrowded(crowding, funding: funding, openInterest: openInterest, thresholds: thresholds),
            spot: spot(divergence),
            support: support(findings.risk, thresholds: thresholds),
            slideGoesOn: findings.risk.isNewLow == true && findings.risk.priorNewLow != nil,
            sellingBehindFall: divergence.level == .strong && (findings.price.dayChangePct ?? 0) < 0,
            riskCeiling: riskCeiling(findings, thresholds: thresholds)
        )
    }

    /// The risk level with every unread factor of the market's own data (funding, open interest,
    /// liquidations) held at its most points, when that is higher; an unread side of leverage
    /// held at its most is at its record, so with the other side at its record (or unread too)
    /// it adds the record points. Large transfers come from a feed many desks do not have: their
    /// absence is named with the unread factors, but does not make every level a floor.
    static func riskCeiling(_ findings: Findings, thresholds: Thresholds) -> RiskLevel? {
        let unread = findings.riskUnread.filter { $0.factor != .whaleSale }
        let records = RiskAnalysis.atRecord(funding: findings.funding, openInterest: findings.openInterest, thresholds: thresholds)
        let fundingUnread = unread.contains { $0.factor == .funding }, openInterestUnread = unread.contains { $0.factor == .openInterest }
        let recordReachable = (fundingUnread || openInterestUnread) && (fundingUnread || records.funding == true)
            && (openInterestUnread || records.openInterest == true)
        let unreadPoints = unread.reduce(0) { $0 + RiskAnalysis.mostPoints(of: $1.factor) }
            + (recordReachable ? RiskAnalysis.leverageRecordPoints : 0)
        let ceiling = RiskAnalysis.level(score: findings.risk.score + unreadPoints, thresholds: thresholds)
        return ceiling == findings.risk.level ? nil : ceiling
    }

    /// Crowded takes funding high for this market and open interest high in its range; a side
    /// not reported or too young to rank rules nothing out, so "not crowded" needs one side
    /// read and not high.
    static func crowding(funding: FundingFinding, openInterest: OpenInterestFinding, crowdedLong: Bool) -> CrowdingCall {
        if funding.regime == .negative { return openInterest.isHigh && openInterest.percentile != nil ? .crowdedShort : .shortsPaying }
        if crowdedLong { return .crowdedLong }
        let fundingRead = funding.regime != nil && !funding.isHighUnknown
        let openInterestRead = openInterest.percentile != nil
        guard (fundingRead && !funding.isHigh) || (openInterestRead && !openInterest.isHigh) else { return .unknown }
        if funding.isHigh { return .fundingHighOnly }
        if openInterest.isHigh { return .openInterestHighOnly }
        return .notStretched
    }

    /// The sides of leverage not reported, or too young to rank (funding inside the band is high
    /// or not only against this market's history).
    static func leverageUnread(funding: FundingFinding, openInterest: OpenInterestFinding) -> [UnreadFactor] {
        var unread: [UnreadFactor] = []
        if funding.regime == nil { unread.append(UnreadFactor(factor: .funding, reason: .notReported)) }
        if funding.isHighUnknown { unread.append(UnreadFactor(factor: .funding, reason: .tooYoung)) }
        if openInterest.coins == nil {
            unread.append(UnreadFactor(factor: .openInterest, reason: .notReported))
        } else if openInterest.percentile == nil {
            unread.append(UnreadFactor(factor: .openInterest, reason: .tooYoung))
        }
        return unread
    }

    /// One side high, the other ranked within `crowding_near_margin` points of its threshold.
    static func nearlyCrowded(_ crowding: CrowdingCall, funding: FundingFinding, openInterest: OpenInterestFinding,
                              thresholds: Thresholds) -> Bool {
        switch crowding {
        case .fundingHighOnly:
            openInterest.percentile.map { Percentile.reaches($0, thresholds.openInterestHighPercentile - thresholds.crowdingNearMargin) } ?? false
        case .openInterestHighOnly:
            funding.rank.map { Percentile.reaches($0.percentile, thresholds.fundingHighPercentile - thresholds.crowdingNearMargin) } ?? false
        default: false
        }
    }

    static func spot(_ divergence: DivergenceFinding) -> SpotCall {
        if divergence.spotMixed == true { return .mixed }
        if divergence.spotSelling { return .selling }
        if divergence.spotBuying { return .buying }
        return divergence.spotJudged ? .neither : .unknown
    }

    static func support(_ risk: RiskFinding, thresholds: Thresholds) -> SupportCall {
        guard risk.support != nil else { return .none }
        if risk.isNewLow == true { return .newLow }
        if risk.nearSupport { return .near }
        return (risk.distancePct ?? 0) > thresholds.supportFarPct ? .far : .clear
    }
}

extension Findings {
    /// The risk factors that could not be read: as recorded, or made from the findings for a
    /// brief written before they were.
    public var riskUnread: [UnreadFactor] {
        risk.unread ?? RiskAnalysis.unread(funding: funding, openInterest: openInterest, liquidations: liquidations, whale: whale)
    }
}

extension FundingFinding {
    /// Where the rate sits against the baseline: as recorded, or made from the rate.
    public var baseline: BaselineSide? {
        baselineSide ?? ratePer8hPct.map { FundingAnalysis.baselineSide(per8hPct: $0, baselinePct: baselinePct) }
    }

    /// Whether the trend names its peak: as recorded, or with the default margin.
    public var namesPeak: Bool {
        peakStandsOut ?? zip2(trendStart, annualizedPct).map { start, now in
            FundingAnalysis.peakStandsOut(trendPeak, start: start, now: now, marginPp: Thresholds().fundingPeakMarginPp)
        } ?? false
    }
}

extension FlowFinding {
    /// Whether a due day went unreported before what ended the run: as recorded, or made from
    /// the flows (ETF flows, which have a launch, are due on US trading days only).
    public var endedAcrossGap: Bool {
        endedAfterGap ?? DivergenceAnalysis.afterGap(ended, endedBy, isDue: launch == nil ? { _ in true } : MarketCalendar.isTradingDay) ?? false
    }
}

extension FlowFinding {
    /// The latest flow is exactly zero: neither side's run.
    public var isFlat: Bool { latest?.value == 0 }

    /// A flow is reported but no run holds the latest due day: too old to tell a current run.
    public var isStale: Bool { current == nil && latest.map { $0.value != 0 } == true }
}

extension WhaleFinding {
    /// Transfers are reported and none is a dormant sale, move or inbound sale, or a large sale
    /// of coins of unknown age.
    public var isQuiet: Bool {
        sales.isEmpty && moves.isEmpty && inbound.isEmpty && undatedSales?.isEmpty != false && transfersReported != false
    }
}

extension StabilizationFinding {
    /// The signals that apply to the asset (ETF inflows only with its ETFs, rotation only with
    /// its pair; funding always).
    public var applying: [SignalFinding] {
        [appliesETF ? etfInflowsReturn : nil, appliesRotation ? rotationStops : nil, fundingNeutral].compactMap { $0 }
    }

    /// How many of the applying signals could not be judged: a count of met ones is read against it.
    public var unreadCount: Int { applying.count { $0.met == nil } }
}

extension Findings {
    /// How far (percent) the next swing low lies under support, or under the close on a new low.
    public var nextSupportGapPct: Double? {
        guard let support = risk.support, let next = risk.nextSupport else { return nil }
        let level = min(support.value, price.close ?? support.value)
        return (level - next.value) / level * 100
    }
}
