import ArgumentParser
import BriefCore
import BriefRender
import Foundation

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure every stage on a synthetic history and print each figure next to its target.",
        discussion: """
        Run it on a release build: `swift run -c release marketbrief bench`. Makes a deterministic \
        synthetic history (3 assets, a sell-off every half year), then runs import, backfill, \
        publish, publish after one new day, generate and diff as child processes of this binary, \
        timing each and reading its CPU time and peak memory. From a checkout with `cc` and \
        libxml2's headers it also measures the machine's floor (scripts/floor: libxml2 parsing \
        the pages written, the file operations of a brief) and shows backfill and publish as \
        multiples of it.
        """
    )

    @Option(help: "Years of daily data.")
    var years = 10

    @Option(help: "Runs of the one-shot steps (import, publish after a new day, generate, diff); the median is shown.")
    var repeats = 5

    @Option(help: "Work folder (default: a temporary folder, removed afterwards).")
    var work: String?

    /// Years the synthetic history can span: a day before 1970 is no day the store keeps, and
    /// each year is some 10 MB of work files.
    static let years = 1...50

    func validate() throws {
        guard Self.years.contains(years) else {
            throw ValidationError("--years: \(Self.years.lowerBound) to \(Self.years.upperBound), not \(years)")
        }
        guard (1...100).contains(repeats) else { throw ValidationError("--repeats: 1 to 100, not \(repeats)") }
    }

    func run() throws {
        #if DEBUG
        printError("bench: this is a debug build; figures mean little. Use `swift run -c release marketbrief bench`.")
        #endif
        let folder = work.map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("marketbrief-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if work == nil { try? FileManager.default.removeItem(at: folder) } }
        let assets = ["BTC", "ETH", "SOL"].compactMap(Asset.init)
        let days = years * 365
        let last = Day("2025-08-31")!
        let first = last.adding(days: -(days - 1))
        let values = try SyntheticHistory(assets: assets, first: first, days: days).write(to: folder)
        let out = folder.appendingPathComponent("out").path
        let db = folder.appendingPathComponent("bench.sqlite").path
        let assetArguments = assets.flatMap { ["--asset", $0.code] }
        var report = BenchReport(title: "marketbrief bench: \(years) years × \(assets.count) assets "
            + "(\(days * assets.count) briefs, \(values) metric values), \(ProcessInfo.processInfo.activeProcessorCount) cores")

        // Each import into a new store; the last one is the store of the other stages.
        let imports = try (0..<repeats).map { run in
            let path = run == repeats - 1 ? db : db + ".import-\(run)"
            defer { if path != db { for suffix in ["", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) } } }
            return try step(["import", folder.appendingPathComponent("daily.csv").path,
                             folder.appendingPathComponent("transfers.csv").path, "--db", path])
        }
        report.add("import", Double(values) / median(imports.map(\.seconds)), unit: "rows/s", target: 500_000, higherIsBetter: true,
                   peak: imports.map(\.peakMB).max() ?? 0)

        let backfilled = try step(["backfill", "--from", "\(first)", "--to", "\(last.adding(days: -1))", "--db", db, "--out", out] + assetArguments)
        let briefs = Double((days - 1) * assets.count)
        report.add("backfill", briefs / backfilled.seconds, unit: "briefs/s", peak: backfilled.peakMB,
                   note: "\(NumberFormat.decimal(backfilled.cpuSeconds * 1000 / briefs, places: 2)) ms CPU a brief")

        let published = try step(["publish", "--out", out, "--base-url", "https://example.org/"])
        let pages = Double(try siteFileCount(out))
        report.add("publish, whole site", pages / published.seconds, unit: "pages/s", peak: published.peakMB,
                   note: "\(NumberFormat.decimal(published.cpuSeconds * 1000 / pages, places: 2)) ms CPU a page, \(Int(pages)) pages")
        let floorLine = measureFloor(folder: folder, out: out, backfillMS: backfilled.cpuSeconds * 1000 / briefs,
                                     publishMS: published.cpuSeconds * 1000 / pages, report: &report)

        _ = try step(["backfill", "--from", "\(last)", "--to", "\(last)", "--db", db, "--out", out] + assetArguments)
        // Repeated by taking the day's briefs away and publishing (not timed), then putting them back.
        let newDays = try (0..<repeats).map { run in
            if run > 0 {
                let days = assets.map { (URL(fileURLWithPath: out).appendingPathComponent("briefs/\($0.code)/\(last)"),
                                         folder.appendingPathComponent("aside-\($0.code)")) }
                for (day, aside) in days { try FileManager.default.moveItem(at: day, to: aside) }
                _ = try step(["publish", "--out", out, "--base-url", "https://example.org/"])
                for (day, aside) in days { try FileManager.default.moveItem(at: aside, to: day) }
            }
            return try step(["publish", "--out", out, "--base-url", "https://example.org/"])
        }
        report.add("publish after one new day", median(newDays.map(\.seconds)), unit: "s", target: 0.2, higherIsBetter: false,
                   peak: newDays.map(\.peakMB).max() ?? 0)

        let generates = try (0..<repeats).map { _ in try step(["generate", "--db", db, "--out", out, "--date", "\(last)"]) }
        report.add("generate (whole process)", median(generates.map(\.seconds)) * 1000, unit: "ms", target: 30, higherIsBetter: false,
                   peak: generates.map(\.peakMB).max() ?? 0)

        let diffs = try (0..<repeats).map { _ in
            try step(["diff", "\(last.adding(days: -1))", "\(last)", "--out", out, "--format", "json"], accepting: [0, 1])
        }
        report.add("diff (whole process)", median(diffs.map(\.seconds)) * 1000, unit: "ms", target: 10, higherIsBetter: false,
                   peak: diffs.map(\.peakMB).max() ?? 0)
        print(report.text)
        print(floorLine)
    }

    /// Measures the floor on the pages just written and adds backfill and publish as multiples
    /// of it; returns a line saying what the floor is, or why it was not measured.
    private func measureFloor(folder: URL, out: String, backfillMS: Double, publishMS: Double, report: inout BenchReport) -> String {
        let root = URL(fileURLWithPath: out)
        func files(_ folder: String, named name: String) -> [String] {
            (FileManager.default.enumerator(atPath: root.appendingPathComponent(folder).path)?.compactMap { $0 as? String } ?? [])
                .filter { $0.hasSuffix("/" + name) }.sorted().map { root.appendingPathComponent(folder).appendingPathComponent($0).path }
        }
        func meanSize(_ paths: [String]) -> Int {
            let sizes = paths.prefix(1_000).compactMap { (try? FileManager.default.attributesOfItem(atPath: $0)[.size]) as? Int }
            return sizes.isEmpty ? 0 : sizes.reduce(0, +) / sizes.count
        }
        let briefPages = files("briefs", named: "brief.html")
        let sizes = ["brief.txt", "brief.html", "brief.json"].map { meanSize(files("briefs", named: $0)) }
        let sitePages = files("site", named: "index.html") + files("site", named: "diff.html")
        do {
            let floor = try Floor.measure(work: folder, briefPages: briefPages, briefFileSizes: sizes, pageSize: meanSize(sitePages))
            // The performance decision: a no-regression goal of 3× the floor, every page still fully validated.
            report.add("backfill against the floor", backfillMS / floor.perBrief, unit: "×", target: 3, higherIsBetter: false, peak: nil,
                       note: "floor \(NumberFormat.decimal(floor.perBrief, places: 2)) ms a brief")
            report.add("publish against the floor", publishMS / floor.perPage, unit: "×", peak: nil,
                       note: "floor \(NumberFormat.decimal(floor.perPage, places: 2)) ms a page")
            return "floor (scripts/floor, CPU of one core): libxml2's XML parser \(NumberFormat.decimal(floor.xmlParseMS, places: 2)) ms a brief page "
                + "(\(floor.wellFormed.pages) of \(floor.wellFormed.of) sampled pages well-formed; its HTML parser \(NumberFormat.decimal(floor.htmlParseMS, places: 2)) ms); "
                + "a brief's folder (\(sizes.map { "\($0 / 1000) KB" }.joined(separator: " + "))) \(NumberFormat.decimal(floor.briefWriteMS * 1000, places: 0)) µs, "
                + "a site page's file \(NumberFormat.decimal(floor.pageWriteMS * 1000, places: 0)) µs"
        } catch {
            return "floor: not measured (\(error))"
        }
    }

    /// Runs one command as a child; a failing one stops the benchmark.
    private func step(_ arguments: [String], accepting statuses: Set<Int32> = [0]) throws -> ChildProcess.Measure {
        let measure = try ChildProcess.run(arguments)
        guard statuses.contains(measure.status) else {
            printError("bench: `marketbrief \(arguments.joined(separator: " "))` exited with \(measure.status)")
            throw ExitCode(1)
        }
        return measure
    }

    private func siteFileCount(_ out: String) throws -> Int {
        let site = URL(fileURLWithPath: out).appendingPathComponent("site")
        return FileManager.default.enumerator(at: site, includingPropertiesForKeys: nil)?
            .compactMap { ($0 as? URL)?.pathExtension.isEmpty == false ? 1 : nil }.count ?? 0
    }
}

