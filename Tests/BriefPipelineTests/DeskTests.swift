import BriefCore
import BriefStore
import Foundation
import Testing
@testable import BriefPipeline

/// The desk's morning job, as the README documents it: `init`, edit the project file, `daily`,
/// against a loopback Binance and drop folders of real-format files.
@Suite struct DailyTests {
    @Test func initEditDailyPublishesRealDataOnlyAndRunsAgainAsANoOp() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ReplayServer { BinanceReplay().reply($0, $1) }
        defer { server.stop() }

        let initialized = try runToEnd(builtBinary, ["init"], in: folder)
        #expect(initialized.status == 0, "\(initialized.output)")
        // The edit a desk makes: its venue address (and no archive), its deploy command.
        let projectFile = folder.appendingPathComponent("marketbrief.json")
        var project = try String(contentsOf: projectFile, encoding: .utf8)
        project = project.replacingOccurrences(of: #"{"venue": "binance-archive", "assets": ["BTC", "ETH"]},"#, with: "")
        project = project.replacingOccurrences(of: #"{"venue": "binance", "assets": ["BTC", "ETH"]}"#,
                                               with: #"{"venue": "binance", "assets": ["BTC", "ETH"], "base_url": "\#(server.baseURL)"}"#)
        project = project.replacingOccurrences(of: #"// ,"deploy": "deploy/rsync.sh user@host:/var/www/briefs/""#,
                                               with: #","deploy": "cp -R \"$MARKETBRIEF_SITE\" deployed-$(ls deployed-* 2>/dev/null | wc -l | tr -d ' ')""#)
        project = project.replacingOccurrences(of: #"// ,"site_title": "Our desk's morning brief""#, with: #","site_title": "Acme <Desk> & Co""#)
        try project.write(to: projectFile, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: root.appendingPathComponent("data/formats/farside-btc.csv"),
                                         to: folder.appendingPathComponent("inbox/farside-btc/farside-btc.csv"))
        try FileManager.default.copyItem(at: root.appendingPathComponent("data/formats/netflow-btc.csv"),
                                         to: folder.appendingPathComponent("inbox/csv/.partial-upload.csv"))

        let daily = try runToEnd(builtBinary, ["daily", "--date", "2025-08-26"], in: folder)
        #expect(daily.status == 0, "\(daily.output)")
        let lines = daily.output.split(separator: "\n").map(String.init)
        for expected in ["collect binance: BTC, ETH 2023-08-27 to 2025-08-26: 49 new or changed, 0 unchanged",
                         "import inbox/csv: no files", "generate 2025-08-26: BTC, ETH", "publish: ", "deploy: done"] {
            #expect(lines.contains { $0.hasPrefix(expected) }, "missing \(expected): \(daily.output)")
        }
        #expect(lines.contains { $0.contains("inbox/farside-btc: 1 file(s): ") }, "\(daily.output)")
        let site = folder.appendingPathComponent("output/site")
        let page = try String(contentsOf: site.appendingPathComponent("briefs/BTC/2025-08-26/index.html"), encoding: .utf8)
        #expect(page.contains("binance:spot:BTCUSDT") && page.contains("farside:farside-btc.csv"))
        let ethPage = try String(contentsOf: site.appendingPathComponent("briefs/ETH/2025-08-26/index.html"), encoding: .utf8)
        #expect(ethPage.contains("binance:spot:ETHUSDT") && !ethPage.contains("farside:") && !ethPage.contains("BTCUSDT"),
                "an ETH brief lists what it read, not BTC's ETF file or BTC's prices")
        let home = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(home.contains("<title>Acme &lt;Desk&gt; &amp; Co: market note of 26 August 2025</title>"), "the project's site title, escaped")
        let siteText = try Self.allText(under: site)
        #expect(!siteText.contains("sample:") && !siteText.contains("Illustrative sample"), "no sample source anywhere in the site")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/sample.sqlite").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("deployed-0/index.html").path))

        // The same day again changes nothing, so nothing is deployed again.
        let again = try runToEnd(builtBinary, ["daily", "--date", "2025-08-26"], in: folder)
        #expect(again.status == 0, "\(again.output)")
        #expect(again.output.contains("BTC, ETH 2025-08-24 to 2025-08-26: 0 new or changed"), "\(again.output)")
        #expect(again.output.contains("publish: 0 written"), "\(again.output)")
        #expect(again.output.contains("deploy: skipped: the site is as last deployed"), "\(again.output)")

        // A day whose closes are not in is refused, not briefed from whatever is there.
        let before = try Self.allText(under: site)
        let missing = try runToEnd(builtBinary, ["daily", "--date", "2025-08-28", "--quiet"], in: folder)
        #expect(missing.status == 1, "\(missing.output)")
        #expect(missing.output.contains("marketbrief: generate 2025-08-28: no close stored for 2025-08-28 (a venue down, a file not dropped yet?): "
            + "BTC: no close for 2025-08-28 yet; ETH: no close for 2025-08-28 yet"), "\(missing.output)")
        #expect(missing.output.hasSuffix("marketbrief: daily 2025-08-28: failed at generate 2025-08-28\n"), "\(missing.output)")
        #expect(try Self.allText(under: site) == before)

        // A venue down: the run says so, goes on with what is stored, and fails for want of a close.
        server.stop()
        let down = try runToEnd(builtBinary, ["daily", "--date", "2025-08-27", "--time-limit", "2"], in: folder)
        #expect(down.status == 1, "\(down.output)")
        #expect(down.output.contains("marketbrief: collect binance: collect: /api/v3/klines?") && down.output.contains("publish: 0 written"),
                "\(down.output)")
        #expect(try Self.allText(under: site) == before)
    }

    /// Every file under `folder`, concatenated in path order.
    private static func allText(under folder: URL) throws -> String {
        let paths = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []).sorted()
        return paths.compactMap { FileManager.default.contents(atPath: folder.appendingPathComponent($0).path) }
            .map { String(decoding: $0, as: UTF8.self) }.joined()
    }
}

