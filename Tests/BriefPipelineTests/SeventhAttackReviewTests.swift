import Foundation
import Testing

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
