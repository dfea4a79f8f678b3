import BriefCore
import BriefPipeline
import Foundation

/// A drop folder read as a queue: its files apply in the order they arrived (modification
/// time, then name), and once imported they move to its `processed/` folder, so a file is
/// applied once and a later correction — by hand or in a newer file — stands.
public struct DropQueue: Sendable {
    /// The drop folder.
    public let folder: String

    public init(folder: String) { self.folder = folder }

    /// Where imported files go, inside the drop folder (so moving them never copies).
    public var processedFolder: String { folder + "/processed" }

    /// What waits in the folder: its regular files in arrival order, and the names of what is
    /// not read there (links, FIFOs, folders other than `processed/`), to be said, not skipped
    /// without a word, their control characters (a line break) shown as U+FFFD. Hidden files
    /// (partial uploads) wait for their rename. A drop folder that is a symbolic link is
    /// refused, as every other link: its files would be read, and `processed/` made, wherever
    /// it points.
    public func waiting() throws -> (files: [String], notRead: [String]) {
        var folderInfo = stat()
        if lstat(folder, &folderInfo) == 0 && folderInfo.st_mode & S_IFMT == S_IFLNK {
            throw PipelineError.setup("\(folder) is a symbolic link; a drop folder must be a folder itself "
                + "(give its real path in the project file); nothing was imported")
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw PipelineError.setup("\(folder): no such folder (create it, or remove it from the project file)")
        }
        var files: [(path: String, arrived: timespec)] = [], notRead: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") && name != "processed" {
            let path = folder + "/" + name
            var info = stat()
            if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
                files.append((path, info.st_mtim))
            } else {
                notRead.append(PrintableText.of(name))
            }
        }
        let ordered = files.sorted { first, second in
            (first.arrived.tv_sec, first.arrived.tv_nsec, first.path) < (second.arrived.tv_sec, second.arrived.tv_nsec, second.path)
        }
        return (ordered.map(\.path), notRead)
    }

    /// Makes `processed/` (a folder of its own, not a link), before anything is imported: a file
    /// whose values were stored but that could not be moved would apply again every morning.
    public func prepareProcessed() throws {
        do {
            try FileManager.default.createDirectory(atPath: processedFolder, withIntermediateDirectories: true)
        } catch {
            throw PipelineError.output("cannot create \(processedFolder): \(error.localizedDescription)")
        }
        var info = stat()
        guard lstat(processedFolder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw PipelineError.output("\(processedFolder) is not a folder (a symbolic link?); nothing was imported from \(folder)")
        }
    }

    /// Moves imported files to `processed/` (made by `prepareProcessed`), a name already there
    /// getting a numbered suffix (`metrics.2.csv`); returns where each went.
    @discardableResult
    public func markProcessed(_ paths: [String]) throws -> [String] {
        return try paths.map { path in
            let name = URL(fileURLWithPath: path).lastPathComponent
            let stem = (name as NSString).deletingPathExtension, suffix = (name as NSString).pathExtension
            // link(2) never replaces a file: a name taken gets the next number.
            var target = processedFolder + "/" + name
            var number = 2
            while link(path, target) != 0 {
                guard errno == EEXIST else {
                    throw PipelineError.output("cannot move \(PrintableText.of(path)) to \(processedFolder): \(String(cString: strerror(errno))); "
                        + "its values are stored, and importing it again changes nothing")
                }
                target = processedFolder + "/" + stem + ".\(number)" + (suffix.isEmpty ? "" : "." + suffix)
                number += 1
            }
            unlink(path)
            return target
        }
    }
}
