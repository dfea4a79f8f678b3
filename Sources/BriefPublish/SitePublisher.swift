import BriefCore
import BriefPipeline
import BriefRender
import BriefValidate
import Foundation

/// Builds `OUT/site` from the `brief.json` files under `OUT/briefs`.
///
/// Pages are rendered, checked and placed one batch at a time in the standby copy of the site
/// (`OUT/.site-standby`, see `StandbySite`), which is then exchanged with the live folder in
/// one atomic step, so a reader, or a process killed at any moment, sees the old site or the
/// new one, whole. A file whose bytes do not change is the live file itself (a hard link), so
/// its modification time stays; a page whose inputs (its briefs, the templates, the program)
/// have the fingerprint recorded at the last publish in `OUT/.site-manifest`, and whose live
/// file is still the one published then (same inode, size and time), is not even rendered. Such
/// a page was checked when it was made, and every page it links to exists as long as its
/// inputs do. Pages are recorded in groups (`SiteGroup`: a month's, and the whole site's): a
/// month whose inputs have the recorded fingerprint is left as it is without a look at its
/// files (unless `recheckEveryFile`), so a new day costs its month and the whole-site pages,
/// not the years before. A lock file stops two publishes from overlapping.
public struct SitePublisher: Sendable {
    /// What a publish did.
    public struct Summary: Equatable, Sendable {
        /// Files written anew (new or changed), by path from the site root.
        public var written: [String] = []
        public var unchanged = 0
        /// Files of the old site that the new one no longer has.
        public var removed: [String] = []
        /// Pages rendered (the others' inputs had not changed).
        public var rendered = 0
        public var briefs = 0
        public var wroteSitemap = false
        public var changed: Bool { !written.isEmpty || !removed.isEmpty }
    }

    /// Problems listed before a publish stops looking.
    static let maxProblems = 50
    /// Pages rendered and checked together, on every core, before they are placed in order.
    static let batchSize = 64

    private let output: URL
    private let renderer: BriefRenderer
    private let base: String
    private let check = SiteCheck(briefSectionIDs: BriefSections.ids)

    /// Seconds to wait for another publish of the same folder to finish before giving up.
    public var lockTimeout: TimeInterval = 60

    /// Checks every live file against the record, months whose briefs did not change included,
    /// so files changed by hand there are published anew.
    public var recheckEveryFile = false

    /// Loads the templates of `templates`; their contents, the site's title and this program's
    /// build are part of every page's fingerprint.
    public init(output: URL, templates: URL, siteTitle: String = "marketbrief") throws {
        self.output = output.standardizedFileURL
        do {
            var renderer = try BriefRenderer(templatesDirectory: templates.path)
            renderer.siteTitle = siteTitle
            self.renderer = renderer
        } catch let error as TemplateError {
            throw PipelineError.setup("template: \(error)")
        }
        var text = siteTitle + "\n" + FileIdentity.of(URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path)
        for name in BriefRenderer.templateFiles(in: templates.path) {
            text += "\n" + name + "\n" + (FileManager.default.contents(atPath: templates.appendingPathComponent(name).path)
                .map { String(decoding: $0, as: UTF8.self) } ?? "")
        }
        base = Fingerprint.of(text)
    }

    /// The live site.
    public var siteFolder: URL { output.appendingPathComponent("site", isDirectory: true) }

    private var manifestURL: URL { output.appendingPathComponent(".site-manifest") }
    private var standbyFolder: URL { output.appendingPathComponent(".site-standby", isDirectory: true) }
    private var standbyManifestURL: URL { output.appendingPathComponent(".site-standby-manifest") }

