import BriefPipeline
import BriefStore
import Foundation

/// The exclusive lock on `OUT/.publish.lock` that stops two publishes of a folder from
/// overlapping (`FileLock`: released on exit, so a killed publish never leaves a stale lock).
struct PublishLock {
    private let lock: FileLock

    /// Takes the lock, waiting up to `timeout` seconds for another publish to finish; then
    /// throws, naming its process.
    init(folder: URL, timeout: TimeInterval = 0) throws {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(".publish.lock").path
        let who = { (holder: String?) in "another publish (process \(holder ?? "unknown"))" }
        do {
            lock = try FileLock(path: path, timeout: timeout, describe: who)
        } catch let held as FileLock.Held {
            throw PipelineError.output("\(who(held.holder)) is running on \(folder.path) and holds \(path)"
                + (timeout > 0 ? " after \(Int(timeout)) s of waiting" : "") + "; try again when it has finished")
        } catch {
            throw PipelineError.output("\(error)")
        }
    }

    func release() { lock.release() }
}
