import ArgumentParser
import BriefCollect
import BriefCore
import BriefPipeline
import Foundation

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the stored history in the import format (docs/data-format.md) to standard output.",
        discussion: """
        The daily metrics as CSV (date,asset and a column per metric), or with --transfers the \
        large transfers. `import` reads the files back to the same values; the sources are not \
        carried (the imported file becomes the source).
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv
    }

    @OptionGroup var store: StoreOptions

    @Option(help: "Output format: csv.")
    var format = Format.csv

    @Option(help: "First day, YYYY-MM-DD (default: the first stored).")
    var from: String?

    @Option(help: "Last day, YYYY-MM-DD (default: the latest stored).")
    var to: String?

    @Option(help: "Asset ticker; repeat for several (default: every stored asset).")
    var asset: [String] = []

    @Flag(help: "Write the large transfers instead of the daily metrics.")
    var transfers = false

    @Flag(help: "Export the bundled sample's store (OUT/sample.sqlite) instead of the real one.")
    var sample = false

    func validate() throws {
        for (name, value) in [("--from", from), ("--to", to)] { if let value { try checkDay(value, option: name) } }
        if let from, let to, Day(from)! > Day(to)! { throw ValidationError("--from \(from) is after --to \(to)") }
        for code in asset where Asset(code) == nil { throw ValidationError("--asset \(code): not an asset code (2–10 of A–Z, 0–9)") }
    }

    func run() throws {
        try reportingErrors {
            let path = sample ? store.samplePath : store.databasePath
            guard FileManager.default.fileExists(atPath: path) else {
                throw PipelineError.noData("\(path): no store here yet (`import` or `collect` make it)")
            }
            let metricStore = try StoreAccess.openForReading(path)
            guard let latest = try metricStore.latestDayOfValuesOrTransfers() else { throw PipelineError.noData("\(path) is empty") }
            // Not past today: a day after it was edited into the store, and no import stores one.
            let last = to.flatMap(Day.init) ?? min(latest, Clock.today())
            let history = try metricStore.history(asOf: last, from: from.flatMap(Day.init))
            let first = from.flatMap(Day.init) ?? Self.firstDay(of: history) ?? last
            let assets = asset.isEmpty ? Array(Set(history.assets + history.transfers.map(\.asset))).sorted() : asset.compactMap(Asset.init)
            try writeOutput(transfers
                ? ExportFiles.transfers(history, assets: assets, from: first, through: last)
                : try ExportFiles.metrics(history, assets: assets, from: first, through: last))
        }
    }

    /// The earliest day any series or transfer of `history` holds.
    private static func firstDay(of history: History) -> Day? {
        let seriesStarts = history.assets.flatMap { asset in
            history.metrics(of: asset).map { history.series(asset, $0).start }
        }
        return (seriesStarts + history.transfers.map(\.day)).min()
    }
}
