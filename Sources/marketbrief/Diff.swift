import ArgumentParser
import BriefCore
import BriefPipeline
import BriefRender
import Foundation

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between two briefs of an asset.",
        discussion: """
        Reads OUT/briefs/ASSET/DATE/brief.json for both days. Exit status as diff(1): \
        0 no change, 1 changes, 2 trouble.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, html
    }

    enum Color: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Argument(help: "The earlier day, YYYY-MM-DD.")
    var from: String

    @Argument(help: "The later day, YYYY-MM-DD.")
    var to: String

    @Option(help: "Asset ticker.")
    var asset = "BTC"

    @Option(help: "Output format: text, json or html.")
    var format = Format.text

    @Option(help: "Color text output: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color = Color.auto

    @OptionGroup var project: ProjectOptions

    @Option(name: .customLong("out"), help: "Output folder holding briefs/ (default: the project's, else output).")
    var outputFolder: String?

    @Option(help: "Folder of Mustache templates (default: the bundled templates/).")
    var templates: String?

    func validate() throws {
        for day in [from, to] where Day(day) == nil {
            throw ValidationError("\(day): not a date YYYY-MM-DD (or no such day)")
        }
        if Asset(asset) == nil { throw ValidationError("--asset \(asset): not an asset code (2–10 of A–Z, 0–9)") }
    }

    func run() throws {
        var changed = false
        try reportingErrors(exitCode: 2) {
            let settings = project.settings
            let folder = URL(fileURLWithPath: outputFolder ?? settings.resolve(settings.output), isDirectory: true)
            let code = Asset(asset)!
            // A diff compares findings and words, never chart series or claims: they are not decoded.
            let diff = try BriefDiff(from: BriefArchive.load(asset: code, day: Day(from)!, output: folder, charts: false, claims: false),
                                     to: BriefArchive.load(asset: code, day: Day(to)!, output: folder, charts: false, claims: false))
            changed = diff.hasChanges
            // JSON needs no templates; the other formats load the ones they render (and their partials).
            func renderer(for names: [String]) throws -> BriefRenderer {
                try BriefRenderer(templatesDirectory: templates ?? Resources.locate().templates.path, only: names)
            }
            switch format {
            case .text:
                let text = try renderer(for: BriefRenderer.diffTextTemplates)
                    .diffText(diff, marks: useColor ? .colored : .plain, width: terminalWidth)
                try writeOutput(text)
            case .json: try writeOutput(String(decoding: try diff.encoded(), as: UTF8.self))
            case .html: try writeOutput(try renderer(for: BriefRenderer.diffPageTemplates).diffPage(diff))
            }
        }
        if changed { throw ExitCode(1) }
    }

    /// The terminal's width when the output goes to one (40 to 200 columns), else 80.
    private var terminalWidth: Int {
        var size = winsize()
        guard isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return min(max(Int(size.ws_col), 40), 200)
    }

    private var useColor: Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: isatty(STDOUT_FILENO) == 1 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        }
    }
}