    /// Publishes; throws, leaving the live site as it was, on any defect or failure.
    /// `baseURL` (absolute, ending in `/`) makes the feed's links absolute and enables the sitemap.
    @discardableResult
    public func publish(baseURL: String?) throws -> Summary {
        let lock = try PublishLock(folder: output, timeout: lockTimeout)
        defer { lock.release() }
        removeLeftovers()
        // The live site must be a folder of ours: a link there would have a publish write, or
        // remove, what it points to. The standby is never served: a link in its place is removed.
        if isLink(siteFolder.path) || (exists(siteFolder.path) && !isFolder(siteFolder.path)) {
            throw PipelineError.output("\(siteFolder.path) is \(isLink(siteFolder.path) ? "a symbolic link" : "not a folder"); "
                + "marketbrief publishes into a folder it owns: move it away (serve \(siteFolder.path) itself, or copy it "
                + "where it is served after each publish) and run again")
        }
        if isLink(standbyFolder.path) || (exists(standbyFolder.path) && !isFolder(standbyFolder.path)) {
            try FileTree.remove(standbyFolder)
        }

        let entries = BriefArchive.list(output: output).flatMap { asset, briefs in
            briefs.map { SiteEntry(asset: asset, day: $0.day, fingerprint: $0.identity) }
        }
        guard !entries.isEmpty else {
            throw PipelineError.noData("no briefs under \(output.appendingPathComponent("briefs").path); "
                + "write some with `marketbrief generate` or `marketbrief backfill` first")
        }
        let documents = DocumentCache(output: output)
        let groups = SitePlan(renderer: renderer, baseURL: baseURL, base: base, load: { try documents.load($0, $1, charts: $2) },
                              summarize: { try documents.summary($0, $1) }).groups(entries)
        let liveRoot = FileIdentity.ofFolder(siteFolder.path)
        // The last publish's record of the live site, if the live folder is still the one it describes.
        let (manifestURL, standbyFolder, standbyManifestURL) = (manifestURL, standbyFolder, standbyManifestURL)
        let (recorded, standbyAsFound) = try Concurrently.both({ SiteManifest.read(manifestURL) },
                                                               { StandbySite(folder: standbyFolder, manifestURL: standbyManifestURL) })
        let previous = recorded.flatMap { $0.root == liveRoot ? $0 : nil }
        var standby = standbyAsFound
        // A month recorded with the same inputs is settled: its live files are taken to be the
        // ones published then, and its jobs are not even made. The whole-site pages, a handful,
        // are always checked file by file.
        var settled: [String: SiteManifest.Group] = [:]
        var changing: [SiteGroup] = []
        for group in groups {
            if !recheckEveryFile, group.key != SiteGroup.wholeSiteKey, let record = previous?.groups[group.key], record.inputs == group.inputs {
                settled[group.key] = record
            } else {
                changing.append(group)
            }
        }
        var summary = Summary(unchanged: settled.values.reduce(0) { $0 + $1.count }, briefs: entries.count)
        // Links to ids of other pages, the first of each kind (a page may link to an id of another page).
        var fragments: [String: SiteCheck.FragmentLink] = [:]
        var renderedPaths = Set<String>()
        var problems: [String] = []
        // The paths of each changing group, known once the group is published or a page links
        // into it; the jobs made for a link, kept until their group is published.
        let changingByKey = Dictionary(uniqueKeysWithValues: changing.map { ($0.key, $0) })
        var pathsOf: [String: Set<String>] = [:]
        var jobsAhead: [String: [SiteJob]] = [:]
        func siteHas(_ path: String) -> Bool {
            let key = SiteLayout.group(of: path)
            if let record = settled[key] { return record.contains(path) }
            guard let group = changingByKey[key] else { return false }
            if pathsOf[key] == nil {
                let jobs = group.jobs()
                jobsAhead[key] = jobs
                pathsOf[key] = Set(jobs.map(\.path))
            }
            return pathsOf[key]!.contains(path)
        }
        // The new record of each changing group, and the old one when every old file is known;
        // the live files kept.
        var newRecords: [String: SiteManifest.Group] = [:]
        var oldRecords: [String: SiteManifest.Group] = [:]
        var oldRecordsKnown = previous != nil
        var removed: [String] = []
        var kept: [(path: String, identity: String)] = []
        // Paths as strings: building tens of thousands of `URL`s costs more than the file system.
        let livePrefix = siteFolder.path + "/"
        do {
            for (index, group) in changing.enumerated() {
                if index == changing.count / 2 { FaultPoint.reach("half-staged") }
                let jobs = jobsAhead.removeValue(forKey: group.key) ?? group.jobs()
                if pathsOf[group.key] == nil { pathsOf[group.key] = Set(jobs.map(\.path)) }
                if jobs.contains(where: { $0.kind == .sitemapIndex }) { summary.wroteSitemap = true }
                standby.load(group.key)
                let previousRecord = previous?.groups[group.key]
                let previousPages = previousRecord?.pages ?? [:]
                var pages: [String: SiteManifest.Page] = [:]
                var oldLive: [String: SiteManifest.Page] = [:]
                let liveIdentities = Concurrently.map(jobs.map(\.path)) { FileIdentity.of(livePrefix + $0) }
                // Fresh: same inputs as last time, and the live file is still the one published then.
                let fresh = jobs.indices.map { previousPages[jobs[$0].path] == SiteManifest.Page(inputs: jobs[$0].inputs, identity: liveIdentities[$0]) }
                let batches = stride(from: 0, to: jobs.count, by: Self.batchSize).map { $0..<min($0 + Self.batchSize, jobs.count) }
                // Each batch is rendered on the workers while the one before it is placed here.
                var ahead = batches.first.map { renderAhead(Array(jobs[$0]), skipping: Array(fresh[$0])) }
                defer { _ = try? ahead?.pages() }
                for (number, range) in batches.enumerated() {
                    guard problems.count < Self.maxProblems, let current = ahead else { break }
                    let rendered = try current.pages()
                    ahead = batches.indices.contains(number + 1)
                        ? renderAhead(Array(jobs[batches[number + 1]]), skipping: Array(fresh[batches[number + 1]])) : nil
                    let (batch, identities) = (Array(jobs[range]), Array(liveIdentities[range]))
                    for (offset, job) in batch.enumerated() {
                        let liveIdentity = identities[offset]
                        if liveIdentity != "missing" {
                            oldLive[job.path] = SiteManifest.Page(inputs: previousPages[job.path]?.inputs ?? "", identity: liveIdentity)
                        }
                        func keep() {
                            kept.append((job.path, liveIdentity))
                            pages[job.path] = SiteManifest.Page(inputs: job.inputs, identity: liveIdentity)
                            summary.unchanged += 1
                        }
                        guard let page = rendered[offset] else {
                            keep()
                            continue
                        }
                        summary.rendered += 1
                        renderedPaths.insert(job.path)
                        problems += page.problems
                        if let report = page.report {
                            let links = check.links(of: job.path, report: report, exists: siteHas)
                            problems += links.problems
                            for link in links.fragments where fragments["\(link.target)#\(link.fragment)"] == nil {
                                fragments["\(link.target)#\(link.fragment)"] = link
                            }
                        }
                        if liveIdentity != "missing", FileManager.default.contents(atPath: livePrefix + job.path) == page.data {
                            keep()
                        } else {
                            try standby.open()
                            pages[job.path] = SiteManifest.Page(inputs: job.inputs, identity: try standby.write(job.path, page.data))
                            summary.written.append(job.path)
                        }
                    }
                }
                // What the old live files of the group were: the ones found, and those the new site no longer has.
                newRecords[group.key] = SiteManifest.Group(inputs: group.inputs, pages: pages)
                let gone = previousRecord?.paths.filter { pages[$0] == nil } ?? []
                removed += gone
                for path in gone { oldLive[path] = SiteManifest.Page(inputs: "", identity: "removed") }
                if let previousRecord, oldLive.count == previousRecord.count {
                    oldRecords[group.key] = SiteManifest.Group(inputs: previousRecord.inputs, pages: oldLive)
                } else if previousRecord != nil || !oldLive.isEmpty {
                    // Old files not in the record (or recorded but gone): put there by hand.
                    oldRecordsKnown = false
                }
            }
        } catch {
            if let error = error as? TemplateError { throw PipelineError.setup("template: \(error)") }
            if let error = error as? PipelineError { throw error }
            throw PipelineError.output("cannot write the new site in \(standbyFolder.path): \(error.localizedDescription)")
        }
        // Links to ids of other pages: a page rendered now is read back from where it was placed.
        let written = Set(summary.written)
        var idsOf: [String: Set<String>] = [:]
        problems += check.fragmentProblems(fragments.values.sorted { ($0.target, $0.fragment) < ($1.target, $1.fragment) }) { target in
            guard renderedPaths.contains(target) else { return nil }
            if let ids = idsOf[target] { return ids }
            let file = (written.contains(target) ? standbyFolder : siteFolder).appendingPathComponent(target)
            let html = (try? HTMLValidator.readPage(atPath: file.path).get()) ?? ""
            let ids = check.inspect(SiteFile(path: target, kind: .page, contents: html)).report?.ids ?? []
            idsOf[target] = ids
            return ids
        }
        guard problems.isEmpty else { throw PipelineError.siteValidation(Array(problems.prefix(Self.maxProblems))) }

        // Whole groups the new site no longer has (every month's briefs removed).
        if let previous {
            for (key, record) in previous.groups where settled[key] == nil && changingByKey[key] == nil {
                removed += record.paths
                oldRecords[key] = SiteManifest.Group(inputs: record.inputs,
                                                     pages: record.pages.mapValues { _ in SiteManifest.Page(inputs: "", identity: "removed") })
            }
        } else {
            removed = liveFiles().filter { !(pathsOf[SiteLayout.group(of: $0)]?.contains($0) ?? false) }
        }
        summary.removed = removed.sorted()
        var live = SiteManifest(root: liveRoot, groups: settled.merging(newRecords) { $1 })
        guard summary.changed else {
            if previous != live { try live.write(to: manifestURL) }
            return summary
        }
        do {
            try standby.open()
            // The standby's copy of a settled group is brought to the live one, unless it already is.
            var keptPaths = pathsOf
            for (key, record) in settled where standby.records[key].map({ !$0.holdsSameFiles(as: record) }) ?? true {
                standby.load(key)
                keptPaths[key] = Set(record.paths)
                for (path, page) in record.pages { kept.append((path, page.identity)) }
            }
            for key in standby.records.keys where settled[key] == nil { standby.load(key) }
            for (path, identity) in kept { try standby.link(path, to: livePrefix + path, identity: identity) }
            try standby.remove { keptPaths[SiteLayout.group(of: $0)]?.contains($0) ?? false }
            standby.flush()
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError.output("cannot write the new site in \(standbyFolder.path): \(error.localizedDescription)")
        }
        FaultPoint.reach("staged")
        try AtomicFolder.replace(siteFolder, with: standbyFolder, keepingOld: true) { FaultPoint.reach("swapped") }
        FileTree.flush(output.path)
        live.root = FileIdentity.ofFolder(siteFolder.path)
        // The old live site is the standby now; without a trusted record of each of its groups (a
        // first publish, or a live folder changed by hand), the standby is made anew from the new site.
        if oldRecordsKnown {
            let old = SiteManifest(root: FileIdentity.ofFolder(standbyFolder.path), groups: settled.merging(oldRecords) { $1 })
            let newLive = live
            _ = try Concurrently.both({ try newLive.write(to: manifestURL) }, { try old.write(to: standbyManifestURL) })
        } else {
            try live.write(to: manifestURL)
            try mirror(live)
        }
        return summary
    }

