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
        try database.read { db in
            try Double.fetchOne(db, sql: "SELECT value FROM metric_value WHERE asset = ? AND day = ? AND metric = ?",
                                arguments: [asset.code, day.description, metric])
        }
    }

    /// The stored values of `metric` for `asset` from `first` to `last`, by day.
    func values(_ metric: String, _ asset: Asset, from first: Day, through last: Day) throws -> [(day: Day, value: Double)] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT day, value FROM metric_value WHERE asset = ? AND metric = ? AND day BETWEEN ? AND ? ORDER BY day
                """, arguments: [asset.code, metric, first.description, last.description])
                .compactMap { row in Day(row["day"] as String).map { ($0, row["value"] as Double) } }
        }
    }

    /// A transfer's coins, USD value and years dormant.
    func transfer(_ id: String) throws -> (amount: Double, usd: Double, dormantYears: Double)? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT amount, usd_value, dormant_years FROM transfer WHERE id = ?", arguments: [id])
                .map { ($0["amount"], $0["usd_value"], $0["dormant_years"]) }
        }
    }
}
