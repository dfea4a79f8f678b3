import ArgumentParser
import BriefCollect
import BriefCore
import BriefPipeline
import BriefStore
import Foundation

/// The project file option every command shares (docs/config.md).
struct ProjectOptions: ParsableArguments {
    @Option(help: "Project file (default: marketbrief.json in the current folder, when there is one).")
    var project: String?

    func validate() throws {
        do { _ = try ProjectFileRead.settings(project) } catch { throw ValidationError("\(error)") }
    }

    /// The project file's settings: read once and validated (in `validate`), then the same for
    /// the whole run, however often asked and whatever happens to the file meanwhile.
    var settings: Project { (try? ProjectFileRead.settings(project)) ?? Project() }
}

/// The project file as this run read it, once per path.
private enum ProjectFileRead {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var read: [String: Project] = [:]

    static func settings(_ path: String?) throws -> Project {
        try lock.withLock {
            if let known = read[path ?? ""] { return known }
            let project = try Project.load(path)
            read[path ?? ""] = project
            return project
        }
    }
}

/// How long fetching from a venue may take: `collect` and `daily`.
struct NetworkLimits: ParsableArguments {
    @Option(help: "Seconds one request may take, connecting included.")
    var timeout: Double = 30

    @Option(help: "Seconds one venue's collection may take, retries and waits included.")
    var timeLimit: Double = 600

    func validate() throws {
        for (name, seconds) in [("--timeout", timeout), ("--time-limit", timeLimit)] where !(1...86_400).contains(seconds) {
            throw ValidationError("\(name) \(seconds): give seconds from 1 to 86400")
        }
    }

    /// A fetcher over the network within these limits, bounded by `venue`'s largest answer
    /// (its run's clock starts now).
    func fetcher(for venue: Venue) -> PoliteFetcher {
        PoliteFetcher(http: CurlHTTP(maxBytes: venue.maxBodyBytes), requestTimeout: timeout, timeLimit: timeLimit)
    }
}

/// `--quiet`: only errors are printed.
struct QuietOption: ParsableArguments {
    @Flag(help: "Print nothing but errors.")
    var quiet = false

    /// Prints `line` unless quiet, its control characters (a file or folder name's ESC or BEL)
    /// shown as U+FFFD.
    func say(_ line: String) {
        if !quiet { print(printable(line)) }
    }
}

/// `text` with the control characters of each line shown as U+FFFD, so that nothing a file
/// name or a value holds reaches the terminal as an escape sequence.
func printable(_ text: String) -> String { PrintableText.ofLines(text) }

/// Options every command that touches the store shares. Defaults come from the project file.
struct StoreOptions: ParsableArguments {
    @OptionGroup var project: ProjectOptions

    @Option(name: .customLong("out"), help: "Output folder (default: the project's, else output).")
    var outputFolder: String?

    @Option(help: "SQLite store of real data (default: OUT/marketbrief.sqlite).")
    var db: String?

    var output: String {
        if let outputFolder { return outputFolder }
        let settings = project.settings  // one read of the project file
        return settings.resolve(settings.output)
    }

    /// The store `import` and `collect` write to: real data only.
    var databasePath: String { db ?? output + "/marketbrief.sqlite" }

    /// The bundled sample's own store, used for briefs while there is no real data.
    var samplePath: String { output + "/sample.sqlite" }

    /// The store briefs come from: `--db`, or the real store once it holds data, else the
    /// bundled sample in a store of its own (filled on first use), so sample and real data
    /// never meet in one brief; with the sample when the store is the sample's. (A history
    /// holding the sample beside other data is refused where it is read: `StoreAccess`.)
    func openForBriefs(_ sample: SampleData, quiet: Bool = false) throws -> (store: MetricStore, sample: SampleData?) {
        if db != nil || FileManager.default.fileExists(atPath: databasePath) {
            let store = try StoreAccess.openForReading(databasePath)
            if try store.latestDay() != nil || db != nil {
                return (store, nil)
            }
        }
        let store = try StoreAccess.open(samplePath)
        if try store.latestDay() == nil {
            try Importer.importSample(sample, into: store)
        }
        if !quiet {
            printError("No data in \(databasePath) yet: the briefs come from the bundled illustrative sample (\(samplePath)). "
                + "Import or collect real data to brief it.")
        }
        return (store, sample)
    }
}

/// A range of days and the assets to cover, shared by `backfill` and `collect`.
struct DayRangeOptions: ParsableArguments {
    @Option(help: "First day, YYYY-MM-DD.")
    var from: String

    @Option(help: "Last day, YYYY-MM-DD.")
    var to: String

    @Option(help: "Asset ticker; repeat for several (default: the project's assets, else BTC).")
    var asset: [String] = []

    func validate() throws {
        for (name, value) in [("--from", from), ("--to", to)] { try checkDay(value, option: name) }
        if Day(from)! > Day(to)! { throw ValidationError("--from \(from) is after --to \(to)") }
        for code in asset where Asset(code) == nil {
            throw ValidationError("--asset \(code): not an asset code (2–10 of A–Z, 0–9)")
        }
    }

    var first: Day { Day(from)! }
    var last: Day { Day(to)! }

    /// The assets named, else the project's.
    func assets(_ project: Project) -> [Asset] { asset.isEmpty ? project.assets : asset.compactMap(Asset.init) }
}

/// Checks a day given on the command line: `YYYY-MM-DD`, not in the future, from 1970-01-01 (a brief looks years
/// back, and no market the tool reads is older) to 9999-12-31.
func checkDay(_ text: String, option: String) throws {
    guard let day = Day(text) else { throw ValidationError("\(option) \(text): not a date YYYY-MM-DD (or no such day)") }
    guard day >= .earliest else { throw ValidationError("\(option) \(text): before \(Day.earliest), the earliest day marketbrief reads") }
    guard day <= Clock.today() else { throw ValidationError("\(option) \(text): in the future (today is \(Clock.today()) UTC)") }
}
