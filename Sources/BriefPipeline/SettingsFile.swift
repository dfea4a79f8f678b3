import BriefCollect
import Foundation

/// Reads a small settings file (the project file, a thresholds file) whole, within a limit: it
/// must be a regular file or a link to one; a link to nowhere, a FIFO or a folder is refused
/// (a FIFO is never opened, so never waited on), and the read stops one byte past the limit,
/// so a file that grows while it is read cannot make it longer.
public enum SettingsFile {
    /// Bytes a settings file may have: a few hundred lines of settings fit in a fraction of it.
    public static let maxBytes = 1 << 20

    public static func read(_ path: String, what: String) throws -> Data {
        var link = stat(), target = stat()
        let present = lstat(path, &link) == 0
        guard present, stat(path, &target) == 0 else {
            throw PipelineError.setup("\(path): " + (present ? "a link to nowhere" : "no such \(what)"))
        }
        guard target.st_mode & S_IFMT == S_IFREG else {
            throw PipelineError.setup("\(path): not a regular file (a \(what) is a JSON file)")
        }
        guard target.st_size <= maxBytes else {
            throw PipelineError.setup("\(path): \(target.st_size) bytes; a \(what) has at most \(maxBytes)")
        }
        guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.read(upToCount: maxBytes + 1) ?? Data() else {
            throw PipelineError.setup("\(path): cannot read the \(what)")
        }
        guard data.count <= maxBytes else {
            throw PipelineError.setup("\(path): grew past \(maxBytes) bytes while it was read; a \(what) has at most \(maxBytes)")
        }
        if let (line, field, reason) = UTF8Text.refusal(of: data) {
            throw PipelineError.setup("\(path):\(line): \(field): \(reason)")
        }
        return data
    }
}
