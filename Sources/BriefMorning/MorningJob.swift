import BriefCollect
import BriefCore
import BriefDeliver
import BriefPipeline
import BriefPublish
import BriefStore
import Foundation

/// The morning job (`daily`) as named steps — collect, import, generate, revise, publish,
/// deploy — each ending done, partial, skipped or failed, with why. What may go on after a
/// failure is decided here: a venue down or a bad drop file does not stop the assets whose
/// data is in from being briefed and published; only a failed publish or deploy, or a day with
/// no brief at all, fails the morning.
public struct MorningJob {
    /// The project file's settings.
    public var project: Project
    /// The day briefed: a complete UTC day.
    public var day: Day
    /// The output folder: briefs, site, records.
    public var output: URL
    /// The store of real data.
    public var storePath: String
    /// Whether the venues of `project.collect` are asked (false: `--skip-collect` or `skip_collect`).
    public var collecting: Bool
    /// A fetcher for one venue's collection, its clock started when made.
    public var makeFetcher: (Venue) -> PoliteFetcher

    public init(project: Project, day: Day, output: URL, storePath: String, collecting: Bool,
                makeFetcher: @escaping (Venue) -> PoliteFetcher) {
        self.project = project
        self.day = day
        self.output = output
        self.storePath = storePath
        self.collecting = collecting
        self.makeFetcher = makeFetcher
    }

    /// Runs every step in order, telling `report` about each as it ends.
    public func run(report: (StepRecord) -> Void) -> MorningReport {
        var morning = MorningReport(day: day)
        func perform(_ name: String, _ body: () throws -> StepOutcome) {
            let started = Date()
            let outcome: StepOutcome
            do { outcome = try body() } catch { outcome = .failed("\(error)") }
            let record = StepRecord(name: name, outcome: outcome, seconds: Date().timeIntervalSince(started))
            morning.steps.append(record)
            report(record)
        }

        let store: MetricStore
        let generator: BriefGenerator
        let resources: Resources
        do {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            store = try StoreAccess.open(storePath)
            resources = try Resources.locate()
            generator = try BriefGenerator(templates: resources.templates, thresholds: ThresholdsFile.load(
                project.thresholds.map(project.resolve) ?? resources.defaultConfig.path))
        } catch {
            perform("setup") { .failed("\(error)") }
            return morning
        }

        var changes = ChangedDays()
        if !project.collect.isEmpty, !collecting {
            perform("collect") { .skipped("not asked (--skip-collect or skip_collect); briefing what is stored") }
        }
        for collection in project.collect where collecting {
            perform("collect \(collection.venue)") {
                guard let collected = try collect(collection, into: store) else {
                    return .skipped("history in place (\(collection.assets.map(\.code).joined(separator: ", "))); "
                        + "new days come from " + historyFollowers(of: collection).joined(separator: ", "))
                }
                changes.add(collected.summary)
                return .done(collected.message, details: collected.notes)
            }
        }
        for folder in project.dropFolders {
            perform("import \(folder.path)") {
                let queue = DropQueue(folder: project.resolve(folder.path))
                let (files, notRead) = try queue.waiting()
                let left = notRead.isEmpty ? [] : ["Not read (only regular files are): " + notRead.joined(separator: ", ")]
                guard !files.isEmpty else { return .done("no files", details: left) }
                try queue.prepareProcessed()
                let summary = try Importer.importFiles(files, format: folder.format, asset: folder.asset ?? .btc, into: store)
                changes.add(summary)
                try queue.markProcessed(files)
                return .done("\(files.count) file(s): \(summary.changed) new or changed, \(summary.unchanged) unchanged; "
                    + "moved to \(folder.path)/processed", details: left)
            }
        }
        perform("generate \(day)") {
            let summary = try Backfill.run(from: day, through: day, assets: project.assets, store: store,
                                           generator: generator, output: output)
            let missing = summary.skipped.compactMap { $0.split(separator: " ").first.map { "\($0): no close for \(day) yet" } }
            let briefed = project.assets.map(\.code).filter { code in !missing.contains { $0.hasPrefix(code + ":") } }
            if briefed.isEmpty {
                return .failed("no close stored for \(day) (a venue down, a file not dropped yet?): "
                    + missing.joined(separator: "; "))
            }
            return missing.isEmpty ? .done(briefed.joined(separator: ", "))
                : .partial(briefed.joined(separator: ", "), missing: missing)
        }
        if let first = changes.earliest(before: day) {
            perform("revise") {
                // A day another asset was briefed on is one this asset's brief belongs to as well.
                let briefedDays = project.assets.reduce(into: Set<Day>()) { $0.formUnion(BriefWriter.daysWritten(of: $1, under: output)) }
                var revised: [String] = []
                for (asset, since) in first.sorted(by: { $0.key.code < $1.key.code }) where project.assets.contains(asset) {
                    revised += try Backfill.run(from: since, through: day.adding(days: -1), assets: [asset], store: store,
                                                generator: generator, output: output,
                                                scope: .revisions(briefedDays: briefedDays)).revised
                }
                guard !revised.isEmpty else { return .done("no brief before \(day) read a revised or late value") }
                return .done("\(revised.count) brief(s) written anew: values they read were revised or came late",
                             details: revised)
            }
        }
        perform("publish") {
            let publisher = try SitePublisher(output: output, templates: resources.templates, siteTitle: project.siteTitle)
            let summary = try publisher.publish(baseURL: project.baseURL.flatMap(BaseURL.normalized))
            return .done("\(summary.written.count) written, \(summary.unchanged) unchanged, \(summary.removed.count) removed")
        }
        if let command = project.deploy {
            perform("deploy") {
                let deploy = DeployCommand(command: command, folder: project.file?.deletingLastPathComponent(),
                                           timeLimit: project.deployTimeLimit, output: output)
                guard deploy.isDue else { return .skipped("the site is as last deployed") }
                let run = try deploy.run()
                let lines = run.output.split(separator: "\n").map(String.init)
                guard let failure = run.failure else { return .done("done", details: lines) }
                return .failed("the deploy command \(failure); it is tried again on the next run", details: lines)
            }
        }
        for destination in project.deliver {
            perform("deliver \(destination.name)") {
                let deliverer = try Deliverer(project: project, output: output, templates: resources.templates)
                return Self.outcome(of: deliverer.deliver(day: day, to: destination), day: day)
            }
        }
        return morning
    }

