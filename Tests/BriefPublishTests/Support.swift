import BriefCore
import BriefPipeline
import BriefRender
import BriefStore
import Foundation
@testable import BriefPublish

let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let resources = Resources(root: checkout)

/// The sample's briefs of the last three days of July 2025.
let lateJuly = ["2025-07-29", "2025-07-30", "2025-07-31"].flatMap { ["BTC/\($0)", "ETH/\($0)"] }

/// The sample's briefs of August 2025 (BTC and ETH) and `lateJuly`, generated once per test run.
let augustBriefs: URL = {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("marketbrief-august-\(UUID().uuidString)")
    do {
        let store = try MetricStore()
        try Importer.importSample(SampleData(folder: resources.sample), into: store)
        let generator = try BriefGenerator(templates: resources.templates,
                                           thresholds: ThresholdsFile.load(resources.defaultConfig.path))
        _ = try Backfill.run(from: Day("2025-07-29")!, through: Day("2025-08-31")!, assets: [.btc, .eth],
                             store: store, generator: generator, output: folder)
    } catch {
        fatalError("cannot generate the August briefs: \(error)")
    }
    return folder.appendingPathComponent("briefs")
}()

/// A fresh output folder holding the August briefs except `leaving` (and, with `lateJuly`, the
/// last three of July), removed by the caller.
func outputWithBriefs(leaving omitted: Set<String> = [], lateJuly withLateJuly: Bool = false) throws -> URL {
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("marketbrief-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: augustBriefs, to: output.appendingPathComponent("briefs"))
    for brief in omitted.union(withLateJuly ? [] : lateJuly) {
        try FileManager.default.removeItem(at: output.appendingPathComponent("briefs/\(brief)"))
    }
    return output
}

/// Copies one brief (`ASSET/DAY`) of the August set into `output`.
func addBrief(_ brief: String, to output: URL) throws {
    try FileManager.default.copyItem(at: augustBriefs.appendingPathComponent(brief),
                                     to: output.appendingPathComponent("briefs/\(brief)"))
}

func publisher(_ output: URL, templates: URL = resources.templates) throws -> SitePublisher {
    try SitePublisher(output: output, templates: templates)
}

/// The inode of the file or folder at `url`.
func inode(of url: URL) throws -> UInt64 {
    inode(try FileManager.default.attributesOfItem(atPath: url.path))
}

private func inode(_ attributes: [FileAttributeKey: Any]) -> UInt64 {
    (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
}

/// Every file of the site: path → (bytes, inode, modification time).
struct SiteSnapshot: Equatable {
    struct Entry: Equatable {
        var data: Data
        var inode: UInt64
        var modified: Date
    }

    var files: [String: Entry] = [:]

    init(_ site: URL) throws {
        let root = site.resolvingSymlinksInPath().path + "/"
        guard let enumerator = FileManager.default.enumerator(at: site, includingPropertiesForKeys: nil) else { return }
        for case let url as URL in enumerator {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            let path = String(url.resolvingSymlinksInPath().path.dropFirst(root.count))
            files[path] = Entry(data: try Data(contentsOf: url),
                                inode: inode(attributes),
                                modified: attributes[.modificationDate] as? Date ?? .distantPast)
        }
    }

    /// The bytes only: what a reader of the site sees.
    var contents: [String: Data] { files.mapValues(\.data) }
}
