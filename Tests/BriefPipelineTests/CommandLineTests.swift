import BriefCore
import BriefStore
import Foundation
import Testing

/// Runs the built `marketbrief` binary as a user would.
@Suite struct CommandLineTests {
    private let binary = builtBinary

    private func run(_ executable: URL, _ arguments: [String], in folder: URL,
                     environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        try runToEnd(executable, arguments, in: folder, environment: environment)
    }

    /// A fresh folder to run the binary in, removed by the caller; requires the built binary.
    private func workFolder() throws -> URL {
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "no built binary at \(binary.path)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mb-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func aCopiedBinaryGeneratesTheSampleBriefAndRefusesBadArguments() throws {
        let folder = try workFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("marketbrief")
        try FileManager.default.copyItem(at: binary, to: copy)

        let generated = try run(copy, ["generate"], in: folder)
        #expect(generated.status == 0, "\(generated.output)")
        let page = folder.appendingPathComponent("output/briefs/BTC/2025-08-26/brief.html")
        #expect(FileManager.default.fileExists(atPath: page.path))

        let validated = try run(copy, ["validate", "--brief", page.path], in: folder)
        #expect(validated.status == 0, "\(validated.output)")

        let badDate = try run(copy, ["generate", "--date", "2025-13-01"], in: folder)
        #expect(badDate.status != 0)
        #expect(badDate.output.contains("--date 2025-13-01: not a date"))
        let future = try run(copy, ["generate", "--date", "2099-01-01"], in: folder)
        #expect(future.status == 2 && future.output.contains("--date 2099-01-01: in the future"), "\(future.output)")
        for day in ["2025-09-01"] {  // after the last stored close
            let noClose = try run(copy, ["generate", "--date", day], in: folder)
            #expect(noClose.status == 1, "\(noClose.output)")
            #expect(noClose.output.contains("no BTC close stored for \(day)"), "\(noClose.output)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/briefs/BTC/\(day)").path))
        }
        for arguments in [["generate", "--date", "0001-01-01"], ["backfill", "--from", "0001-01-01", "--to", "0001-01-03"]] {
            let ancient = try run(copy, arguments, in: folder)
            #expect(ancient.status != 0 && ancient.output.contains("0001-01-01: before 1970-01-01"), "\(ancient.output)")
        }
        let badAsset = try run(copy, ["generate", "--asset", "../../x"], in: folder)
        #expect(badAsset.status != 0)
        #expect(badAsset.output.contains("not an asset code"))

        let bad = folder.appendingPathComponent("bad.csv")
        try "date,asset,close_usd\n2025-01-01,BTC,-3\n".write(to: bad, atomically: true, encoding: .utf8)
        let imported = try run(copy, ["import", bad.path], in: folder)
        #expect(imported.status == 1)
        #expect(imported.output.contains("bad.csv:2: close_usd: a price must be above zero"))
        let ignoredAsset = try run(copy, ["import", "--asset", "ETH", bad.path], in: folder)
        #expect(ignoredAsset.status != 0 && ignoredAsset.output.contains("names the asset on every row; drop --asset"))
    }

