import BriefCore
import BriefStore
import Foundation
import Testing
@testable import BriefPipeline

/// The built binary, killed or starved mid-way: the store and the briefs are afterwards as
/// before or as after, never in between, and every failure says what happened.
@Suite(.serialized) struct FaultTests {
    private let binary = builtBinary

    private func start(_ arguments: [String], in folder: URL) throws -> (Process, Pipe) {
        try launch(binary, arguments, in: folder)
    }

    private func run(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        try runToEnd(binary, arguments, in: folder, environment: environment)
    }

    private func killed(_ arguments: [String], in folder: URL, after delay: Double) throws {
        let (process, _) = try start(arguments, in: folder)
        Thread.sleep(forTimeInterval: delay)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private func folder() throws -> URL {
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "no built binary at \(binary.path)")
        return try temporaryFolder()
    }

    /// Three files of one day's brief, by name.
    private func brief(_ output: URL, _ day: String, asset: String = "BTC") -> [String: Data] {
        let folder = output.appendingPathComponent("briefs/\(asset)/\(day)")
        var files: [String: Data] = [:]
        for name in ["brief.txt", "brief.html", "brief.json"] {
            files[name] = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
        }
        return files
    }

    @Test func anImportKilledAtAnyMomentLeavesTheStoreAsBeforeOrAsAfter() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try run(["generate", "--out", "out"], in: folder).status == 0)
        let database = folder.appendingPathComponent("out/marketbrief.sqlite").path
        let before = try MetricStore(path: database).counts()
        var csv = "date,asset,close_usd,funding_rate,funding_interval_h,oi_coins,oi_usd,liq_long_usd,liq_short_usd\n"
        let first = Day("2012-01-01")!
        for offset in 0..<3_000 {
            for asset in ["BTC", "ETH", "SOL"] {
                csv += "\(first.adding(days: offset)),\(asset),\(100 + offset),0.0001,8,\(1000 + offset),\(100_000 + offset),5,6\n"
            }
        }
        try csv.write(to: folder.appendingPathComponent("big.csv"), atomically: true, encoding: .utf8)
        let added = 3_000 * 3 * 7
        for delay in [0.05, 0.2, 0.4, 0.8, 1.5] {
            try killed(["import", "big.csv", "--out", "out"], in: folder, after: delay)
            let now = try MetricStore(path: database).counts()
            #expect(now.values == before.values || now.values == before.values + added,
                    "killed after \(delay) s: \(now.values) values, neither \(before.values) nor \(before.values + added)")
            #expect(now.transfers == before.transfers)
        }
    }

    @Test(arguments: ["brief-half-written", "brief-swapped"])
    func aGenerateKilledMidWriteLeavesTheBriefWhole(point: String) throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The old brief differs from the new one: another liquidation threshold changes its words.
        try "{\"liquidation_heavy_percentile\": 100}".write(to: folder.appendingPathComponent("other.json"), atomically: true, encoding: .utf8)
        #expect(try run(["generate", "--out", "old", "--config", "other.json"], in: folder).status == 0)
        #expect(try run(["generate", "--out", "new"], in: folder).status == 0)
        let old = brief(folder.appendingPathComponent("old"), "2025-08-26")
        let new = brief(folder.appendingPathComponent("new"), "2025-08-26")
        #expect(old.count == 3 && old != new)

        let killedRun = try run(["generate", "--out", "old"], in: folder, environment: ["MARKETBRIEF_KILL_AT": point])
        #expect(killedRun.status == SIGKILL || killedRun.status == 128 + SIGKILL || killedRun.status == 9)
        let after = brief(folder.appendingPathComponent("old"), "2025-08-26")
        #expect(after == (point == "brief-swapped" ? new : old), "a mix of old and new files after \(point)")
        // The next run clears what the killed one left.
        #expect(try run(["generate", "--out", "old"], in: folder).status == 0)
        #expect(brief(folder.appendingPathComponent("old"), "2025-08-26") == new)
        let assetFolder = folder.appendingPathComponent("old/briefs/BTC")
        #expect(try FileManager.default.contentsOfDirectory(atPath: assetFolder.path).filter { $0.hasPrefix(".") } == [".staging"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: assetFolder.appendingPathComponent(".staging").path) == [])
    }

    @Test func aBackfillKilledAtAnyMomentLeavesEveryBriefWhole() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let range = ["--from", "2025-08-01", "--to", "2025-08-31"]
        #expect(try run(["backfill"] + range + ["--out", "reference"], in: folder).status == 0)
        for delay in [0.3, 0.6, 0.9] {
            let out = "killed-\(delay)"
            #expect(try run(["generate", "--out", out], in: folder).status == 0, "fills the store with the sample")
            try killed(["backfill"] + range + ["--out", out], in: folder, after: delay)
            for offset in 0..<31 {
                let day = Day("2025-08-01")!.adding(days: offset).description
                let written = brief(folder.appendingPathComponent(out), day)
                #expect(written.isEmpty || written == brief(folder.appendingPathComponent("reference"), day),
                        "killed after \(delay) s: \(day) is neither absent nor whole")
            }
        }
    }

    @Test func aFullDiskAndAnUnusableOutputFolderFailClearlyAndLoseNothing() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try run(["generate", "--out", "out"], in: folder).status == 0)
        let before = brief(folder.appendingPathComponent("out"), "2025-08-26")
        let full = try run(["generate", "--out", "out", "--date", "2025-08-26"], in: folder, environment: ["MARKETBRIEF_FAULT": "disk-full"])
        #expect(full.status == 1)
        #expect(full.output.contains("No space left on device") && full.output.contains("is as it was"), "\(full.output)")
        #expect(brief(folder.appendingPathComponent("out"), "2025-08-26") == before)

        #expect(try run(["publish", "--out", "out"], in: folder).status == 0)
        let site = try Data(contentsOf: folder.appendingPathComponent("out/site/index.html"))
        // A hand-edited live file is noticed (its identity changed) and published anew.
        try "changed".write(to: folder.appendingPathComponent("out/site/style.css"), atomically: true, encoding: .utf8)
        let fullPublish = try run(["publish", "--out", "out"], in: folder, environment: ["MARKETBRIEF_FAULT": "disk-full"])
        #expect(fullPublish.status == 1 && fullPublish.output.contains("No space left on device"), "\(fullPublish.output)")
        #expect(try Data(contentsOf: folder.appendingPathComponent("out/site/index.html")) == site)

        try "not a folder".write(to: folder.appendingPathComponent("blocked"), atomically: true, encoding: .utf8)
        let blocked = try run(["generate", "--out", "blocked", "--db", "out/sample.sqlite"], in: folder)
        #expect(blocked.status == 1 && blocked.output.contains("cannot create the output folder"), "\(blocked.output)")
    }

    @Test func twoImportsIntoOneStoreAtOnceBothSucceed() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, first) in [("a.csv", "2012-01-01"), ("b.csv", "2018-01-01")] {
            var csv = "date,asset,close_usd,oi_coins\n"
            for offset in 0..<2_000 { csv += "\(Day(first)!.adding(days: offset)),BTC,\(100 + offset),\(5 + offset)\n" }
            try csv.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        // A new file each round: the first opens race to create the schema, then the writes race.
        for round in 0..<4 {
            let database = "shared-\(round).sqlite"
            let runs = try ["a.csv", "b.csv"].map { try start(["import", $0, "--db", database], in: folder) }
            for (process, pipe) in runs {
                let output = String(decoding: readToEnd(pipe), as: UTF8.self)
                process.waitUntilExit()
                #expect(process.terminationStatus == 0, "round \(round): \(output)")
                #expect(!output.contains("database is locked"))
            }
            #expect(try MetricStore(path: folder.appendingPathComponent(database).path).counts().values == 8_000)
        }
    }
}