    /// Makes the standby a copy of the live site that shares its files (hard links).
    private func mirror(_ live: SiteManifest) throws {
        var standby = StandbySite(folder: standbyFolder, manifestURL: standbyManifestURL)
        try standby.open()
        let livePrefix = siteFolder.path + "/"
        for key in live.groups.keys.sorted() {
            for (path, page) in live.groups[key]!.pages.sorted(by: { $0.key < $1.key }) {
                try standby.link(path, to: livePrefix + path, identity: page.identity)
            }
        }
        // Tens of thousands of new links: one flush of everything rather than one per folder.
        sync()
        try SiteManifest(root: FileIdentity.ofFolder(standbyFolder.path), groups: live.groups).write(to: standbyManifestURL)
    }

    /// Renders and checks the jobs of `batch` not marked in `skipping`, on every core.
    /// Starts `renderAndCheck` of `batch` on the workers and returns at once.
    private func renderAhead(_ batch: [SiteJob], skipping: [Bool]) -> PendingBatch {
        let pending = PendingBatch()
        let jobs = UncheckedJobs(jobs: batch)
        DispatchQueue.global().async(group: pending.done) {
            pending.result = Result { try renderAndCheck(jobs.jobs, skipping: skipping) }
        }
        return pending
    }

    private func renderAndCheck(_ batch: [SiteJob], skipping: [Bool]) throws -> [RenderedPage?] {
        let results = BatchResults(count: batch.count)
        let pending = batch.indices.filter { !skipping[$0] }
        let jobs = UncheckedJobs(jobs: batch)
        DispatchQueue.concurrentPerform(iterations: pending.count) { position in
            let index = pending[position]
            let job = jobs.jobs[index]
            do {
                let file = SiteFile(path: job.path, kind: job.kind, contents: try job.render())
                let (problems, report) = check.inspect(file)
                results.set(index, .success(RenderedPage(data: Data(file.contents.utf8), problems: problems, report: report)))
            } catch {
                results.set(index, .failure(error))
            }
        }
        return try results.values.map { try $0?.get() }
    }

