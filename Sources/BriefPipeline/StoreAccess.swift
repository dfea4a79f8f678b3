import BriefCore
import BriefStore
import Foundation

/// Opens the store and picks the brief's day.
public enum StoreAccess {
    /// Opens (creating its folder) the database at `path`.
    public static func open(_ path: String) throws -> MetricStore {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            return try MetricStore(path: url.path)
        } catch {
            throw PipelineError.setup("cannot open the database \(path): \(error)")
        }
    }

    /// Opens the database at `path` only to read when this process may not write it or its
    /// folder (no lock file can be made beside it); otherwise as `open`.
    public static func openForReading(_ path: String) throws -> MetricStore {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: path), access(path, W_OK) != 0 || access(folder, W_OK) != 0 else {
            return try open(path)
        }
        do {
            return try MetricStore(readingOnly: path)
        } catch {
            throw PipelineError.setup("cannot open the database \(path) to read: \(error)")
        }
    }

    /// The day to write a brief for when none is given: the sample's featured day while the
    /// store holds only the bundled sample, otherwise the latest stored day.
    public static func defaultDay(store: MetricStore, sample: SampleData?) throws -> Day {
        guard let latest = try store.latestDay() else {
            throw PipelineError.noData("the store is empty; import data with `marketbrief import FILE...`")
        }
        if let sample, try store.sources().allSatisfy({ $0.hasPrefix(SampleData.sourcePrefix + ":") }) {
            return sample.featuredDay
        }
        return latest
    }
}
