import BriefCore
import Foundation
import GRDB
import Testing
@testable import BriefStore

/// A value written into the store by other means (`sqlite3`, a sync tool) passes the import's
/// plausibility checks when it is read, or the read fails naming the row.
@Suite(.timeLimit(.minutes(1))) struct StoredValueTests {
    private let day = Day("2025-08-20")!

    /// A store file holding one BTC close of 108,000 a day before `day`, and `literal` (SQL) as
    /// `metric` on `day`; removed by the caller.
    private func store(_ metric: Metric, _ literal: String) throws -> (store: MetricStore, path: String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stored-\(UUID().uuidString).sqlite").path
        let store = try MetricStore(path: path)
        try store.save(samples: [MetricSample(asset: .btc, day: day.adding(days: -1), metric: .closeUSD, value: 108_000, source: "t")],
                       transfers: [])
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO metric_value VALUES ('BTC', '\(day)', '\(metric.name)', \(literal), 'sqlite3')")
        }
        return (store, path)
    }

    private func remove(_ path: String) {
        for suffix in ["", ".lock", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    @Test func everyExtremeDoubleIsReadOrRefusedNamingTheRow() throws {
        let literals = ["0", "-0.0", "4.9e-324", "2.2250738585072014e-308", "1.7976931348623157e308", "-1.7976931348623157e308",
                        "1.7e308", "1e999", "-1e999", "108000", "0.0001", "8", "'NaN'", "'1.7e308'", "'108000'", "x'00'"]
        for metric in [Metric.closeUSD, .fundingRate, .fundingIntervalHours, .longLiquidationsUSD, .etfNetflowUSD] {
            for literal in literals {
                let (store, path) = try store(metric, literal)
                defer { remove(path) }
                do {
                    let read = try store.history(asOf: day).series(.btc, metric).value(on: day)
                    let value = try #require(read, "\(metric) \(literal): not read")
                    #expect(metric.implausibility(of: value) == nil, "\(metric) \(literal) read as \(value)")
                } catch let error as StoreError {
                    #expect(error.reason.hasPrefix("store: BTC \(metric) \(day) = "), "\(metric) \(literal): \(error.reason)")
                }
            }
        }
    }

    @Test func theErrorSaysWhatWasStoredAndWhy() throws {
        let cases: [(Metric, String, String)] = [
            (.closeUSD, "1.7e308", "store: BTC close_usd 2025-08-20 = 1.7e+308: 1.7e+308 is implausible: closes in USD stay within"),
            (.longLiquidationsUSD, "1e999", "store: BTC liq_long_usd 2025-08-20 = inf: inf is not a number"),
            (.fundingIntervalHours, "0", "store: BTC funding_interval_h 2025-08-20 = 0.0: must be a whole number of hours from 1 to 24"),
            (.fundingRate, "1e308", "store: BTC funding_rate 2025-08-20 = 1e+308: 1e+308 per settlement is implausible"),
            (.closeUSD, "'NaN'", "store: BTC close_usd 2025-08-20 = 'NaN' (text): not a number"),
            (.closeUSD, "1e-320", "store: BTC close_usd 2025-08-20 = 1e-320: 1e-320 is implausible: a value other than zero is at least 1e-12"),
        ]
        for (metric, literal, expected) in cases {
            let (store, path) = try store(metric, literal)
            defer { remove(path) }
            #expect {
                try store.history(asOf: day)
            } throws: { error in
                (error as? StoreError)?.reason.hasPrefix(expected) == true
            }
        }
    }

    @Test func aTransferWithATextOrImplausibleNumberIsRefusedNamingIt() throws {
        for (column, literal) in [("amount", "'NaN'"), ("usd_value", "1e300"), ("dormant_years", "-1"), ("dormant_years", "1e-320")]  {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("stored-\(UUID().uuidString).sqlite").path
            defer { remove(path) }
            let store = try MetricStore(path: path)
            let values = ["amount": "10", "usd_value": "1e6", "dormant_years": "1"].merging([column: literal]) { $1 }
            try DatabaseQueue(path: path).write { db in
                try db.execute(sql: """
                    INSERT INTO transfer VALUES ('tx9', '2025-08-20T01:00:00Z', '2025-08-20', 'BTC', \(values["amount"]!),
                        \(values["usd_value"]!), \(values["dormant_years"]!), 'sold', NULL, 'w', 'sqlite3')
                    """)
            }
            #expect {
                try store.history(asOf: day)
            } throws: { error in
                (error as? StoreError)?.reason.hasPrefix("store: transfer tx9 \(column) = ") == true
            }
        }
    }

    @Test func aLabelPastAnImportsLimitOrADayBefore1970IsRefusedNotCarriedIntoEveryPage() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stored-\(UUID().uuidString).sqlite").path
        defer { remove(path) }
        let store = try MetricStore(path: path)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: """
                INSERT INTO transfer VALUES ('big', '2025-08-20T01:00:00Z', '2025-08-20', 'BTC', 10, 1e6, 1, 'sold', NULL,
                    printf('%.*c', 11000000, 'x'), 'sqlite3')
                """)
        }
        #expect {
            try store.history(asOf: day)
        } throws: { error in
            (error as? StoreError)?.reason == "store: transfer big label: 11000000 bytes, more than the 800 an import allows"
        }
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "DELETE FROM transfer")
            try db.execute(sql: "INSERT INTO metric_value VALUES ('BTC', '0001-01-01', 'close_usd', 5, 'sqlite3')")
        }
        #expect {
            try store.history(asOf: day)
        } throws: { error in
            (error as? StoreError)?.reason == "store: metric_value holds 0001-01-01, not a day from 1970-01-01 on"
        }
    }
}

