import ArgumentParser
import BriefCore
import BriefPipeline
import Foundation

struct Backfill: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Write the brief of every day in a range (days without a close are skipped).",
        discussion: "Reads the store once. Shows a progress bar when standard error is a terminal."
    )

    @OptionGroup var range: DayRangeOptions

    @OptionGroup var store: StoreOptions

    @OptionGroup var verbosity: QuietOption

    @Option(help: "Thresholds file (JSON; see docs/config.md; default: the project's, else the bundled one).")
    var config: String?

    func run() throws {
        try reportingErrors {
            let resources = try Resources.locate()
            let project = store.project.settings
            let generator = try BriefGenerator(templates: resources.templates, thresholds: ThresholdsFile.load(
                config ?? project.thresholds.map(project.resolve) ?? resources.defaultConfig.path))
            let (metricStore, _) = try store.openForBriefs(SampleData(folder: resources.sample), quiet: verbosity.quiet)
            let bar = ProgressBar()
            let summary = try BriefPipeline.Backfill.run(
                from: range.first, through: range.last, assets: range.assets(project), store: metricStore, generator: generator,
                output: URL(fileURLWithPath: store.output, isDirectory: true),
                progress: { bar.show(done: $0, of: $1, $2) })
            bar.finish()
            let skipped = summary.skipped.prefix(5).joined(separator: ", ") + (summary.skipped.count > 5 ? ", …" : "")
            verbosity.say("Wrote \(summary.written) brief(s) under \(store.output)/briefs"
                + (summary.skipped.isEmpty ? "." : "; skipped \(summary.skipped.count) without a close that day: \(skipped)."))
        }
    }
}

/// A one-line progress bar on standard error, drawn only when it is a terminal.
struct ProgressBar {
    private let enabled = isatty(STDERR_FILENO) == 1
    private let width = 30

    func show(done: Int, of total: Int, _ item: String) {
        guard enabled, total > 0 else { return }
        let filled = width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) \(item)\u{1B}[K".utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
