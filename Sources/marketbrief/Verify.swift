import ArgumentParser
import BriefCore
import BriefPipeline
import BriefStore
import BriefVerify
import Foundation

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every number and day the written briefs state against the store.",
        discussion: """
        Reads OUT/briefs/ASSET/DATE/brief.json and derives each of its claims again from the store \
        (plain SQL reads and arithmetic of its own, not the analysis). Prints each mismatch as \
        `ASSET DATE section: claim: stated X, store says Y`. Exit 0 when every claim holds, 1 on any \
        mismatch, 2 on trouble.
        """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "First day to check, YYYY-MM-DD (default: every brief).")
    var from: String?

    @Option(help: "Last day to check, YYYY-MM-DD.")
    var to: String?

    @Option(help: "Asset ticker; repeat for several (default: every asset).")
    var asset: [String] = []

    func validate() throws {
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value { try checkDay(value, option: name) }
        }
        for code in asset where Asset(code) == nil {
            throw ValidationError("--asset \(code): not an asset code (2–10 of A–Z, 0–9)")
        }
    }

    func run() throws {
        var mismatches = 0
        try reportingErrors(exitCode: 2) {
            let output = URL(fileURLWithPath: store.output, isDirectory: true)
            // A brief made from the bundled sample is checked against the sample's own store.
            var verifiers: [String: ClaimVerifier] = [:]
            func verifier(for brief: BriefDocument) throws -> ClaimVerifier {
                let fromSample = !brief.findings.sources.isEmpty
                    && brief.findings.sources.allSatisfy { $0.hasPrefix(SampleData.sourcePrefix + ":") }
                let path = store.db ?? (fromSample ? store.samplePath : store.databasePath)
                if let known = verifiers[path] { return known }
                guard FileManager.default.fileExists(atPath: path) else {
                    throw PipelineError.setup("\(path): no store to verify against")
                }
                try MetricStore(readingOnly: path).checkDays()
                let made = ClaimVerifier(store: try StoreReader(path: path))
                verifiers[path] = made
                return made
            }
            let first = from.flatMap(Day.init), last = to.flatMap(Day.init)
            let assets = Set(asset.compactMap(Asset.init))
            var briefs = 0, claims = 0
            for (code, stored) in BriefArchive.list(output: output).sorted(by: { $0.key < $1.key })
            where assets.isEmpty || assets.contains(code) {
                for entry in stored where (first.map { entry.day >= $0 } ?? true) && (last.map { entry.day <= $0 } ?? true) {
                    let brief = try BriefArchive.load(asset: code, day: entry.day, output: output, charts: false)
                    briefs += 1
                    claims += brief.claims.count
                    for mismatch in try verifier(for: brief).mismatches(in: brief) {
                        mismatches += 1
                        print(printable("\(mismatch)"))
                    }
                }
            }
            // Nothing to check is trouble, not a pass: a cron job pointed at the wrong folder must hear of it.
            guard briefs > 0 else {
                throw PipelineError.noData("no briefs to verify under \(output.appendingPathComponent("briefs").path)")
            }
            printError("\(claims) claim(s) in \(briefs) brief(s): \(mismatches) mismatch(es).")
        }
        if mismatches > 0 { throw ExitCode(1) }
    }
}
