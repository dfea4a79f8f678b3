import BriefCore
import Foundation

/// Writes briefs as `OUT/briefs/ASSET/DAY/{brief.txt,brief.html,brief.json}`, each day's three
/// files as one folder swapped in whole: a process killed at any moment leaves the day's
/// previous three files or the new three, never a mix.
///
/// The asset folders are prepared once (created, checked to resolve inside the output folder,
/// their `.staging` folder cleared of what killed runs left), so writing a brief costs its own
/// files only. Staging folders have a folder of their own, so that clearing them does not read
/// the asset's folder, a folder a day for years.
public struct BriefWriter: Sendable {
    private let assetFolders: [Asset: String]

    /// Prepares the folders of `assets` under `output` (creating the output folder); refuses
    /// any that resolves outside it, for instance through a symbolic link.
    public init(output: URL, assets: [Asset]) throws {
        do {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        } catch {
            throw PipelineError.output("cannot create the output folder \(output.path): \(error.localizedDescription)")
        }
        let root = output.standardizedFileURL.resolvingSymlinksInPath().path
        var folders: [Asset: String] = [:]
        for asset in Set(assets) {
            let folder = root + "/briefs/" + asset.code
            // Checked before anything is created: the deepest part that exists must resolve inside.
            var existing = URL(fileURLWithPath: folder)
            while !FileManager.default.fileExists(atPath: existing.path) { existing = existing.deletingLastPathComponent() }
            let resolved = existing.resolvingSymlinksInPath().path
            guard resolved == root || resolved.hasPrefix(root + "/") else {
                throw PipelineError.output("\(folder) resolves to \(resolved), outside the output folder \(root)")
            }
            do {
                try FileTree.makeFolders("briefs/" + asset.code + "/.staging", under: root)
            } catch {
                throw PipelineError.output("cannot create \(folder)/.staging: \(error)")
            }
            // A staging folder (`.staging/DAY.PID`) is never live: one found here was left by a killed run.
            for name in FileTree.names(in: folder + "/.staging") {
                try? FileTree.remove(URL(fileURLWithPath: folder + "/.staging/" + name))
            }
            folders[asset] = folder
        }
        assetFolders = folders
    }

    /// Whether the brief of `asset` on `day` has been written.
    public func exists(_ asset: Asset, _ day: Day) -> Bool {
        guard let assetFolder = assetFolders[asset] else { return false }
        var info = stat()
        return lstat(assetFolder + "/" + day.description, &info) == 0
    }

    /// The days of `asset` with a brief written under `output`.
    public static func daysWritten(of asset: Asset, under output: URL) -> Set<Day> {
        Set(FileTree.names(in: output.appendingPathComponent("briefs/" + asset.code).path).compactMap(Day.init))
    }

    /// Writes one brief unless its three files already hold these bytes; tells whether it wrote.
    public func writeIfChanged(_ brief: GeneratedBrief) throws -> Bool {
        let folder = (assetFolders[brief.findings.asset] ?? "") + "/" + brief.findings.day.description
        let same = [("brief.txt", Data(brief.text.utf8)), ("brief.html", Data(brief.html.utf8)), ("brief.json", brief.json)]
            .allSatisfy { name, data in FileManager.default.contents(atPath: folder + "/" + name) == data }
        if same { return false }
        try write(brief)
        return true
    }

    /// Writes one brief (its asset must be one of those prepared) and returns its three files.
    @discardableResult
    public func write(_ brief: GeneratedBrief) throws -> [URL] {
        let asset = brief.findings.asset, day = brief.findings.day.description
        guard let assetFolder = assetFolders[asset] else {
            preconditionFailure("BriefWriter was not prepared for \(asset)")
        }
        let folder = assetFolder + "/" + day
        var info = stat()
        if lstat(folder, &info) == 0, info.st_mode & S_IFMT != S_IFDIR {
            throw PipelineError.output("\(folder) is not a folder (a symbolic link?); refusing to write through it")
        }
        let staging = assetFolder + "/.staging/" + day + ".\(getpid())"
        let files: [(String, Data)] = [
            ("brief.txt", Data(brief.text.utf8)),
            ("brief.html", Data(brief.html.utf8)),
            ("brief.json", brief.json),
        ]
        do {
            try FileTree.remove(URL(fileURLWithPath: staging))
            try FileTree.makeFolder(staging)
            for (index, (name, data)) in files.enumerated() {
                if index == 1 { FaultPoint.reach("brief-half-written") }
                try FileTree.write(data, to: staging + "/" + name)
            }
        } catch {
            try? FileTree.remove(URL(fileURLWithPath: staging))
            let reason = (error as? PipelineError).map { "\($0)" } ?? error.localizedDescription
            throw PipelineError.output("cannot write the brief in \(staging): \(reason); \(folder) is as it was")
        }
        try AtomicFolder.replace(URL(fileURLWithPath: folder), with: URL(fileURLWithPath: staging)) { FaultPoint.reach("brief-swapped") }
        return files.map { URL(fileURLWithPath: folder + "/" + $0.0) }
    }
}
