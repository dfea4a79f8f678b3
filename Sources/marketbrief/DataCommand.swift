import ArgumentParser
import BriefCore
import BriefPipeline
import Foundation

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "List what a store holds by source, or remove a source's values and transfers.",
        discussion: """
        Lists, per source (`file:NAME`, `binance:…`, `sample:…`), how many values or transfers it \
        brought, of which assets, from which day to which. --remove PATTERN deletes every value and \
        transfer whose source matches (* any characters, ? one, [abc] one of), in one transaction. \
        Reads the real store (OUT/marketbrief.sqlite) unless --sample or --db says otherwise.
        """
    )

    @OptionGroup var store: StoreOptions

    @Flag(help: "Show the bundled sample's own store (OUT/sample.sqlite).")
    var sample = false

    @Option(help: "Remove the values and transfers of every source matching this pattern, e.g. 'sample:*'.")
    var remove: String?

    func run() throws {
        try reportingErrors {
            let path = sample ? store.samplePath : store.databasePath
            guard FileManager.default.fileExists(atPath: path) else {
                throw PipelineError.noData("\(path): no store here yet (`import` or `collect` make it)")
            }
            let metricStore = try remove == nil ? StoreAccess.openForReading(path) : StoreAccess.open(path)
            if let remove {
                let removed = try metricStore.removeSources(matching: remove)
                print("Removed \(removed.values) value(s) and \(removed.transfers) transfer(s) of sources matching "
                    + "\(PrintableText.of(remove)) from \(path).")
                return
            }
            let summaries = try metricStore.sourceSummaries()
            guard !summaries.isEmpty else { return print("\(path) is empty.") }
            print("\(path):")
            for summary in summaries {
                print("  \(PrintableText.of(summary.source)): \(summary.count) \(summary.kind == "values" ? "value(s)" : "transfer(s)") "
                    + "of \(summary.assets.joined(separator: ", ")), \(summary.first) to \(summary.last)")
            }
        }
    }
}
