import BriefCore
import Foundation

/// The public sources `collect` reads (docs/data-format.md).
public enum Venue: String, CaseIterable, Sendable {
    case binance, okx, bybit
    /// Binance's public data archive (data.binance.vision): years of daily files.
    case binanceArchive = "binance-archive"

    /// Whether the venue serves daily closes (Bybit's collector brings derivatives only).
    public var servesCloses: Bool { self != .bybit }

    /// The prefix of the sources of the values this venue brought (`binance:spot:BTCUSDT`).
    public var sourcePattern: String { rawValue + ":*" }

    /// The largest answer a request may bring: an API page is a few hundred KB, an archive
    /// file a few MB at most for the daily files read.
    public var maxBodyBytes: Int {
        switch self {
        case .binance, .okx, .bybit: 16 << 20
        case .binanceArchive: BinanceArchiveCollector.maxBodyBytes
        }
    }

    /// Everything this venue serves for `assets` from `first` through `last`, all or nothing.
    /// `cache` is the folder where the archive keeps the files it verified (`OUT/archive`).
    public func collect(assets: [Asset], from first: Day, through last: Day, fetcher: PoliteFetcher,
                        baseURL: URL?, cache: URL? = nil) throws(FetchError) -> Collected {
        switch self {
        case .binance: try BinanceCollector(fetcher: fetcher, baseURL: baseURL).collect(assets: assets, from: first, through: last)
        case .okx: try OKXCollector(fetcher: fetcher, baseURL: baseURL).collect(assets: assets, from: first, through: last)
        case .bybit: try BybitCollector(fetcher: fetcher, baseURL: baseURL).collect(assets: assets, from: first, through: last)
        case .binanceArchive:
            try BinanceArchiveCollector(fetcher: fetcher, baseURL: baseURL, cache: cache).collect(assets: assets, from: first, through: last)
        }
    }
}
