import BriefCollect
import BriefCore
import BriefStore
import Foundation

/// collect → store: parses files and stores them in one transaction.
public enum Importer {
    /// Streams every file into one transaction as it is parsed (parsing on a second thread while
    /// SQLite stores); on any problem the transaction is rolled back and nothing is stored.
    @discardableResult
    public static func importFiles(_ paths: [String], format: InputFormat = .csv, asset: Asset = .btc,
                                   into store: MetricStore, sourcePrefix: String = "file",
                                   today: Day = Clock.today()) throws -> MetricStore.SaveSummary {
        do {
            return try store.save { writer in
                try HandOff.run(produce: { send in
                    try InputFiles.stream(paths, format: format, asset: asset, sourcePrefix: sourcePrefix, latestDay: today,
                                          sample: { try send(.sample($0)) }, transfer: { try send(.transfer($0)) })
                }, consume: { (item: ParsedItem) in
                    switch item {
                    case .sample(let sample): try writer.store(sample)
                    case .transfer(let transfer): try writer.store(transfer)
                    }
                })
            }
        } catch let error as InputError {
            throw PipelineError.input("\(error.totalCount) problem(s), nothing was stored:\n" + error.description)
        }
    }

    /// Imports the bundled sample (its files are listed in `manifest.json`).
    @discardableResult
    public static func importSample(_ sample: SampleData, into store: MetricStore) throws -> MetricStore.SaveSummary {
        try importFiles(sample.files.map(\.path), into: store, sourcePrefix: SampleData.sourcePrefix)
    }

    /// Stores what a collector fetched, in one transaction. A value that disagrees with one
    /// stored earlier from the same source stops the save (nothing is stored) unless `replace`;
    /// the message names `toReplace`, the way to take the new values.
    @discardableResult
    public static func store(_ collected: Collected, into store: MetricStore, replace: Bool,
                             toReplace: String = "rerun with --replace") throws -> MetricStore.SaveSummary {
        if !replace {
            let conflicts = try store.conflicts(with: collected.batch.samples)
            if !conflicts.isEmpty {
                throw PipelineError.collect("\(conflicts.count) value(s) disagree with what the same source gave before; "
                    + "nothing was stored (\(toReplace) to take the new values):\n"
                    + conflicts.prefix(10).map { "  \($0)" }.joined(separator: "\n")
                    + (conflicts.count > 10 ? "\n  … and \(conflicts.count - 10) more" : ""))
            }
        }
        return try store.save(samples: collected.batch.samples, transfers: collected.batch.transfers)
    }
}

/// What the parsing thread hands to the storing one.
private enum ParsedItem: Sendable {
    case sample(MetricSample)
    case transfer(Transfer)
}