/// The bundled sample and real data never meet in one store or one brief.
@Suite struct SampleSeparationTests {
    @Test func theSampleKeepsToItsOwnStoreAndAMixedStoreIsRefusedUntilCleaned() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sampleBrief = try runToEnd(builtBinary, ["generate"], in: folder)
        #expect(sampleBrief.status == 0 && sampleBrief.output.contains("the briefs come from the bundled illustrative sample"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/sample.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/marketbrief.sqlite").path))

        // Real data: from then on the briefs come from it alone.
        let real = folder.appendingPathComponent("real.csv")
        try "date,asset,close_usd\n2025-09-01,BTC,101000\n2025-09-02,BTC,102000\n".write(to: real, atomically: true, encoding: .utf8)
        #expect(try runToEnd(builtBinary, ["import", real.path], in: folder).status == 0)
        let realBrief = try runToEnd(builtBinary, ["generate"], in: folder)
        #expect(realBrief.status == 0 && !realBrief.output.contains("sample"), "\(realBrief.output)")
        let page = try String(contentsOf: folder.appendingPathComponent("output/briefs/BTC/2025-09-02/brief.txt"), encoding: .utf8)
        #expect(page.contains("Sources: file:real.csv.") && !page.contains("sample:"), "\(page)")
        let listed = try runToEnd(builtBinary, ["data"], in: folder)
        #expect(listed.output.contains("file:real.csv: 2 value(s) of BTC, 2025-09-01 to 2025-09-02"), "\(listed.output)")

