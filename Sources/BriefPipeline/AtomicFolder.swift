import CSiteSwap
import Foundation

/// Replaces a whole folder in one step: the new contents are written to a staging folder
/// beside it, which is then exchanged with the old folder (`renameat2(RENAME_EXCHANGE)`), so a
/// reader, or a process killed at any moment, sees the old folder or the new one, whole.
public enum AtomicFolder {
    /// Puts `staging` in place of `folder` (which may not exist yet). The old contents end up
    /// at `staging`, and are removed unless `keepingOld`; a failed swap removes `staging`
    /// unless `keepingOld`. `afterSwap` runs right after the exchange (a test's kill point).
    public static func replace(_ folder: URL, with staging: URL, keepingOld: Bool = false, afterSwap: () -> Void = {}) throws {
        var info = stat()
        if lstat(folder.path, &info) == 0 {
            guard mb_exchange_paths(staging.path, folder.path) == 0 else {
                let reason = String(cString: strerror(errno))
                if !keepingOld { try? FileTree.remove(staging) }
                throw PipelineError.output("cannot swap \(staging.path) with \(folder.path): \(reason)")
            }
            afterSwap()
            if !keepingOld { try? FileTree.remove(staging) }
        } else {
            guard rename(staging.path, folder.path) == 0 else {
                let reason = String(cString: strerror(errno))
                if !keepingOld { try? FileTree.remove(staging) }
                throw PipelineError.output("cannot move \(staging.path) to \(folder.path): \(reason)")
            }
            afterSwap()
        }
    }
}