/// Text columns edited into the store (the tables recreated without their NOT NULL, or a value
/// of another type) are refused where they are read, naming the row, never read as none or
/// left out of every brief.
@Suite(.timeLimit(.minutes(1))) struct StoredTextTests {
    private let day = Day("2025-08-20")!

    /// A store whose transfer table has lost its constraints (as `sqlite3` may recreate it),
    /// holding one transfer given by `values` (SQL) and a close the day before.
    private func store(transfer values: String) throws -> (store: MetricStore, path: String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("text-\(UUID().uuidString).sqlite").path
        let store = try MetricStore(path: path)
        try store.save(samples: [MetricSample(asset: .btc, day: day.adding(days: -1), metric: .closeUSD, value: 108_000, source: "t")],
                       transfers: [])
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: """
                DROP TABLE transfer;
                CREATE TABLE transfer (id TEXT PRIMARY KEY, time TEXT, day TEXT, asset TEXT, amount REAL, usd_value REAL,
                    dormant_years REAL, action TEXT, rotated_into TEXT, label TEXT, source TEXT);
                CREATE INDEX transfer_by_day ON transfer (day);
                INSERT INTO transfer VALUES \(values);
                """)
        }
        return (store, path)
    }

    private func remove(_ path: String) {
        for suffix in ["", ".lock", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    @Test(arguments: [
        ("('t1', '2025-08-20T01:00:00Z', '2025-08-20', 'BTC', 10, 1e6, 1, 'sold', printf('%.*c', 10485760, 'E'), 'x', 'sqlite3')",
         "store: transfer t1 rotated_into: 10485760 bytes, more than the 10 an import allows"),
        ("('t1', '2025-08-20T01:00:00Z', '2025-08-20', 'BTC', 10, 1e6, 1, 'sold', 'eth!', 'x', 'sqlite3')",
         "store: transfer t1 rotated_into = eth!: not an asset code"),
        ("('t1', '2025-08-20T01:00:00Z', '2025-08-20', 'BTC', 10, 1e6, 1, 'sold', '', 'x', 'sqlite3')",
         "store: transfer t1 rotated_into = : not an asset code"),
        ("('t1', '2025-08-20T01:00:00Z', NULL, 'BTC', 10, 1e6, 1, 'sold', NULL, 'x', 'sqlite3')",
         "store: transfer t1 has the day NULL, not a day as text: correct or remove that row"),
        ("('t1', '2025-08-20T01:00:00Z', 20250820, 'BTC', 10, 1e6, 1, 'sold', NULL, 'x', 'sqlite3')",
         "store: transfer t1 has the day '20250820', not a day as text: correct or remove that row"),
        ("('t1', '2025-08-20T01:00:00Z', '2025-08-20', 'BTC', 10, 1e6, 1, 'sold', NULL, 'x', NULL)",
         "store: transfer t1 source = NULL: not text"),
        ("('t1', '2025-08-20T01:00:00Z', '2025-08-20', 'BTC', 10, 1e6, 1, 'sold', NULL, x'78', 'sqlite3')",
         "store: transfer t1 label = a number or a blob: not text"),
        ("('t1', NULL, '2025-08-20', 'BTC', 10, 1e6, 1, 'sold', NULL, 'x', 'sqlite3')",
         "store: transfer t1 time = NULL: not text"),
        // What a brief.json may not hold, which `generate` once wrote and every publish then refused.
        ("('t1', '2025-08-20T01:00:00Z', '2025-08-20', 'BTC', 10, 1e6, 1, 'sold', NULL, 'a' || char(27) || '[31m', 'sqlite3')",
         "store: transfer t1 label: a control character (U+001B) at character 2"),
        ("('t1', '2025-08-20T01:00:00Z', '2025-08-20', 'BTC', 10, 1e6, 1, 'sold', NULL, 'ab' || char(7), 'sqlite3')",
         "store: transfer t1 label: a control character (U+0007) at character 3"),
        ("('t1', '2025-08-20T01:00:00Z', '2025-08-20', 'BTC', 10, 1e6, 1, 'sold', NULL, char(8238) || 'x', 'sqlite3')",
         "store: transfer t1 label: a formatting character (a bidirectional override, an invisible mark) (U+202E) at character 1"),
        ("('t1', '2025-08-20T01:00:00Z', '2025-08-20', 'BTC', 10, 1e6, 1, 'sold', NULL, 'x', 'file:' || char(27) || 'x')",
         "store: transfer t1 source: a control character (U+001B) at character 6"),
    ])
    func aTransferTextThatNoImportStoresIsRefused(values: String, expected: String) throws {
        let (store, path) = try store(transfer: values)
        defer { remove(path) }
        #expect {
            try store.history(asOf: day)
        } throws: { error in
            (error as? StoreError)?.reason == expected
        }
    }

    @Test func aValueWithANullOrEmptySourceOrANullDayIsRefused() throws {
        for (edit, expected) in [
            ("INSERT INTO metric_value VALUES ('BTC', '2025-08-20', 'close_usd', 5, NULL)", "store: BTC close_usd 2025-08-20 source = NULL: not text"),
            ("INSERT INTO metric_value VALUES ('BTC', '2025-08-20', 'close_usd', 5, '')",
             "store: a value in metric_value on 2025-08-20 has an empty source, which no import stores"),
            ("INSERT INTO metric_value VALUES ('BTC', '2025-08-20', 'close_usd', 5, x'ff')", "store: BTC close_usd 2025-08-20 source = a blob of 1 bytes: not text"),
            ("INSERT INTO metric_value VALUES ('BTC', '2025-08-20', 'close_usd', 5, 'file:' || char(27) || 'x')",
             "store: metric_value BTC close_usd 2025-08-20 source: a control character (U+001B) at character 6"),
            ("INSERT INTO metric_value VALUES ('BTC', '2025-08-20', 'close_usd', 5, 'file:' || char(8238) || 'x')",
             "store: metric_value BTC close_usd 2025-08-20 source: a formatting character (a bidirectional override, an invisible mark) (U+202E) at character 6"),
            ("INSERT INTO metric_value VALUES ('BTC', NULL, 'close_usd', 5, 'x')",
             "store: metric_value BTC close_usd has the day NULL, not a day as text: correct or remove that row"),
            // Beside a good value: a blob sorts after every text, at the end of the key by day.
            ("INSERT INTO metric_value VALUES ('BTC', '2025-08-19', 'close_usd', 5, 'x'), ('BTC', x'32', 'close_usd', 5, 'x')",
             "store: metric_value BTC close_usd has the day X'32', not a day as text: correct or remove that row"),
        ] {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("text-\(UUID().uuidString).sqlite").path
            defer { remove(path) }
            let store = try MetricStore(path: path)
            try DatabaseQueue(path: path).write { db in
                try db.execute(sql: "DROP TABLE metric_value")
                try db.execute(sql: """
                    CREATE TABLE metric_value (asset TEXT, day TEXT, metric TEXT, value REAL, source TEXT, PRIMARY KEY (day, asset, metric))
                    """)
                for metric in ["close_usd", "liq_long_usd", "liq_short_usd"] {
                    try db.execute(sql: "CREATE INDEX record_\(metric) ON metric_value (asset, value, day) WHERE metric = '\(metric)'")
                }
                try db.execute(sql: edit)
            }
            #expect(throws: (any Error).self, "\(edit)") { try store.history(asOf: day) }
            do { _ = try store.history(asOf: day) } catch { #expect("\(error)" == expected, "\(edit)") }
        }
    }
}
