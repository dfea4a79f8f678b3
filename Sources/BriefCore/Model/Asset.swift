/// A ticker such as `BTC` or `ETH`: 2 to 10 upper-case letters or digits, starting with a letter.
///
/// The check matters beyond tidiness: asset codes become folder names under `output/`.
public struct Asset: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The ticker.
    public let code: String

    /// `nil` unless `code` is 2–10 characters of A–Z and 0–9 starting with a letter.
    public init?(_ code: some StringProtocol) {
        let bytes = Array(code.utf8)
        guard (2...10).contains(bytes.count),
              bytes.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) }),
              bytes[0] >= 65 else { return nil }
        self.code = String(code)
    }

    /// Bitcoin.
    public static let btc = Asset("BTC")!
    /// Ether.
    public static let eth = Asset("ETH")!

    public var description: String { code }

    public static func < (lhs: Asset, rhs: Asset) -> Bool { lhs.code < rhs.code }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let asset = Asset(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an asset code: \(text)")
        }
        self = asset
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
