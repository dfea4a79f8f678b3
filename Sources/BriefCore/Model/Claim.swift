/// A number or day the prose states, with what it is a reading of, so that `marketbrief verify`
/// can derive it again from the store with code of its own and compare.
///
/// `stated` is the text as printed (`$477M`, `8.76%`, `87th`, `Aug 17`); its rounding is read
/// from it. Windows are the reported days from `from` to `day`, both included.
public struct Claim: Codable, Hashable, Sendable {
    /// What the stated value is.
    public enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
        /// `metric` on `day`.
        case value
        /// Percent change of `metric` from `from` to `day`.
        case change
        /// `metric` on `day` less `metric` on `from`.
        case delta
        /// Mean of `metric` over the window.
        case average
        /// The highest (lowest) value of `metric` in the window; `stated` is the value or, with
        /// `ofDay`, its day (the latest of ties).
        case highest, lowest
        /// Mid-rank percentile of `metric` on `day` among the window's values, as an ordinal.
        case rank
        /// A run of reported days on one side of zero, as of `day`: the run that holds the latest
        /// reported value (`run` = `current`) or the one before it (`ended`). Its reported days,
        /// its sum, its first day, its last day.
        case runDays, runTotal, runFirst, runLast
        /// A field of the transfer `transfer`: coins, USD, years dormant.
        case transferAmount, transferUSD, transferDormantYears
    }

    public var kind: Kind
    public var asset: Asset
    /// A stored metric name, or a funding reading derived from the rate and its interval:
    /// `funding_rate_pct`, `funding_per8h_pct`, `funding_annualized_pct`.
    public var metric: String
    public var day: Day
    public var from: Day?
    /// For runs: `current` or `ended`.
    public var run: String?
    public var transfer: String?
    /// For `highest`/`lowest`: `stated` is the day, not the value.
    public var ofDay: Bool
    /// The text as printed.
    public var stated: String
    /// Stated without its sign (the words carry it: "down 2.0%", "outflows … $1.1B").
    public var magnitude: Bool
    /// The venues `metric` is taken across (`oi_coins.VENUE` summed, funding weighted by each
    /// venue's `oi_coins.VENUE`); `nil` for the stored metric itself.
    public var venues: [String]?
    /// Funding across `venues` with every venue counting the same.
    public var equalWeights: Bool?
    /// The section (`story`, `headline` or a section id) and sentence that state it; set once rendered.
    public var section: String
    public var sentence: String

    public init(_ kind: Kind, asset: Asset, metric: String, day: Day, from: Day? = nil, run: String? = nil,
                transfer: String? = nil, ofDay: Bool = false, stated: String, magnitude: Bool = false) {
        self.kind = kind
        self.asset = asset
        self.metric = metric
        self.day = day
        self.from = from
        self.run = run
        self.transfer = transfer
        self.ofDay = ofDay
        self.stated = stated
        self.magnitude = magnitude
        section = ""
        sentence = ""
    }

    /// What is claimed, in words: `change of close_usd from 2025-08-25 to 2025-08-26`.
    public var subject: String {
        let window = from.map { "\($0) to \(day)" } ?? "\(day)"
        switch kind {
        case .value: return "\(metric) on \(day)"
        case .change: return "% change of \(metric) from \(window)"
        case .delta: return "change of \(metric) from \(window)"
        case .average: return "mean \(metric) over \(window)"
        case .highest, .lowest: return "\(ofDay ? "day of the " : "")\(kind.rawValue) \(metric) over \(window)"
        case .rank: return "percentile of \(metric) on \(day) over \(window)"
        case .runDays, .runTotal, .runFirst, .runLast:
            return "\(run ?? "current") \(metric) run as of \(day): \(kind.rawValue.dropFirst(3).lowercased())"
        case .transferAmount, .transferUSD, .transferDormantYears:
            return "transfer \(transfer ?? "?"): \(kind.rawValue.dropFirst(8).lowercased())"
        }
    }
}
