import Foundation
import Testing

/// For each command: every path it touches in the output folder (enumerated from a clean run)
/// is replaced, one at a time, by a symbolic link out of it; the command may refuse, but nothing
/// outside the output folder changes.
@Suite struct SymlinkEveryPathTests {
    /// Names a command may create and remove again within one run, so a clean run's listing
    /// can miss them.
    private static let passingNames = [
        "marketbrief.sqlite-journal", "marketbrief.sqlite-wal", "marketbrief.sqlite-shm", "marketbrief.sqlite.lock",
        ".publish.lock", ".site-standby",
    ]

    @Test(arguments: ["import", "collect", "generate", "backfill", "publish", "diff"])
    func aLinkAtAnyPathNeverReachesOutside(command: String) throws {
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let server = try ReplayServer { BinanceReplay().reply($0, $1) }
        defer { server.stop() }
        // Publish reads no store: its briefs come from one kept beside the output folders.
        let sharedStore = work.appendingPathComponent("store.sqlite").path
        if command == "publish" {
            let imported = try runToEnd(builtBinary, ["import", Self.sample, "--db", sharedStore], in: root)
            try #require(imported.status == 0, "\(imported.output)")
        }
        /// A new output folder brought to where `command` runs. Each is prepared afresh rather
        /// than copied, so a publish's standby copy stays trusted (its manifest names inodes).
        func prepared(_ name: String) throws -> URL {
            let output = work.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            for step in Self.preparation(command) {
                let store = command == "publish" && step[0] != "publish" ? ["--db", sharedStore] : []
                let result = try runToEnd(builtBinary, step + store + ["--out", output.path], in: root)
                try #require(result.status == 0, "\(step): \(result.output)")
            }
            return output
        }
        let arguments = Self.arguments(command, server: server.baseURL)

        // A clean run names the paths.
        let clean = try prepared("clean")
        let before = try Self.paths(in: clean)
        let cleanRun = try runToEnd(builtBinary, arguments + ["--out", clean.path], in: root)
        try #require([0, 1].contains(cleanRun.status), "\(cleanRun.output)")
        let after = try Self.paths(in: clean)
        var kinds = before.merging(after) { $1 }
        for name in Self.passingNames where kinds[name] == nil { kinds[name] = name == ".site-standby" ? .folder : .file }
        let planted = Self.onePerShape(kinds.keys)
        #expect(planted.count >= 3, "\(planted)")

        let outside = work.appendingPathComponent("outside")
        let precious = outside.appendingPathComponent("precious.txt")
        for (index, path) in planted.enumerated() {
            try? FileManager.default.removeItem(at: outside)
            try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
            try Data("keep me\n".utf8).write(to: precious)
            let output = try prepared("run-\(index)")
            let link = output.appendingPathComponent(path)
            try? FileManager.default.removeItem(at: link)
            try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: kinds[path] == .folder ? outside : precious)
            let result = try runToEnd(builtBinary, arguments + ["--out", output.path], in: root)
            #expect([0, 1, 2].contains(result.status) && !result.output.contains("Fatal error"), "\(command), link at \(path): \(result.output)")
            let entries = try FileManager.default.contentsOfDirectory(atPath: outside.path)
            #expect(entries == ["precious.txt"] && FileManager.default.contents(atPath: precious.path) == Data("keep me\n".utf8),
                    "\(command), link at \(path): outside is now \(entries)")
            try? FileManager.default.removeItem(at: output)
        }
    }

    private static let sample = root.appendingPathComponent("data/sample/daily.csv").path

    /// Commands that bring the output folder to where `command` runs (each gets `--out`).
    private static func preparation(_ command: String) -> [[String]] {
        let backfill = ["backfill", "--from", "2025-08-24", "--to", "2025-08-26"]
        switch command {
        case "import", "collect": return []
        case "generate", "backfill": return [["import", sample]]
        // The second publish leaves a standby copy; the new day makes the next one write into it.
        case "publish": return [backfill, ["publish"], ["publish"], ["generate", "--date", "2025-08-27"]]
        default: return [["import", sample], backfill]
        }
    }

    private static func arguments(_ command: String, server: String) -> [String] {
        switch command {
        case "import": ["import", sample]
        case "collect": ["collect", "binance", "--from", "2025-08-20", "--to", "2025-08-26", "--base-url", server, "--timeout", "5"]
        case "generate": ["generate", "--date", "2025-08-26"]
        case "backfill": ["backfill", "--from", "2025-08-25", "--to", "2025-08-26"]
        case "publish": ["publish"]
        default: ["diff", "2025-08-25", "2025-08-26", "--format", "html"]
        }
    }

    private enum Kind { case file, folder }

    /// Every path under `folder`, relative to it, with its kind.
    private static func paths(in folder: URL) throws -> [String: Kind] {
        var paths: [String: Kind] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        while let path = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder)
            paths[path] = isFolder.boolValue ? .folder : .file
        }
        return paths
    }

    /// One path of each shape (digits ignored: one day's brief stands for all), sorted.
    private static func onePerShape(_ paths: some Sequence<String>) -> [String] {
        var seen = Set<String>()
        return paths.sorted().filter { seen.insert(String($0.map { $0.isNumber ? "#" : $0 })).inserted }
    }
}
