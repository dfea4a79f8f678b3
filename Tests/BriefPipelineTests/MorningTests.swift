import BriefCore
import BriefStore
import Foundation
import Testing

/// The mornings that go wrong (issue: a morning that never fails silently), each run as a desk
/// runs it: `daily` on a project with a drop folder and a deploy command, no venue.
@Suite struct MorningTests {
    /// A project folder: `inbox/` read as CSV, the deploy command copying the site to
    /// `deployed-N` unless a file `deploy-fails` exists.
    private static func desk(assets: [String], extra: String = "") throws -> URL {
        let folder = try temporaryFolder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        let deploy = #"test ! -e deploy-fails && echo copying && cp -R \"$MARKETBRIEF_SITE\" deployed-$(ls -d deployed-* 2>/dev/null | wc -l | tr -d ' ')"#
        let project = """
            {"assets": [\(assets.map { "\"\($0)\"" }.joined(separator: ", "))],
             "drop_folders": [{"path": "inbox", "format": "csv"}],
             "deploy": "\(deploy)"\(extra)}
            """
        try project.write(to: folder.appendingPathComponent("marketbrief.json"), atomically: true, encoding: .utf8)
        return folder
    }

    /// Closes (and funding) of `assets` for every day of `days`, as a drop file.
    private static func closes(_ assets: [String], _ days: ClosedRange<Day>, scale: Double = 1) -> String {
        var rows = ["date,asset,close_usd,funding_rate,funding_interval_h"]
        for ordinal in days.lowerBound.ordinal...days.upperBound.ordinal {
            for (index, asset) in assets.enumerated() {
                let close = (Double(index + 1) * 1_000 + Double(ordinal % 17) * 10) * scale
                rows.append("\(Day(ordinal: ordinal)),\(asset),\(close),0.0001,8")
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    private static func drop(_ text: String, as name: String, in folder: URL) throws {
        try text.write(to: folder.appendingPathComponent("inbox/" + name), atomically: true, encoding: .utf8)
    }

    private static func deployedCopies(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("deployed-") }.sorted()
    }

    @Test func anAssetWithoutItsCloseIsNamedWhileTheOthersArePublishedAndAFailedDeployIsRetried() throws {
        let folder = try Self.desk(assets: ["BTC", "ETH", "SOL"])
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.drop(Self.closes(["BTC", "ETH"], Day("2025-06-01")!...Day("2025-08-26")!)
            + Self.closes(["SOL"], Day("2025-06-01")!...Day("2025-08-25")!).split(separator: "\n").dropFirst().joined(separator: "\n") + "\n",
            as: "history.csv", in: folder)

        let first = try runToEnd(builtBinary, ["daily", "--date", "2025-08-26"], in: folder)
        #expect(first.status == 3, "partial: \(first.output)")
        #expect(first.output.contains("marketbrief: generate 2025-08-26: BTC, ETH; not SOL: no close for 2025-08-26 yet"), "\(first.output)")
        #expect(first.output.contains("import inbox: 1 file(s): ") && first.output.contains("moved to inbox/processed"), "\(first.output)")
        #expect(first.output.contains("deploy: done") && first.output.contains("\n  copying\n"), "the deploy's output under its line: \(first.output)")
        #expect(first.output.contains("marketbrief: daily 2025-08-26: partial: generate 2025-08-26 fell short"), "\(first.output)")
        let briefs = folder.appendingPathComponent("output/briefs")
        #expect(FileManager.default.fileExists(atPath: briefs.appendingPathComponent("BTC/2025-08-26/brief.txt").path))
        #expect(FileManager.default.fileExists(atPath: briefs.appendingPathComponent("ETH/2025-08-26/brief.txt").path))
        #expect(!FileManager.default.fileExists(atPath: briefs.appendingPathComponent("SOL/2025-08-26").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/site/briefs/BTC/2025-08-26/index.html").path))
        #expect(try Self.deployedCopies(in: folder) == ["deployed-0"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("inbox/processed").path) == ["history.csv"])

        // The next morning: SOL's close for the 26th comes late, beside the 27th's; the deploy fails.
        FileManager.default.createFile(atPath: folder.appendingPathComponent("deploy-fails").path, contents: nil)
        try Self.drop(Self.closes(["BTC", "ETH", "SOL"], Day("2025-08-27")!...Day("2025-08-27")!)
            + Self.closes(["SOL"], Day("2025-08-26")!...Day("2025-08-26")!).split(separator: "\n").dropFirst().joined(separator: "\n") + "\n",
            as: "late.csv", in: folder)
        let second = try runToEnd(builtBinary, ["daily", "--date", "2025-08-27"], in: folder)
        #expect(second.status == 1, "a failed deploy fails the morning: \(second.output)")
        #expect(second.output.contains("generate 2025-08-27: BTC, ETH, SOL"), "\(second.output)")
        #expect(second.output.contains("revise: 1 brief(s) written anew: values they read were revised or came late") &&
                second.output.contains("\n  SOL 2025-08-26\n"), "the late close briefs the day SOL missed: \(second.output)")
        #expect(second.output.contains("marketbrief: deploy: the deploy command exited with 1; it is tried again on the next run"), "\(second.output)")
        #expect(FileManager.default.fileExists(atPath: briefs.appendingPathComponent("SOL/2025-08-26/brief.txt").path))
        #expect(try Self.deployedCopies(in: folder) == ["deployed-0"])

        // Once the deploy works again, the next run sends the site it could not send.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("deploy-fails"))
        let third = try runToEnd(builtBinary, ["daily", "--date", "2025-08-27"], in: folder)
        #expect(third.status == 0, "\(third.output)")
        #expect(third.output.contains("import inbox: no files") && third.output.contains("publish: 0 written"), "\(third.output)")
        #expect(third.output.contains("deploy: done"), "\(third.output)")
        #expect(try Self.deployedCopies(in: folder) == ["deployed-0", "deployed-1"])
        let fourth = try runToEnd(builtBinary, ["daily", "--date", "2025-08-27"], in: folder)
        #expect(fourth.status == 0 && fourth.output.contains("deploy: skipped: the site is as last deployed"), "\(fourth.output)")

        // A manual backfill and publish goes out with the next `daily` (or `deploy`).
        #expect(try runToEnd(builtBinary, ["backfill", "--from", "2025-08-20", "--to", "2025-08-21"], in: folder).status == 0)
        #expect(try runToEnd(builtBinary, ["publish"], in: folder).status == 0)
        let fifth = try runToEnd(builtBinary, ["daily", "--date", "2025-08-27"], in: folder)
        #expect(fifth.status == 0 && fifth.output.contains("deploy: done"), "\(fifth.output)")
        #expect(try Self.deployedCopies(in: folder) == ["deployed-0", "deployed-1", "deployed-2"])
        let verified = try runToEnd(builtBinary, ["verify"], in: folder)
        #expect(verified.status == 0, "\(verified.output)")
    }

    @Test func aCorrectedCloseRewritesTheBriefsThatReadItAndTheInboxDoesNotUndoIt() throws {
        let folder = try Self.desk(assets: ["BTC"])
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.drop(Self.closes(["BTC"], Day("2025-06-01")!...Day("2025-08-25")!), as: "metrics.csv", in: folder)
        #expect(try runToEnd(builtBinary, ["daily", "--date", "2025-08-25"], in: folder).status == 0)

        // Yesterday's close is corrected in a drop file named to sort first; today's close arrives.
        try Self.drop("date,asset,close_usd\n2025-08-25,BTC,1234.5\n", as: "a-correction.csv", in: folder)
        try Self.drop(Self.closes(["BTC"], Day("2025-08-26")!...Day("2025-08-26")!), as: "metrics.csv", in: folder)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("inbox/linked.csv").path,
                                                   withDestinationPath: "/etc/hostname")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("inbox/sub"), withIntermediateDirectories: true)
        let run = try runToEnd(builtBinary, ["daily", "--date", "2025-08-26"], in: folder)
        #expect(run.output.contains("\n  Not read (only regular files are): linked.csv, sub\n"), "said, not skipped silently: \(run.output)")
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("import inbox: 2 file(s): ") && run.output.contains("\n  BTC 2025-08-25\n"), "\(run.output)")
        let yesterday = try String(contentsOf: folder.appendingPathComponent("output/briefs/BTC/2025-08-25/brief.txt"), encoding: .utf8)
        #expect(yesterday.contains("$1,234") || yesterday.contains("$1,235"), "\(yesterday)")
        let processed = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("inbox/processed").path).sorted()
        #expect(processed == ["a-correction.csv", "metrics.2.csv", "metrics.csv"], "a second metrics.csv keeps the first: \(processed)")
        let verified = try runToEnd(builtBinary, ["verify"], in: folder)
        #expect(verified.status == 0, "verify holds over every brief after the revision: \(verified.output)")

        // The next run imports nothing again: the correction stands.
        let again = try runToEnd(builtBinary, ["daily", "--date", "2025-08-26"], in: folder)
        #expect(again.status == 0 && again.output.contains("import inbox: no files") && !again.output.contains("revise:"), "\(again.output)")
        #expect(try String(contentsOf: folder.appendingPathComponent("output/briefs/BTC/2025-08-25/brief.txt"), encoding: .utf8) == yesterday)
    }

    @Test(.timeLimit(.minutes(1))) func aDeployPastItsTimeLimitIsEndedWithWhatItStarted() throws {
        let marker = "marketbrief-test-\(UUID().uuidString.prefix(8))"
        let folder = try Self.desk(assets: ["BTC"], extra: "")
        defer { try? FileManager.default.removeItem(at: folder) }
        let project = """
            {"drop_folders": [{"path": "inbox", "format": "csv"}],
             "deploy": "echo started; sh -c 'sleep 1000; echo \(marker)' & sleep 1000", "deploy_time_limit": 1}
            """
        try project.write(to: folder.appendingPathComponent("marketbrief.json"), atomically: true, encoding: .utf8)
        try Self.drop(Self.closes(["BTC"], Day("2025-08-01")!...Day("2025-08-26")!), as: "metrics.csv", in: folder)
        let started = Date()
        let run = try runToEnd(builtBinary, ["daily", "--date", "2025-08-26"], in: folder)
        #expect(Date().timeIntervalSince(started) < 30, "the time limit ends the deploy")
        #expect(run.status == 1, "\(run.output)")
        #expect(run.output.contains("marketbrief: deploy: the deploy command did not finish within 1 s (deploy_time_limit); "
            + "it was ended, with what it started"), "\(run.output)")
        #expect(run.output.contains("\n  started\n"), "\(run.output)")
        let left = try runToEnd(URL(fileURLWithPath: "/usr/bin/pgrep"), ["-f", marker], in: folder)
        #expect(left.status == 1, "no process of the deploy is left: \(left.output)")
    }

    @Test func aDeployEndedByASignalSaysWhichAndQuietShowsOnlyWhatFellShort() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let project = #"{"drop_folders": [{"path": "inbox", "format": "csv"}], "deploy": "echo about to go; kill -9 $$"}"#
        try project.write(to: folder.appendingPathComponent("marketbrief.json"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        try Self.drop(Self.closes(["BTC"], Day("2025-08-01")!...Day("2025-08-26")!), as: "metrics.csv", in: folder)
        let run = try runToEnd(builtBinary, ["daily", "--date", "2025-08-26", "--quiet"], in: folder)
        #expect(run.status == 1)
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "only what fell short: \(run.output)")
        #expect(lines.first?.hasPrefix("marketbrief: deploy: the deploy command was ended by signal 9 (SIGKILL); "
            + "it is tried again on the next run") == true, "\(run.output)")
        #expect(lines.dropFirst().first == "  about to go" && lines.last == "marketbrief: daily 2025-08-26: failed at deploy", "\(run.output)")
    }

    @Test func offlineTheMorningBriefsWhatIsStoredAndSaysWhatItCouldNotCollect() throws {
        let folder = try Self.desk(assets: ["BTC"], extra: #", "collect": [{"venue": "binance", "base_url": "http://127.0.0.1:9/"}]"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.drop(Self.closes(["BTC"], Day("2025-08-01")!...Day("2025-08-26")!), as: "metrics.csv", in: folder)
        let down = try runToEnd(builtBinary, ["daily", "--date", "2025-08-26", "--time-limit", "2", "--timeout", "1"], in: folder)
        #expect(down.status == 3, "\(down.output)")
        #expect(down.output.contains("marketbrief: collect binance: collect: ") && down.output.contains("the morning goes on with what is stored"),
                "\(down.output)")
        #expect(down.output.contains("generate 2025-08-26: BTC") && down.output.contains("deploy: done"), "\(down.output)")

        let skipped = try runToEnd(builtBinary, ["daily", "--date", "2025-08-26", "--skip-collect"], in: folder)
        #expect(skipped.status == 0, "\(skipped.output)")
        #expect(skipped.output.hasPrefix("collect: skipped: not asked (--skip-collect or skip_collect); briefing what is stored"), "\(skipped.output)")
    }

    @Test(arguments: [0, 1])
    func aDayNotYetCompleteIsRefusedBeforeAnythingRuns(daysAhead: Int) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let today = Day(ordinal: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
        let run = try runToEnd(builtBinary, ["daily", "--date", today.adding(days: daysAhead).description], in: folder)
        #expect(run.status == 2 && run.output.contains("not a complete UTC day yet"), "\(run.output)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("output").path))
    }
}

