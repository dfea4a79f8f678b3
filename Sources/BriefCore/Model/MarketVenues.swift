/// Which venues a brief's open interest and funding are the market of: the figures are summed
/// (open interest) or weighted (funding) across them, and each venue's own stays here.
/// `nil` in a brief whose data names no venue (an imported file's one figure).
public struct MarketVenues: Hashable, Sendable, Codable {
    /// Open interest: summed across `venues`.
    public var openInterest: VenueSet?
    /// Funding: weighted by each venue's open interest across `venues` (equally when
    /// `equalWeights`, where fewer than two of them report open interest).
    public var funding: VenueSet?

    public init(openInterest: VenueSet?, funding: VenueSet?) {
        self.openInterest = openInterest
        self.funding = funding
    }
}

/// The venues one figure of a brief is taken across, on its day.
public struct VenueSet: Hashable, Sendable, Codable {
    /// The venues read, sorted (`binance`, `okx`): every day compared with the brief's day has
    /// a figure from each of them, and from them only.
    public var venues: [String]
    /// Venues that reported in the week before but not on the day: not in the figure.
    public var missing: [String]
    /// Venues with funding on the day but no open interest to weight it: not in the figure.
    public var unweighted: [String]
    /// Funding only: every venue counts the same (fewer than two report open interest).
    public var equalWeights: Bool
    /// Each venue's own figure on the day.
    public var figures: [VenueFigure]

    public init(venues: [String], missing: [String] = [], unweighted: [String] = [], equalWeights: Bool = false,
                figures: [VenueFigure]) {
        self.venues = venues
        self.missing = missing
        self.unweighted = unweighted
        self.equalWeights = equalWeights
        self.figures = figures
    }
}

/// One venue's figure on the brief's day: open interest in coins (and USD where it reports
/// it), or a funding rate per settlement and its interval.
public struct VenueFigure: Hashable, Sendable, Codable {
    public var venue: String
    public var value: Double
    public var usd: Double?
    public var intervalHours: Double?

    public init(venue: String, value: Double, usd: Double? = nil, intervalHours: Double? = nil) {
        self.venue = venue
        self.value = value
        self.usd = usd
        self.intervalHours = intervalHours
    }
}
