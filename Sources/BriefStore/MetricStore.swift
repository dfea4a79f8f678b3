import BriefCore
import Foundation
import GRDB

/// The history of every metric and transfer, in an SQLite file.
///
/// Values are keyed by (asset, day, metric): storing a value again replaces it, so
/// importing the same file twice changes nothing. Every write is one transaction.
public struct MetricStore: Sendable {
    private let database: any DatabaseWriter

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// Several processes may use one file: writers wait for each other (up to 10 s), and the
    /// schema is set up under an exclusive lock on `PATH.lock`, so two first opens cannot both
    /// create it.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        database = try DatabaseQueue(path: path, configuration: configuration)
        let lock = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw StoreError(reason: "cannot open \(path).lock: \(String(cString: strerror(errno)))") }
        defer { close(lock) }
        flock(lock, LOCK_EX)
        defer { flock(lock, LOCK_UN) }
        try Self.migrator.migrate(database)
    }

    /// An in-memory store, for tests.
    public init() throws {
        database = try DatabaseQueue()
        try Self.migrator.migrate(database)
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: metric values and transfers") { db in
            try db.execute(sql: """
                CREATE TABLE metric_value (
                    asset TEXT NOT NULL,
                    day TEXT NOT NULL,
                    metric TEXT NOT NULL,
                    value REAL NOT NULL,
                    source TEXT NOT NULL,
                    PRIMARY KEY (asset, day, metric)
                ) WITHOUT ROWID;
                CREATE TABLE transfer (
                    id TEXT PRIMARY KEY NOT NULL,
                    time TEXT NOT NULL,
                    day TEXT NOT NULL,
                    asset TEXT NOT NULL,
                    amount REAL NOT NULL,
                    usd_value REAL NOT NULL,
                    dormant_years REAL NOT NULL,
                    action TEXT NOT NULL,
                    rotated_into TEXT,
                    label TEXT NOT NULL,
                    source TEXT NOT NULL
                );
                CREATE INDEX transfer_by_day ON transfer (day);
                """)
        }
        return migrator
    }

    /// What a save changed.
    public struct SaveSummary: Equatable, Sendable {
        /// Values and transfers that were new or different.
        public var changed: Int
        /// Values and transfers already stored exactly so.
        public var unchanged: Int
    }

    /// Stores all samples and transfers in one transaction: all of them, or none on error.
    @discardableResult
    public func save(samples: [MetricSample], transfers: [Transfer]) throws -> SaveSummary {
        try database.write { db in
            var summary = SaveSummary(changed: 0, unchanged: 0)
            let upsertValue = try db.makeStatement(sql: """
                INSERT INTO metric_value (asset, day, metric, value, source) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (asset, day, metric) DO UPDATE SET value = excluded.value, source = excluded.source
                WHERE value IS NOT excluded.value OR source IS NOT excluded.source
                """)
            for sample in samples {
                try upsertValue.execute(arguments: [sample.asset.code, sample.day.description, sample.metric.name, sample.value, sample.source])
                if db.changesCount > 0 { summary.changed += 1 } else { summary.unchanged += 1 }
            }
            let upsertTransfer = try db.makeStatement(sql: """
                INSERT INTO transfer (id, time, day, asset, amount, usd_value, dormant_years, action, rotated_into, label, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET time = excluded.time, day = excluded.day, asset = excluded.asset,
                    amount = excluded.amount, usd_value = excluded.usd_value, dormant_years = excluded.dormant_years,
                    action = excluded.action, rotated_into = excluded.rotated_into, label = excluded.label, source = excluded.source
                WHERE (time, day, asset, amount, usd_value, dormant_years, action, rotated_into, label, source)
                    IS NOT (excluded.time, excluded.day, excluded.asset, excluded.amount, excluded.usd_value,
                            excluded.dormant_years, excluded.action, excluded.rotated_into, excluded.label, excluded.source)
                """)
            for transfer in transfers {
                try upsertTransfer.execute(arguments: [
                    transfer.id, transfer.time, transfer.day.description, transfer.asset.code, transfer.amount,
                    transfer.usdValue, transfer.dormantYears, transfer.action.rawValue, transfer.rotatedInto?.code,
                    transfer.label, transfer.source,
                ])
                if db.changesCount > 0 { summary.changed += 1 } else { summary.unchanged += 1 }
            }
            return summary
        }
    }

    /// A stored value from the same source that a new sample disagrees with.
    public struct Conflict: Equatable, Sendable, CustomStringConvertible {
        public var sample: MetricSample
        public var stored: Double
        public var description: String {
            "\(sample.asset) \(sample.day) \(sample.metric.name): stored \(stored), \(sample.source) now says \(sample.value)"
        }
    }

    /// The samples whose (asset, day, metric) is already stored from the same source with a
    /// different value (beyond rounding noise).
    public func conflicts(with samples: [MetricSample]) throws -> [Conflict] {
        try database.read { db in
            let lookup = try db.makeStatement(sql: "SELECT value FROM metric_value WHERE asset = ? AND day = ? AND metric = ? AND source = ?")
            return try samples.compactMap { sample in
                let arguments: StatementArguments = [sample.asset.code, sample.day.description, sample.metric.name, sample.source]
                guard let stored = try Double.fetchOne(lookup, arguments: arguments) else { return nil }
                let tolerance = 1e-12 * max(1, abs(stored), abs(sample.value))
                return abs(stored - sample.value) > tolerance ? Conflict(sample: sample, stored: stored) : nil
            }
        }
    }

    /// Everything stored up to and including `day` (from `first` on, when given): the history
    /// a brief for that day may see.
    public func history(asOf day: Day, from first: Day? = nil) throws -> History {
        try database.read { db in
            var range = "day <= ?"
            var arguments: StatementArguments = [day.description]
            if let first {
                range += " AND day >= ?"
                arguments += [first.description]
            }
            let samples = try Row.fetchCursor(db, sql: "SELECT asset, day, metric, value, source FROM metric_value WHERE \(range)",
                                              arguments: arguments)
            var decoded: [MetricSample] = []
            while let row = try samples.next() {
                decoded.append(try Self.sample(from: row))
            }
            let transfers = try Row.fetchAll(db, sql: "SELECT * FROM transfer WHERE \(range) ORDER BY time, id", arguments: arguments)
                .map(Self.transfer(from:))
            return History(asOf: day, samples: decoded, transfers: transfers)
        }
    }

    /// How many values and transfers the store holds.
    public func counts() throws -> (values: Int, transfers: Int) {
        try database.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM metric_value") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM transfer") ?? 0)
        }
    }

    /// The latest day with any stored value, `nil` when the store is empty.
    public func latestDay() throws -> Day? {
        try database.read { db in
            try String.fetchOne(db, sql: "SELECT MAX(day) FROM metric_value").flatMap(Day.init)
        }
    }

    /// The distinct sources of all stored values and transfers, sorted.
    public func sources() throws -> [String] {
        try database.read { db in
            try String.fetchAll(db, sql: "SELECT source FROM metric_value UNION SELECT source FROM transfer ORDER BY 1")
        }
    }

    private static func sample(from row: Row) throws -> MetricSample {
        guard let asset = Asset(row["asset"] as String), let day = Day(row["day"] as String),
              let metric = Metric(name: row["metric"] as String) else {
            throw StoreError(reason: "unreadable row in metric_value: \(row)")
        }
        return MetricSample(asset: asset, day: day, metric: metric, value: row["value"], source: row["source"])
    }

    private static func transfer(from row: Row) throws -> Transfer {
        guard let day = Day(row["day"] as String), let asset = Asset(row["asset"] as String),
              let action = Transfer.Action(rawValue: row["action"]) else {
            throw StoreError(reason: "unreadable row in transfer: \(row)")
        }
        return Transfer(id: row["id"], time: row["time"], day: day, asset: asset, amount: row["amount"],
                        usdValue: row["usd_value"], dormantYears: row["dormant_years"], action: action,
                        rotatedInto: (row["rotated_into"] as String?).flatMap(Asset.init), label: row["label"],
                        source: row["source"])
    }
}

/// The store holds something this version cannot read.
public struct StoreError: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
