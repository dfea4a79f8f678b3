import Foundation
import Testing

/// Runs the built `marketbrief` binary as a user would.
@Suite struct CommandLineTests {
    private let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("marketbrief")

    private func run(_ executable: URL, _ arguments: [String], in folder: URL,
                     environment extra: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["MARKETBRIEF_HOME"] = nil
        environment.merge(extra) { $1 }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func aCopiedBinaryGeneratesTheSampleBriefAndRefusesBadArguments() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mb-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "no built binary at \(binary.path)")
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
        let badAsset = try run(copy, ["generate", "--asset", "../../x"], in: folder)
        #expect(badAsset.status != 0)
        #expect(badAsset.output.contains("not an asset code"))

        let bad = folder.appendingPathComponent("bad.csv")
        try "date,asset,close_usd\n2025-01-01,BTC,-3\n".write(to: bad, atomically: true, encoding: .utf8)
        let imported = try run(copy, ["import", bad.path], in: folder)
        #expect(imported.status == 1)
        #expect(imported.output.contains("bad.csv:2: close_usd: a price must be above zero"))
    }

    @Test func theBriefDoesNotDependOnTimeZoneOrLocale() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mb-tz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "no built binary at \(binary.path)")
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
}
