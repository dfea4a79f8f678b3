import BriefCore
import Foundation
import GRDB

/// The history of every metric and transfer, in an SQLite file.
///
/// Values are keyed by (asset, day, metric): storing a value again replaces it, so
/// importing the same file twice changes nothing. Each venue's open interest and funding
/// has metric names of its own (`oi_coins.okx`), so venues sit side by side. Every write is one transaction.
public struct MetricStore: Sendable {
    private let database: any DatabaseWriter

    /// The database file (`:memory:` for a store in memory).
    public var path: String { database.path }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// Several processes may use one file: writers wait for each other (up to 10 s), and the
    /// schema is set up under an exclusive lock on `PATH.lock`, so two first opens cannot both
    /// create it.
    public init(path: String, lockTimeout: TimeInterval = 60) throws {
        try Self.requireOwnFiles(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Statement journals (an upsert keeps one to undo a failed statement) in memory: in
            // a temporary file they cost a write per stored value.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        database = try DatabaseQueue(path: path, configuration: configuration)
        let who = { (holder: String?) in holder.map { "another marketbrief process (pid \($0))" } ?? "another marketbrief process" }
        let lock: FileLock
        do {
            lock = try FileLock(path: path + ".lock", timeout: lockTimeout, describe: who)
        } catch let held as FileLock.Held {
            throw StoreError(reason: "\(who(held.holder)) has held \(path).lock for \(Int(lockTimeout)) s; giving up (is it stuck?)")
        } catch {
            throw StoreError(reason: "\(error)")
        }
        defer { lock.release() }
        try database.read { db in try Self.checkOwnership(db, path: path) }
        do {
            try Self.migrator.migrate(database)
        } catch let error as DatabaseError {
            // A store whose migrations were rewritten by hand: SQLite's own words, and what to do.
            throw StoreError(reason: "\(path) cannot be brought up to date (\(error.message ?? "\(error.resultCode)")): "
                + "its tables are not as marketbrief left them; restore it from a backup, or give --db a new file")
        }
        try database.read { db in try Self.checkSchema(db, path: path) }
    }

    /// What the migrations make, read from a store they just made: each table's columns (name,
    /// type, not null, default, key) and each index's statement.
    private static let expectedSchema: (columns: [String: [String]], indexes: [String: String]) = {
        let fresh = try! DatabaseQueue()
        try! migrator.migrate(fresh)
        return try! fresh.read { db in (try columns(db), try indexes(db)) }
    }()

    private static let ownTables = ["metric_value", "transfer"]

    private static func columns(_ db: Database) throws -> [String: [String]] {
        try Dictionary(uniqueKeysWithValues: ownTables.map { table in
            (table, try Row.fetchAll(db, sql: "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid",
                                     arguments: [table]).map { "\($0)" })
        })
    }

    private static func indexes(_ db: Database) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
            .map { ($0["name"] as String, ($0["sql"] as String).split(whereSeparator: \.isWhitespace).joined(separator: " ")) })
    }

    /// Refuses a store whose tables were changed by another program where marketbrief relies on
    /// them: a trigger or a view (a trigger could delete on every insert), a table without its
    /// primary key (duplicate rows of a day that `generate` and `verify` read differently), a
    /// column added, dropped or retyped, a constraint of another program's (a check, a collation
    /// that makes two ids one, a reference to a table that is not there), a unique index of its
    /// own, or an index the queries name that is gone or changed.
    private static func checkSchema(_ db: Database, path: String) throws {
        func refuse(_ what: String) -> StoreError {
            StoreError(reason: "\(path): \(what); the store is not as marketbrief left it (restore it from a backup, or give --db a new file)")
        }
        if let other = try Row.fetchOne(db, sql: "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY name") {
            throw refuse("it holds the \(other["type"] as String) \(PrintableText.of(other["name"] as String? ?? "")), which marketbrief never makes")
        }
        for (table, key) in [("metric_value", ["asset", "day", "metric"]), ("transfer", ["id"])] {
            let columns = try Row.fetchAll(db, sql: "SELECT name, pk FROM pragma_table_info(?)", arguments: [table])
            let primary = Set(columns.filter { ($0["pk"] as Int) > 0 }.map { $0["name"] as String })
            guard primary == Set(key) else { throw refuse("the table \(table) has lost its primary key (\(key.joined(separator: ", ")))") }
        }
        let expected = expectedSchema
        for (table, columns) in try columns(db).sorted(by: { $0.key < $1.key }) where columns != expected.columns[table] {
            throw refuse("the columns of the table \(table) are not marketbrief's")
        }
        for table in ownTables {
            let definition = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table]) ?? ""
            if let word = ["CHECK", "COLLATE", "REFERENCES"].first(where: { definition.uppercased().contains($0) }) {
                throw refuse("the table \(table) has a \(word) clause, which marketbrief never writes")
            }
            if let unique = try String.fetchOne(db, sql: "SELECT name FROM pragma_index_list(?) WHERE \"unique\" AND origin <> 'pk'", arguments: [table]) {
                throw refuse("the table \(table) has the unique index \(PrintableText.of(unique)), which marketbrief never makes")
            }
        }
        let indexes = try indexes(db)
        for (name, statement) in expected.indexes.sorted(by: { $0.key < $1.key }) where indexes[name] != statement {
            throw refuse(indexes[name] == nil ? "the index \(name) is missing" : "the index \(name) is not the one marketbrief made")
        }
    }

    /// Refuses a symbolic link in place of the store or of a file SQLite keeps beside it (its
    /// journal), which SQLite would open through the link and write outside the store's folder,
    /// and anything else but a regular file there (a FIFO would block SQLite's open forever).
    private static func requireOwnFiles(_ path: String) throws {
        for name in [path, path + "-journal", path + "-wal", path + "-shm"] {
            var info = stat()
            guard lstat(name, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                continue
            case S_IFLNK:
                throw StoreError(reason: "\(name) is a symbolic link; a store and its journal must be files of their own "
                    + "(remove the link, or give --db the real path)")
            default:
                throw StoreError(reason: "\(name) is not a regular file (a FIFO, a device or a folder); a store and its journal "
                    + "must be files of their own (remove it, or give --db another path)")
            }
        }
    }

    /// marketbrief's `PRAGMA application_id` ("MBST").
    static let applicationID: Int32 = 0x4D42_5354

    /// Refuses another program's SQLite file (a foreign `application_id`, or tables of its own in a
    /// file that has none of ours) and a store migrated by a newer marketbrief.
    private static func checkOwnership(_ db: Database, path: String) throws {
        let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
        let ours: Set<String> = ["grdb_migrations", "metric_value", "transfer", "metric_value_by_day"]
        if id != applicationID && (id != 0 || !tables.isSubset(of: ours) || (!tables.isEmpty && !tables.contains("grdb_migrations"))) {
            throw StoreError(reason: "\(path) is not a marketbrief store (another program's SQLite file); "
                + "give --db a new file or one marketbrief made")
        }
        if tables.contains("grdb_migrations"), try migrator.hasBeenSuperseded(db) {
            throw StoreError(reason: "\(path) was made by a newer marketbrief; use that version (this one would misread it)")
        }
    }

    /// Opens the store at `path` only to read, for a process that may not write it (a store
    /// shared read-only): no lock file beside it, no schema change. The store must be ours and
    /// up to date.
    public init(readingOnly path: String) throws {
        try Self.requireOwnFiles(path)
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let database = try DatabaseQueue(path: path, configuration: configuration)
        try database.read { db in
            try Self.checkOwnership(db, path: path)
            guard try Self.migrator.hasCompletedMigrations(db) else {
                throw StoreError(reason: "\(path) was made by an older marketbrief, or its record of migrations was changed; "
                    + "open it once with write access to bring it up to date (or to be told what is wrong)")
            }
            try Self.checkSchema(db, path: path)
        }
        self.database = database
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
        migrator.registerMigration("v2: metric values keyed by day first") { db in
            // Files run by day, so day-first keys make an import append to the end of the
            // table (measured 11% faster), and a history is one range of the key.
            try db.execute(sql: """
                CREATE TABLE metric_value_by_day (
                    asset TEXT NOT NULL,
                    day TEXT NOT NULL,
                    metric TEXT NOT NULL,
                    value REAL NOT NULL,
                    source TEXT NOT NULL,
                    PRIMARY KEY (day, asset, metric)
                ) WITHOUT ROWID;
                INSERT INTO metric_value_by_day SELECT asset, day, metric, value, source FROM metric_value;
                DROP TABLE metric_value;
                ALTER TABLE metric_value_by_day RENAME TO metric_value;
                """)
        }
        migrator.registerMigration("v3: marked as a marketbrief store") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
        }
        migrator.registerMigration("v4: the values records are measured against, by size") { db in
            // One partial index a record metric: its rows only, so an import of the others pays nothing.
            for metric in History.recordMetrics {
                try db.execute(sql: """
                    CREATE INDEX \(recordIndex(metric)) ON metric_value (asset, value, day) WHERE metric = '\(metric.name)'
                    """)
            }
        }
        migrator.registerMigration("v5: open interest and funding kept per venue") { db in
            // Collected figures were stored under one name whatever the venue, so a second venue
            // replaced the first's; each now moves under its venue's name (oi_coins.binance).
            // Imported files keep the plain names. Plain SQL: a shipped migration never changes.
            for (venue, pattern) in [("binance", "binance:*"), ("binance", "binance-archive:*"), ("okx", "okx:*")] {
                try db.execute(sql: """
                    UPDATE metric_value SET metric = metric || '.' || ?
                    WHERE metric IN ('funding_rate', 'funding_interval_h', 'oi_coins', 'oi_usd') AND source GLOB ?
                    """, arguments: [venue, pattern])
            }
        }
        migrator.registerMigration("v6: a transfer's dormancy may be unknown") { db in
            // Whale Alert's exports do not say how long coins were dormant: stored as 0 before,
            // which read as "not dormant"; now NULL, read as unknown.
            try db.execute(sql: """
                CREATE TABLE transfer_v6 (
                    id TEXT PRIMARY KEY NOT NULL,
                    time TEXT NOT NULL,
                    day TEXT NOT NULL,
                    asset TEXT NOT NULL,
                    amount REAL NOT NULL,
                    usd_value REAL NOT NULL,
                    dormant_years REAL,
                    action TEXT NOT NULL,
                    rotated_into TEXT,
                    label TEXT NOT NULL,
                    source TEXT NOT NULL
                );
                INSERT INTO transfer_v6 SELECT id, time, day, asset, amount, usd_value,
                    CASE WHEN dormant_years = 0 AND source GLOB 'whale-alert:*' THEN NULL ELSE dormant_years END,
                    action, rotated_into, label, source FROM transfer;
                DROP TABLE transfer;
                ALTER TABLE transfer_v6 RENAME TO transfer;
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
        /// Each asset's earliest day with a new or different value or transfer: the briefs
        /// from that day on read what changed.
        public var earliestChange: [Asset: Day] = [:]
    }

    /// Stores all samples and transfers in one transaction: all of them, or none on error.
    @discardableResult
    public func save(samples: [MetricSample], transfers: [Transfer]) throws -> SaveSummary {
        try save { writer in
            for sample in samples { try writer.store(sample) }
            for transfer in transfers { try writer.store(transfer) }
        }
    }

    /// Runs `body` in one write transaction: what it stores through the writer is kept when it
    /// returns, and nothing when it throws (the error is rethrown).
    @discardableResult
    public func save(_ body: (Writer) throws -> Void) throws -> SaveSummary {
        try database.write { db in
            let writer = try Writer(db)
            try body(writer)
            return writer.summary
        }
    }

    /// Stores values and transfers inside a `save` transaction, with prepared statements bound
    /// through the SQLite C API. (Several rows per statement measured slower than one.)
    public final class Writer {
        private let upsertValue: RawStatement
        private let upsertTransfer: RawStatement
        /// What was stored so far.
        public private(set) var summary = SaveSummary(changed: 0, unchanged: 0)

        fileprivate init(_ db: Database) throws {
            upsertValue = try RawStatement(db, sql: """
                INSERT INTO metric_value (asset, day, metric, value, source) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (day, asset, metric) DO UPDATE SET value = excluded.value, source = excluded.source
                WHERE value IS NOT excluded.value OR source IS NOT excluded.source
                """)
            upsertTransfer = try RawStatement(db, sql: """
                INSERT INTO transfer (id, time, day, asset, amount, usd_value, dormant_years, action, rotated_into, label, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET time = excluded.time, day = excluded.day, asset = excluded.asset,
                    amount = excluded.amount, usd_value = excluded.usd_value, dormant_years = excluded.dormant_years,
                    action = excluded.action, rotated_into = excluded.rotated_into, label = excluded.label, source = excluded.source
                WHERE (time, day, asset, amount, usd_value, dormant_years, action, rotated_into, label, source)
                    IS NOT (excluded.time, excluded.day, excluded.asset, excluded.amount, excluded.usd_value,
                            excluded.dormant_years, excluded.action, excluded.rotated_into, excluded.label, excluded.source)
                """)
        }

        /// Stores a value, replacing what was stored for its asset, day and metric.
        public func store(_ sample: MetricSample) throws {
            upsertValue.bind(sample.asset.code, at: 1)
            upsertValue.bind(sample.day, at: 2)
            upsertValue.bind(sample.metric.name, at: 3)
            upsertValue.bind(sample.value, at: 4)
            upsertValue.bind(sample.source, at: 5)
            count(changed: try upsertValue.execute(), asset: sample.asset, day: sample.day)
        }

        /// Stores a transfer, replacing what was stored under its id.
        public func store(_ transfer: Transfer) throws {
            upsertTransfer.bind(transfer.id, at: 1)
            upsertTransfer.bind(transfer.time, at: 2)
            upsertTransfer.bind(transfer.day, at: 3)
            upsertTransfer.bind(transfer.asset.code, at: 4)
            upsertTransfer.bind(transfer.amount, at: 5)
            upsertTransfer.bind(transfer.usdValue, at: 6)
            upsertTransfer.bind(transfer.dormantYears, at: 7)
            upsertTransfer.bind(transfer.action.rawValue, at: 8)
            upsertTransfer.bind(transfer.rotatedInto?.code, at: 9)
            upsertTransfer.bind(transfer.label, at: 10)
            upsertTransfer.bind(transfer.source, at: 11)
            count(changed: try upsertTransfer.execute(), asset: transfer.asset, day: transfer.day)
        }

        private func count(changed: Bool, asset: Asset, day: Day) {
            guard changed else { summary.unchanged += 1; return }
            summary.changed += 1
            if summary.earliestChange[asset].map({ day < $0 }) ?? true { summary.earliestChange[asset] = day }
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
            let first = first ?? Day(year: 0, month: 1, day: 1)!
            try Self.checkDaysAreText(db)
            var sources = SourceFirstDays()
            let series = try Self.series(from: first, through: day, db, sources: &sources)
            let transfers = try Row.fetchAll(db, sql: "SELECT * FROM transfer WHERE day <= ? AND day >= ? ORDER BY time, id",
                                             arguments: [day.description, first.description])
                .map(Self.transfer(from:))
            return History(asOf: day, series: series, transfers: transfers, seriesSources: sources.firstDays,
                           earlierValues: try Self.earlierValues(of: series.keys, before: first, db))
        }
    }

    /// Refuses a day stored as NULL, a number or a blob in either table, and a transfer's day not
    /// shaped YYYY-MM-DD: no range of days would ever read that row, so it would be left out of
    /// every brief without a word. Values are keyed by day first, and NULLs and numbers sort
    /// before every text and blobs after it: the first and the last value by day are the only ones
    /// to look at (two steps down the key, where a test of every row took 16 ms of a 10-year store).
    /// Transfers are few and all looked at.
    private static func checkDaysAreText(_ db: Database) throws {
        let ends = ["", " DESC"].map { order in
            "SELECT key, quote(substr(day, 1, 40)) AS day FROM (SELECT substr(asset || ' ' || metric, 1, 40) AS key, day "
                + "FROM metric_value ORDER BY day\(order) LIMIT 1) WHERE typeof(day) <> 'text'"
        }
        for (table, query) in [
            ("metric_value", ends.joined(separator: " UNION ALL ") + " LIMIT 1"),
            ("transfer", """
                SELECT substr(id, 1, 40) AS key, quote(substr(day, 1, 40)) AS day FROM transfer
                WHERE day IS NULL OR typeof(day) <> 'text' OR day NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' LIMIT 1
                """),
        ] {
            if let row = try Row.fetchOne(db, sql: query) {
                throw StoreError(reason: "store: \(table) \(PrintableText.of((row["key"] as String?) ?? "NULL")) has the day "
                    + "\(PrintableText.of(row["day"] as String)), not a day as text: correct or remove that row")
            }
        }
    }

    /// The partial index of `metric`'s values by size (`metric` is one of `History.recordMetrics`).
    private static func recordIndex(_ metric: Metric) -> String { "record_" + metric.name }

    /// Each of `assets`' first value and highest value (the latest of equal highs) of each of
    /// `History.recordMetrics` before `first`: what a record is measured against beyond the days
    /// a history holds. The highest is read down the metric's index by size until a day before
    /// `first`, so a long store costs no more than a young one.
    private static func earlierValues(of assets: some Sequence<Asset>, before first: Day,
                                      _ db: Database) throws -> [Asset: [Metric: History.EarlierValues]] {
        var earlier: [Asset: [Metric: History.EarlierValues]] = [:]
        for asset in assets {
            for metric in History.recordMetrics {
                // The metric's name is one of ours, written into the SQL so the partial index applies.
                let highest = try Row.fetchOne(db, sql: """
                    SELECT day, value FROM metric_value INDEXED BY \(recordIndex(metric))
                    WHERE metric = '\(metric.name)' AND asset = ? AND day < ? AND typeof(value) IN ('real', 'integer')
                    ORDER BY value DESC, day DESC LIMIT 1
                    """, arguments: [asset.code, first.description])
                guard let highest else { continue }
                let firstDay = try String.fetchOne(db, sql: "SELECT day FROM metric_value WHERE asset = ? AND metric = ? ORDER BY day LIMIT 1",
                                                   arguments: [asset.code, metric.name])
                guard let day = Day(String.fromDatabaseValue(highest["day"] as DatabaseValue) ?? ""),
                      let value = Double.fromDatabaseValue(highest["value"] as DatabaseValue), value.isFinite,
                      let begins = firstDay.flatMap(Day.init) else {
                    throw StoreError(reason: "unreadable \(metric) of \(asset) in metric_value before \(first)")
                }
                if let problem = metric.implausibility(of: value) {
                    throw StoreError(reason: "store: \(asset) \(metric) \(day) = \(value): \(problem)")
                }
                earlier[asset, default: [:]][metric] = History.EarlierValues(first: begins, highest: DayValue(day: day, value: value))
            }
        }
        return earlier
    }

    /// Every value from `first` through `last`, read in key order (day, asset, metric) straight
    /// from the column bytes. Each day repeats the same assets and metrics in the same order, so
    /// the next row's series is nearly always the one after the last; strings are made only for
    /// series and sources not seen before.
    private static func series(from first: Day, through last: Day, _ db: Database,
                               sources: inout SourceFirstDays) throws -> [Asset: [Metric: Series]] {
        let rows = try RawStatement(db, sql: "SELECT day, asset, metric, value, source FROM metric_value WHERE day >= ? AND day <= ?")
        rows.bind(first, at: 1)
        rows.bind(last, at: 2)
        var assetNames: [[UInt8]] = [], metricNames: [[UInt8]] = [], keys: [(Asset, Metric)] = []
        /// Each key's index by its bytes (asset, NUL, metric), for rows out of the usual order.
        var indexByName: [[UInt8]: Int] = [:]
        var points: [[(Day, Double)]] = []
        var next = 0
        var day = first, dayText: [UInt8] = []
        while try rows.step() {
            let dayBytes = rows.bytes(0), assetBytes = rows.bytes(1), metricBytes = rows.bytes(2)
            if !dayText.equals(dayBytes) {
                guard let parsed = Day(isoBytes: dayBytes), parsed >= .earliest else {
                    throw StoreError(reason: "store: metric_value holds \(PrintableText.limited(String(decoding: dayBytes.prefix(64), as: UTF8.self), characters: 40)), "
                        + "not a day from \(Day.earliest) on")
                }
                day = parsed
                dayText = Array(dayBytes)
            }
            func matches(_ index: Int) -> Bool {
                metricNames[index].equals(metricBytes) && assetNames[index].equals(assetBytes)
            }
            let index: Int
            let name = next < keys.count && matches(next) ? [] : Array(assetBytes) + [0] + Array(metricBytes)
            if name.isEmpty {
                index = next
            } else if let known = indexByName[name] {
                index = known
            } else {
                let assetCode = String(decoding: assetBytes, as: UTF8.self), metricName = String(decoding: metricBytes, as: UTF8.self)
                guard let asset = Asset(assetCode), let metric = Metric(name: metricName) else {
                    throw StoreError(reason: "store: metric_value holds the asset \(PrintableText.limited(assetCode, characters: 40)) "
                        + "and metric \(PrintableText.limited(metricName, characters: 40)): not an asset code and a metric this version reads")
                }
                assetNames.append(Array(assetBytes))
                metricNames.append(Array(metricBytes))
                keys.append((asset, metric))
                points.append([])
                index = keys.count - 1
                indexByName[name] = index
            }
            let (asset, metric) = keys[index]
            guard rows.isNumber(3) else {
                throw StoreError(reason: "store: \(asset) \(metric) \(day) = \(rows.shown(3)): not a number")
            }
            let value = rows.double(3)
            if let problem = metric.implausibility(of: value) {
                throw StoreError(reason: "store: \(asset) \(metric) \(day) = \(value): \(problem)")
            }
            points[index].append((day, value))
            guard rows.isText(4) else {
                throw StoreError(reason: "store: \(asset) \(metric) \(day) source = \(rows.shown(4)): not text")
            }
            try sources.saw(rows.bytes(4), in: index, of: (asset, metric), on: day)
            next = index + 1 == keys.count ? 0 : index + 1
        }
        var grouped: [Asset: [Metric: Series]] = [:]
        for (index, (asset, metric)) in keys.enumerated() { grouped[asset, default: [:]][metric] = Series(points[index]) }
        sources.name(keys)
        return grouped
    }

    /// How many values and transfers the store holds.
    public func counts() throws -> (values: Int, transfers: Int) {
        try database.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM metric_value") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM transfer") ?? 0)
        }
    }

    /// What one source brought: how many values (or transfers), of which assets, over which days.
    public struct SourceSummary: Equatable, Sendable {
        public var source: String
        /// `values` or `transfers`.
        public var kind: String
        public var count: Int
        public var assets: [String]
        public var first: String
        public var last: String
    }

    /// Every source's values and transfers, by source; with `pattern`, only the sources it
    /// matches (`*` any run of characters, `?` one character, `[abc]` one of: SQLite's GLOB).
    public func sourceSummaries(matching pattern: String = "*") throws -> [SourceSummary] {
        try database.read { db in
            // A day that is no text (a blob written by hand) would not decode as the first or last.
            try Self.checkDaysAreText(db)
            return try Row.fetchAll(db, sql: """
                SELECT source, 'values' AS kind, COUNT(*) AS count, GROUP_CONCAT(DISTINCT asset) AS assets,
                       MIN(day) AS first, MAX(day) AS last FROM metric_value WHERE source GLOB ?1 GROUP BY source
                UNION ALL
                SELECT source, 'transfers', COUNT(*), GROUP_CONCAT(DISTINCT asset), MIN(day), MAX(day) FROM transfer
                WHERE source GLOB ?1 GROUP BY source
                ORDER BY source, kind
                """, arguments: [pattern]).map { row in
                SourceSummary(source: row["source"], kind: row["kind"], count: row["count"],
                              assets: (row["assets"] as String).split(separator: ",").map(String.init).sorted(),
                              first: row["first"], last: row["last"])
            }
        }
    }

    /// Removes, in one transaction, every value and transfer of exactly these sources (what
    /// `sourceSummaries(matching:)` listed, so nothing a user was not shown goes); returns how
    /// many went.
    @discardableResult
    public func removeSources(_ sources: [String]) throws -> (values: Int, transfers: Int) {
        try database.write { db in
            var removed = (values: 0, transfers: 0)
            for source in sources {
                try db.execute(sql: "DELETE FROM metric_value WHERE source = ?", arguments: [source])
                removed.values += db.changesCount
                try db.execute(sql: "DELETE FROM transfer WHERE source = ?", arguments: [source])
                removed.transfers += db.changesCount
            }
            return removed
        }
    }

    /// The latest day with any stored value, `nil` when the store is empty.
    public func latestDay() throws -> Day? {
        try database.read { db in try Self.day(String.fetchOne(db, sql: "SELECT MAX(day) FROM metric_value")) }
    }

    /// A day the store gave, `nil` for none; a text that is not a day is an error, never taken
    /// as no data (which would brief the bundled sample instead of the store's own).
    private static func day(_ text: String?) throws -> Day? {
        guard let text else { return nil }
        guard let day = Day(text), day >= .earliest else {
            throw StoreError(reason: "store: metric_value or transfer holds the day \(PrintableText.limited(text, characters: 40)), "
                + "not a day from \(Day.earliest) on: correct or remove that row")
        }
        return day
    }

    /// Refuses a day in either table that no import stores (`2025-02-29`, a day before 1970), as
    /// `generate` and `export` do where they read it: for `verify`, which reads only the days of
    /// the claims it checks.
    public func checkDays() throws {
        try database.read { db in
            try Self.checkDaysAreText(db)
            for table in ["metric_value", "transfer"] {
                for text in try String.fetchAll(db, sql: "SELECT DISTINCT day FROM \(table)") { _ = try Self.day(text) }
            }
        }
    }

    /// The latest day with a stored value, up to `day` (a later one can only have been edited
    /// into the store: no import takes a day in the future).
    public func latestDay(onOrBefore day: Day) throws -> Day? {
        try database.read { db in
            try Self.day(String.fetchOne(db, sql: "SELECT MAX(day) FROM metric_value WHERE day <= ?", arguments: [day.description]))
        }
    }

    /// The latest day with a stored value or transfer.
    public func latestDayOfValuesOrTransfers() throws -> Day? {
        try database.read { db in
            try Self.day(String.fetchOne(db, sql: "SELECT MAX(day) FROM (SELECT MAX(day) AS day FROM metric_value UNION ALL SELECT MAX(day) FROM transfer)"))
        }
    }

    /// The latest day `asset` has a value from a source matching `pattern` (`binance:*`).
    public func latestDay(of asset: Asset, sourcesMatching pattern: String) throws -> Day? {
        try database.read { db in
            try Self.day(String.fetchOne(db, sql: "SELECT MAX(day) FROM metric_value WHERE asset = ? AND source GLOB ?",
                                         arguments: [asset.code, pattern]))
        }
    }

    /// A transfer row, every column checked as an import would: text where text belongs (never
    /// NULL, a number or a blob, which GRDB would turn into text or skip), within an import's
    /// lengths, and `rotated_into` NULL or an asset code.
    private static func transfer(from row: Row) throws -> Transfer {
        guard case .string(let id) = (row["id"] as DatabaseValue).storage else {
            throw StoreError(reason: "store: a transfer whose id is not text")
        }
        // The id as an error may show it: cut, and its control characters (a line break among them) as U+FFFD.
        let shown = "store: transfer \(PrintableText.of(PrintableText.limited(id, characters: 100)))"
        // The limits of an import (docs/data-format.md), so a text edited into the store cannot
        // grow every brief, page and feed that shows it.
        func text(_ column: String, limit: Int) throws -> String {
            let stored = row[column] as DatabaseValue
            guard case .string(let text) = stored.storage else {
                throw StoreError(reason: "\(shown) \(column) = \(stored.isNull ? "NULL" : "a number or a blob"): not text")
            }
            guard text.utf8.count <= limit else {
                throw StoreError(reason: "\(shown) \(column): \(text.utf8.count) bytes, more than the \(limit) an import allows")
            }
            // What a brief.json may not hold, so no brief written from it fails to publish.
            if let problem = PrintableText.unfitness(of: text) { throw StoreError(reason: "\(shown) \(column): \(problem)") }
            return text
        }
        guard id.utf8.count <= 400 else {
            throw StoreError(reason: "\(shown) id: \(id.utf8.count) bytes, more than the 400 an import allows")
        }
        // One line of printable text, as an import takes an id (a line break is fit in prose only).
        let lineBreak = id.firstIndex(of: "\n").map { "a line break (U+000A) at character \(id.distance(from: id.startIndex, to: $0) + 1)" }
        if let problem = PrintableText.unfitness(of: id) ?? lineBreak { throw StoreError(reason: "\(shown) id: \(problem)") }
        let time = try text("time", limit: 20), label = try text("label", limit: 800), source = try text("source", limit: 1_000)
        let dayText = try text("day", limit: 10), assetText = try text("asset", limit: 10), actionText = try text("action", limit: 10)
        guard let day = Day(dayText), let asset = Asset(assetText), let action = Transfer.Action(rawValue: actionText), !source.isEmpty else {
            throw StoreError(reason: "\(shown): day, asset, action or source unreadable")
        }
        var rotatedInto: Asset?
        if !(row["rotated_into"] as DatabaseValue).isNull {
            let code = try text("rotated_into", limit: 10)
            guard let asset = Asset(code) else {
                throw StoreError(reason: "\(shown) rotated_into = \(PrintableText.limited(code, characters: 40)): not an asset code")
            }
            rotatedInto = asset
        }
        /// A number column, refused when it holds anything else or fails `problem`.
        func number(_ column: String, _ problem: (Double) -> String?) throws -> Double {
            let stored = row[column] as DatabaseValue
            guard let value = Double.fromDatabaseValue(stored) else { throw StoreError(reason: "\(shown) \(column) = \(stored): not a number") }
            if let problem = problem(value) { throw StoreError(reason: "\(shown) \(column) = \(value): \(problem)") }
            return value
        }
        return Transfer(id: id, time: time, day: day, asset: asset, amount: try number("amount", PlausibleTransfer.amountProblem),
                        usdValue: try number("usd_value", PlausibleTransfer.usdProblem),
                        dormantYears: (row["dormant_years"] as DatabaseValue).isNull
                            ? nil : try number("dormant_years", PlausibleTransfer.dormantYearsProblem), action: action,
                        rotatedInto: rotatedInto, label: label, source: source)
    }
}

/// The store holds something this version cannot read.
public struct StoreError: Error, CustomStringConvertible {
    public var reason: String
    /// An error about what the store holds (`store: …`), also from a reader of its values.
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// The first day each source contributed, gathered while reading rows.
/// The first day each source gave a value to each series, gathered row by row: a series'
/// rows nearly always share one source, so its last source is looked at first.
private struct SourceFirstDays {
    private var sources: [(series: Int, name: [UInt8], first: Day)] = []
    /// Each series' entries in `sources`: a series has a source or two, so a new series costs
    /// nothing however many series there are.
    private var entriesOfSeries: [Int: [Int]] = [:]
    private var lastOfSeries: [Int: Int] = [:]
    private var keys: [(Asset, Metric)] = []

    /// Bytes a source name may have, as the import's `FORMAT:FILENAME` allows.
    static let maxSourceBytes = 1_000

    mutating func saw(_ name: UnsafeBufferPointer<UInt8>, in series: Int, of key: (Asset, Metric), on day: Day) throws {
        if let last = lastOfSeries[series], sources[last].name.equals(name) {
            if day < sources[last].first { sources[last].first = day }
        } else if let index = entriesOfSeries[series]?.first(where: { sources[$0].name.equals(name) }) {
            if day < sources[index].first { sources[index].first = day }
            lastOfSeries[series] = index
        } else {
            // An import's limit, so a source edited into the store cannot grow every page.
            guard name.count <= Self.maxSourceBytes else {
                throw StoreError(reason: "store: a value in metric_value on \(day) has a source of \(name.count) bytes, "
                    + "more than the \(Self.maxSourceBytes) an import allows")
            }
            guard !name.isEmpty, let text = String(validating: name, as: UTF8.self) else {
                throw StoreError(reason: "store: a value in metric_value on \(day) has "
                    + (name.isEmpty ? "an empty source" : "a source that is not UTF-8") + ", which no import stores")
            }
            // What a brief.json may not hold (a brief carries its sources), so no brief written from it fails to publish.
            if let problem = PrintableText.unfitness(of: text) {
                throw StoreError(reason: "store: metric_value \(key.0) \(key.1) \(day) source: \(problem)")
            }
            sources.append((series, Array(name), day))
            entriesOfSeries[series, default: []].append(sources.count - 1)
            lastOfSeries[series] = sources.count - 1
        }
    }

    /// The asset and metric of each series index.
    mutating func name(_ keys: [(Asset, Metric)]) { self.keys = keys }

    var firstDays: [Asset: [Metric: [String: Day]]] {
        var days: [Asset: [Metric: [String: Day]]] = [:]
        for source in sources {
            let (asset, metric) = keys[source.series], text = String(decoding: source.name, as: UTF8.self)
            days[asset, default: [:]][metric, default: [:]][text] = min(days[asset]?[metric]?[text] ?? source.first, source.first)
        }
        return days
    }
}

private extension [UInt8] {
    /// Whether these are exactly `bytes` (a column's text), compared with `memcmp`.
    func equals(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count == bytes.count else { return false }
        guard count > 0 else { return true }
        return withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, count) == 0 }
    }
}
