import ArgumentParser
import BriefCollect
import BriefCore
import BriefPipeline

extension InputFormat: ExpressibleByArgument {}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load metrics and transfer files (docs/data-format.md) into the store, all or nothing."
    )

    @Argument(help: "Files in the chosen format.")
    var files: [String]

    @Option(help: "csv (daily metrics or transfers), farside, whale-alert, coinglass or netflow.")
    var format = InputFormat.csv

    @Option(help: "The asset of formats whose rows carry none (farside, coinglass, netflow).")
    var asset: String?

    @OptionGroup var store: StoreOptions

    @OptionGroup var verbosity: QuietOption

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to import") }
        if let asset, Asset(asset) == nil { throw ValidationError("--asset \(asset): not an asset code (2–10 of A–Z, 0–9)") }
        if format.needsAsset, asset == nil { throw ValidationError("--format \(format.rawValue) needs --asset (its rows do not say)") }
        if !format.needsAsset, let asset {
            throw ValidationError("--asset \(asset): --format \(format.rawValue) names the asset on every row; drop --asset")
        }
    }

    func run() throws {
        try reportingErrors {
            let metricStore = try StoreAccess.open(store.databasePath)
            let summary = try Importer.importFiles(files, format: format, asset: asset.flatMap(Asset.init) ?? .btc, into: metricStore)
            let held = try metricStore.counts()
            verbosity.say("Imported \(files.count) file(s) into \(store.databasePath): \(summary.changed) new or changed, "
                + "\(summary.unchanged) unchanged; the store holds \(held.values) values and \(held.transfers) transfers.")
        }
    }
}
