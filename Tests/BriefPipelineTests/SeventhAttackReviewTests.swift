import Foundation
import Testing
import BriefPipeline

/// Runs `executable` for at most `seconds`, then ends it: its exit status, everything it printed,
/// and whether it had to be ended.
func runWithin(_ seconds: Double, _ executable: URL, _ arguments: [String], in folder: URL) throws
    -> (status: Int32, output: String, timedOut: Bool) {
    let (process, pipe) = try launch(executable, arguments, in: folder)
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    let timedOut = process.isRunning
    if timedOut { process.terminate() }
    let data = readToEnd(pipe)
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self), timedOut)
}

/// The seventh attack review's cases.
extension AttackReviewTests {
    /// A FIFO in place of a file SQLite keeps beside the store blocked every command that opens
    /// it, forever and silently (as `-wal`, SQLite said only "disk I/O error"): it is refused, named.
    @Test(arguments: ["-journal", "-wal", "-shm"])
    func aFIFOBesideTheStoreIsRefusedNotWaitedOn(suffix: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "date,asset,close_usd\n2025-08-26,BTC,108000\n".write(to: folder.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
        #expect(try runToEnd(builtBinary, ["import", "m.csv"], in: folder).status == 0)
        let sidecar = "output/marketbrief.sqlite" + suffix
        #expect(mkfifo(folder.appendingPathComponent(sidecar).path, 0o600) == 0)
        for command in [["data"], ["generate", "--date", "2025-08-26"], ["export"], ["import", "m.csv"]] {
            let result = try runWithin(20, builtBinary, command, in: folder)
            #expect(!result.timedOut && result.status != 0, "\(command): \(result.output)")
            #expect(result.output.contains("\(sidecar) is not a regular file (a FIFO, a device or a folder)"), "\(command): \(result.output)")
        }
    }
}

extension AttackReviewTests {
    /// Run as a bare `marketbrief` from `PATH`, an installed binary once looked for
    /// `share/marketbrief` beside the folder it was run in, and used the build checkout's
    /// templates and config instead of its own.
    @Test func anInstalledBinaryRunFromPATHUsesTheResourcesBesideIt() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bin = folder.appendingPathComponent("bin"), share = folder.appendingPathComponent("share/marketbrief/templates")
        for url in [bin, share] { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        try FileManager.default.copyItem(at: builtBinary, to: bin.appendingPathComponent("marketbrief"))
        // Templates but no config: the installed resources are found when their config is missed.
        try "{{headline}}".write(to: share.appendingPathComponent("brief.html.mustache"), atomically: true, encoding: .utf8)
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let (process, pipe) = try launch(URL(fileURLWithPath: "/bin/sh"), ["-c", "PATH='\(path)' exec marketbrief generate"], in: folder)
        let output = String(decoding: readToEnd(pipe), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1 && output.contains(folder.path + "/share/marketbrief/config/thresholds.json"), "\(output)")
    }

