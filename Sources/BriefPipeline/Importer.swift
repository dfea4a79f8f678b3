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
