import ArgumentParser
import BriefCore
import BriefPipeline
import BriefStore
import Foundation

@main
struct MarketBrief: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "marketbrief",
        abstract: "Turns crypto market data into a daily market brief (text and HTML).",
        subcommands: [Generate.self, Backfill.self, Publish.self, Diff.self, Verify.self, Import.self, Collect.self, Validate.self, Bench.self],
        defaultSubcommand: Generate.self
    )

    /// The default entry point, except that `diff` keeps the promise of diff(1):
    /// any trouble, a bad argument included, exits 2 (1 means "the briefs differ").
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if CommandLine.arguments.dropFirst().first == "diff", code != .success, code.rawValue != 1 {
                printError(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Options every command that touches the store shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("out"), help: "Output folder.")
    var output = "output"

    @Option(help: "SQLite database (default: OUT/marketbrief.sqlite).")
    var db: String?

    var databasePath: String { db ?? output + "/marketbrief.sqlite" }

    /// Opens the store to read (without write access if need be); an empty one is first
    /// filled with the bundled sample.
    func openImportingSampleIfEmpty(_ sample: SampleData) throws -> MetricStore {
        let store = try StoreAccess.openForReading(databasePath)
        if try store.latestDay() == nil {
            printError("The store \(databasePath) is empty: importing the bundled sample (an illustrative reconstruction, not exchange records).")
            try Importer.importSample(sample, into: store)
        }
        return store
    }
}

/// Checks a day given on the command line: `YYYY-MM-DD`, from 1970-01-01 (a brief looks years
/// back, and no market the tool reads is older) to 9999-12-31.
func checkDay(_ text: String, option: String) throws {
    guard let day = Day(text) else { throw ValidationError("\(option) \(text): not a date YYYY-MM-DD (or no such day)") }
    guard day >= Day("1970-01-01")! else { throw ValidationError("\(option) \(text): before 1970-01-01, the earliest day marketbrief reads") }
}

/// A range of days and the assets to cover, shared by `backfill` and `collect`.
struct DayRangeOptions: ParsableArguments {
    @Option(help: "First day, YYYY-MM-DD.")
    var from: String

    @Option(help: "Last day, YYYY-MM-DD.")
    var to: String

    @Option(help: "Asset ticker; repeat for several (default: BTC).")
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
    var assets: [Asset] { asset.isEmpty ? [.btc] : asset.compactMap(Asset.init) }
}

/// Runs `body`, printing any error plainly on standard error and exiting with `exitCode`.
func reportingErrors(exitCode: Int32 = 1, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        printError("marketbrief: \(error)")
        throw ExitCode(exitCode)
    }
}

/// Prints a message on standard error, its control characters (from a venue's answer, a file, an
/// edited brief) shown as U+FFFD so none reaches the terminal as an escape sequence.
func printError(_ message: String) {
    var standardError = StandardError()
    let shown = message.split(separator: "\n", omittingEmptySubsequences: false).map { PrintableText.of(String($0)) }
    print(shown.joined(separator: "\n"), to: &standardError)
}

/// Writes `text` to standard output and flushes it; throws when it cannot be written in full
/// (a full disk, a closed pipe), so a command's output is never silently cut short.
func writeOutput(_ text: String) throws {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else {
            throw PipelineError.output("cannot write to standard output: \(String(cString: strerror(errno)))")
        }
        bytes = bytes.dropFirst(written)
    }
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}

extension URL {
    /// This path relative to `folder` when inside it, else absolute.
    func relativePath(from folder: String) -> String {
        let base = URL(fileURLWithPath: folder).standardizedFileURL.path + "/"
        let path = standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}
