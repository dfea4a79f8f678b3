/// Why a factor could not be read.
public enum UnreadReason: String, Hashable, Sendable, Codable, CaseIterable {
    /// No value for the day.
    case notReported
    /// Reported, but with too little history to rank.
    case tooYoung
    /// Large sales are reported, but not how long their coins had been dormant.
    case ageUnknown
}

/// A factor of the analysis, named where it could not be read.
public enum Factor: String, Hashable, Sendable, Codable, CaseIterable {
    case funding, openInterest, liquidations, whaleSale
}

/// A factor that could not be read, and why.
public struct UnreadFactor: Hashable, Sendable, Codable {
    public var factor: Factor
    public var reason: UnreadReason
    public init(factor: Factor, reason: UnreadReason) {
        self.factor = factor
        self.reason = reason
    }
}

/// Whether derivatives are crowded, and on which side.
public enum CrowdingCall: String, Hashable, Sendable, Codable, CaseIterable {
    /// Funding high for this market and open interest high in its range.
    case crowdedLong
    /// Funding below zero with open interest high in its range: shorts pay to hold large bets.
    case crowdedShort
    /// Funding below zero, open interest not high (or not ranked): shorts pay, but are no crowd.
    case shortsPaying
    /// Funding high for this market, open interest read and not high.
    case fundingHighOnly
    /// Open interest high in its range, funding read and not high.
    case openInterestHighOnly
    /// Neither side high.
    case notStretched
    /// A side that could rule crowding in or out is not reported or too young to rank
    /// (`Readings.leverageUnread` says which).
    case unknown
}

/// Where funding sits against the venues' baseline, the rate charged at no premium.
public enum BaselineSide: String, Hashable, Sendable, Codable, CaseIterable {
    case negative, below, at, above
}

/// What spot holders are doing, by the flows that are current.
public enum SpotCall: String, Hashable, Sendable, Codable, CaseIterable {
    /// An exchange inflow run or an ETF outflow run, and no current flow the other way.
    case selling
    /// An exchange outflow run or an ETF inflow run, and no current flow the other way.
    case buying
    /// The flows disagree: one says selling, the other buying; no side is picked.
    case mixed
    /// Current flows, but no run long enough to call either way.
    case neither
    /// No current flow to judge by.
    case unknown
}

/// Where the close sits against support, the lowest earlier close of the window.
public enum SupportCall: String, Hashable, Sendable, Codable, CaseIterable {
    /// More than the near-support distance above it.
    case clear
    /// Within the near-support distance above it: testing it.
    case near
    /// More than `support_far_pct` above it: too far below to be the next level that matters.
    case far
    /// Below every earlier close of the window: a new low, support broken.
    case newLow
    /// No earlier close to set a support.
    case none
}

/// The side liquidations fell on, when one clearly outweighs the other.
public enum LiquidationSide: String, Hashable, Sendable, Codable, CaseIterable {
    case longs, shorts, even
}

/// The calls the prose makes from the findings, each made once, here, with what it rests on:
/// templates choose words by them and never compare a number against a threshold.
public struct Readings: Hashable, Sendable, Codable {
    public var crowding: CrowdingCall
    /// The sides of leverage not reported or too young to rank: why crowding is `unknown`.
    public var leverageUnread: [UnreadFactor]
    /// Funding is high for this market (its own history) but not above the venues' baseline by
    /// `funding_stretch_margin_pct`: the two references disagree, and the prose says so.
    public var fundingHighOnlyForMarket: Bool
    /// Funding is high by the venues' baseline (over the band by `funding_stretch_margin_pct`, or
    /// held there) but, short of extreme, under `funding_high_percentile` of its own year by more
    /// than `crowding_near_margin` (the 75th is no disagreement with a threshold of 80): the
    /// two references disagree the other way, and the prose says so. `nil` in briefs written
    /// before it was recorded.
    public var fundingHighOnlyByBaseline: Bool?
    /// Funding below zero at or under `funding_low_percentile` of its year: deeply negative for
    /// this market. `nil` in briefs written before it was recorded.
    public var fundingDeeplyNegative: Bool?
    /// One side of leverage is high and the other within `crowding_near_margin` percentile
    /// points of its high threshold: just short of crowded, not calm. `nil` in briefs written
    /// before it was recorded.
    public var nearlyCrowded: Bool?
    public var spot: SpotCall
    public var support: SupportCall
    /// A new low that goes on with a slide (`RiskFinding.priorNewLow`): the support broke days
    /// ago, and the prose tells the slide, not a fresh break. `nil` in briefs written before it
    /// was recorded.
    public var slideGoesOn: Bool?
    /// The sell-off has leverage staying in while spot sells, on a day the price fell.
    public var sellingBehindFall: Bool
    /// The level short-term risk would reach if every factor of the market's data that could not
    /// be read held at its most: the level read is a floor, and the prose says how high it could be. `nil` when
    /// the unread factors could not change the level, and in briefs written before it was recorded.
    public var riskCeiling: RiskLevel?
    public init(crowding: CrowdingCall, leverageUnread: [UnreadFactor], fundingHighOnlyForMarket: Bool, fundingHighOnlyByBaseline: Bool,
                fundingDeeplyNegative: Bool, nearlyCrowded: Bool,
                spot: SpotCall, support: SupportCall, slideGoesOn: Bool, sellingBehindFall: Bool, riskCeiling: RiskLevel?) {
        self.crowding = crowding
        self.leverageUnread = leverageUnread
        self.fundingHighOnlyForMarket = fundingHighOnlyForMarket
        self.fundingHighOnlyByBaseline = fundingHighOnlyByBaseline
        self.fundingDeeplyNegative = fundingDeeplyNegative
        self.nearlyCrowded = nearlyCrowded
        self.spot = spot
        self.support = support
        self.slideGoesOn = slideGoesOn
        self.sellingBehindFall = sellingBehindFall
        self.riskCeiling = riskCeiling
    }
}
