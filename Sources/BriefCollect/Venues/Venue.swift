import BriefCore
import Foundation

/// The public APIs `collect` reads (docs/data-format.md).
public enum Venue: String, CaseIterable, Sendable {
    case binance, okx

    /// The prefix of the sources of the values this venue brought (`binance:spot:BTCUSDT`).
    public var sourcePattern: String { rawValue + ":*" }

    /// Everything this venue serves for `assets` from `first` through `last`, all or nothing.
    public func collect(assets: [Asset], from first: Day, through last: Day, fetcher: PoliteFetcher,
                        baseURL: URL?) throws(FetchError) -> Collected {
        switch self {
        case .binance: try BinanceCollector(fetcher: fetcher, baseURL: baseURL).collect(assets: assets, from: first, through: last)
        case .okx: try OKXCollector(fetcher: fetcher, baseURL: baseURL).collect(assets: assets, from: first, through: last)
        }
    }
}
