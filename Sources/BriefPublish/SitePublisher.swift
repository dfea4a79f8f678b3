import BriefCore
import BriefPipeline
import BriefRender
import BriefValidate
import Foundation

/// Builds `OUT/site` from the `brief.json` files under `OUT/briefs`.
///
/// Pages are rendered, checked and staged one at a time beside the live site
/// (`OUT/.site-staging-PID`), then swapped in with one atomic exchange of the two folders, so a
/// reader, or a process killed at any moment, sees the old site or the new one, whole. A file
/// whose bytes do not change is hard-linked from the live site, not rewritten, so its
/// modification time stays; a page whose inputs (its briefs, the templates, the program) have
/// the fingerprint recorded at the last publish in `OUT/.site-manifest.json`, and whose live
/// file is still the one published then (same inode, size and time), is not even rendered. Such a page was checked when it was made, and every page it links to exists as
/// long as its inputs do. A lock file stops two publishes from overlapping.
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
    /// Pages rendered and checked together, on every core, before they are staged in order.
    static let batchSize = 64

    private let output: URL
    private let renderer: BriefRenderer
    private let base: String
    private let check = SiteCheck(briefSectionIDs: BriefSections.ids)

    /// Loads the templates of `templates`; their contents and this program's build are part of
    /// every page's fingerprint.
    public init(output: URL, templates: URL) throws {
        self.output = output.standardizedFileURL
        do {
            renderer = try BriefRenderer(templatesDirectory: templates.path)
        } catch let error as TemplateError {
            throw PipelineError.setup("template: \(error)")
        }
        var text = FileIdentity.of(URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path)
        let files = FileManager.default.enumerator(atPath: templates.path)?.compactMap { $0 as? String }.sorted() ?? []
        for name in files where name.hasSuffix(".mustache") {
            text += "\n" + name + "\n" + (FileManager.default.contents(atPath: templates.appendingPathComponent(name).path)
                .map { String(decoding: $0, as: UTF8.self) } ?? "")
        }
        base = Fingerprint.of(text)
    }

    /// The live site.
    public var siteFolder: URL { output.appendingPathComponent("site", isDirectory: true) }

    private var manifestURL: URL { output.appendingPathComponent(".site-manifest.json") }

    /// Publishes; throws, leaving the live site as it was, on any defect or failure.
    /// `baseURL` (absolute, ending in `/`) makes the feed's links absolute and enables the sitemap.
    @discardableResult
    public func publish(baseURL: String?) throws -> Summary {
        let lock = try PublishLock(folder: output)
        defer { lock.release() }
        removeLeftovers()

        let entries = BriefArchive.list(output: output).flatMap { asset, days in
            days.map { SiteEntry(asset: asset, day: $0, fingerprint: FileIdentity.of(BriefArchive.url(asset: asset, day: $0, output: output).path)) }
        }
        guard !entries.isEmpty else {
            throw PipelineError.noData("no briefs under \(output.appendingPathComponent("briefs").path); "
                + "write some with `marketbrief generate` or `marketbrief backfill` first")
        }
        let documents = DocumentCache(output: output)
        let jobs = renderer.siteJobs(entries, baseURL: baseURL, base: base, load: documents.load)
        let previous = SiteManifest.read(manifestURL)
        var summary = Summary(briefs: entries.count, wroteSitemap: jobs.contains { $0.kind == .sitemap })
        let staging = output.appendingPathComponent(".site-staging-\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
        // Links to ids of other pages, the first of each kind (every page links to index.html#archive).
        var fragments: [String: SiteCheck.FragmentLink] = [:]
        var renderedPaths = Set<String>()
        var problems: [String] = []
        let paths = Set(jobs.map(\.path))
        // Each page's inputs and the identity of its staged file (kept by the swap).
        var manifest: [String: String] = [:]
        do {
            var folders = Set<String>()
            var start = 0
            while start < jobs.count, problems.count < Self.maxProblems {
                let batch = Array(jobs[start..<min(start + Self.batchSize, jobs.count)])
                if start <= jobs.count / 2, jobs.count / 2 < start + batch.count { FaultPoint.reach("half-staged") }
                start += batch.count
                // Fresh: same inputs as last time, and the live file is still the one published then.
                let fresh = batch.map { job in
                    previous[job.path] == job.inputs + " " + FileIdentity.of(siteFolder.appendingPathComponent(job.path).path)
                }
                let rendered = try renderAndCheck(batch, skipping: fresh)
                for (offset, job) in batch.enumerated() {
                    let live = siteFolder.appendingPathComponent(job.path)
                    let target = staging.appendingPathComponent(job.path)
                    let folder = target.deletingLastPathComponent().path
                    if folders.insert(folder).inserted {
                        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    }
                    defer { manifest[job.path] = job.inputs + " " + FileIdentity.of(target.path) }
                    guard let page = rendered[offset] else {
                        try hardLink(live, target)
                        summary.unchanged += 1
                        continue
                    }
                    summary.rendered += 1
                    renderedPaths.insert(job.path)
                    problems += page.problems
                    if let report = page.report {
                        let links = check.links(of: job.path, report: report, paths: paths)
                        problems += links.problems
                        for link in links.fragments where fragments["\(link.target)#\(link.fragment)"] == nil {
                            fragments["\(link.target)#\(link.fragment)"] = link
                        }
                    }
                    if FileManager.default.contents(atPath: live.path) == page.data {
                        try hardLink(live, target)
                        summary.unchanged += 1
                    } else {
                        try FaultPoint.failIfDiskFull()
                        try page.data.write(to: target)
                        summary.written.append(job.path)
                    }
                }
            }
        } catch {
            try? FileManager.default.removeItem(at: staging)
            if let error = error as? TemplateError { throw PipelineError.setup("template: \(error)") }
            if let error = error as? PipelineError { throw error }
            throw PipelineError.output("cannot write the new site in \(staging.path): \(error.localizedDescription)")
        }
        // Links to ids of other pages: a page rendered now is read back from the staging folder.
        var idsOf: [String: Set<String>] = [:]
        problems += check.fragmentProblems(fragments.values.sorted { ($0.target, $0.fragment) < ($1.target, $1.fragment) }) { target in
            guard renderedPaths.contains(target) else { return nil }
            if let ids = idsOf[target] { return ids }
            let html = FileManager.default.contents(atPath: staging.appendingPathComponent(target).path).map { String(decoding: $0, as: UTF8.self) } ?? ""
            let ids = check.inspect(SiteFile(path: target, kind: .page, contents: html)).report?.ids ?? []
            idsOf[target] = ids
            return ids
        }
        guard problems.isEmpty else {
            try? FileManager.default.removeItem(at: staging)
            throw PipelineError.siteValidation(Array(problems.prefix(Self.maxProblems)))
        }
        summary.removed = liveFiles().filter { !paths.contains($0) }.sorted()
        guard summary.changed else {
            try? FileManager.default.removeItem(at: staging)
            if manifest != previous { try SiteManifest.write(manifest, to: manifestURL) }
            return summary
        }
        // Everything staged reaches the disk before the swap makes it live.
        sync()
        FaultPoint.reach("staged")
        try AtomicFolder.replace(siteFolder, with: staging) { FaultPoint.reach("swapped") }
        try SiteManifest.write(manifest, to: manifestURL)
        return summary
    }

    /// Renders and checks the jobs of `batch` not marked in `skipping`, on every core.
    private func renderAndCheck(_ batch: [SiteJob], skipping: [Bool]) throws -> [RenderedPage?] {
        let results = BatchResults(count: batch.count)
        let pending = batch.indices.filter { !skipping[$0] }
        let jobs = UncheckedJobs(jobs: batch)
        DispatchQueue.concurrentPerform(iterations: pending.count) { position in
            let index = pending[position]
            let job = jobs.jobs[index]
            do {
                let file = SiteFile(path: job.path, kind: job.kind, contents: try renderer.render(job))
                let (problems, report) = check.inspect(file)
                results.set(index, .success(RenderedPage(data: Data(file.contents.utf8), problems: problems, report: report)))
            } catch {
                results.set(index, .failure(error))
            }
        }
        return try results.values.map { try $0?.get() }
    }

    /// Staging folders of publishes that were killed: never live, safe to remove under the lock.
    private func removeLeftovers() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []
        for name in names where name.hasPrefix(".site-staging-") {
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

/// A hard link `target` to `source`: the staged copy of an unchanged file, same inode and time.
private func hardLink(_ source: URL, _ target: URL) throws {
    guard link(source.path, target.path) == 0 else {
        throw PipelineError.output("cannot link \(target.path) to \(source.path): \(String(cString: strerror(errno)))")
    }
}

/// What changes whenever a file is rewritten: its inode, size and modification time.
enum FileIdentity {
    static func of(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "missing" }
        return "\(info.st_ino)-\(info.st_size)-\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }
}

/// Each page's input fingerprint and published file's identity at the last publish, kept
/// beside the site (not in it).
enum SiteManifest {
    static func read(_ url: URL) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: url.path),
              let pages = try? JSONDecoder().decode([String: String].self, from: data) else { return [:] }
        return pages
    }

    static func write(_ pages: [String: String], to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(try encoder.encode(pages), to: url)
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
/// pages share them (a brief, its diff page, the next day's pages). Safe to use from the workers.
private final class DocumentCache: @unchecked Sendable {
    private let lock = NSLock()
    private let output: URL
    private var documents: [String: BriefDocument] = [:]
    private var order: [String] = []
    private let capacity = 128

    init(output: URL) { self.output = output }

    func load(_ asset: Asset, _ day: Day) throws -> BriefDocument {
        let key = "\(asset)/\(day)"
        if let document = lock.withLock({ documents[key] }) { return document }
        let document = try BriefArchive.load(asset: asset, day: day, output: output)
        lock.withLock {
            if documents.updateValue(document, forKey: key) == nil { order.append(key) }
            if order.count > capacity { documents[order.removeFirst()] = nil }
        }
        return document
    }
}
