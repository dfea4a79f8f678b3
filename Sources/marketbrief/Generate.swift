import ArgumentParser
import BriefCore
import BriefPipeline
import Foundation

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write the brief for one asset and day: brief.txt, brief.html and brief.json.",
        discussion: """
        Writes OUT/briefs/ASSET/DATE/. Until OUT/marketbrief.sqlite holds real data, the brief \
        comes from the bundled illustrative sample, kept in a store of its own (OUT/sample.sqlite). \
        Without --date, the brief is for the latest stored day (the sample's crash day, \
        2025-08-26, for the sample).
        """
    )

    @Option(help: "Day of the brief, YYYY-MM-DD.")
    var date: String?

    @Option(help: "Asset ticker (default: the project's first asset, else BTC).")
    var asset: String?

    @OptionGroup var store: StoreOptions

    @OptionGroup var verbosity: QuietOption

    @Option(help: "Thresholds file (JSON; see docs/config.md; default: the project's, else the bundled one).")
    var config: String?

    @Option(help: "Folder of Mustache templates (default: the bundled templates/).")
    var templates: String?

    func validate() throws {
        if let date { try checkDay(date, option: "--date") }
        if let asset, Asset(asset) == nil { throw ValidationError("--asset \(asset): not an asset code (2–10 of A–Z, 0–9)") }
    }

    func run() throws {
        try reportingErrors {
            let resources = try Resources.locate()
            let project = store.project.settings
            let thresholds = try ThresholdsFile.load(config ?? project.thresholds.map(project.resolve) ?? resources.defaultConfig.path)
            let generator = try BriefGenerator(
                templates: templates.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? resources.templates,
                thresholds: thresholds)
            let sample = try SampleData(folder: resources.sample)
            let (metricStore, sampleInUse) = try store.openForBriefs(sample, quiet: verbosity.quiet)
            let day = try date.flatMap(Day.init) ?? StoreAccess.defaultDay(store: metricStore, sample: sampleInUse)
            let history = try metricStore.history(asOf: day, from: day.adding(days: -thresholds.historyDays))
            try StoreAccess.refuseMixedSources(history, store: metricStore)
            let brief = try generator.generate(asset: asset.flatMap(Asset.init) ?? project.assets[0], history: history)
            let writer = try BriefWriter(output: URL(fileURLWithPath: store.output, isDirectory: true), assets: [brief.findings.asset])
            for url in try writer.write(brief) {
                verbosity.say(url.relativePath(from: FileManager.default.currentDirectoryPath))
            }
        }
    }
}
