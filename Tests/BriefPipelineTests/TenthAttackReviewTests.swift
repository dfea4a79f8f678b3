import BriefCollect
@testable import BriefCore
import Foundation
import Testing
@testable import BriefPipeline

/// The tenth attack review's cases.
extension AttackReviewTests {
    /// A finding's number edited into a `brief.json` reached the site and the diff as it stood
    /// ("Funding∞% per 0h", a 300-digit liquidation amount, "99th → 1st, -100.9 points"): every
    /// number and day of the findings is checked where the brief is read, naming its path;
    /// publish, verify and diff refuse the brief and the site is unchanged.
    @Test(arguments: [
        ("b['findings']['funding']['intervalHours'] = 5e-324", "findings.funding.intervalHours = 5e-324: 5e-324 is implausible: a value other than zero is at least 1e-12"),
        ("b['findings']['funding']['rank']['percentile'] = 1e308", "findings.funding.rank.percentile = 1e+308: implausible: the numbers of a brief stay within"),
        ("b['findings']['openInterest']['percentile'] = -1", "findings.openInterest.percentile = -1.0: a percentile is from 0 to 100"),
        ("b['findings']['liquidations']['longUSD'] = -1e15", "findings.liquidations.longUSD = -1000000000000000.0: cannot be negative"),
        ("b['findings']['funding']['rate'] = 0.5", "findings.funding.rate = 0.5: 0.5 per settlement is implausible"),
        ("b['findings']['risk']['score'] = 9000000000000000000", "findings.risk.score = 9000000000000000000: implausible"),
        ("b['findings']['price']['previous']['day'] = '2025-09-30'", "findings.price.previous.day = 2025-09-30: a day the brief of 2025-08-26 could not know"),
    ])
    func aFindingsNumberEditedIntoABriefIsRefusedNamingItsPath(edit: String, expected: String) throws {
        try Self.expectEditedBriefRefused(edit: edit, expected: expected)
    }

    /// Exports read whole kept a problem per bad line and a record or a decoded value per line
    /// or element: 62 MB of `x` lines took 8.6 GB, 62 MB of `{},` 6.8 GB. Their lines and values
    /// are counted on the bytes first, and problems past the first 20 only counted; a net-flow
    /// file of a header and blank lines is no file of flows.
    /// (Each case: the file's head, the part repeated and how often, its tail.)
    @Test(.timeLimit(.minutes(1)), arguments: [
        ("w.json", "whale-alert", ["{\"transactions\":[", "{},", "1000001", "{}]}"],
         "w.json:0: file: 2000005 values (commas and brackets), more than the 2000000 a JSON export may hold; split it by year"),
        ("c.json", "coinglass", ["{\"code\":\"0\",\"data\":[", "0,", "2000000", "0]}"],
         "c.json:0: file: 2000003 values (commas and brackets), more than the 2000000"),
        ("n.csv", "netflow", ["date,value\n", "x\n", "100000", ""],
         "n.csv:0: file: 100001 lines, more than the 100000 a CSV export may have; split it by year"),
        ("f.csv", "farside", ["Date,IBIT,Total\r", "x\r", "100000", ""], "f.csv:0: file: 100001 lines, more than the 100000"),
        ("n.csv", "netflow", ["date,value\n", "x\n", "99000", ""], "n.csv:2: row: has 1 fields, expected 2\n"),
        ("n.csv", "netflow", ["date,value\n", "\n", "5000", ""], "n.csv:1: file: no rows under the header"),
    ])
    func anExportIsBoundedInLinesValuesAndProblems(name: String, format: String, parts: [String], expected: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = parts[0] + String(repeating: parts[1], count: Int(parts[2])!) + parts[3]
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        let result = try runWithin(30, builtBinary, ["import", "--format", format, name] + (format == "whale-alert" ? [] : ["--asset", "BTC"]), in: folder)
        #expect(!result.timedOut && result.status == 1 && result.output.contains(expected), "\(result.output.prefix(800))")
        #expect(result.output.components(separatedBy: "\n").count < 30, "at most 20 problems listed")
    }

