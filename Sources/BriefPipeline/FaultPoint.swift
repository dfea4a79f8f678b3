import Foundation

/// Named points where a test can have the process killed (SIGKILL), to prove that dying
/// anywhere in a publish or a brief's write leaves everything whole. Set `MARKETBRIEF_KILL_AT` to
/// the point's name; unset, this does nothing.
public enum FaultPoint {
    public static func reach(_ name: String) {
        if ProcessInfo.processInfo.environment["MARKETBRIEF_KILL_AT"] == name {
            kill(getpid(), SIGKILL)
        }
    }

    /// Throws "no space left on device" when `MARKETBRIEF_FAULT` is `disk-full`: a test's way to
    /// make every write fail as on a full disk.
    public static func failIfDiskFull() throws {
        if ProcessInfo.processInfo.environment["MARKETBRIEF_FAULT"] == "disk-full" {
            throw POSIXError(.ENOSPC)
        }
    }
}