        // A store an older version filled with the sample beside real data is refused, then cleaned.
        let store = try MetricStore(path: folder.appendingPathComponent("output/marketbrief.sqlite").path)
        try Importer.importSample(SampleData(folder: resources.sample), into: store)
        let mixed = try runToEnd(builtBinary, ["generate", "--date", "2025-09-02"], in: folder)
        #expect(mixed.status == 1 && mixed.output.contains("remove it with `marketbrief data --remove 'sample:*'`"), "\(mixed.output)")
        let removed = try runToEnd(builtBinary, ["data", "--remove", "sample:*", "--yes"], in: folder)
        #expect(removed.output.contains("Removed 15574 value(s) and 6 transfer(s) of sources matching sample:*"), "\(removed.output)")
        #expect(try runToEnd(builtBinary, ["generate", "--date", "2025-09-02"], in: folder).status == 0)
    }

    /// `data --remove` lists what it would remove and, without a terminal to ask on, removes
    /// nothing unless told `--yes`; a pattern matching nothing is an error.
    @Test func dataRemoveListsFirstAndNeedsConsent() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, day) in [("a.csv", "2025-09-01"), ("b.csv", "2025-09-02")] {
            try "date,asset,close_usd\n\(day),BTC,101000\n".write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            #expect(try runToEnd(builtBinary, ["import", name], in: folder).status == 0)
        }
        let before = try runToEnd(builtBinary, ["data"], in: folder).output
        for pattern in ["*", "?*", "*.csv"] {
            let refused = try runToEnd(builtBinary, ["data", "--remove", pattern], in: folder)
            #expect(refused.status == 1, "\(pattern): \(refused.output)")
            #expect(refused.output.contains("  file:a.csv: 1 value(s) of BTC") && refused.output.contains("  file:b.csv: 1 value(s)"))
            #expect(refused.output.contains("nothing removed: standard input is not a terminal: add --yes"), "\(refused.output)")
            #expect(try runToEnd(builtBinary, ["data"], in: folder).output == before)
        }
        for pattern in ["file", "b.csv", "binance:*"] {
            let unmatched = try runToEnd(builtBinary, ["data", "--remove", pattern, "--yes"], in: folder)
            #expect(unmatched.status == 1 && unmatched.output.contains("nothing removed: no source in output/marketbrief.sqlite matches \(pattern)"),
                    "\(unmatched.output)")
        }
        let removed = try runToEnd(builtBinary, ["data", "--remove", "file:a*", "--yes"], in: folder)
        #expect(removed.status == 0 && removed.output.contains("Removed 1 value(s) and 0 transfer(s) of sources matching file:a*"),
                "\(removed.output)")
        let after = try runToEnd(builtBinary, ["data"], in: folder).output
        #expect(!after.contains("file:a.csv") && after.contains("file:b.csv"), "\(after)")
        #expect(try runToEnd(builtBinary, ["data", "--yes"], in: folder).status == 2)
        // A pattern past what a source could be is refused before SQLite says "pattern too complex".
        let long = try runToEnd(builtBinary, ["data", "--remove", String(repeating: "*", count: 100_000), "--yes"], in: folder)
        #expect(long.status == 2 && long.output.contains("--remove: a pattern of 100000 bytes; a source's pattern has at most 1000"), "\(long.output)")
        #expect(try runToEnd(builtBinary, ["data"], in: folder).output == after)
    }

    @Test(arguments: [
        (#"{"output": "out", "colect": []}"#, "unknown key colect (known: output, assets"),
        (#"{"assets": ["BTC"], "assets": ["ETH"]}"#, "assets is given twice; keep one"),
        (#"{"collect": [{"venue": "kraken"}]}"#, "collect[0].venue: binance, okx, bybit or binance-archive"),
        (#"{"drop_folders": [{"path": "in", "format": "farside"}]}"#, "drop_folders[0].format farside needs an asset"),
        (#"{"base_url": "https://user:pw@example.org/"}"#, "base_url https://user:pw@example.org/: not an absolute http(s) URL"),
        ("{\n  // a comment\n  \"output\": \"out\" // after a value\n}", "`,` or `}` expected, found `/` (line 3, character 19); not valid JSON (comments must be whole lines starting with //)"),
        (#"{"assets": ["BTC", "BTC", "ETH", "ETH"]}"#, "assets: BTC is listed twice; keep one"),
        (#"{"collect": [{"venue": "okx", "assets": ["ETH", "BTC", "ETH"]}]}"#, "collect[0].assets: ETH is listed twice; keep one"),
        (#"{"collect": [{"venue": "binance"}, {"venue": "okx"}, {"venue": "binance", "assets": ["ETH"]}]}"#,
         "collect[2].venue: binance is listed twice (first at collect[0]); keep one entry per venue, with all its assets"),
        (#"{"collect_overlap_days": true}"#, "collect_overlap_days: a whole number from 0 to 60 is expected"),
        (#"{"collect_overlap_days": false}"#, "collect_overlap_days: a whole number from 0 to 60 is expected"),
        (#"{"base_url": "https://example.org:99999/"}"#, "base_url https://example.org:99999/: not an absolute http(s) URL"),
        (#"{"base_url": "https://example.org:0/"}"#, "base_url https://example.org:0/: not an absolute http(s) URL"),
        (#"{"collect": [{"venue": "binance", "base_url": "http://127.0.0.1:65536/"}]}"#, "collect[0].base_url: not an absolute http(s) URL"),
        (#"{"site_title": " \t "}"#, "site_title: 1 to 80 characters and at most 320 bytes of UTF-8, not all blank"),
        // One character of 200 combining marks: 401 bytes, which once made a 46 MB site at 200,000.
        ("{\"site_title\": \"a" + String(repeating: "\u{301}", count: 200) + "\"}",
         "site_title: 1 to 80 characters and at most 320 bytes of UTF-8, not all blank"),
        (#"{"deliver": [{"pager": {}}]}"#, "deliver[0].unknown key pager (known: email, slack, telegram)"),
        (#"{"deliver": [{"slack": {}, "telegram": {}}]}"#, "deliver[0].one of email, slack or telegram is expected, as the only key"),
        (#"{"deliver": [{"email": {"host": "smtp.example.org", "from": "a@example.org", "to": ["x@example.org\r\nBcc: y@example.org"]}}]}"#,
         "deliver[0].email.to: x@example.org"),
        (#"{"deliver": [{"email": {"host": "smtp.example.org", "from": "a@example.org", "to": []}}]}"#, "deliver[0].email.to: a list of addresses is expected"),
        (#"{"deliver": [{"email": {"host": "smtp.example.org", "from": "a@example.org", "to": ["b@example.org"], "password": "x"}}]}"#,
         "deliver[0].email.unknown key password (known: host, port, from, to, credentials, ca_file)"),
        (#"{"deliver": [{"slack": {"webhook_env": "https://hooks.slack.com/x"}}]}"#, "deliver[0].slack.webhook_env: the name of an environment variable"),
        (#"{"deliver": [{"telegram": {"chat_id": true}}]}"#, "deliver[0].telegram.chat_id: a chat's number or @channel name (5 to 32"),
        (#"{"alert": [{"slack": {}}]}"#, "alert: an object is expected"),
        (#"{"alert": {"email": {"host": "smtp example", "from": "a@example.org", "to": ["b@example.org"]}}}"#, "alert.email.host: a host name or address is expected"),
        // A port in the host passed the check, then failed in libcurl on every send.
        (#"{"alert": {"email": {"host": "127.0.0.1:2525", "from": "a@example.org", "to": ["b@example.org"]}}}"#,
         "alert.email.host: a host name or address is expected (the port goes in \"port\")"),
        (#"{"alert": {"email": {"host": "[::1]:25", "from": "a@example.org", "to": ["b@example.org"]}}}"#, "alert.email.host: a host name or address"),
        (#"{"alert": {"email": {"host": "-smtp.example.org", "from": "a@example.org", "to": ["b@example.org"]}}}"#, "alert.email.host: a host name or address"),
        // JSONSerialization reads a trailing comma, and said only "not a JSON object" of a leading zero.
        (#"{"assets": ["BTC",]}"#, "assets[1]: a value expected, found `]` (line 1, character 19); not valid JSON"),
        (#"{"deliver": [{"telegram": {"chat_id": 007}}]}"#, "deliver[0].telegram: `,` or `}` expected, found `0` (line 1, character 40)"),
        (#"{"deliver": [{"telegram": {"chat_id": "@"}}]}"#, "deliver[0].telegram.chat_id: a chat's number or @channel name (5 to 32 letters"),
        (#"{"deliver": [{"telegram": {"chat_id": "@a-b-c-d"}}]}"#, "deliver[0].telegram.chat_id: a chat's number or @channel name"),
    ])
    func aProjectFileProblemNamesTheKey(text: String, expected: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try text.write(to: folder.appendingPathComponent("marketbrief.json"), atomically: true, encoding: .utf8)
        let result = try runToEnd(builtBinary, ["generate"], in: folder)
        #expect(result.status != 0 && result.output.contains("marketbrief.json: " + expected), "\(result.output)")
    }

    /// The hosts and chats a desk writes are taken, as the URL or the API needs them.
    @Test func mailHostsAndChatsAsADeskWritesThem() {
        #expect(["smtp.example.org", "127.0.0.1", "localhost", "[2001:db8::1]", "::1"].map(BaseURL.host)
                == ["smtp.example.org", "127.0.0.1", "localhost", "[2001:db8::1]", "[::1]"])
        #expect(["a..b", "smtp.example.org:587", "[::1", "::g", "", String(repeating: "a", count: 64) + ".org"].allSatisfy { BaseURL.host($0) == nil })
        #expect(["@desk_alerts", "@" + String(repeating: "a", count: 32)].allSatisfy(Project.isChannelName))
        #expect(!["@", "@desk", "desk_alerts", "@" + String(repeating: "a", count: 33), "@dé_sk_"].contains(where: Project.isChannelName))
    }

    @Test func initRefusesToWriteThroughALinkedInbox() throws {
        let folder = try temporaryFolder(), elsewhere = try temporaryFolder()
        defer { for url in [folder, elsewhere] { try? FileManager.default.removeItem(at: url) } }
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("inbox").path, withDestinationPath: elsewhere.path)
        let result = try runToEnd(builtBinary, ["init"], in: folder)
        #expect(result.status == 1 && result.output.contains("inbox is a symbolic link where marketbrief keeps a folder of its own"),
                "\(result.output)")
        #expect(!result.output.contains("NSCocoaErrorDomain"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty, "nothing written outside the project")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("marketbrief.json").path))
    }

    @Test func aProjectFileThatIsALinkToNowhereAFIFOOrTooLargeIsRefusedNotIgnored() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("marketbrief.json")
        try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: "moved-away.json")
        let dangling = try runToEnd(builtBinary, ["generate"], in: folder)
        #expect(dangling.status == 2 && dangling.output.contains("marketbrief.json: a link to nowhere"), "\(dangling.output)")
        try FileManager.default.removeItem(at: file)
        #expect(mkfifo(file.path, 0o600) == 0)
        let fifo = try runToEnd(builtBinary, ["generate"], in: folder)
        #expect(fifo.status == 2 && fifo.output.contains("marketbrief.json: not a regular file"), "a FIFO is refused, not waited on: \(fifo.output)")
        try FileManager.default.removeItem(at: file)
        try Data(("{\"output\": \"" + String(repeating: "x", count: 2 << 20) + "\"}").utf8).write(to: file)
        let huge = try runToEnd(builtBinary, ["generate"], in: folder)
        #expect(huge.status == 2 && huge.output.contains("bytes; a project file has at most 1048576"), "\(huge.output)")
    }

    /// A site title in Latin-1 was read with U+FFFD in place of its byte and published.
    @Test func aProjectFileThatIsNotUTF8IsRefusedNamingTheByte() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Array("{\"assets\": [\"BTC\"],\n \"site_title\": \"Caf".utf8) + [0xE9] + Array("\"}".utf8))
            .write(to: folder.appendingPathComponent("marketbrief.json"))
        let result = try runToEnd(builtBinary, ["generate"], in: folder)
        #expect(result.status == 2 && result.output.contains("marketbrief.json:2: byte 20: not valid UTF-8 (0xE9 at offset 39;"),
                "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("output").path), "nothing written")
    }
}

/// `export` writes what `import` reads: the same values, so the same briefs.
@Suite struct ExportTests {
    @Test func exportThenImportIntoAnEmptyStoreGivesByteIdenticalBriefs() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = ["daily.csv", "transfers.csv"].map { root.appendingPathComponent("data/sample/\($0)").path }
        #expect(try runToEnd(builtBinary, ["import"] + files + ["--out", "first"], in: folder).status == 0)

        let exported = folder.appendingPathComponent("exported")
        try FileManager.default.createDirectory(at: exported, withIntermediateDirectories: true)
        for (name, flags) in [("daily.csv", [String]()), ("transfers.csv", ["--transfers"])] {
            let export = try runToEnd(builtBinary, ["export", "--format", "csv", "--out", "first"] + flags, in: folder)
            #expect(export.status == 0)
            try Data(export.output.utf8).write(to: exported.appendingPathComponent(name))
        }
        let reimported = try runToEnd(builtBinary, ["import", "exported/daily.csv", "exported/transfers.csv", "--out", "second"], in: folder)
        #expect(reimported.status == 0, "\(reimported.output)")
        #expect(reimported.output.contains("15580 new or changed") && reimported.output.contains("15574 values and 6 transfers"),
                "\(reimported.output)")

        for output in ["first", "second"] {
            let backfill = try runToEnd(builtBinary, ["backfill", "--from", "2025-08-01", "--to", "2025-08-31", "--asset", "BTC",
                                                      "--asset", "ETH", "--out", output], in: folder)
            #expect(backfill.status == 0, "\(backfill.output)")
        }
        let briefs = FileManager.default.enumerator(atPath: folder.appendingPathComponent("first/briefs").path)?
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".json") || $0.hasSuffix(".html") || $0.hasSuffix(".txt") } ?? []
        #expect(briefs.count == 62 * 3)
        for brief in briefs {
            #expect(FileManager.default.contents(atPath: folder.appendingPathComponent("first/briefs/" + brief).path)
                    == FileManager.default.contents(atPath: folder.appendingPathComponent("second/briefs/" + brief).path), "\(brief)")
        }
        // A slice: only the asked days and asset.
        let slice = try runToEnd(builtBinary, ["export", "--from", "2025-08-25", "--to", "2025-08-26", "--asset", "ETH", "--out", "first"], in: folder)
        #expect(slice.output.split(separator: "\n").map { $0.prefix(14) } == ["date,asset,clo", "2025-08-25,ETH", "2025-08-26,ETH"])
    }

    @Test func aTransfersOnlyStoreExportsCellsSafeForASpreadsheetThatImportReadsBack() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let transfers = #"""
            id,time,asset,amount,usd_value,dormant_years,action,rotated_into,label
            -tx1,2025-08-24T09:15:27Z,BTC,22400,2551360000,7.1,sold,,"=HYPERLINK(""http://x.example"",""open"")"
            tx2,2025-08-25T10:00:00Z,BTC,1000,110000000,0,moved,,@SUM(A1:A9)

            """#
        try transfers.write(to: folder.appendingPathComponent("transfers.csv"), atomically: true, encoding: .utf8)
        let imported = try runToEnd(builtBinary, ["import", "transfers.csv", "--out", "first"], in: folder)
        #expect(imported.status == 0, "\(imported.output)")
        let exported = try runToEnd(builtBinary, ["export", "--transfers", "--out", "first"], in: folder)
        #expect(exported.status == 0, "a store of transfers alone is not empty: \(exported.output)")
        let lines = exported.output.split(separator: "\n")
        #expect(lines.count == 3 && lines[1].hasPrefix("'-tx1,") && lines[1].hasSuffix(#""'=HYPERLINK(""http://x.example"",""open"")""#)
                && lines[2].hasSuffix(",'@SUM(A1:A9)"), "every formula-like cell after an apostrophe: \(exported.output)")
        try Data(exported.output.utf8).write(to: folder.appendingPathComponent("exported.csv"))
        #expect(try runToEnd(builtBinary, ["import", "exported.csv", "--out", "second"], in: folder).status == 0)
        let again = try runToEnd(builtBinary, ["export", "--transfers", "--out", "second"], in: folder)
        #expect(again.output == exported.output, "import takes the apostrophe off: the values are the same")
    }
}

/// Briefs written by an earlier version stay readable: publish and diff read a committed
/// version-1 brief.json (the crash day, as the build before format 2 wrote it).
@Suite struct EarlierFormatTests {
    private let versionOne = root.appendingPathComponent("Tests/BriefPipelineTests/Golden/crash-day-v1.json")

    @Test func aVersionOneBriefReadsAsTheCurrentFormat() throws {
        let document = try BriefDocument.decode(Data(contentsOf: versionOne))
        #expect(document.formatVersion == 2)
        #expect(document.story == "BTC closed at $108,000 on 26 August 2025, down 7.7% from $117,000 on Aug 23 (3 days earlier)")
        #expect(document.sections.map(\.id) == ["leverage", "whale-trigger", "divergence", "short-term-risk", "stabilization"])
        #expect(document.findings.price.close == 108_000 && document.findings.risk.maxScore == 7 && document.claims.isEmpty)
        #expect(document.findings.divergence.exchangeFlows.current?.days == 9)
        #expect(document.generator == nil)
        #expect { try BriefDocument.decode(Data(#"{"formatVersion": 3}"#.utf8)) } throws: {
            "\($0)".contains("formatVersion 3 is not supported (this build reads 1 to 2)")
        }
    }

    @Test func publishAndDiffReadAVersionOneBriefBesideCurrentOnes() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try runToEnd(builtBinary, ["backfill", "--from", "2025-08-24", "--to", "2025-08-26", "--quiet"], in: folder).status == 0)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("output/briefs/BTC/2025-08-26/brief.json"))
        try FileManager.default.copyItem(at: versionOne, to: folder.appendingPathComponent("output/briefs/BTC/2025-08-26/brief.json"))
        let published = try runToEnd(builtBinary, ["publish"], in: folder)
        #expect(published.status == 0, "\(published.output)")
        let page = try String(contentsOf: folder.appendingPathComponent("output/site/briefs/BTC/2025-08-26/index.html"), encoding: .utf8)
        #expect(page.contains("<h1>BTC closed at $108,000 on 26 August 2025, down 7.7% from $117,000 on Aug 23 (3 days earlier)</h1>"))
        let diff = try runToEnd(builtBinary, ["diff", "2025-08-25", "2025-08-26"], in: folder)
        #expect(diff.status == 1 && diff.output.contains("Long liquidations              $212M → $477M"), "\(diff.output)")
    }
}
