import BriefCore
import BriefRender
import Foundation

/// Where briefs live under an output folder, checked to stay inside it.
public enum BriefPaths {
    /// `output/briefs/ASSET/DAY`, creating the output folder, and refusing any path that
    /// resolves outside it (for instance through a symbolic link).
    public static func folder(asset: Asset, day: Day, output: URL) throws -> URL {
        do {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        } catch {
            throw PipelineError.output("cannot create the output folder \(output.path): \(error.localizedDescription)")
        }
        let root = output.standardizedFileURL.resolvingSymlinksInPath()
        let folder = root.appendingPathComponent("briefs/\(asset.code)/\(day)", isDirectory: true)
        var existing = folder
        while !FileManager.default.fileExists(atPath: existing.path) {
            existing = existing.deletingLastPathComponent()
        }
        let resolved = existing.resolvingSymlinksInPath().path
        guard resolved == root.path || resolved.hasPrefix(root.path + "/") else {
            throw PipelineError.output("\(folder.path) resolves to \(resolved), outside the output folder \(root.path)")
        }
        return folder
    }
}

/// The ids every brief page must carry as sections.
public enum BriefSections {
    public static var ids: [String] { BriefSection.allCases.map(\.rawValue) }
}