/// Attack cases of a review (issue 28), each once a hang, an unbounded read or a silent pass.
@Suite(.timeLimit(.minutes(2))) struct AttackReviewTests {
    @Test func sixtyFiveThousandFundColumnsImportAndBriefInBoundedTime() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let funds = (0..<65_000).map { "etf_flow_usd.F\($0)" }
        let text = "date,asset,close_usd," + funds.joined(separator: ",") + "\n"
            + "2025-08-26,BTC,108000," + Array(repeating: "1", count: funds.count).joined(separator: ",") + "\n"
        try text.write(to: folder.appendingPathComponent("funds.csv"), atomically: true, encoding: .utf8)
        #expect(try runToEnd(builtBinary, ["import", "funds.csv"], in: folder).status == 0)
        let generated = try runToEnd(builtBinary, ["generate", "--date", "2025-08-26"], in: folder)
        #expect(generated.status == 0, "\(generated.output)")
    }

    @Test func verifyWithNoBriefsToCheckIsTroubleNotAPass() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try runToEnd(builtBinary, ["verify", "--out", "nowhere"], in: folder)
        #expect(result.status == 2 && result.output.contains("no briefs to verify under"), "\(result.output)")
    }

    @Test func aLinkedProcessedFolderStopsTheImportBeforeAnythingIsStored() throws {
        let folder = try temporaryFolder(), outside = try temporaryFolder()
        defer { for url in [folder, outside] { try? FileManager.default.removeItem(at: url) } }
        try #"{"drop_folders": [{"path": "inbox", "format": "csv"}]}"#.write(to: folder.appendingPathComponent("marketbrief.json"),
                                                                          atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("inbox/processed").path, withDestinationPath: outside.path)
        try "date,asset,close_usd\n2025-08-26,BTC,108000\n".write(to: folder.appendingPathComponent("inbox/m.csv"), atomically: true, encoding: .utf8)
        let run = try runToEnd(builtBinary, ["daily", "--date", "2025-08-26"], in: folder)
        #expect(run.status == 1 && run.output.contains("processed is not a folder (a symbolic link?); nothing was imported"), "\(run.output)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("inbox/m.csv").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
        let listed = try runToEnd(builtBinary, ["data"], in: folder)
        #expect(!listed.output.contains("file:m.csv"), "nothing stored: \(listed.output)")
    }
}

