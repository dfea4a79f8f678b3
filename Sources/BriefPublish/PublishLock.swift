import BriefPipeline
import Foundation

/// An exclusive lock on `OUT/.publish.lock` (flock), released on exit or when the
/// process dies, so a killed publish never leaves a stale lock behind.
struct PublishLock {
    private let descriptor: Int32

    /// Takes the lock. While another publish holds it, says so on standard error (naming its
    /// process) and waits, up to `timeout` seconds; then throws, naming the holder.
    init(folder: URL, timeout: TimeInterval = 0) throws {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(".publish.lock").path
        descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PipelineError.output("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        let deadline = Date().addingTimeInterval(timeout)
        var said = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            let who = "another publish (process \(holder.isEmpty ? "unknown" : holder))"
            guard Date() < deadline else {
                close(descriptor)
                throw PipelineError.output("\(who) is running on \(folder.path) and holds \(path)"
                    + (timeout > 0 ? " after \(Int(timeout)) s of waiting" : "") + "; try again when it has finished")
            }
            if !said {
                FileHandle.standardError.write(Data("\(who) holds \(path); waiting up to \(Int(timeout)) s…\n".utf8))
                said = true
            }
            usleep(100_000)
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
