import Foundation

/// Named points where a test can have the process killed (SIGKILL), to prove that dying
/// anywhere in a publish or a brief's write leaves everything whole. Set `MARKETBRIEF_KILL_AT` to
/// the point's name; unset, this does nothing.
public enum FaultPoint {
    // Read once: `ProcessInfo.environment` builds a dictionary of the whole environment at each
    // call, 2% of a backfill when it was asked at every brief.
    private static let killPoint = getenv("MARKETBRIEF_KILL_AT").map { String(cString: $0) }
    private static let fault = getenv("MARKETBRIEF_FAULT").map { String(cString: $0) }

    public static func reach(_ name: String) {
        if killPoint == name {
            kill(getpid(), SIGKILL)
        }
    }

    /// Throws "no space left on device" when `MARKETBRIEF_FAULT` is `disk-full`: a test's way to
    /// make every write fail as on a full disk.
    public static func failIfDiskFull() throws {
        if fault == "disk-full" {
            throw POSIXError(.ENOSPC)
        }
    }
}