extension AttackReviewTests {
    @Test func aDayAfterTodayEditedIntoTheStoreIsNotTheDefaultBrief() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "date,asset,close_usd\n2025-08-25,BTC,108000\n2025-08-26,BTC,109000\n".write(to: folder.appendingPathComponent("m.csv"),
                                                                                         atomically: true, encoding: .utf8)
        #expect(try runToEnd(builtBinary, ["import", "m.csv"], in: folder).status == 0)
        let store = try MetricStore(path: folder.appendingPathComponent("output/marketbrief.sqlite").path)
        try store.save(samples: [MetricSample(asset: .btc, day: Day("9999-12-31")!, metric: .closeUSD, value: 100_000, source: "edited")],
                       transfers: [])
        let generated = try runToEnd(builtBinary, ["generate"], in: folder)
        #expect(generated.status == 0 && generated.output.contains("briefs/BTC/2025-08-26/"), "\(generated.output)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/briefs/BTC/9999-12-31").path))
    }
}

/// The second attack review's cases (issue 28).
extension AttackReviewTests {
    /// A folder whose store holds two BTC closes (Aug 25 and 26, 2025), then edited by the
    /// Python statement `edit` on the connection `c`, as `sqlite3` or a sync tool would.
    static func storeEdited(_ edit: String) throws -> URL {
        let folder = try temporaryFolder()
        try "date,asset,close_usd\n2025-08-25,BTC,50000\n2025-08-26,BTC,51000\n".write(to: folder.appendingPathComponent("d.csv"),
                                                                                     atomically: true, encoding: .utf8)
        #expect(try runToEnd(builtBinary, ["import", "d.csv"], in: folder).status == 0)
        let path = folder.appendingPathComponent("output/marketbrief.sqlite").path
        #expect(try runToEnd(URL(fileURLWithPath: "/usr/bin/python3"),
                             ["-c", "import sqlite3; c = sqlite3.connect('\(path)')\n" + edit + "\nc.commit()"], in: folder).status == 0)
        return folder
    }

    @Test func aMalformedDayInTheStoreIsAnErrorNeverTheSample() throws {
        let folder = try Self.storeEdited(#"c.execute("insert into metric_value values('ETH','2025-8-1','close_usd',1.0,'file:x')")"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        let generated = try runToEnd(builtBinary, ["generate", "--date", "2025-08-26"], in: folder)
        #expect(generated.status == 1 && generated.output.contains("holds the day 2025-8-1, not a day from 1970-01-01 on"), "\(generated.output)")
        #expect(!generated.output.contains("sample"), "\(generated.output)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/sample.sqlite").path))
    }

    @Test func aProjectFileOfManyAssetsIsReadInLinearTime() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let assets = (0..<100_000).map { "\"A\($0)\"" }.joined(separator: ",")
        try "{\"assets\": [\(assets)], \"skip_collect\": true}".write(to: folder.appendingPathComponent("marketbrief.json"),
                                                                      atomically: true, encoding: .utf8)
        // Read (once quadratic: about 8 minutes) and refused: a project lists at most 100 assets.
        let listed = try runWithin(60, builtBinary, ["data"], in: folder)
        #expect(!listed.timedOut && listed.output.contains("assets: 100000 assets, more than the 100 a project may brief"), "\(listed.output)")
    }

    @Test func aSourceEditedIntoTheStorePastAnImportsLimitIsRefusedWhereRead() throws {
        let folder = try Self.storeEdited(#"c.execute("update metric_value set source=? where day='2025-08-26'", ('S' * 10485760,))"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        let generated = try runToEnd(builtBinary, ["generate", "--date", "2025-08-26"], in: folder)
        #expect(generated.status == 1 && generated.output.contains("has a source of 10485760 bytes, more than the 1000 an import allows"),
                "\(generated.output.prefix(500))")
        #expect(generated.output.utf8.count < 2_000, "the error does not echo the source")
    }
}
