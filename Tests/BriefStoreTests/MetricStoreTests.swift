import BriefCore
import Foundation
import GRDB
import Testing
@testable import BriefStore

private func sample(_ day: String, _ metric: Metric, _ value: Double, source: String = "file:a.csv") -> MetricSample {
    MetricSample(asset: .btc, day: Day(day)!, metric: metric, value: value, source: source)
}

@Suite struct MetricStoreTests {
    @Test func savingTheSameValuesTwiceChangesNothing() throws {
        let store = try MetricStore()
        let samples = [sample("2025-08-25", .closeUSD, 110_200), sample("2025-08-26", .closeUSD, 108_000)]
        let transfer = Transfer(id: "tx1", time: "2025-08-24T09:15:27Z", day: Day("2025-08-24")!, asset: .btc, amount: 22_400,
                                usdValue: 2.55e9, dormantYears: 7.1, action: .sold, rotatedInto: .eth, label: "w", source: "file:t.csv")
        #expect(try store.save(samples: samples, transfers: [transfer])
            == .init(changed: 3, unchanged: 0, earliestChange: [.btc: Day("2025-08-24")!]), "the transfer's day is the earliest changed")
        #expect(try store.save(samples: samples, transfers: [transfer]) == .init(changed: 0, unchanged: 3))
        let history = try store.history(asOf: Day("2025-08-26")!)
        #expect(history.series(.btc, .closeUSD).points(endingOn: Day("2025-08-26")!, days: 2).map(\.value) == [110_200, 108_000])
        #expect(history.transfers == [transfer])
        let corrected = [sample("2025-08-26", .closeUSD, 108_100)]
        #expect(try store.save(samples: corrected, transfers: []) == .init(changed: 1, unchanged: 0, earliestChange: [.btc: Day("2025-08-26")!]))
    }

    @Test func upsertReplacesByAssetDayAndMetric() throws {
        let store = try MetricStore()
        try store.save(samples: [sample("2025-08-26", .closeUSD, 1)], transfers: [])
        #expect(try store.save(samples: [sample("2025-08-26", .closeUSD, 2)], transfers: []).changed == 1)
        #expect(try store.history(asOf: Day("2025-08-26")!).series(.btc, .closeUSD).value(on: Day("2025-08-26")!) == 2)
    }

    @Test func historyStopsAtItsDay() throws {
        let store = try MetricStore()
        try store.save(samples: [sample("2025-08-26", .closeUSD, 1), sample("2025-08-27", .closeUSD, 2, source: "later")], transfers: [])
        let history = try store.history(asOf: Day("2025-08-26")!)
        #expect(history.series(.btc, .closeUSD).end == Day("2025-08-26"))
        #expect(history.sources == ["file:a.csv"])
        #expect(try store.latestDay() == Day("2025-08-27"))
    }

    @Test func historiesOfSeveralAssetsMetricsAndSourcesReadBackAsStored() throws {
        let store = try MetricStore()
        let eth = Asset("ETH")!
        var samples: [MetricSample] = []
        for offset in 0..<40 {
            let day = Day("2025-07-01")!.adding(days: offset)
            samples.append(MetricSample(asset: .btc, day: day, metric: .closeUSD, value: Double(100 + offset), source: "a"))
            if offset % 3 != 0 {
                samples.append(MetricSample(asset: eth, day: day, metric: .closeBTC, value: Double(offset) / 100, source: offset < 20 ? "a" : "b"))
            }
            if offset >= 10 { samples.append(MetricSample(asset: .btc, day: day, metric: .etfFund("IBIT")!, value: -Double(offset), source: "c")) }
        }
        try store.save(samples: samples.shuffled(), transfers: [])
        let last = Day("2025-08-09")!
        let read = try store.history(asOf: last, from: Day("2025-07-05")!)
        let built = History(asOf: last, samples: samples.filter { $0.day >= Day("2025-07-05")! }, transfers: [])
        for (asset, metric) in [(Asset.btc, Metric.closeUSD), (eth, .closeBTC), (.btc, .etfFund("IBIT")!), (eth, .closeUSD)] {
            #expect(read.series(asset, metric) == built.series(asset, metric), "\(asset) \(metric)")
        }
        #expect(read.sources == ["a", "b", "c"])
        #expect(read.cut(at: Day("2025-07-10")!).sources == ["a"])
    }

    /// A store written by the first schema (keys asset, day, metric) is migrated with its values;
    /// a Whale Alert transfer stored with 0 years dormant (its stand-in for "not given") reads as unknown.
    @Test func aStoreOfTheFirstSchemaKeepsItsValues() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("v1-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let old = try DatabaseQueue(path: path)
        try old.write { db in
            try db.execute(sql: """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1: metric values and transfers');
                CREATE TABLE metric_value (asset TEXT NOT NULL, day TEXT NOT NULL, metric TEXT NOT NULL, value REAL NOT NULL,
                    source TEXT NOT NULL, PRIMARY KEY (asset, day, metric)) WITHOUT ROWID;
                CREATE TABLE transfer (id TEXT PRIMARY KEY NOT NULL, time TEXT NOT NULL, day TEXT NOT NULL, asset TEXT NOT NULL,
                    amount REAL NOT NULL, usd_value REAL NOT NULL, dormant_years REAL NOT NULL, action TEXT NOT NULL,
                    rotated_into TEXT, label TEXT NOT NULL, source TEXT NOT NULL);
                CREATE INDEX transfer_by_day ON transfer (day);
                INSERT INTO metric_value VALUES ('BTC', '2025-08-25', 'close_usd', 110200, 'file:a.csv'),
                                                ('BTC', '2025-08-26', 'close_usd', 108000, 'file:a.csv');
                INSERT INTO transfer VALUES ('wa', '2025-08-24T09:15:27Z', '2025-08-24', 'BTC', 22400, 2.6e9, 0, 'sold', NULL,
                                             'from unknown wallet to binance', 'whale-alert:transactions.json'),
                                            ('csv', '2025-08-24T10:00:00Z', '2025-08-24', 'BTC', 100, 1.1e7, 0, 'sold', NULL,
                                             'fresh coins', 'file:transfers.csv');
                """)
        }
        try old.close()
        let store = try MetricStore(path: path)
        #expect(try store.counts().values == 2)
        let history = try store.history(asOf: Day("2025-08-26")!)
        #expect(history.series(.btc, .closeUSD).points(endingOn: Day("2025-08-26")!, days: 2).map(\.value) == [110_200, 108_000])
        #expect(history.transfers.map(\.id) == ["wa", "csv"])
        #expect(history.transfers.map(\.dormantYears) == [nil, 0], "Whale Alert's 0 was 'not given'; a file's 0 is 0")
        #expect(try store.save(samples: [sample("2025-08-26", .closeUSD, 108_000)], transfers: []) == .init(changed: 0, unchanged: 1))
    }

    /// Before v5 a venue's open interest and funding went under the plain names; the migration
    /// moves each collected value under its venue's name and leaves imported files' values be.
    @Test func collectedFiguresMoveUnderTheirVenue() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("v4-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        _ = try MetricStore(path: path)
        let old = try DatabaseQueue(path: path)
        try old.write { db in
            try db.execute(sql: """
                DELETE FROM grdb_migrations WHERE identifier LIKE 'v5:%';
                INSERT INTO metric_value (asset, day, metric, value, source) VALUES
                    ('BTC', '2025-08-25', 'oi_coins', 300000, 'binance:openInterestHist:BTCUSDT'),
                    ('BTC', '2025-08-24', 'oi_coins', 299000, 'binance-archive:metrics:BTCUSDT'),
                    ('BTC', '2025-08-25', 'funding_rate', 0.0001, 'okx:funding:BTC-USDT-SWAP'),
                    ('BTC', '2025-08-25', 'close_usd', 110200, 'okx:candles:BTC-USDT'),
                    ('ETH', '2025-08-25', 'oi_coins', 2000000, 'file:daily.csv');
                """)
        }
        try old.close()
        let history = try MetricStore(path: path).history(asOf: Day("2025-08-25")!)
        #expect(history.series(.btc, Metric(name: "oi_coins.binance")!).points(endingOn: Day("2025-08-25")!, days: 2).map(\.value) == [299_000, 300_000])
        #expect(history.series(.btc, Metric(name: "funding_rate.okx")!).value(on: Day("2025-08-25")!) == 0.0001)
        #expect(history.series(.btc, .closeUSD).value(on: Day("2025-08-25")!) == 110_200, "closes keep their name")
        #expect(history.series(.eth, .openInterestCoins).value(on: Day("2025-08-25")!) == 2_000_000, "an imported file's figure keeps its name")
        #expect(history.series(.btc, .openInterestCoins).values.isEmpty)
    }
}

