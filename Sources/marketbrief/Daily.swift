import ArgumentParser
import BriefCollect
import BriefCore
import BriefPipeline
import BriefPublish
import Foundation

struct Daily: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daily",
        abstract: "The morning job: collect, import, generate, publish and deploy, as the project file says.",
        discussion: """
        For the last complete UTC day (or --date): collects from the project's venues the days not \
        yet stored (plus collect_overlap_days before, for revisions), imports every file in the drop \
        folders, writes the brief of each project asset, publishes the site and runs the deploy \
        command when the site changed. Prints one line per step. If a step fails, the later ones do \
        not run: nothing is published with a failed step behind it. Real data only: the bundled \
        sample is never used. Running the same day again changes nothing.
        """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "The day to brief, YYYY-MM-DD (default: yesterday, the last complete UTC day).")
    var date: String?

    @OptionGroup var limits: NetworkLimits

    @OptionGroup var verbosity: QuietOption

    func validate() throws {
        if let date { try checkDay(date, option: "--date") }
    }

    func run() throws {
        try reportingErrors {
            let project = store.project.settings
            let day = date.flatMap(Day.init) ?? Day(ordinal: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)) - 1)
            let outputFolder = URL(fileURLWithPath: store.output, isDirectory: true)
            try FileManager.default.createDirectory(at: outputFolder, withIntermediateDirectories: true)
            let metricStore = try StoreAccess.open(store.databasePath)

            for collection in project.collect {
                try step("collect \(collection.venue)") {
                    let venue = Venue(rawValue: collection.venue)!
                    var first = day
                    for asset in collection.assets {
                        // From the day after the latest stored, less the overlap; further back for a new asset.
                        let latest = try metricStore.latestDay(of: asset, sourcesMatching: venue.sourcePattern)
                        first = min(first, latest.map { $0.adding(days: 1 - project.collectOverlapDays) }
                            ?? day.adding(days: -Self.firstCollectionDays))
                    }
                    let collected: Collected
                    do {
                        collected = try venue.collect(assets: collection.assets, from: first, through: day, fetcher: limits.fetcher(),
                                                      baseURL: collection.baseURL.flatMap(BaseURL.normalized).flatMap(URL.init(string:)))
                    } catch {
                        throw PipelineError.collect("\(error)\nNothing was stored.")
                    }
                    let summary = try Importer.store(collected, into: metricStore, replace: false)
                    return "\(collection.assets.map(\.code).joined(separator: ", ")) \(first) to \(day): "
                        + "\(summary.changed) new or changed, \(summary.unchanged) unchanged"
                        + collected.notes.map { "\n  Note: " + $0 }.joined()
                }
            }
            for folder in project.dropFolders {
                let path = project.resolve(folder.path)
                try step("import \(folder.path)") {
                    let files = try Self.files(in: path)
                    guard !files.isEmpty else { return "no files" }
                    let summary = try Importer.importFiles(files, format: folder.format, asset: folder.asset ?? .btc, into: metricStore)
                    return "\(files.count) file(s): \(summary.changed) new or changed, \(summary.unchanged) unchanged"
                }
            }
            try step("generate \(day)") {
                let resources = try Resources.locate()
                let generator = try BriefGenerator(templates: resources.templates, thresholds: ThresholdsFile.load(
                    project.thresholds.map(project.resolve) ?? resources.defaultConfig.path))
                let summary = try BriefPipeline.Backfill.run(from: day, through: day, assets: project.assets, store: metricStore,
                                                             generator: generator, output: outputFolder)
                guard summary.skipped.isEmpty else {
                    throw PipelineError.noData("no close stored for \(summary.skipped.joined(separator: ", ")): the day's data is not all in "
                        + "(a venue down, a file not dropped yet?); nothing was published")
                }
                return project.assets.map(\.code).joined(separator: ", ")
            }
            var siteChanged = false
            try step("publish") {
                let publisher = try SitePublisher(output: outputFolder, templates: try Resources.locate().templates,
                                                  siteTitle: project.siteTitle)
                let summary = try publisher.publish(baseURL: project.baseURL.flatMap(BaseURL.normalized))
                siteChanged = summary.changed
                return "\(publisher.siteFolder.relativePath(from: FileManager.default.currentDirectoryPath)): "
                    + "\(summary.written.count) written, \(summary.unchanged) unchanged, \(summary.removed.count) removed"
            }
            if let deploy = project.deploy {
                try step("deploy") {
                    guard siteChanged else { return "skipped: the site did not change" }
                    return try Self.runDeploy(deploy, site: outputFolder.appendingPathComponent("site").path, in: project)
                }
            }
        }
    }

    /// Days a first collection of an asset reaches back: the two years the open-interest
    /// range and the ranks of a brief read.
    static let firstCollectionDays = 730

    /// Runs one step, printing its name, what it did and how long it took; a failure names the step.
    private func step(_ name: String, _ body: () throws -> String) throws {
        let started = Date()
        let done: String
        do {
            done = try body()
        } catch {
            throw PipelineError.step(name, error)
        }
        if !verbosity.quiet {
            // The time on the step's line; notes, if any, below it.
            var lines = done.split(separator: "\n", omittingEmptySubsequences: false)
            lines[0] += " (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)"
            print("\(name): " + lines.joined(separator: "\n"))
        }
    }

    /// The regular files of a drop folder, by name; hidden files (partial uploads) are left.
    static func files(in folder: String) throws -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw PipelineError.setup("\(folder): no such folder (create it, or remove it from the project file)")
        }
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder + "/" + $0 }.filter { path in
            var info = stat()
            return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
        }
    }

    /// Runs the deploy command with `/bin/sh -c` in the project's folder, the site's folder in
    /// `MARKETBRIEF_SITE`.
    static func runDeploy(_ command: String, site: String, in project: Project) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = project.file?.deletingLastPathComponent()
        process.environment = ProcessInfo.processInfo.environment.merging(["MARKETBRIEF_SITE": site]) { $1 }
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PipelineError.setup("the deploy command exited with \(process.terminationStatus)")
        }
        return "done"
    }
}
