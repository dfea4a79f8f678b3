import BriefCore
import BriefStore
import Foundation
@testable import BriefPipeline

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let resources = Resources(root: root)
let crashDay = Day("2025-08-26")!

/// A fresh temporary folder, removed by the caller.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("marketbrief-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func sampleStore(in folder: URL) throws -> MetricStore {
    let store = try MetricStore(path: folder.appendingPathComponent("db.sqlite").path)
    try Importer.importSample(SampleData(folder: resources.sample), into: store)
    return store
}

func generator() throws -> BriefGenerator {
    try BriefGenerator(templates: resources.templates, thresholds: ThresholdsFile.load(resources.defaultConfig.path))
}

/// Imports inline CSV text and generates the brief for `day`.
func brief(metrics: String, transfers: String? = nil, day: Day) throws -> GeneratedBrief {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var files = [folder.appendingPathComponent("daily.csv")]
    try metrics.write(to: files[0], atomically: true, encoding: .utf8)
    if let transfers {
        files.append(folder.appendingPathComponent("transfers.csv"))
        try transfers.write(to: files[1], atomically: true, encoding: .utf8)
    }
    let store = try MetricStore()
    try Importer.importFiles(files.map(\.path), into: store)
    return try generator().generate(asset: .btc, history: store.history(asOf: day))
}

extension GeneratedBrief {
    /// The text brief with its 80-column wrapping undone, for phrase checks.
    var unwrapped: String { text.replacingOccurrences(of: "\n", with: " ") }
}
