import Foundation

/// File-system steps made directly with system calls: a backfill or a site has tens of
/// thousands of files, and each Foundation call adds several checks per file.
public enum FileTree {
    /// Removes a folder and everything in it; nothing to do when it does not exist.
    public static func remove(_ folder: URL) throws {
        guard let stream = opendir(folder.path) else {
            if errno == ENOENT { return }
            throw failure("cannot open \(folder.path)")
        }
        var entries: [(name: String, isFolder: Bool)] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name != ".", name != ".." else { continue }
            entries.append((name, entry.pointee.d_type == UInt8(DT_DIR)))
        }
        closedir(stream)
        for entry in entries {
            let path = folder.appendingPathComponent(entry.name)
            if entry.isFolder {
                try remove(path)
            } else if unlink(path.path) != 0, errno != ENOENT {
                throw failure("cannot remove \(path.path)")
            }
        }
        guard rmdir(folder.path) == 0 || errno == ENOENT else { throw failure("cannot remove \(folder.path)") }
    }

    /// Creates one folder; it may exist already.
    public static func makeFolder(_ path: String) throws {
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw failure("cannot create \(path)") }
    }

    /// Creates the folder `relative` (and the folders above it) under `root`.
    public static func makeFolders(_ relative: String, under root: String) throws {
        var path = root
        for part in relative.split(separator: "/") {
            path += "/" + part
            try makeFolder(path)
        }
    }

    /// Writes a new file (not flushed: see `flush`).
    public static func write(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("cannot create \(path)") }
        defer { close(descriptor) }
        try FaultPoint.failIfDiskFull()
        let written = data.withUnsafeBytes { bytes -> Int in
            var offset = 0
            while offset < bytes.count {
                let count = writeBytes(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return -1
                }
                offset += count
            }
            return offset
        }
        guard written == data.count else { throw failure("cannot write \(path)") }
    }

    /// Flushes a file, or a folder's entries, to disk (best effort: what cannot be opened is skipped).
    public static func flush(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    private static func failure(_ what: String) -> PipelineError {
        PipelineError.output("\(what): \(String(cString: strerror(errno)))")
    }
}

/// The C library's `write(2)` (inside `FileTree`, `write` names the method).
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
