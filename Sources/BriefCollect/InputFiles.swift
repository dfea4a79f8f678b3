import BriefCore
import Foundation

/// What one or more input files hold, ready to store in one transaction.
public struct ImportBatch: Sendable {
    public var samples: [MetricSample] = []
    public var transfers: [Transfer] = []
    public init() {}
}

/// The input formats `import` reads (docs/data-format.md).
public enum InputFormat: String, CaseIterable, Sendable {
    /// Our daily-metrics or transfers CSV, told apart by the header.
    case csv
    /// Spot-ETF flows in Farside's table layout.
    case farside
    /// Whale Alert transaction JSON.
    case whaleAlert = "whale-alert"
    /// CoinGlass v4 liquidation JSON.
    case coinglass
    /// Exchange net flows, `date,value`.
    case netflow

    /// Whether the format's rows carry no asset, so one must be named.
    public var needsAsset: Bool { self == .farside || self == .coinglass || self == .netflow }
}

/// Reads input files of the documented kinds.
public enum InputFiles {
    /// The largest file read (each file is parsed in memory): 64 MB, about 600,000 daily rows.
    public static let maxFileBytes = 64_000_000

    /// Parses every file; all problems of all files are reported together, and nothing
    /// is returned unless every file is clean.
    /// - Parameters:
    ///   - sourcePrefix: provenance recorded with each value, followed by the file name.
    ///   - latestDay: the last acceptable date (today in UTC); later dates are refused.
    public static func read(_ paths: [String], format: InputFormat = .csv, asset: Asset = .btc,
                            sourcePrefix: String = "file", latestDay: Day) throws(InputError) -> ImportBatch {
        var batch = ImportBatch()
        var problems: [InputProblem] = []
        var total = 0
        for path in paths {
            let name = (path as NSString).lastPathComponent
            let source = (format == .csv ? sourcePrefix : format.rawValue) + ":" + name
            if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maxFileBytes {
                problems.append(InputProblem(file: path, line: 0, field: "file",
                                             reason: "\(size / 1_000_000) MB is more than the \(maxFileBytes / 1_000_000) MB a file may hold; split it by year"))
                total += 1
                continue
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                problems.append(InputProblem(file: path, line: 0, field: "file", reason: "cannot be read (missing, a folder, or no permission)"))
                total += 1
                continue
            }
            do {
                switch format {
                case .csv:
                    let records = try CSVReader.records([UInt8](data), file: path)
                    if records.first?.fields.first?.trimmed == TransfersFile.columns[0] {
                        batch.transfers += try TransfersFile.parse(records: records, file: path, source: source, latestDay: latestDay)
                    } else {
                        batch.samples += try MetricsFile.parse(records: records, file: path, source: source, latestDay: latestDay)
                    }
                case .farside:
                    batch.samples += try FarsideFile.parse([UInt8](data), file: path, asset: asset, source: source, latestDay: latestDay)
                case .whaleAlert:
                    batch.transfers += try WhaleAlertFile.parse(data, file: path, source: source, latestDay: latestDay)
                case .coinglass:
                    batch.samples += try CoinGlassFile.parse(data, file: path, asset: asset, source: source, latestDay: latestDay)
                case .netflow:
                    batch.samples += try NetflowFile.parse([UInt8](data), file: path, asset: asset, source: source, latestDay: latestDay)
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