/// A store is marketbrief's own file: another program's SQLite file, or one a newer version
/// migrated, is refused before anything is written to it.
@Suite struct StoreOwnershipTests {
    private func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString).sqlite").path
    }

    @Test func aNewStoreIsMarkedAsOurs() throws {
        let file = path()
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try MetricStore(path: file)
        let id = try DatabaseQueue(path: file).read { try Int32.fetchOne($0, sql: "PRAGMA application_id") }
        #expect(id == MetricStore.applicationID)
        _ = try MetricStore(path: file)  // and opens again
    }

    @Test func anotherProgramsFileIsRefusedAndLeftAsItWas() throws {
        let file = path()
        defer { try? FileManager.default.removeItem(atPath: file) }
        try DatabaseQueue(path: file).write { try $0.execute(sql: "CREATE TABLE users (name TEXT); INSERT INTO users VALUES ('ada')") }
        #expect { try MetricStore(path: file) } throws: { "\($0)".contains("is not a marketbrief store") }
        let tables = try DatabaseQueue(path: file).read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
        #expect(tables == ["users"], "no table was created in it")
    }

    @Test func aStoreFromANewerVersionIsRefused() throws {
        let file = path()
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try MetricStore(path: file)
        try DatabaseQueue(path: file).write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9: from the future')") }
        #expect { try MetricStore(path: file) } throws: { "\($0)".contains("was made by a newer marketbrief") }
    }

    @Test func aHeldStoreLockIsWaitedForThenGivenUpOnNamingTheHolder() throws {
        let file = path()
        defer { try? FileManager.default.removeItem(atPath: file); try? FileManager.default.removeItem(atPath: file + ".lock") }
        let held = open(file + ".lock", O_RDWR | O_CREAT, 0o644)
        defer { close(held) }
        #expect(flock(held, LOCK_EX) == 0)
        _ = "4242\n".withCString { write(held, $0, 5) }
        let started = Date()
        #expect { try MetricStore(path: file, lockTimeout: 0.5) } throws: {
            "\($0)".contains("another marketbrief process (pid 4242) has held \(file).lock for 0 s; giving up")
        }
        #expect(Date().timeIntervalSince(started) < 5)
        flock(held, LOCK_UN)
        _ = try MetricStore(path: file, lockTimeout: 0.5)
    }
}