/// The middle value (the upper of the two middle ones for an even count); 0 for none.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

/// The benchmark's table: each figure, its target, whether it was met, and peak memory.
struct BenchReport {
    var title: String
    private var rows: [[String]] = []
    /// Peak memory target for every step, in megabytes.
    static let memoryTargetMB = 100.0

    init(title: String) { self.title = title }

    /// A figure and its target; without a target, a figure shown for what it is (the target is
    /// elsewhere: against a peer, see scripts/compare-peers.sh). `peak` nil: not a process of its own.
    mutating func add(_ stage: String, _ value: Double, unit: String, target: Double? = nil, higherIsBetter: Bool = true,
                      peak: Double?, note: String = "") {
        let places = value < 10 ? 2 : 0
        let met = target.map { higherIsBetter ? value >= $0 : value <= $0 }
        rows.append([
            stage, NumberFormat.decimal(value, places: places) + " " + unit,
            target.map { (higherIsBetter ? "≥ " : "≤ ") + NumberFormat.decimal($0, places: $0 < 10 ? 1 : 0) + " " + unit } ?? "",
            met.map { $0 ? "met" : "MISSED" } ?? "",
            peak.map { NumberFormat.decimal($0, places: 0) + " MB" + ($0 <= Self.memoryTargetMB ? "" : " (over 100)") } ?? "",
            note,
        ])
    }

    var text: String {
        let header = ["stage", "measured", "target", "", "peak memory", ""]
        let table = [header] + rows
        let widths = (0..<header.count).map { column in table.map { $0[column].count }.max() ?? 0 }
        let lines = table.map { row in
            zip(row, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        return ([title] + lines).joined(separator: "\n")
    }
}