    /// The executable is found by its real path, through a link to it.
    @Test func resourcesAreLookedUpBesideTheExecutablesRealPath() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let installed = folder.appendingPathComponent("opt"), link = folder.appendingPathComponent("bin/marketbrief")
        try FileManager.default.createDirectory(at: installed.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: installed.appendingPathComponent("share/marketbrief/templates"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data().write(to: installed.appendingPathComponent("share/marketbrief/templates/brief.html.mustache"))
        try Data().write(to: installed.appendingPathComponent("bin/marketbrief"))
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: installed.appendingPathComponent("bin/marketbrief"))
        #expect(try Resources.locate(environment: [:], executable: link).root.path == installed.appendingPathComponent("share/marketbrief").path)
    }
}

extension AttackReviewTests {
    /// A control character edited into the store's text once passed `generate` and then failed
    /// every publish; `generate` refuses it, naming the row and column, and writes nothing.
    @Test(arguments: [
        ("UPDATE metric_value SET source = 'file:' || char(27) || 'x' WHERE day = '2025-08-26'",
         "store: metric_value BTC close_usd 2025-08-26 source: a control character (U+001B) at character 6"),
        ("UPDATE transfer SET label = 'w' || char(8238)", "store: transfer t1 label: a formatting character"),
        // A transfer's id is checked as its other text is, and shown printable (a line break
        // once printed a line of its own in errors).
        ("UPDATE transfer SET id = 't' || char(27) || '1'", "store: transfer t\u{FFFD}1 id: a control character (U+001B) at character 2"),
        ("UPDATE transfer SET id = 't' || char(10) || 'FORGED'", "store: transfer t\u{FFFD}FORGED id: a line break (U+000A) at character 2"),
        ("UPDATE transfer SET id = 't' || char(8238)", "store: transfer t\u{FFFD} id: a formatting character"),
    ])
    func aControlCharacterEditedIntoTheStoreStopsGenerate(edit: String, expected: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "date,asset,close_usd\n2025-08-25,BTC,107000\n2025-08-26,BTC,108000\n"
            .write(to: folder.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
        try """
            id,time,asset,amount,usd_value,dormant_years,action,rotated_into,label
            t1,2025-08-26T09:00:00Z,BTC,100,10800000,7,sold,,whale
            """.write(to: folder.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
        let imported = try runToEnd(builtBinary, ["import", "m.csv", "t.csv"], in: folder)
        #expect(imported.status == 0, "\(imported.output)")
        #expect(try runToEnd(URL(fileURLWithPath: "/usr/bin/sqlite3"), ["output/marketbrief.sqlite", edit], in: folder).status == 0)
        let generated = try runToEnd(builtBinary, ["generate", "--date", "2025-08-26"], in: folder)
        #expect(generated.status == 1 && generated.output.contains(expected), "\(generated.output)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/briefs").path))
    }
}

extension AttackReviewTests {
    /// A day no import stores, edited into the store, stops `verify` as it stops `generate` and
    /// `export`, where `verify` passed (it reads only the days of its claims).
    @Test(arguments: ["2025-02-29", "0001-01-01"])
    func verifyRefusesAStoredDayThatIsNoDay(day: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "date,asset,close_usd\n2025-08-25,BTC,107000\n2025-08-26,BTC,108000\n"
            .write(to: folder.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
        #expect(try runToEnd(builtBinary, ["import", "m.csv"], in: folder).status == 0)
        #expect(try runToEnd(builtBinary, ["generate", "--date", "2025-08-26"], in: folder).status == 0)
        let edit = "INSERT INTO metric_value VALUES ('BTC', '\(day)', 'close_usd', 100000, 'file:x')"
        #expect(try runToEnd(URL(fileURLWithPath: "/usr/bin/sqlite3"), ["output/marketbrief.sqlite", edit], in: folder).status == 0)
        let verified = try runToEnd(builtBinary, ["verify"], in: folder)
        #expect(verified.status == 2 && verified.output.contains("store: metric_value or transfer holds the day \(day), not a day from 1970-01-01 on"),
                "\(verified.output)")
    }

    /// A drop folder that is a symbolic link was followed: its files read and `processed/` made
    /// where it points. It is refused like every other link, nothing imported or moved.
    @Test func aDropFolderThatIsALinkIsRefused() throws {
        let folder = try temporaryFolder(), outside = try temporaryFolder()
        defer { for url in [folder, outside] { try? FileManager.default.removeItem(at: url) } }
        try #"{"drop_folders": [{"path": "inbox", "format": "csv"}]}"#.write(to: folder.appendingPathComponent("marketbrief.json"),
                                                                          atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("inbox").path, withDestinationPath: outside.path)
        try "date,asset,close_usd\n2025-08-26,BTC,108000\n".write(to: outside.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
        let run = try runToEnd(builtBinary, ["daily", "--date", "2025-08-26"], in: folder)
        #expect(run.status == 1 && run.output.contains("inbox is a symbolic link; a drop folder must be a folder itself"), "\(run.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path) == ["m.csv"])
    }
}
