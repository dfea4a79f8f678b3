import BriefPipeline
import Foundation

/// An exclusive lock on `OUT/.publish.lock` (flock), released on exit or when the
/// process dies, so a killed publish never leaves a stale lock behind.
struct PublishLock {
    private let descriptor: Int32

    /// Takes the lock, or throws at once, naming the holder, when another publish has it.
    init(folder: URL) throws {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(".publish.lock").path
        descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PipelineError.output("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            throw PipelineError.output("another publish is running on \(folder.path) (process \(holder.isEmpty ? "unknown" : holder) "
                + "holds \(path)); try again when it has finished")
        }
        ftruncate(descriptor, 0)
        let pid = "\(ProcessInfo.processInfo.processIdentifier)\n"
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