    /// A file whose name holds a control character (or U+2028) was imported under the source
    /// `file:NAME`, which every later `generate` then refused: one dropped file stopped every
    /// morning. The name is refused at import, and nothing is stored.
    @Test(arguments: ["d\u{1B}]0;pwned\u{07}.csv", "d\u{2028}x.csv", "d\u{85}.csv"])
    func aFileNameABriefCouldNotShowIsRefusedAtImport(name: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "date,asset,close_usd\n2025-08-25,BTC,107000\n".write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        let result = try runToEnd(builtBinary, ["import", name], in: folder)
        #expect(result.status == 1 && result.output.contains(".csv:0: file name: ") && result.output.contains("; rename the file"),
                "\(result.output)")
        #expect(!result.output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x2028 || $0.value == 0x85 })
        let listed = try runToEnd(builtBinary, ["data"], in: folder)
        #expect(!listed.output.contains("file:d"), "\(listed.output)")
    }
}

extension AttackReviewTests {
    /// A store changed by another program where marketbrief relies on it: a trigger that deleted
    /// on every insert (an import reported success while the store lost 95% of its values), a
    /// table recreated without its primary key (a day's duplicate rows that `generate` and
    /// `verify` read differently), a dropped index (SQLite's "no such index" raw) or emptied
    /// migrations ("table metric_value already exists" raw). Each is refused on open, named.
    @Test(arguments: [
        ("CREATE TRIGGER t AFTER INSERT ON metric_value BEGIN DELETE FROM transfer; END", ": it holds the trigger t, which marketbrief never makes"),
        ("CREATE VIEW v AS SELECT * FROM metric_value", ": it holds the view v, which marketbrief never makes"),
        ("DROP INDEX record_close_usd", ": the index record_close_usd is missing"),
        ("CREATE TABLE c AS SELECT * FROM metric_value; DROP TABLE metric_value; "
            + "CREATE TABLE metric_value (asset TEXT, day TEXT, metric TEXT, value REAL, source TEXT); "
            + "INSERT INTO metric_value SELECT * FROM c; INSERT INTO metric_value SELECT * FROM c; DROP TABLE c",
         ": the table metric_value has lost its primary key (asset, day, metric)"),
        ("DELETE FROM grdb_migrations", " cannot be brought up to date (table metric_value already exists)"),
        // Found re-attacking the first of these checks: SQLite's raw errors, or silent loss.
        ("DROP INDEX record_close_usd; CREATE INDEX record_close_usd ON metric_value (asset, value, day) WHERE metric = 'liq_long_usd'",
         ": the index record_close_usd is not the one marketbrief made"),
        ("ALTER TABLE transfer ADD COLUMN z TEXT REFERENCES nothere(x) DEFAULT NULL", ": the columns of the table transfer are not marketbrief's"),
        ("CREATE UNIQUE INDEX ul ON transfer (label)", ": the table transfer has the unique index ul, which marketbrief never makes"),
        ("CREATE TABLE c AS SELECT * FROM transfer; DROP TABLE transfer; CREATE TABLE transfer (id TEXT PRIMARY KEY NOT NULL COLLATE NOCASE, "
            + "time TEXT NOT NULL, day TEXT NOT NULL, asset TEXT NOT NULL, amount REAL NOT NULL, usd_value REAL NOT NULL, dormant_years REAL, "
            + "action TEXT NOT NULL, rotated_into TEXT, label TEXT NOT NULL, source TEXT NOT NULL); CREATE INDEX transfer_by_day ON transfer (day); "
            + "INSERT INTO transfer SELECT * FROM c; DROP TABLE c",
         ": the table transfer has a COLLATE clause, which marketbrief never writes"),
    ])
    func aStoreChangedWhereMarketbriefReliesOnItIsRefused(change: String, expected: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "date,asset,close_usd\n2025-08-25,BTC,107000\n2025-08-26,BTC,108000\n".write(to: folder.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
        #expect(try runToEnd(builtBinary, ["import", "m.csv"], in: folder).status == 0)
        #expect(try runToEnd(builtBinary, ["generate", "--date", "2025-08-26"], in: folder).status == 0)
        let python = "import sqlite3; db = sqlite3.connect('output/marketbrief.sqlite'); db.executescript(\"\"\"\(change)\"\"\"); db.commit()"
        #expect(try runToEnd(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", python], in: folder).status == 0)
        for command in [["generate", "--date", "2025-08-26"], ["import", "m.csv"], ["verify"], ["export"]] {
            let result = try runToEnd(builtBinary, command, in: folder)
            // verify opens the store only to read: emptied migrations read as an older store's.
            let named = result.output.contains("marketbrief.sqlite" + expected)
                || (command == ["verify"] && change.hasPrefix("DELETE") && result.output.contains("was made by an older marketbrief"))
            #expect(result.status != 0 && named && !result.output.contains("SQLite error"), "\(command): \(result.output.prefix(600))")
        }
    }
}

extension AttackReviewTests {
    /// Settings that switched a call off without a word (a percentile of 101, a sell-off of
    /// 1e15%), an order of levels upside down, a subnormal number of years, and whole-number
    /// keys given a fraction or past Int (said "not valid JSON"): each refused, naming the key.
    @Test(arguments: [
        (#"{"funding_high_percentile": 101}"#, "funding_high_percentile: must be a number from 0 to 100"),
        (#"{"selloff_pct": 1e15}"#, "selloff_pct: must be a number from 0 to 100"),
        (#"{"risk_moderate_score": 12, "risk_high_score": 1}"#, "risk_moderate_score (12) must not be above risk_high_score (1)"),
        (#"{"whale_min_dormant_years": 5e-324}"#, "whale_min_dormant_years: must be a number from 0 to 100 (and 0 or at least 1e-12)"),
        (#"{"rank_lookback_days": 1.5}"#, "rank_lookback_days: must be a whole number from 1 to 3650"),
        (#"{"risk_high_score": 1e308}"#, "risk_high_score: must be a whole number from 1 to 12"),
        (#"{"rank_lookback_days": 9223372036854775808}"#, "rank_lookback_days: must be a whole number from 1 to 3650"),
        (#"{"assets": {"BTC": {"assets": {}}}}"#, "assets.BTC.assets: an asset's entry holds that asset's settings, not other assets"),
    ])
    func aThresholdOutOfItsRangeIsRefusedNamingTheKey(text: String, expected: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try text.write(to: folder.appendingPathComponent("t.json"), atomically: true, encoding: .utf8)
        let result = try runToEnd(builtBinary, ["generate", "--config", "t.json"], in: folder)
        #expect(result.status != 0 && result.output.contains("t.json: " + expected), "\(result.output)")
    }

    /// A site address whose host is no host (`a..b`, `-`, `...`) or whose path holds a broken or
    /// NUL escape, and an output folder holding a NUL (written as a folder named `%00x`), are
    /// refused where they are read.
    @Test func aSiteAddressAndAnOutputFolderAreWhatTheySay() throws {
        for bad in ["https://.../", "https://a..b/", "http://-/", "https://a.org/%zz/", "https://a.org/x%00y/", "https://a.org/%4"] {
            #expect(BaseURL.normalized(bad) == nil, "\(bad)")
        }
        #expect(BaseURL.normalized("https://[2001:db8::1]:8443/desk") == "https://[2001:db8::1]:8443/desk/")
        #expect(BaseURL.normalized("https://a.org/x%20y") == "https://a.org/x%20y/")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try #"{"output": "\u0000x"}"#.write(to: folder.appendingPathComponent("marketbrief.json"), atomically: true, encoding: .utf8)
        let result = try runToEnd(builtBinary, ["generate"], in: folder)
        #expect(result.status != 0 && result.output.contains("marketbrief.json: output: a folder's path of printable characters is expected"),
                "\(result.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["marketbrief.json"])
    }
}

/// The re-attack of the tenth review's fixes.
extension AttackReviewTests {
    /// Objects of many keys took time in the square of their count: the duplicate-key check
    /// copied its set of keys for every key (a 2.3 MB Whale Alert export of 200,000 keys ran past
    /// two minutes; a project file of 85,000 keys 26 s), and the tree reader scanned every earlier
    /// key of an object whose keys came out of order. Each is linear now.
    @Test(.timeLimit(.minutes(1))) func anObjectOfManyKeysIsReadInLinearTime() throws {
        let keys = (0..<200_000).reversed().map { "\"k\($0)\":0" }.joined(separator: ",")
        var started = Date()
        #expect(DuplicateKeys.first(in: Data("{\"transactions\":[],\"x\":{\(keys)}}".utf8)) == nil)
        #expect(DuplicateKeys.first(in: Data("{\(keys),\"k7\":1}".utf8)) == "k7")
        #expect(Date().timeIntervalSince(started) < 5, "\(Date().timeIntervalSince(started)) s")
        started = Date()
        #expect(StableJSON.treeDecoded([String: Int].self, from: Data("{\(keys)}".utf8))?.count == 200_000)
        #expect(Date().timeIntervalSince(started) < 5, "\(Date().timeIntervalSince(started)) s")
    }

    /// A Farside header of 32,000 tickers (224 KB, two lines) took 39 s, one of 65,535 past two
    /// minutes (each name compared with every one before it): a table has at most 200 columns.
    @Test(.timeLimit(.minutes(1))) func aFarsideTableOfThousandsOfColumnsIsRefused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tickers = (0..<32_000).map { "F\($0)" }
        try ("Date," + tickers.joined(separator: ",") + "\n03 Jan 2022," + tickers.map { _ in "0" }.joined(separator: ",") + "\n")
            .write(to: folder.appendingPathComponent("f.csv"), atomically: true, encoding: .utf8)
        let result = try runWithin(30, builtBinary, ["import", "--format", "farside", "--asset", "BTC", "f.csv"], in: folder)
        #expect(!result.timedOut && result.status == 1
                && result.output.contains("f.csv:1: header: 32001 columns, more than the 200 a Farside table may have"), "\(result.output.prefix(600))")
    }

    /// `generate` wrote briefs that publish, verify and diff then refused, so every later
    /// publish failed: a sentence naming 2,000 venues (over 20,000 characters), a brief.json of
    /// 3.2 MB from `etf_inflow_days` of 3650. Such a brief is refused before it is written.
    @Test func aBriefThatWouldNotBeReadBackIsNotWritten() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try String(contentsOf: resources.defaultConfig, encoding: .utf8)
            .replacingOccurrences(of: "\"etf_inflow_days\": 2", with: "\"etf_inflow_days\": 3650")
        #expect(config.contains("3650"))
        try config.write(to: folder.appendingPathComponent("t.json"), atomically: true, encoding: .utf8)
        let result = try runToEnd(builtBinary, ["generate", "--config", "t.json"], in: folder)
        #expect(result.status == 1 && result.output.contains("BTC 2025-08-26: the brief would not be read back: brief.json: ")
                && result.output.contains("bytes, more than the 1048576 a brief.json may have"), "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/briefs/BTC/2025-08-26").path))
    }

    /// A 20 KB value where the decoder expects one of a few words was quoted whole in the error.
    @Test func aBriefsDecodingErrorIsCut() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try runToEnd(builtBinary, ["generate"], in: folder).status == 0)
        let brief = folder.appendingPathComponent("output/briefs/BTC/2025-08-26/brief.json").path
        let python = "import json; p = '\(brief)'; b = json.load(open(p))\nb['findings']['divergence']['level'] = 'x' * 20000\n"
            + "open(p, 'w').write(json.dumps(b))"
        #expect(try runToEnd(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", python], in: folder).status == 0)
        let result = try runToEnd(builtBinary, ["publish"], in: folder)
        #expect(result.status == 1 && result.output.contains("brief.json: findings.divergence.level: ")
                && result.output.contains("bytes in all)") && result.output.utf8.count < 2000, "\(result.output.prefix(800))")
    }
}

