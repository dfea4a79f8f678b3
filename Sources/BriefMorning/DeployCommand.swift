import BriefCore
import BriefPipeline
import BriefRender
import Foundation

/// The project's deploy command (`rsync …`, `aws s3 sync …`) run on the published site: in its
/// own process group, within a time limit, its output captured, and the site it deployed
/// recorded, so a failed deploy is tried again and a site published by hand goes out too.
public struct DeployCommand: Sendable {
    /// The shell command, run with `/bin/sh -c` in `folder`, `MARKETBRIEF_SITE` set to the site.
    public var command: String
    /// The folder the command runs in (the project file's).
    public var folder: URL?
    /// Seconds the command may take; then it and everything it started are ended.
    public var timeLimit: Double
    /// The output folder: its `site/` is deployed, `.site-deployed` records what went out.
    public var output: URL

    /// Bytes of the command's output kept to show; the rest is counted, not kept.
    static let outputLimit = 16_384
    /// Seconds between asking the command to stop and ending it.
    static let graceSeconds = 5.0

    public init(command: String, folder: URL?, timeLimit: Double, output: URL) {
        self.command = command
        self.folder = folder
        self.timeLimit = timeLimit
        self.output = output
    }

    /// How a run of the command ended.
    public struct Run: Sendable {
        /// `nil` on success, else why it failed ("exited with 127", "was ended by signal 9").
        public var failure: String?
        /// What it printed (standard output and errors), cut at `outputLimit` bytes.
        public var output: String
    }

    /// What the site is now, and the command it would go out with: a fingerprint of the path
    /// and identity (inode, size, time) of every file under `site/`. A publish leaves a file
    /// whose bytes do not change as it is, so the fingerprint changes only with the site.
    public var siteState: String {
        var fingerprint = Fingerprint()
        fingerprint.add(command)
        let site = output.appendingPathComponent("site").path
        var folders = [""]
        while let folder = folders.popLast() {
            for name in FileTree.names(in: site + folder).sorted() {
                let path = folder + "/" + name
                var info = stat()
                guard lstat(site + path, &info) == 0 else { continue }
                if info.st_mode & S_IFMT == S_IFDIR {
                    folders.append(path)
                } else {
                    fingerprint.add("\(path) \(info.st_ino) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)")
                }
            }
        }
        return fingerprint.hex + "\n"
    }

    private var recordURL: URL { output.appendingPathComponent(".site-deployed") }

    /// Whether the site differs from what the last successful deploy sent.
    public var isDue: Bool {
        FileManager.default.contents(atPath: recordURL.path).map { String(decoding: $0, as: UTF8.self) } != siteState
    }

    /// Runs the command once; on success records the site as deployed.
    public func run() throws -> Run {
        let state = siteState
        let run = try Self.spawnAndWait(command, in: folder, environment: ["MARKETBRIEF_SITE": output.appendingPathComponent("site").path],
                                        timeLimit: timeLimit)
        if run.failure == nil { try AtomicFile.write(Data(state.utf8), to: recordURL) }
        return run
    }

