import ArgumentParser
import BriefCore
import BriefPipeline
import BriefStore
import Foundation

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "List what a store holds by source, or remove a source's values and transfers.",
        discussion: """
        Lists, per source (`file:NAME`, `binance:…`, `sample:…`), how many values or transfers it \
        brought, of which assets, from which day to which. --remove PATTERN lists the sources that \
        match (* any characters, ? one, [abc] one of), asks before deleting their values and \
        transfers when standard input is a terminal, and needs --yes otherwise; they go in one \
        transaction. A pattern that matches no source is an error. \
        Reads the real store (OUT/marketbrief.sqlite) unless --sample or --db says otherwise.
        """
    )

    @OptionGroup var store: StoreOptions

    @Flag(help: "Show the bundled sample's own store (OUT/sample.sqlite).")
    var sample = false

    @Option(help: "Remove the values and transfers of every source matching this pattern, e.g. 'sample:*' (lists them first).")
    var remove: String?

    @Flag(help: "With --remove: remove without asking (needed when standard input is not a terminal).")
    var yes = false

    func validate() throws {
        if yes && remove == nil { throw ValidationError("--yes goes with --remove") }
        // A source is a venue or a file name; SQLite refuses patterns past 50,000 bytes with an error of its own.
        if let remove, remove.utf8.count > 1000 {
            throw ValidationError("--remove: a pattern of \(remove.utf8.count) bytes; a source's pattern has at most 1000")
        }
    }

    func run() throws {
        try reportingErrors {
            let path = sample ? store.samplePath : store.databasePath
            guard FileManager.default.fileExists(atPath: path) else {
                throw PipelineError.noData("\(path): no store here yet (`import` or `collect` make it)")
            }
            if let remove { return try removeSources(matching: remove, from: path) }
            let summaries = try StoreAccess.openForReading(path).sourceSummaries()
            guard !summaries.isEmpty else { return print(printable("\(path) is empty.")) }
            print(printable("\(path):"))
            for summary in summaries { print(printable("  " + Self.line(summary))) }
        }
    }

    private static func line(_ summary: MetricStore.SourceSummary) -> String {
        "\(PrintableText.of(summary.source)): \(summary.count) \(summary.kind == "values" ? "value(s)" : "transfer(s)") "
            + "of \(summary.assets.joined(separator: ", ")), \(summary.first) to \(summary.last)"
    }

    /// Lists what `pattern` matches, then removes exactly those sources once confirmed: by `--yes`,
    /// or by answering y on a terminal. Nothing is removed otherwise.
    private func removeSources(matching pattern: String, from path: String) throws {
        let metricStore = try StoreAccess.open(path)
        let shown = PrintableText.of(pattern)
        let matched = try metricStore.sourceSummaries(matching: pattern)
        guard !matched.isEmpty else {
            throw NothingRemoved(reason: "no source in \(path) matches \(shown) (`marketbrief data` lists them)")
        }
        print(printable("Sources matching \(shown) in \(path):"))
        for summary in matched { print(printable("  " + Self.line(summary))) }
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                throw NothingRemoved(reason: "standard input is not a terminal: add --yes to remove the sources above")
            }
            var standardError = StandardError()
            print(PrintableText.of("Remove their values and transfers from \(path)? [y/N] "), terminator: "", to: &standardError)
            guard let answer = readLine(), ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased()) else {
                throw NothingRemoved(reason: "not confirmed")
            }
        }
        let removed = try metricStore.removeSources(Array(Set(matched.map(\.source))).sorted())
        print(printable("Removed \(removed.values) value(s) and \(removed.transfers) transfer(s) of sources matching \(shown) from \(path)."))
    }
}

/// `data --remove` removed nothing: no source matched, or the removal was not confirmed.
private struct NothingRemoved: Error, CustomStringConvertible {
    var reason: String
    var description: String { "nothing removed: \(reason)" }
}