/// The eleventh review (of the fixes above).
extension AttackReviewTests {
    /// A folder holding the brief of BTC on 2025-08-26, and `project` as its project file.
    private static func briefedFolder(project: String) throws -> URL {
        let folder = try temporaryFolder()
        try "date,asset,close_usd\n2025-08-25,BTC,107000\n2025-08-26,BTC,108000\n"
            .write(to: folder.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
        #expect(try runToEnd(builtBinary, ["import", "m.csv"], in: folder).status == 0)
        #expect(try runToEnd(builtBinary, ["generate", "--date", "2025-08-26"], in: folder).status == 0)
        try project.write(to: folder.appendingPathComponent("marketbrief.json"), atomically: true, encoding: .utf8)
        return folder
    }

    /// `deliver` wrote its records, and removed a failed one, through a link in
    /// `OUT/deliveries` (at its top or at a day's folder): refused, nothing written outside.
    @Test(arguments: ["output/deliveries", "output/deliveries/BTC/2025-08-26"])
    func aLinkAmongTheDeliveryRecordsIsNotWrittenThrough(link: String) throws {
        let folder = try Self.briefedFolder(project: #"{"deliver": [{"slack": {}}]}"#)
        let outside = try temporaryFolder()
        defer { for url in [folder, outside] { try? FileManager.default.removeItem(at: url) } }
        try "victim\n".write(to: outside.appendingPathComponent("slack-x.failed"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(link).deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent(link), withDestinationURL: outside)
        let hooks = try ReplayServer { _, _ in .json("ok") }
        defer { hooks.stop() }
        let result = try runToEnd(builtBinary, ["deliver", "--date", "2025-08-26"], in: folder,
                                  environment: ["MARKETBRIEF_SLACK_WEBHOOK": hooks.baseURL + "/hook"])
        #expect(result.status != 0 && result.output.contains("\(link) is a symbolic link where marketbrief keeps a folder of its own"),
                "\(result.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path) == ["slack-x.failed"])
        #expect(hooks.requests.isEmpty, "nothing sent that could not be recorded")
    }

    /// A Telegram answer of 200 that is not the Bot API's `"ok": true` (400,000 `[`) was counted
    /// as sent and never tried again.
    @Test func aTelegramAnswerWithoutOkIsNoSend() throws {
        let hooks = try ReplayServer { _, _ in .json(String(repeating: "[", count: 400_000)) }
        defer { hooks.stop() }
        let folder = try Self.briefedFolder(project: #"{"deliver": [{"telegram": {"chat_id": -1001234, "api_url": "\#(hooks.baseURL)/"}}]}"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try runToEnd(builtBinary, ["deliver", "--date", "2025-08-26"], in: folder,
                                  environment: ["MARKETBRIEF_TELEGRAM_TOKEN": "123456:test-TOKEN_x"])
        #expect(result.status != 0 && result.output.contains("the Bot API answered without \"ok\": true"), "\(result.output)")
        let records = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("output/deliveries/BTC/2025-08-26").path)
        #expect(records.count == 1 && records[0].hasSuffix(".failed"), "\(records)")
    }

    /// A project of 1,600 assets made a site whose index passed the 4 MiB a page may have (each
    /// brief page lists the day's other assets), so every publish failed after three minutes.
    @Test func aProjectOfMoreAssetsThanASiteShowsIsRefused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let codes = (0..<101).map { "Q\(String(format: "%03d", $0))" }
        try #"{"assets": [\#(codes.map { "\"\($0)\"" }.joined(separator: ","))]}"#
            .write(to: folder.appendingPathComponent("marketbrief.json"), atomically: true, encoding: .utf8)
        let result = try runToEnd(builtBinary, ["publish"], in: folder)
        #expect(result.status != 0 && result.output.contains("marketbrief.json: assets: 101 assets, more than the 100 a project may brief"),
                "\(result.output)")
    }
}