    /// What killed publishes and earlier versions left beside the site: staging folders, the
    /// temporary files of a manifest being written (`..site-manifest.PID.tmp`: under the
    /// publish lock, no other publish is writing one), and the JSON manifest, replaced by the
    /// standby and `.site-manifest`.
    private func removeLeftovers() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []
        func isManifestBeingWritten(_ name: String) -> Bool {
            (name.hasPrefix("..site-manifest.") || name.hasPrefix("..site-standby-manifest.")) && name.hasSuffix(".tmp")
        }
        for name in names where name.hasPrefix(".site-staging-") || name == ".site-manifest.json" || isManifestBeingWritten(name) {
            try? FileManager.default.removeItem(at: output.appendingPathComponent(name))
        }
    }

    /// Paths of the live site's files, from its root.
    private func liveFiles() -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: siteFolder.path) else { return [] }
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            if enumerator.fileAttributes?[.type] as? FileAttributeType == .typeRegular { paths.append(path) }
        }
        return paths
    }
}

/// A batch being rendered on the workers.
private final class PendingBatch: @unchecked Sendable {
    let done = DispatchGroup()
    /// Set by the worker before it leaves `done`.
    var result: Result<[RenderedPage?], any Error>?

    /// The batch's pages once rendered (its error, if any).
    func pages() throws -> [RenderedPage?] {
        done.wait()
        return try result!.get()
    }
}

