import ArgumentParser
import BriefCollect
import BriefCore
import BriefPipeline
import Foundation

extension Venue: ExpressibleByArgument {}

struct Collect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Fetch daily metrics from a venue's public API into the store, all or nothing.",
        discussion: """
        binance: spot closes, perpetual funding (with its interval), open interest (Binance serves \
        the last 30 days only) and ETH/BTC. okx: spot closes, perpetual funding, open interest and \
        ETH/BTC. bybit: perpetual funding and open interest (coins), back to each contract's launch. \
        binance-archive: Binance's public data archive (data.binance.vision) for any range: closes, \
        funding and open interest at each day's close, every file checked against its checksum and \
        kept under OUT/archive, so a rerun fetches only what is missing. \
        Each venue's open interest and funding are stored under its own name (oi_coins.okx), beside \
        the other venues'. No key is needed. Candles still forming are not stored. A value that disagrees with one \
        the same source gave before stops the run unless --replace.
        """
    )

    @Argument(help: "binance, okx, bybit or binance-archive.")
    var venue: Venue

    @OptionGroup var range: DayRangeOptions

    @Option(help: "Send every request to this address instead of the venue (a mirror or a replay server; default: the project file's base_url for this venue).")
    var baseURL: String?

    @OptionGroup var limits: NetworkLimits

    @Flag(help: "Take new values even where they disagree with what the same source gave before.")
    var replace = false

    @OptionGroup var store: StoreOptions

    @OptionGroup var verbosity: QuietOption

    func validate() throws {
        if let baseURL, BaseURL.normalized(baseURL) == nil {
            throw ValidationError("--base-url \(PrintableText.of(baseURL)): not \(BaseURL.requirement)")
        }
    }

    func run() throws {
        try reportingErrors {
            let fetcher = limits.fetcher(for: venue)
            let project = store.project.settings
            // The address the project file gives this venue, unless the command line gives one.
            let configured = project.collect.first { $0.venue == venue.rawValue && $0.baseURL != nil }?.baseURL
            let base = (baseURL ?? configured).flatMap(BaseURL.normalized).flatMap(URL.init(string:))
            let assets = range.assets(project)
            let collected: Collected
            do {
                collected = try venue.collect(assets: assets, from: range.first, through: range.last, fetcher: fetcher, baseURL: base,
                                              cache: URL(fileURLWithPath: store.output, isDirectory: true).appendingPathComponent("archive"))
            } catch {
                throw PipelineError.collect("\(error)\nNothing was stored.")
            }
            let metricStore = try StoreAccess.open(store.databasePath)
            let summary = try Importer.store(collected, into: metricStore, replace: replace)
            verbosity.say("Collected \(collected.batch.samples.count) value(s) from \(venue.rawValue) for "
                + assets.map(\.code).joined(separator: ", ") + " into \(store.databasePath): "
                + "\(summary.changed) new or changed, \(summary.unchanged) unchanged.")
            for note in collected.notes { verbosity.say("Note: " + note) }
        }
    }
}
