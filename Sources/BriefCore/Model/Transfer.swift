/// A large on-chain transfer, such as a long-dormant wallet selling.
public struct Transfer: Hashable, Sendable, Codable {
    /// What the transfer was.
    public enum Action: String, Hashable, Sendable, Codable, CaseIterable {
        /// Coins sold (sent to an exchange or an OTC desk and sold).
        case sold
        /// Coins moved between wallets without a sale.
        case moved
    }

    /// A stable identifier (a transaction hash or the file's own id): re-importing upserts by it.
    public var id: String
    /// UTC time, `YYYY-MM-DDTHH:MM:SSZ`.
    public var time: String
    /// The UTC day of `time`.
    public var day: Day
    public var asset: Asset
    /// Coins transferred.
    public var amount: Double
    /// Value in USD at the time.
    public var usdValue: Double
    /// Years since these coins last moved; `nil` when the data does not say (Whale Alert's
    /// exports do not).
    public var dormantYears: Double?
    public var action: Action
    /// The asset the proceeds went into, if known.
    public var rotatedInto: Asset?
    /// A free-text label (`Dormant 2018 wallet`); shown escaped.
    public var label: String
    /// Where the record came from.
    public var source: String

    public init(id: String, time: String, day: Day, asset: Asset, amount: Double, usdValue: Double,
                dormantYears: Double?, action: Action, rotatedInto: Asset?, label: String, source: String) {
        self.id = id
        self.time = time
        self.day = day
        self.asset = asset
        self.amount = amount
        self.usdValue = usdValue
        self.dormantYears = dormantYears
        self.action = action
        self.rotatedInto = rotatedInto
        self.label = label
        self.source = source
    }
}