/// A rendered page: its bytes, its defects and what the link check needs.
private struct RenderedPage {
    var data: Data
    var problems: [String]
    var report: PageReport?
}

/// Jobs handed to the workers of one batch: each worker runs only its own job.
private struct UncheckedJobs: @unchecked Sendable {
    let jobs: [SiteJob]
}

/// The results of one batch, filled by its workers.
private final class BatchResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<RenderedPage, any Error>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<RenderedPage, any Error>) {
        lock.withLock { results[index] = result }
    }

    var values: [Result<RenderedPage, any Error>?] { lock.withLock { results } }
}

/// Briefs read for the pages being rendered; the most recent few are kept, since consecutive
/// pages share them (a brief, its diff page, the next day's pages). A brief read with its charts
/// also serves requests without; one read whole also serves a summary. Safe to use from the
/// workers: a brief two of them ask for at once is read once, the second waiting for the first.
private final class DocumentCache: @unchecked Sendable {
    /// One brief, read or being read.
    private final class Slot: @unchecked Sendable {
        let lock = NSLock()
        var document: BriefDocument?
        var charts = false
    }

    private let lock = NSLock()
    private let output: URL
    private var slots: [String: Slot] = [:]
    private var order: [String] = []
    /// A batch of a month's pages reads about 33 briefs.
    private let capacity = 48
    /// Summaries, for pages listing many briefs: an asset's page lists 96, a month 93.
    private var summaries: [String: BriefSummary] = [:]
    private var summaryOrder: [String] = []
    private let summaryCapacity = 512

    init(output: URL) { self.output = output }

    func load(_ asset: Asset, _ day: Day, charts: Bool) throws -> BriefDocument {
        let key = "\(asset)/\(day)"
        let slot = lock.withLock {
            if let slot = slots[key] { return slot }
            let slot = Slot()
            slots[key] = slot
            order.append(key)
            if order.count > capacity { slots[order.removeFirst()] = nil }
            return slot
        }
        return try slot.lock.withLock {
            if let document = slot.document, slot.charts || !charts { return document }
            // No page shows the claims: they are not decoded.
            let document = try BriefArchive.load(asset: asset, day: day, output: output, charts: charts, claims: false)
            (slot.document, slot.charts) = (document, charts)
            return document
        }
    }

    func summary(_ asset: Asset, _ day: Day) throws -> BriefSummary {
        let key = "\(asset)/\(day)"
        if let cached = lock.withLock({ summaries[key] }) { return cached }
        if let slot = lock.withLock({ slots[key] }), let document = slot.lock.withLock({ slot.document }) { return BriefSummary(document) }
        let summary = try BriefArchive.loadSummary(asset: asset, day: day, output: output)
        lock.withLock {
            if summaries.updateValue(summary, forKey: key) == nil { summaryOrder.append(key) }
            if summaryOrder.count > summaryCapacity { summaries[summaryOrder.removeFirst()] = nil }
        }
        return summary
    }
}

private func lstatMode(_ path: String) -> mode_t? {
    var info = stat()
    return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
}

private func exists(_ path: String) -> Bool { lstatMode(path) != nil }
private func isLink(_ path: String) -> Bool { lstatMode(path) == S_IFLNK }
private func isFolder(_ path: String) -> Bool { lstatMode(path) == S_IFDIR }
