import BriefCore
import BriefStore
import Foundation
@testable import BriefPipeline

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let resources = Resources(root: root)
let crashDay = Day("2025-08-26")!

/// A fresh temporary folder, removed by the caller.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("marketbrief-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func sampleStore(in folder: URL) throws -> MetricStore {
    let store = try MetricStore(path: folder.appendingPathComponent("db.sqlite").path)
    try Importer.importSample(SampleData(folder: resources.sample), into: store)
    return store
}

func generator(thresholds: Thresholds? = nil) throws -> BriefGenerator {
    try BriefGenerator(templates: resources.templates, thresholds: thresholds ?? ThresholdsFile.load(resources.defaultConfig.path))
}

/// Imports inline CSV text and generates the brief for `day` (with the shipped settings unless given).
func brief(metrics: String, transfers: String? = nil, day: Day, thresholds: Thresholds? = nil) throws -> GeneratedBrief {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var files = [folder.appendingPathComponent("daily.csv")]
    try metrics.write(to: files[0], atomically: true, encoding: .utf8)
    if let transfers {
        files.append(folder.appendingPathComponent("transfers.csv"))
        try transfers.write(to: files[1], atomically: true, encoding: .utf8)
    }
    let store = try MetricStore()
    try Importer.importFiles(files.map(\.path), into: store)
    return try generator(thresholds: thresholds).generate(asset: .btc, history: store.history(asOf: day))
}

extension GeneratedBrief {
    /// The text brief with its 80-column wrapping undone, for phrase checks.
    var unwrapped: String { text.replacingOccurrences(of: "\n", with: " ") }
}

/// The `marketbrief` binary `swift test` built beside the test bundle.
let builtBinary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("marketbrief")

/// Starts `executable` in `folder`, its output and errors in one pipe, its input empty, without `MARKETBRIEF_HOME`.
func launch(_ executable: URL, _ arguments: [String], in folder: URL,
            environment extra: [String: String] = [:]) throws -> (Process, Pipe) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = folder
    var environment = ProcessInfo.processInfo.environment
    environment["MARKETBRIEF_HOME"] = nil
    environment.merge(extra) { $1 }
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    // Never the terminal `swift test` runs in: a command must not wait for an answer there.
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return (process, pipe)
}

/// Runs `executable` to the end: its exit status and everything it printed.
func runToEnd(_ executable: URL, _ arguments: [String], in folder: URL,
              environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
    let (process, pipe) = try launch(executable, arguments, in: folder, environment: environment)
    let data = readToEnd(pipe)
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Everything written to `pipe` until its writers close it. Reads with read(2) and retries on
/// EINTR: Foundation's `readDataToEndOfFile` traps when a signal interrupts it (as the SIGCHLD
/// of another test's child can).
func readToEnd(_ pipe: Pipe) -> Data {
    let descriptor = pipe.fileHandleForReading.fileDescriptor
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count > 0 {
            data.append(contentsOf: buffer[0..<count])
        } else if count == 0 || errno != EINTR {
            return data
        }
    }
}

/// `data` gzip-compressed by Debian's `gzip`.
func gzipped(_ data: Data) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-c"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    let writer = Thread { input.fileHandleForWriting.write(data); try? input.fileHandleForWriting.close() }
    writer.start()
    let compressed = readToEnd(output)
    process.waitUntilExit()
    return compressed
}

/// How a child process ended and what it cost, as `wait4` reports it.
struct MeasuredRun {
    var status: Int32
    var output: String
    var seconds: Double
    /// Peak resident memory, bytes.
    var peakMemory: Int
}

/// Runs `executable` with its output and errors in a file in `folder`, and measures its wall
/// time and peak memory from `wait4`'s resource usage. A small Python process forks and waits
/// for it: Linux carries the peak of the memory an `exec` replaces into the new program's
/// figure, so a child started from this (large, busy) test process would report the test
/// process's size, while one forked from a fresh interpreter starts near 10 MB.
func runMeasured(_ executable: URL, _ arguments: [String], outputIn folder: URL) throws -> MeasuredRun {
    let outputPath = folder.appendingPathComponent("output-\(UUID().uuidString).txt").path
    let script = """
        import os, sys
        pid = os.fork()
        if pid == 0:
            fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(fd, 1); os.dup2(fd, 2)
            os.execv(sys.argv[2], sys.argv[2:])
        _, status, usage = os.wait4(pid, 0)
        print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
        """
    let started = Date()
    let (status, report) = try runToEnd(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", script, outputPath, executable.path] + arguments,
                                        in: folder)
    let seconds = Date().timeIntervalSince(started)
    let fields = report.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    guard status == 0, fields.count == 2 else { throw POSIXError(.ECHILD) }
    let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    return MeasuredRun(status: Int32(fields[0]), output: output, seconds: seconds, peakMemory: fields[1] * 1024)
}
