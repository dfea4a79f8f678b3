import Foundation
import Testing
@testable import BriefPublish

/// Runs `marketbrief publish` as a child process and kills it with SIGKILL mid-way:
/// the live site must be the previous one or the new one, whole, every time.
@Suite(.serialized) struct KillTests {
    private let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("marketbrief")

    private func startPublish(_ output: URL, killAt point: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["publish", "--out", output.path]
        var environment = ProcessInfo.processInfo.environment
        environment["MARKETBRIEF_HOME"] = nil
        environment["MARKETBRIEF_KILL_AT"] = point
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// An output folder whose site shows August without BTC's last day, that day's brief
    /// added since; and the site a complete publish of it gives.
    private func setUp() throws -> (output: URL, old: [String: Data], new: [String: Data]) {
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "no built binary at \(binary.path)")
        let output = try outputWithBriefs(leaving: ["BTC/2025-08-31"])
        try publisher(output).publish(baseURL: nil)
        let old = try SiteSnapshot(output.appendingPathComponent("site")).contents
        try addBrief("BTC/2025-08-31", to: output)
        let finished = output.deletingLastPathComponent().appendingPathComponent(output.lastPathComponent + "-finished")
        defer { try? FileManager.default.removeItem(at: finished) }
        try FileManager.default.copyItem(at: output, to: finished)
        try publisher(finished).publish(baseURL: nil)
        let new = try SiteSnapshot(finished.appendingPathComponent("site")).contents
        #expect(old != new)
        return (output, old, new)
    }

    @Test(arguments: ["half-staged", "staged", "swapped"])
    func killedAtANamedPointTheSiteIsWhole(point: String) throws {
        let (output, old, new) = try setUp()
        defer { try? FileManager.default.removeItem(at: output) }
        let process = try startPublish(output, killAt: point)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
        let live = try SiteSnapshot(output.appendingPathComponent("site")).contents
        // Before the swap the old site is live; after it, the new one.
        #expect(live == (point == "swapped" ? new : old))

        // The next publish cleans up after the killed one and finishes the job.
        try publisher(output).publish(baseURL: nil)
        #expect(try SiteSnapshot(output.appendingPathComponent("site")).contents == new)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasPrefix(".site-staging") }
        #expect(leftovers == [])
    }

    @Test func killedAtAnyMomentTheSiteIsWhole() throws {
        let (prepared, old, new) = try setUp()
        defer { try? FileManager.default.removeItem(at: prepared) }
        for delay in [0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.6] {
            let output = prepared.deletingLastPathComponent().appendingPathComponent(prepared.lastPathComponent + "-\(delay)")
            defer { try? FileManager.default.removeItem(at: output) }
            try FileManager.default.copyItem(at: prepared, to: output)
            let process = try startPublish(output)
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let live = try SiteSnapshot(output.appendingPathComponent("site")).contents
            #expect(live == old || live == new, "killed after \(delay) s: the site is neither the old one nor the new one")
        }
    }
}
