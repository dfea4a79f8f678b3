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

    /// The day to write a brief for when none is given: the sample's featured day when the
    /// store is the bundled sample's, otherwise the latest stored day up to today.
    public static func defaultDay(store: MetricStore, sample: SampleData?) throws -> Day {
        guard let latest = try store.latestDay(onOrBefore: Clock.today()) else {
            throw PipelineError.noData("the store is empty; import data with `marketbrief import FILE...`")
        }
        return sample?.featuredDay ?? latest
    }

    /// Refuses a history holding the bundled sample beside other data (a store an older
    /// marketbrief filled with both): a brief must not mix them. Checked on the history briefs
    /// are made from, which is read anyway, rather than by listing every source of the store:
    /// that scan grew with the store (about half of a `generate` at 10 years).
    public static func refuseMixedSources(_ history: History, store: MetricStore) throws {
        let sources = history.sources
        let sample = sources.filter { $0.hasPrefix(SampleData.sourcePrefix + ":") }
        if !sample.isEmpty, sample.count < sources.count {
            throw PipelineError.setup("\(store.path) holds the bundled illustrative sample beside other data (an older "
                + "marketbrief imported it there); a brief must not mix them: remove it with `marketbrief data --remove 'sample:*'`")
        }
    }
}
