import Foundation

/// Runs this program again as a child process and measures it: wall time, exit status, CPU
/// time and peak resident memory (from wait4's rusage), with its output discarded.
enum ChildProcess {
    struct Measure {
        var status: Int32
        var seconds: Double
        /// User and system CPU time, on all cores.
        var cpuSeconds: Double
        /// Peak resident set size, in megabytes.
        var peakMB: Double
    }

    static func run(_ arguments: [String]) throws -> Measure {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = Date()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let seconds = Date().timeIntervalSince(start)
        let exited = (status & 0x7f) == 0
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return Measure(status: exited ? (status >> 8) & 0xff : -1, seconds: seconds, cpuSeconds: cpu, peakMB: Double(usage.ru_maxrss) / 1024)
    }
}