    /// Starts `/bin/sh -c command` as the leader of a new process group, its output in a pipe,
    /// and waits for it within `timeLimit` seconds; past it, the group is asked to stop and then
    /// ended. While it runs, SIGINT, SIGTERM and SIGHUP sent to this process reach the group too.
    static func spawnAndWait(_ command: String, in folder: URL?, environment extra: [String: String], timeLimit: Double) throws -> Run {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw PipelineError.setup("cannot make a pipe for the deploy command") }
        let (reading, writing) = (pipeEnds[0], pipeEnds[1])
        defer { close(reading) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writing, 1)
        posix_spawn_file_actions_adddup2(&actions, writing, 2)
        posix_spawn_file_actions_addclose(&actions, reading)
        posix_spawn_file_actions_addclose(&actions, writing)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }.map { "\($0)=\($1)" }
        // The folder is entered by a first shell, which then becomes the command's (Swift does
        // not see glibc's posix_spawn_file_actions_addchdir_np).
        let arguments = folder.map { ["/bin/sh", "-c", #"cd -- "$0" && exec /bin/sh -c "$1""#, $0.path, command] }
            ?? ["/bin/sh", "-c", command]
        var cArguments = arguments.map { strdup($0) } + [nil]
        var cEnvironment = environment.map { strdup($0) } + [nil]
        defer { (cArguments + cEnvironment).forEach { free($0) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, "/bin/sh", &actions, &attributes, &cArguments, &cEnvironment)
        close(writing)
        guard spawned == 0 else {
            throw PipelineError.setup("cannot start the deploy command: \(String(cString: strerror(spawned)))")
        }
        RunningGroup.forwardSignals(to: child)
        defer { RunningGroup.forwardSignals(to: nil) }

        var captured = CappedOutput(limit: outputLimit)
        let deadline = Date().addingTimeInterval(timeLimit)
        var status: Int32 = 0
        var exited = false, pipeOpen = true, ended = false
        while !exited || pipeOpen {
            if pipeOpen {
                var poller = pollfd(fd: reading, events: Int16(POLLIN), revents: 0)
                if poll(&poller, 1, 100) > 0 {
                    var buffer = [UInt8](repeating: 0, count: 8_192)
                    let count = read(reading, &buffer, buffer.count)
                    if count > 0 { captured.append(buffer[0..<count]) } else if count == 0 || errno != EINTR { pipeOpen = false }
                }
            } else {
                usleep(50_000)
            }
            if !exited, waitpid(child, &status, WNOHANG) == child { exited = true }
            // A command that exited but left something holding its output open is done.
            if exited, pipeOpen, (kill(-child, 0) != 0) { pipeOpen = false }
            if !ended, Date() > deadline {
                ended = true
                kill(-child, SIGTERM)
                let grace = Date().addingTimeInterval(graceSeconds)
                while kill(-child, 0) == 0, Date() < grace { usleep(50_000); if !exited, waitpid(child, &status, WNOHANG) == child { exited = true } }
                kill(-child, SIGKILL)
                if !exited { waitpid(child, &status, 0); exited = true }
                pipeOpen = false
            }
        }
        let failure: String?
        if ended {
            failure = "did not finish within \(Int(timeLimit)) s (deploy_time_limit); it was ended, with what it started"
        } else if status & 0x7f == 0 {
            let code = (status >> 8) & 0xff
            failure = code == 0 ? nil : "exited with \(code)"
        } else {
            let signal = status & 0x7f
            failure = "was ended by signal \(signal)" + (signalNames[signal].map { " (\($0))" } ?? "")
        }
        return Run(failure: failure, output: captured.text)
    }

    private static let signalNames: [Int32: String] = [SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGKILL: "SIGKILL", SIGTERM: "SIGTERM",
                                                       SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT", SIGPIPE: "SIGPIPE", SIGQUIT: "SIGQUIT"]
}

/// A command's output, kept up to a limit; what is past it is counted.
struct CappedOutput {
    let limit: Int
    private var bytes: [UInt8] = []
    private var dropped = 0

    init(limit: Int) { self.limit = limit }

    mutating func append(_ chunk: ArraySlice<UInt8>) {
        let room = max(0, limit - bytes.count)
        bytes += chunk.prefix(room)
        dropped += max(0, chunk.count - room)
    }

    var text: String {
        String(decoding: bytes, as: UTF8.self) + (dropped > 0 ? "\n… \(dropped) more bytes not shown" : "")
    }
}

/// The process group of the deploy command running now, for the signal handlers: a morning
/// stopped by SIGINT, SIGTERM or SIGHUP stops its deploy too instead of leaving it behind.
enum RunningGroup {
    nonisolated(unsafe) static var group: pid_t = 0

    static func forwardSignals(to leader: pid_t?) {
        group = leader ?? 0
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            if leader == nil {
                signal(signalNumber, SIG_DFL)
            } else {
                signal(signalNumber) { received in
                    if RunningGroup.group > 0 { kill(-RunningGroup.group, received) }
                    signal(received, SIG_DFL)
                    raise(received)
                }
            }
        }
    }
}