    /// A brief edited to hold escape sequences is refused at read: nothing of it reaches the terminal.
    @Test func controlCharactersInAnEditedBriefNeverReachTheTerminal() throws {
        let folder = try workFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try run(binary, ["backfill", "--from", "2025-08-25", "--to", "2025-08-26"], in: folder).status == 0)
        let file = folder.appendingPathComponent("output/briefs/BTC/2025-08-26/brief.json")
        let edited = try String(contentsOf: file, encoding: .utf8)
            .replacingOccurrences(of: "BTC closed at", with: "BTC \\u001b[2J\\u001b]0;pwned\\u0007closed at")
        try edited.write(to: file, atomically: true, encoding: .utf8)
        for format in ["text", "json", "html"] {
            let shown = try run(binary, ["diff", "2025-08-25", "2025-08-26", "--format", format, "--color", "never"], in: folder)
            #expect(shown.status == 2, "\(shown.output)")
            #expect(!shown.output.contains("\u{1B}") && !shown.output.contains("\u{7}"), "\(format) passes a control character")
            #expect(shown.output.contains("briefs/BTC/2025-08-26/brief.json: ") && shown.output.contains(": a control character (U+001B) at character "),
                    "the edited brief is refused, naming its field: \(shown.output)")
        }
    }

    @Test func implausibleStoredOrEditedValuesAreRefusedNamingWhereTheyCameFrom() throws {
        let folder = try workFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = "date,asset,close_usd,oi_coins,liq_long_usd,liq_short_usd,exchange_netflow,etf_flow_usd\n"
            + "2025-09-01,BTC,9e18,1e40,1e40,1e40,1e40,-1e40\n"
        try csv.write(to: folder.appendingPathComponent("big.csv"), atomically: true, encoding: .utf8)
        #expect(try run(binary, ["generate"], in: folder).status == 0)
        let refused = try run(binary, ["import", "big.csv"], in: folder)
        #expect(refused.status == 1 && refused.output.contains("big.csv:2: close_usd: 9e+18 is implausible"), "\(refused.output)")

        // A brief.json edited by hand: publish refuses it, naming the file and the field, and writes no site.
        let brief = folder.appendingPathComponent("output/briefs/BTC/2025-08-26/brief.json")
        let written = try String(contentsOf: brief, encoding: .utf8)
        for (edit, field) in [("\"stepDays\" : 7", "\"stepDays\" : 9223372036854775807"), ("\"stepDays\" : 7", "\"stepDays\" : 0")] {
            try written.replacingOccurrences(of: edit, with: field).write(to: brief, atomically: true, encoding: .utf8)
            let published = try run(binary, ["publish"], in: folder)
            #expect(published.status == 1 && published.output.contains("brief.json: charts.openInterest.stepDays = "),
                    "\(published.output)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/site").path))
        }
        try written.write(to: brief, atomically: true, encoding: .utf8)

        // Values no import accepts, written into the store by other means: generate and backfill
        // refuse them naming the row, and write nothing.
        let store = try MetricStore(path: folder.appendingPathComponent("output/marketbrief.sqlite").path)
        try store.save(samples: [MetricSample(asset: .btc, day: Day("2025-09-01")!, metric: .closeUSD, value: 108_000, source: "test"),
                                 MetricSample(asset: .btc, day: Day("2025-09-02")!, metric: .closeUSD, value: 1.7e308, source: "test"),
                                 MetricSample(asset: .btc, day: Day("2025-09-02")!, metric: .fundingIntervalHours, value: 0, source: "test")],
                       transfers: [])
        for arguments in [["generate", "--date", "2025-09-02"], ["backfill", "--from", "2025-09-01", "--to", "2025-09-02"]] {
            let generated = try run(binary, arguments, in: folder)
            #expect(generated.status == 1 && generated.output.contains("store: BTC close_usd 2025-09-02 = 1.7e+308: 1.7e+308 is implausible"),
                    "\(generated.output)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/briefs/BTC/2025-09-02").path))
        }
    }

    @Test func theBriefDoesNotDependOnTimeZoneOrLocale() throws {
        let folder = try workFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = try run(binary, ["generate", "--out", "utc"], in: folder, environment: ["TZ": "UTC", "LC_ALL": "C"])
        let tokyo = try run(binary, ["generate", "--out", "tokyo"], in: folder,
                            environment: ["TZ": "Asia/Tokyo", "LC_ALL": "de_DE.UTF-8", "LANG": "de_DE.UTF-8"])
        #expect(plain.status == 0 && tokyo.status == 0, "\(plain.output)\n\(tokyo.output)")
        for name in ["brief.txt", "brief.html", "brief.json"] {
            let a = FileManager.default.contents(atPath: folder.appendingPathComponent("utc/briefs/BTC/2025-08-26/\(name)").path)
            let b = FileManager.default.contents(atPath: folder.appendingPathComponent("tokyo/briefs/BTC/2025-08-26/\(name)").path)
            #expect(a != nil && a == b, "\(name) differs between time zones or locales")
        }
    }

    @Test func diffNamesWhatChangedAndExitsLikeDiff() throws {
        let folder = try workFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let backfill = try run(binary, ["backfill", "--from", "2025-08-25", "--to", "2025-08-26"], in: folder)
        #expect(backfill.status == 0, "\(backfill.output)")

        let changed = try run(binary, ["diff", "2025-08-25", "2025-08-26"], in: folder)
        #expect(changed.status == 1, "\(changed.output)")
        let lines = changed.output.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        for expected in ["Funding per 8h 0.0085% → 0.0080% -0.0005 pp", "Funding, annualized 9.31% → 8.76% -0.55 pp",
                         "Long liquidations $212M → $477M +$265M (+125.0%)",
                         "Spot-ETF net flow, latest day -$413M → -$296M outflow shrank by",
                         "Spot-ETF flow run (net) -$763M → -$1.1B outflow grew by",
                         "Unchanged: Open interest percentile, Exchange net-flow run (net), Dormant-coin"] {
            #expect(lines.contains(expected), "missing: \(expected)")
        }
        // Piped, lines are wrapped at 80 columns; a row of columns goes on under its last column.
        let raw = changed.output.split(separator: "\n").map(String.init)
        #expect(raw.allSatisfy { $0.count <= 80 })
        if let row = raw.firstIndex(where: { $0.contains("Spot-ETF net flow, latest day") }), row + 1 < raw.count {
            #expect(raw[row + 1].trimmingCharacters(in: .whitespaces) == "$116M")
            #expect(raw[row + 1].prefix { $0 == " " }.count == raw[row].range(of: "outflow")!.lowerBound.utf16Offset(in: raw[row]))
        }
        #expect(!changed.output.contains("\u{1B}["), "piped output is plain")
        let colored = try run(binary, ["diff", "2025-08-25", "2025-08-26", "--color", "always"], in: folder)
        #expect(colored.status == 1 && colored.output.contains("\u{1B}[31m"))

        let same = try run(binary, ["diff", "2025-08-26", "2025-08-26"], in: folder)
        #expect(same.status == 0)
        #expect(same.output == "BTC brief, 26 August 2025 → 26 August 2025\nNo change.\n")

        let json = try run(binary, ["diff", "2025-08-25", "2025-08-26", "--format", "json"], in: folder)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        #expect(json.status == 1 && decoded?["hasChanges"] as? Bool == true)

        let html = try run(binary, ["diff", "2025-08-25", "2025-08-26", "--format", "html"], in: folder)
        #expect(html.status == 1 && html.output.hasPrefix("<!DOCTYPE html>"))
        let page = folder.appendingPathComponent("diff.html")
        try Data(html.output.utf8).write(to: page)
        let validated = try run(binary, ["validate", page.path], in: folder)
        #expect(validated.status == 0, "diff --format html writes a page that passes validate: \(validated.output)")

        // Output that cannot be written is trouble (2), not "changes" (1).
        let full = Process()
        full.executableURL = binary
        full.arguments = ["diff", "2025-08-25", "2025-08-26"]
        full.currentDirectoryURL = folder
        full.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        full.standardError = FileHandle.nullDevice
        try full.run()
        full.waitUntilExit()
        #expect(full.terminationStatus == 2)

        let missing = try run(binary, ["diff", "2025-08-24", "2025-08-26"], in: folder)
        #expect(missing.status == 2)
        #expect(missing.output.contains("no BTC brief for 2025-08-24"))
        let badDate = try run(binary, ["diff", "2025-08-24", "2025-02-30"], in: folder)
        #expect(badDate.status == 2)
        #expect(badDate.output.contains("2025-02-30: not a date"))
    }

    @Test func publishFromAFreshFolderGivesASiteThatOpensFromFiles() throws {
        let folder = try workFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try run(binary, ["backfill", "--from", "2025-08-20", "--to", "2025-08-26"], in: folder).status == 0)
        let published = try run(binary, ["publish"], in: folder)
        #expect(published.status == 0, "\(published.output)")
        // 7 brief pages, 6 diff pages, index, one archive month, the archive's front page, BTC's page,
        // the feed and BTC's, stylesheet.
        #expect(published.output.contains("Published 7 brief(s) to output/site: 20 files, 20 written"))
        #expect(published.output.contains("No --base-url: sitemap.xml was not written"))
        // A brief links to the asset's day before and after and to its month; a diff to the diffs beside it.
        let page = try String(contentsOf: folder.appendingPathComponent("output/site/briefs/BTC/2025-08-25/index.html"), encoding: .utf8)
        for link in [#"<a rel="prev" href="../../../briefs/BTC/2025-08-24/index.html">← Aug 24</a>"#,
                     #"<a rel="next" href="../../../briefs/BTC/2025-08-26/index.html">Aug 26 →</a>"#,
                     #"<a href="../../../archive/2025-08.html">August 2025</a>"#] {
            #expect(page.contains(link), "missing \(link)")
        }
        let diffPage = try String(contentsOf: folder.appendingPathComponent("output/site/briefs/BTC/2025-08-21/diff.html"), encoding: .utf8)
        #expect(!diffPage.contains(#"rel="prev""#), "the first diff has none before it")
        #expect(diffPage.contains(#"<a rel="next" href="../../../briefs/BTC/2025-08-22/diff.html">changes to Aug 22 →</a>"#))
        let again = try run(binary, ["publish"], in: folder)
        #expect(again.output.contains("output/site is up to date: 20 files, none rewritten."))
        for url in ["ftp://example.org", "https://user:secret@example.org/", "https://example.org/\"><script>", "https://example.org/a b"] {
            let badURL = try run(binary, ["publish", "--base-url", url], in: folder)
            #expect(badURL.status != 0 && badURL.output.contains("not an absolute http(s) URL"), "\(url): \(badURL.output)")
        }
        let upperCase = try run(binary, ["publish", "--base-url", "HTTPS://Example.ORG/Briefs"], in: folder)
        #expect(upperCase.status == 0, "\(upperCase.output)")
        let sitemap = try String(contentsOf: folder.appendingPathComponent("output/site/sitemap.xml"), encoding: .utf8)
        #expect(sitemap.contains("<loc>https://example.org/Briefs/sitemaps/"), "\(sitemap)")

        // A brief.json edited down to two sections is refused, not published with empty ones.
        let edited = folder.appendingPathComponent("output/briefs/BTC/2025-08-26/brief.json")
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: edited)) as? [String: Any])
        document["sections"] = (document["sections"] as? [Any])?.prefix(2).map { $0 }
        try JSONSerialization.data(withJSONObject: document).write(to: edited)
        let refused = try run(binary, ["publish"], in: folder)
        #expect(refused.status == 1 && refused.output.contains("are not the five a brief has"), "\(refused.output)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/site/index.html").path))
    }

    @Test func collectFromAReplayedBinanceFillsTheStoreAndFailuresChangeNothing() throws {
        let folder = try workFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let replay = BinanceReplay()
        let server = try ReplayServer { replay.reply($0, $1) }
        defer { server.stop() }
        let collect = ["collect", "binance", "--base-url", server.baseURL, "--from", "2025-08-20", "--to", "2025-08-26",
                       "--asset", "BTC", "--asset", "ETH"]
        let first = try run(binary, collect, in: folder)
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("new or changed, 0 unchanged"))
        let generated = try run(binary, ["generate", "--date", "2025-08-26"], in: folder)
        #expect(generated.status == 0, "\(generated.output)")
        let text = try String(contentsOf: folder.appendingPathComponent("output/briefs/BTC/2025-08-26/brief.txt"), encoding: .utf8)
        #expect(text.contains("BTC closed at $110,600 on 26 August 2025"))
        #expect(text.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("Funding on Binance is 0.008% per 8h settlement"))
        let json = try String(contentsOf: folder.appendingPathComponent("output/briefs/BTC/2025-08-26/brief.json"), encoding: .utf8)
        #expect(json.contains("binance:fundingRate:BTCUSDT"), "the brief names its sources")

        let again = try run(binary, collect, in: folder)
        #expect(again.status == 0 && again.output.contains(" 0 new or changed"), "re-running is idempotent: \(again.output)")

        let database = folder.appendingPathComponent("output/marketbrief.sqlite")
        let before = try Data(contentsOf: database)
        let failures: [(ReplayServer.Handler, String)] = [
            ({ _, _ in .json("{\"code\":-1003,\"msg\":\"banned\"}", status: 418) }, "HTTP 418"),
            ({ _, _ in .json("oops", status: 503) }, "HTTP 503: oops"),
            ({ _, _ in ReplayServer.Reply(body: Data("[[1".utf8), truncated: true) }, "no complete response"),
            ({ path, query in path == "/fapi/v1/fundingRate" ? .json("[{\"fundingTime\":\"soon\"}]") : replay.reply(path, query) },
             "malformed payload"),
            ({ path, query in BinanceReplay(btcCloseOffset: 1).reply(path, query) }, "disagree with what the same source gave before"),
            ({ _, _ in .json("{\"code\":-1003,\"msg\":\"Too many requests.\"}", status: 429, headers: ["Retry-After": "0"]) },
             "HTTP 429 (rate limited) 4 times"),
        ]
        for (handler, expected) in failures {
            server.replace(handler)
            let failed = try run(binary, collect, in: folder)
            #expect(failed.status == 1, "\(expected): \(failed.output)")
            #expect(failed.output.contains(expected), "\(failed.output)")
            #expect(try Data(contentsOf: database) == before, "\(expected) changed the store")
        }
        // Cancelled while a request is under way (SIGKILL: SIGINT and SIGTERM sent from the test
        // runner did not stop the child here; SIGTERM from a shell does).
        server.replace { path, query in
            Thread.sleep(forTimeInterval: 3)
            return replay.reply(path, query)
        }
        let (cancelled, _) = try launch(binary, collect, in: folder)
        Thread.sleep(forTimeInterval: 0.5)
        kill(cancelled.processIdentifier, SIGKILL)
        cancelled.waitUntilExit()
        #expect(cancelled.terminationReason == .uncaughtSignal)
        #expect(try Data(contentsOf: database) == before, "a cancelled collect changed the store")

        server.stop()
        let refused = try run(binary, collect + ["--time-limit", "2"], in: folder)
        #expect(refused.status == 1 && refused.output.contains("no complete response"), "\(refused.output)")
        #expect(try Data(contentsOf: database) == before)
    }

    @Test func aStoreThisUserMayNotWriteIsReadWithoutALockBesideIt() throws {
        let folder = try workFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shared = folder.appendingPathComponent("shared")
        let imported = try run(binary, ["import", root.appendingPathComponent("data/sample/daily.csv").path, "--out", shared.path], in: folder)
        try #require(imported.status == 0, "\(imported.output)")
        let store = shared.appendingPathComponent("marketbrief.sqlite")
        try FileManager.default.removeItem(atPath: store.path + ".lock")
        let output = folder.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: output.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: store.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: shared.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: shared.path) }
        // Root may write anything: then the brief is written as the user nobody, with a copy of the
        // program and its templates that nobody can read wherever the checkout lies.
        let home = folder.appendingPathComponent("home")
        for resource in ["templates", "config", "data/sample"] {
            try FileManager.default.createDirectory(at: home.appendingPathComponent(resource).deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: root.appendingPathComponent(resource), to: home.appendingPathComponent(resource))
        }
        let program = folder.appendingPathComponent("marketbrief")
        try FileManager.default.copyItem(at: binary, to: program)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        let asReader = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", program.path] : [program.path]
        let generated = try run(URL(fileURLWithPath: asReader[0]), Array(asReader.dropFirst())
            + ["generate", "--date", "2025-08-26", "--db", store.path, "--out", output.path], in: folder,
            environment: ["MARKETBRIEF_HOME": home.path])
        #expect(generated.status == 0, "\(generated.output)")
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("briefs/BTC/2025-08-26/brief.html").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: shared.path) == ["marketbrief.sqlite"])
    }

    @Test func versionExitCodesAndTheManPageAgreeWithTheCommandLine() throws {
        let folder = try workFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let version = try run(binary, ["--version"], in: folder)
        #expect(version.status == 0 && version.output == MarketBriefVersion.current + "\n", "\(version.output)")
        for usage in [["generate", "--date", "2025-13-01"], ["backfill", "--from", "2025-08-02"], ["publish", "--base-url", "ftp://x"],
                      ["diff", "2025-08-01"], ["no-such-command", "x"]] {
            #expect(try run(binary, usage, in: folder).status == 2, "\(usage): a usage error exits 2")
        }
        // docs/man/marketbrief.1 (scripts/update-man.sh) lists every subcommand --help lists.
        let help = try run(binary, ["--help"], in: folder).output
        let subcommands = help.components(separatedBy: "SUBCOMMANDS:")[1].components(separatedBy: "\n\n")[0].split(separator: "\n")
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }.compactMap { $0.split(separator: " ").first.map(String.init) }
        let manual = try String(contentsOf: root.appendingPathComponent("docs/man/marketbrief.1"), encoding: .utf8)
        #expect(subcommands.count >= 12)
        for name in subcommands { #expect(manual.contains(".It Em \(name)\n"), "the man page lacks \(name): run scripts/update-man.sh") }
        #expect(manual.contains("2 a usage error"))
    }
}