    /// How a destination's sends read as a step: a failed send makes the morning partial, and
    /// names the briefs it could not send (each tried again on the next run).
    public static func outcome(of result: Deliverer.Result, day: Day) -> StepOutcome {
        let retry = "tried again on the next run"
        switch (result.sent.isEmpty, result.failed.isEmpty) {
        case (true, true) where result.alreadySent > 0:
            return .done("nothing new: \(result.alreadySent) brief(s) sent before")
        case (true, true):
            return .skipped("no brief for \(day)")
        case (false, true):
            return .done("sent " + result.sent.joined(separator: ", "))
        case (false, false):
            return .partial("sent " + result.sent.joined(separator: ", "), missing: result.failed.map { $0 + "; " + retry })
        case (true, false):
            return .failed("could not send \(result.failed.count) brief(s); \(retry)", details: result.failed)
        }
    }

    /// Collects one venue's assets from the day after the latest stored (less the overlap that
    /// takes in revisions), or `history_years` back for an asset new to the store. The archive
    /// beside a venue that serves new days brings an asset's history once: `nil` when it has.
    private func collect(_ collection: Project.Collection, into store: MetricStore) throws
        -> (summary: MetricStore.SaveSummary, message: String, notes: [String])? {
        let venue = Venue(rawValue: collection.venue)!
        var first = day
        var assets: [Asset] = []
        for asset in collection.assets {
            let latest = try store.latestDay(of: asset, sourcesMatching: venue.sourcePattern)
            if latest != nil, venue == .binanceArchive, !historyFollowers(of: collection, asset: asset).isEmpty { continue }
            assets.append(asset)
            first = min(first, latest.map { $0.adding(days: 1 - project.collectOverlapDays) } ?? day.adding(days: -project.historyYears * 365))
        }
        guard !assets.isEmpty else { return nil }
        let collected: Collected
        do {
            collected = try venue.collect(assets: assets, from: first, through: day, fetcher: makeFetcher(venue),
                                          baseURL: collection.baseURL.flatMap(BaseURL.normalized).flatMap(URL.init(string:)),
                                          cache: output.appendingPathComponent("archive", isDirectory: true))
        } catch {
            throw PipelineError.collect("\(error)\nNothing was stored; the morning goes on with what is stored.")
        }
        let summary = try Importer.store(collected, into: store, replace: false,
                                         toReplace: "marketbrief collect --replace --from \(first) --to \(day)")
        let message = "\(assets.map(\.code).joined(separator: ", ")) \(first) to \(day): "
            + "\(summary.changed) new or changed, \(summary.unchanged) unchanged"
        return (summary, message, collected.notes.map { "Note: " + $0 })
    }

    /// The other venues of the project that collect the closes of `asset` (of any of the
    /// collection's assets when `nil`): those that bring its new days after the archive brought its history.
    private func historyFollowers(of collection: Project.Collection, asset: Asset? = nil) -> [String] {
        let assets = asset.map { [$0] } ?? collection.assets
        return project.collect.filter {
            $0.venue != collection.venue && Venue(rawValue: $0.venue)?.servesCloses == true && !Set($0.assets).isDisjoint(with: assets)
        }.map(\.venue)
    }
}

/// Each asset's earliest day whose stored values changed during a run.
struct ChangedDays {
    private var days: [Asset: Day] = [:]

    mutating func add(_ summary: MetricStore.SaveSummary) {
        days.merge(summary.earliestChange) { min($0, $1) }
    }

    /// The assets changed on a day before `day`, from their earliest such day.
    func earliest(before day: Day) -> [Asset: Day]? {
        let earlier = days.filter { $0.value < day }
        return earlier.isEmpty ? nil : earlier
    }
}
