import Foundation

/// An exclusive lock (flock) on a lock file of marketbrief's, released on `release`, on exit or
/// when the process dies. The file is opened without following a link and holds the holder's
/// process id, so a process waiting for it can say who it waits for.
public struct FileLock {
    /// Another process held the lock for the whole timeout; `holder` is its process id, if known.
    public struct Held: Error {
        public var holder: String?
    }

    private let descriptor: Int32

    /// Opens `path` and takes the lock. While another process holds it, writes once on standard
    /// error `describe(holder) holds PATH; waiting up to N s…` and waits, up to `timeout` seconds;
    /// then throws `Held`. A file that cannot be opened (a link in its place) throws `Failure`.
    public init(path: String, timeout: TimeInterval, describe: (String?) -> String) throws {
        descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(reason: "cannot open the lock file \(path): \(String(cString: strerror(errno)))") }
        let deadline = Date().addingTimeInterval(timeout)
        var said = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let text = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            let holder = text.isEmpty ? nil : text
            guard Date() < deadline else {
                close(descriptor)
                throw Held(holder: holder)
            }
            if !said {
                FileHandle.standardError.write(Data("\(describe(holder)) holds \(path); waiting up to \(Int(timeout)) s…\n".utf8))
                said = true
            }
            usleep(100_000)
        }
        ftruncate(descriptor, 0)
        let pid = "\(ProcessInfo.processInfo.processIdentifier)\n"
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
    }

    /// A lock file that could not be opened, and why.
    public struct Failure: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    public func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
