import ArgumentParser
import BriefPipeline

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load metrics and transfer files (docs/data-format.md) into the store, all or nothing."
    )

    @Argument(help: "CSV files: daily metrics or large transfers.")
    var files: [String]

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to import") }
    }

    func run() throws {
        try reportingErrors {
            let metricStore = try StoreAccess.open(store.databasePath)
            let summary = try Importer.importFiles(files, into: metricStore)
            print("Imported \(files.count) file(s) into \(store.databasePath): \(summary.changed) new or changed, \(summary.unchanged) unchanged.")
        }
    }
}
