import Foundation

/// File-system steps made directly with system calls: a backfill or a site has tens of
/// thousands of files, and each Foundation call adds several checks per file.
public enum FileTree {
    /// Removes a folder and everything in it; nothing to do when it does not exist. Never
    /// follows a symbolic link: a link, where the folder or anything in it should be, is removed
    /// itself and what it points to is left alone.
    public static func remove(_ folder: URL) throws {
        let path = folder.path
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw failure("cannot inspect \(path)")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            guard unlink(path) == 0 || errno == ENOENT else { throw failure("cannot remove \(path)") }
            return
        }
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return }
            throw failure("cannot open \(path)")
        }
        try removeContents(descriptor, path: path)
        guard rmdir(path) == 0 || errno == ENOENT else { throw failure("cannot remove \(path)") }
    }

    /// Removes everything in the open folder `descriptor` (and closes it), entry by entry
    /// relative to it: a file or a link is unlinked; only a real folder is descended into.
    private static func removeContents(_ descriptor: Int32, path: String) throws {
        guard let stream = fdopendir(descriptor) else {
            close(descriptor)
            throw failure("cannot read \(path)")
        }
        defer { closedir(stream) }
        for name in names(in: stream) {
            if unlinkat(descriptor, name, 0) == 0 || errno == ENOENT { continue }
            // Linux refuses to unlink a folder with EISDIR.
            guard errno == EISDIR else { throw failure("cannot remove \(path)/\(name)") }
            let child = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard child >= 0 else { throw failure("cannot open \(path)/\(name)") }
            try removeContents(child, path: path + "/" + name)
            guard unlinkat(descriptor, name, AT_REMOVEDIR) == 0 || errno == ENOENT else {
                throw failure("cannot remove \(path)/\(name)")
            }
        }
    }

    /// The names in `folder` (`.` and `..` aside); none when it cannot be read.
    public static func names(in folder: String) -> [String] {
        guard let stream = opendir(folder) else { return [] }
        defer { closedir(stream) }
        return names(in: stream)
    }

    private static func names(in stream: OpaquePointer) -> [String] {
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// Creates one folder; it may exist already, as a folder: a symbolic link or a file in its
    /// place is refused, so nothing is ever written through a link.
    public static func makeFolder(_ path: String) throws {
        guard mkdir(path, 0o755) != 0 else { return }
        guard errno == EEXIST else { throw failure("cannot create \(path)") }
        try requireFolder(path)
    }

    /// Throws unless `path` is a folder itself (not a symbolic link to one).
    public static func requireFolder(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw failure("cannot inspect \(path)") }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw PipelineError.output("\(path) is \(info.st_mode & S_IFMT == S_IFLNK ? "a symbolic link" : "not a folder") "
                + "where marketbrief keeps a folder of its own; refusing to write through it (move it away and run again)")
        }
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
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
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
