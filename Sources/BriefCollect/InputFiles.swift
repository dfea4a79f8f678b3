import BriefCore
import Foundation

/// What one or more input files hold, ready to store in one transaction.
public struct ImportBatch: Sendable {
    public var samples: [MetricSample] = []
    public var transfers: [Transfer] = []
    public init() {}
}

/// Reads input files of either documented kind, telling them apart by their header.
public enum InputFiles {
    /// Parses every file; all problems of all files are reported together, and nothing
    /// is returned unless every file is clean.
    /// - Parameters:
    ///   - sourcePrefix: provenance recorded with each value, followed by the file name.
    ///   - latestDay: the last acceptable date (today in UTC); later dates are refused.
    public static func read(_ paths: [String], sourcePrefix: String = "file", latestDay: Day) throws(InputError) -> ImportBatch {
        var batch = ImportBatch()
        var problems: [InputProblem] = []
        var total = 0
        for path in paths {
            let source = sourcePrefix + ":" + (path as NSString).lastPathComponent
            guard let data = FileManager.default.contents(atPath: path) else {
                problems.append(InputProblem(file: path, line: 0, field: "file", reason: "cannot be read (missing, a folder, or no permission)"))
                total += 1
                continue
            }
            do {
                let records = try CSVReader.records([UInt8](data), file: path)
                if records.first?.fields.first?.trimmed == TransfersFile.columns[0] {
                    batch.transfers += try TransfersFile.parse(records: records, file: path, source: source, latestDay: latestDay)
                } else {
                    batch.samples += try MetricsFile.parse(records: records, file: path, source: source, latestDay: latestDay)
                }
            } catch {
                problems += error.problems
                total += error.totalCount
            }
        }
        guard problems.isEmpty else { throw InputError(problems: problems, totalCount: total) }
        return batch
    }
}
