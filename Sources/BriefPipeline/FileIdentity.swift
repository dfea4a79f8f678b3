import Foundation

/// What changes whenever a file is rewritten: its inode, size and modification time.
public enum FileIdentity {
    /// `INODE-SIZE-SECONDS.NANOSECONDS`, or `missing`.
    public static func of(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "missing" }
        return text(info)
    }

    /// `of` for `path` relative to the open folder `folder` (a descriptor): of many files in
    /// one folder, the path is walked from there rather than from the root each time. A link
    /// at the end of `path` is not followed: its own identity is given, so a link to nowhere
    /// is listed, not taken as missing.
    public static func of(_ path: String, inFolder folder: Int32) -> String {
        var info = stat()
        guard fstatat(folder, path, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return "missing" }
        return text(info)
    }

    private static func text(_ info: stat) -> String {
        "\(info.st_ino)-\(info.st_size)-\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }

    /// A folder's device and inode, which stay with it through renames and exchanges (its
    /// modification time changes with its entries, so it is left out); `missing` when absent.
    public static func ofFolder(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "missing" }
        return "\(info.st_dev)-\(info.st_ino)"
    }
}
