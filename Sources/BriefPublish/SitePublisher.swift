import BriefCore
import BriefPipeline
import BriefRender
import CSiteSwap
import Foundation

/// Builds `OUT/site` from the `brief.json` files under `OUT/briefs`.
///
/// The new site is rendered and checked in memory, written beside the live one
/// (`OUT/.site-staging-PID`) and swapped in with one atomic exchange of the two folders, so
/// a reader, or a process killed at any moment, sees the old site or the new one, whole.
/// A file whose bytes did not change is hard-linked from the live site, not rewritten, so
/// its modification time stays. A lock file stops two publishes from overlapping.
public struct SitePublisher {
    /// What a publish did.
    public struct Summary: Equatable, Sendable {
        /// Files written anew (new or changed), by path from the site root.
        public var written: [String] = []
        public var unchanged = 0
        /// Files of the old site that the new one no longer has.
        public var removed: [String] = []
        public var briefs = 0
        public var wroteSitemap = false
        public var changed: Bool { !written.isEmpty || !removed.isEmpty }
    }

    private let output: URL
    private let renderer: BriefRenderer
    private let check = SiteCheck(briefSectionIDs: BriefSections.ids)

    public init(output: URL, renderer: BriefRenderer) {
        self.output = output.standardizedFileURL
        self.renderer = renderer
    }

    /// The live site.
    public var siteFolder: URL { output.appendingPathComponent("site", isDirectory: true) }

    /// Publishes; throws, leaving the live site as it was, on any defect or failure.
    /// `baseURL` (absolute, ending in `/`) makes the feed's links absolute and enables the sitemap.
    @discardableResult
    public func publish(baseURL: String?) throws -> Summary {
        let lock = try PublishLock(folder: output)
        defer { lock.release() }
        try removeLeftovers()

        let listed = BriefArchive.list(output: output)
        var documents: [BriefDocument] = []
        for (asset, days) in listed.sorted(by: { $0.key < $1.key }) {
            for day in days { documents.append(try BriefArchive.load(asset: asset, day: day, output: output)) }
        }
        guard !documents.isEmpty else {
            throw PipelineError.noData("no briefs under \(output.appendingPathComponent("briefs").path); "
                + "write some with `marketbrief generate` or `marketbrief backfill` first")
        }
        let files: [SiteFile]
        do {
            files = try renderer.site(of: documents, baseURL: baseURL)
        } catch let error as TemplateError {
            throw PipelineError.setup("template: \(error)")
        }
        let problems = check.problems(in: files)
        guard problems.isEmpty else {
            throw PipelineError.validation(page: "the site", problems: problems)
        }

        var summary = Summary(briefs: documents.count, wroteSitemap: files.contains { $0.kind == .sitemap })
        let live = liveFiles()
        let newPaths = Set(files.map(\.path))
        summary.removed = live.filter { !newPaths.contains($0) }.sorted()
        let unchanged = Set(files.filter { file in
            FileManager.default.contents(atPath: siteFolder.appendingPathComponent(file.path).path) == Data(file.contents.utf8)
        }.map(\.path))
        summary.written = files.map(\.path).filter { !unchanged.contains($0) }
        summary.unchanged = unchanged.count
        guard summary.changed else { return summary }

        let staging = output.appendingPathComponent(".site-staging-\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
        try stage(files, unchanged: unchanged, in: staging)
        try swapIn(staging)
        return summary
    }

    /// Writes the new site into `staging`: unchanged files as hard links to the live ones.
    private func stage(_ files: [SiteFile], unchanged: Set<String>, in staging: URL) throws {
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
            for (index, file) in files.enumerated() {
                if index == files.count / 2 { FaultPoint.reach("half-staged") }
                let target = staging.appendingPathComponent(file.path)
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                if unchanged.contains(file.path) {
                    try manager.linkItem(at: siteFolder.appendingPathComponent(file.path), to: target)
                } else {
                    try Data(file.contents.utf8).write(to: target)
                }
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw PipelineError.output("cannot write the new site in \(staging.path): \(error.localizedDescription)")
        }
        // Everything staged reaches the disk before the swap makes it live.
        sync()
        FaultPoint.reach("staged")
    }

    /// Makes `staging` the live site in one atomic step, then removes the old site.
    private func swapIn(_ staging: URL) throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: siteFolder.path) {
            guard mb_exchange_paths(staging.path, siteFolder.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? manager.removeItem(at: staging)
                throw PipelineError.output("cannot swap \(staging.path) with \(siteFolder.path): \(reason)")
            }
            FaultPoint.reach("swapped")
            try? manager.removeItem(at: staging)
        } else {
            guard rename(staging.path, siteFolder.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? manager.removeItem(at: staging)
                throw PipelineError.output("cannot move \(staging.path) to \(siteFolder.path): \(reason)")
            }
        }
    }

    /// Staging folders of publishes that were killed: never live, safe to remove under the lock.
    private func removeLeftovers() throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []
        for name in names where name.hasPrefix(".site-staging-") {
            try? FileManager.default.removeItem(at: output.appendingPathComponent(name))
        }
    }

    /// Paths of the live site's files, from its root.
    private func liveFiles() -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: siteFolder, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        let root = siteFolder.resolvingSymlinksInPath().path + "/"
        return enumerator.compactMap { item in
            guard let url = item as? URL, (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { return nil }
            let path = url.resolvingSymlinksInPath().path
            return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : nil
        }
    }
}
