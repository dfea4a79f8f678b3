import BriefCollect
import BriefCore
import BriefStore
import Foundation

/// collect → store: parses files and stores them in one transaction.
public enum Importer {
    /// Parses every file, then stores everything in one transaction; on any problem nothing is stored.
    @discardableResult
    public static func importFiles(_ paths: [String], into store: MetricStore, sourcePrefix: String = "file",
                                   today: Day = Clock.today()) throws -> MetricStore.SaveSummary {
        let batch: ImportBatch
        do {
            batch = try InputFiles.read(paths, sourcePrefix: sourcePrefix, latestDay: today)
        } catch {
            throw PipelineError.input("\(error.totalCount) problem(s), nothing was stored:\n" + error.description)
        }
        return try store.save(samples: batch.samples, transfers: batch.transfers)
    }

    /// Imports the bundled sample (its files are listed in `manifest.json`).
    @discardableResult
    public static func importSample(_ sample: SampleData, into store: MetricStore) throws -> MetricStore.SaveSummary {
        try importFiles(sample.files.map(\.path), into: store, sourcePrefix: SampleData.sourcePrefix)
    }
}

/// Today's date in UTC, used only to refuse input dates in the future.
public enum Clock {
    public static func today() -> Day {
        Day(ordinal: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}

/// The bundled sample: an illustrative reconstruction of the August 2025 sell-off.
public struct SampleData: Sendable {
    /// Provenance of values imported from the sample.
    public static let sourcePrefix = "sample"
    public let files: [URL]
    /// The day the sample is built around (the crash day).
    public let featuredDay: Day

    private struct Manifest: Decodable {
        var featured_day: String
        var files: [String]
    }

    public init(folder: URL) throws {
        let manifestURL = folder.appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: manifestURL.path),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data),
              let day = Day(manifest.featured_day) else {
            throw PipelineError.setup("\(manifestURL.path): missing or unreadable sample manifest")
        }
        files = manifest.files.map { folder.appendingPathComponent($0) }
        featuredDay = day
    }
}
