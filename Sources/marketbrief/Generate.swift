import ArgumentParser
import BriefCore
import BriefPipeline
import Foundation

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the brief for one asset and day: brief.txt, brief.html and brief.json.",
        discussion: """
        Writes OUT/briefs/ASSET/DATE/. With an empty store, the bundled sample is imported first; \
        without --date, the brief is for the latest stored day (the sample's crash day, 2025-08-26, \
        while the store holds only the sample).
        """
    )

    @Option(help: "Day of the brief, YYYY-MM-DD.")
    var date: String?

    @Option(help: "Asset ticker.")
    var asset = "BTC"

    @OptionGroup var store: StoreOptions

    @Option(help: "Thresholds file (JSON; see docs/config.md).")
    var config: String?

    @Option(help: "Folder of Mustache templates (default: the bundled templates/).")
    var templates: String?

    func validate() throws {
        if let date { try checkDay(date, option: "--date") }
        if Asset(asset) == nil { throw ValidationError("--asset \(asset): not an asset code (2–10 of A–Z, 0–9)") }
    }

    func run() throws {
        try reportingErrors {
            let resources = try Resources.locate()
            let thresholds = try ThresholdsFile.load(config ?? resources.defaultConfig.path)
            let generator = try BriefGenerator(
                templates: templates.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? resources.templates,
                thresholds: thresholds)
            let sample = try SampleData(folder: resources.sample)
            let metricStore = try store.openImportingSampleIfEmpty(sample)
            let day = try date.flatMap(Day.init) ?? StoreAccess.defaultDay(store: metricStore, sample: sample)
            let history = try metricStore.history(asOf: day, from: day.adding(days: -thresholds.historyDays))
            let brief = try generator.generate(asset: Asset(asset)!, history: history)
            let writer = try BriefWriter(output: URL(fileURLWithPath: store.output, isDirectory: true), assets: [brief.findings.asset])
            for url in try writer.write(brief) {
                print(url.relativePath(from: FileManager.default.currentDirectoryPath))
            }
        }
    }
}
