import BriefCore
import Foundation
import GRDB

/// Plain SQL reads of the store, for `verify`: opened read-only, shares no code with the analysis.
public struct StoreReader: Sendable {
    private let database: DatabaseQueue

    /// Opens the SQLite file at `path` read-only.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        database = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// The stored value of `metric` for `asset` on `day`.
    func value(_ metric: String, _ asset: Asset, on day: Day) throws -> Double? {
        try values(metric, asset, from: day, through: day).first?.value
    }

    /// The stored values of `metric` for `asset` from `first` to `last`, by day. A value that is
    /// not a number (text such as 'NaN', a blob) or not plausible for the metric is refused,
    /// naming the row, as when `generate` reads it: verify checks a brief against what it could
    /// have been made from.
    func values(_ metric: String, _ asset: Asset, from first: Day, through last: Day) throws -> [(day: Day, value: Double)] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT day, value FROM metric_value WHERE asset = ? AND metric = ? AND day BETWEEN ? AND ? ORDER BY day
                """, arguments: [asset.code, metric, first.description, last.description])
                .map { row in
                    // A row in the range whose day is not one (`2025-08-2x`) is refused, never skipped.
                    guard let day = String.fromDatabaseValue(row["day"] as DatabaseValue).flatMap(Day.init) else {
                        throw StoredValueError(row: "\(asset) \(metric)", value: "\(row["day"] as DatabaseValue)", reason: "not a day")
                    }
                    let stored = row["value"] as DatabaseValue
                    guard let value = Double.fromDatabaseValue(stored) else {
                        throw StoredValueError(row: "\(asset) \(metric) \(day)", value: "\(stored)", reason: "not a number")
                    }
                    if let problem = Metric(name: metric)?.implausibility(of: value) {
                        throw StoredValueError(row: "\(asset) \(metric) \(day)", value: "\(value)", reason: problem)
                    }
                    return (day, value)
                }
        }
    }

    /// A transfer's coins, USD value and years dormant.
    func transfer(_ id: String) throws -> (amount: Double, usd: Double, dormantYears: Double?)? {
        try database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT amount, usd_value, dormant_years FROM transfer WHERE id = ?",
                                             arguments: [id]) else { return nil }
            func number(_ column: String, _ problem: (Double) -> String?) throws -> Double {
                let stored = row[column] as DatabaseValue
                guard let value = Double.fromDatabaseValue(stored) else {
                    throw StoredValueError(row: "transfer \(id) \(column)", value: "\(stored)", reason: "not a number")
                }
                if let problem = problem(value) { throw StoredValueError(row: "transfer \(id) \(column)", value: "\(value)", reason: problem) }
                return value
            }
            return (try number("amount", PlausibleTransfer.amountProblem), try number("usd_value", PlausibleTransfer.usdProblem),
                    (row["dormant_years"] as DatabaseValue).isNull ? nil : try number("dormant_years", PlausibleTransfer.dormantYearsProblem))
        }
    }
}

/// A stored value `verify` cannot check a claim against: text where a number belongs, or a
/// number no import would accept (`store: BTC close_usd 2025-08-20 = 'NaN': not a number`).
public struct StoredValueError: Error, CustomStringConvertible {
    /// The row: asset, metric and day, or a transfer and its column.
    public var row: String
    /// The value as stored.
    public var value: String
    public var reason: String
    public var description: String { "store: \(row) = \(value): \(reason)" }
}
