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
    /// The largest export file read (whole, into memory): 64 MB. Our own CSV files are streamed
    /// and may be of any size.
    public static let maxFileBytes = 64_000_000

    /// Parses every file; all problems of all files are reported together, and nothing
    /// is returned unless every file is clean.
    /// - Parameters:
    ///   - sourcePrefix: provenance recorded with each value, followed by the file name.
    ///   - latestDay: the last acceptable date (today in UTC); later dates are refused.
    public static func read(_ paths: [String], format: InputFormat = .csv, asset: Asset = .btc,
                            sourcePrefix: String = "file", latestDay: Day) throws(InputError) -> ImportBatch {
        var batch = ImportBatch()
        do {
            try stream(paths, format: format, asset: asset, sourcePrefix: sourcePrefix, latestDay: latestDay,
                       sample: { batch.samples.append($0) }, transfer: { batch.transfers.append($0) })
        } catch let error as InputError {
            throw error
        } catch {
            preconditionFailure("collecting into memory cannot fail: \(error)")
        }
        return batch
    }

    /// Reads every file and hands each value and transfer to `sample` and `transfer` as soon as
    /// it is read (our CSV files in 1 MB chunks, so memory stays flat however large they are).
    /// Once any problem is found nothing more is handed over; all problems of all files are then
    /// thrown together as an `InputError`, so the caller must discard what it was given (an
    /// importer writes inside a transaction it rolls back). Errors thrown by `sample` or
    /// `transfer` stop the reading and are rethrown.
    public static func stream(_ paths: [String], format: InputFormat = .csv, asset: Asset = .btc,
                              sourcePrefix: String = "file", latestDay: Day,
                              sample: (MetricSample) throws -> Void, transfer: (Transfer) throws -> Void) throws {
        var problems: [InputProblem] = []
        var total = 0
        for path in paths {
            let name = (path as NSString).lastPathComponent
            let source = (format == .csv ? sourcePrefix : format.rawValue) + ":" + name
            let deliver = problems.isEmpty
            // The name becomes the values' source, which pages and terminals show: one a brief
            // would refuse to show is refused here, before anything is stored under it.
            if let unfit = PrintableText.unfitness(of: name) ?? (name.contains("\u{FFFD}") ? "bytes that are not UTF-8" : nil) {
                problems.append(InputProblem(file: PrintableText.of(path), line: 0, field: "file name",
                                             reason: "\(unfit); rename the file (its name becomes the source of its values)"))
                total += 1
                continue
            }
            do {
                if format == .csv {
                    try streamCSV(path, source: source, latestDay: latestDay,
                                  sample: deliver ? sample : { _ in }, transfer: deliver ? transfer : { _ in })
                    continue
                }
                let batch = try readWhole(path, format: format, asset: asset, source: source, latestDay: latestDay)
                if deliver {
                    try batch.samples.forEach(sample)
                    try batch.transfers.forEach(transfer)
                }
            } catch let error as InputError {
                problems += error.problems
                total += error.totalCount
            }
        }
        guard problems.isEmpty else { throw InputError(problems: problems, totalCount: total) }
    }

    /// A daily-metrics or transfers CSV, told apart by its first header field.
    private static func streamCSV(_ path: String, source: String, latestDay: Day,
                                  sample: (MetricSample) throws -> Void, transfer: (Transfer) throws -> Void) throws {
        var metrics: MetricsFile.Reader?
        var transfers: TransfersFile.Reader?
        try CSVReader.forEachRecord(atPath: path) { record in
            if metrics == nil, transfers == nil {
                if record.fields.first?.trimmed == TransfersFile.columns[0] {
                    transfers = TransfersFile.Reader(file: path, source: source, latestDay: latestDay)
                } else {
                    metrics = MetricsFile.Reader(file: path, source: source, latestDay: latestDay)
                }
            }
            if metrics != nil {
                for value in try metrics!.take(record) { try sample(value) }
            } else if let value = try transfers!.take(record) {
                try transfer(value)
            }
        }
        if let transfers {
            try transfers.finish()
        } else {
            try (metrics ?? MetricsFile.Reader(file: path, source: source, latestDay: latestDay)).finish()
        }
    }

    /// An export read whole into memory (at most `maxFileBytes`, and `ExportShape`'s lines or
    /// values).
    private static func readWhole(_ path: String, format: InputFormat, asset: Asset, source: String,
                                  latestDay: Day) throws(InputError) -> ImportBatch {
        func problem(_ reason: String) -> InputError {
            InputError(problems: [InputProblem(file: path, line: 0, field: "file", reason: reason)])
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maxFileBytes {
            throw problem("\(size / 1_000_000) MB is more than the \(maxFileBytes / 1_000_000) MB an export file may hold; split it by year")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw problem("cannot be read (missing, a folder, or no permission)")
        }
        if let reason = ExportShape.tooMany(in: data, format: format) { throw problem(reason) }
        var batch = ImportBatch()
        switch format {
        case .csv:
            preconditionFailure("our CSV files are streamed")
        case .farside:
            batch.samples = try FarsideFile.parse([UInt8](data), file: path, asset: asset, source: source, latestDay: latestDay)
        case .whaleAlert:
            batch.transfers = try WhaleAlertFile.parse(data, file: path, source: source, latestDay: latestDay)
        case .coinglass:
            batch.samples = try CoinGlassFile.parse(data, file: path, asset: asset, source: source, latestDay: latestDay)
        case .netflow:
            batch.samples = try NetflowFile.parse([UInt8](data), file: path, asset: asset, source: source, latestDay: latestDay)
        }
        return batch
    }
}
