import Foundation
import Testing

/// `marketbrief collect` against a loopback venue that answers with hostile replies, run as a
/// child process: each run must end with a clear error, within its time limit, under 100 MB.
@Suite struct HostileVenueTests {
    static let bomb = Result { try gzipped(Data(count: 256 << 20)) }

    @Test(arguments: [
        ("gzip bomb", "larger than 16777216 bytes (decompressed); refused"),
        ("endless body", "larger than 16777216 bytes (decompressed); refused"),
        ("huge headers", "larger than 65536 bytes of headers; refused"),
        ("slow drip", "would pass the run's time limit of 4 s"),
        ("503 forever", "HTTP 503: -1 down for maintenance; waiting 4 s more would pass the run's time limit of 4 s"),
        ("redirect loop", "Maximum (5) redirects followed"),
        ("redirect to a file", "Protocol \"file\" not supported"),
        ("stalled paging", "a kline of 2025-08-20 is outside the requested"),
    ])
    func collectEndsBoundedAndNamesTheCause(hostile: String, expected: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Self.bomb.get()  // compressed before the clock starts
        let server = try ReplayServer { path, _ in try! Self.reply(hostile, path: path) }
        defer { server.stop() }
        let run = try runMeasured(builtBinary, [
            "collect", "binance", "--from", "2025-08-20", "--to", "2025-08-26", "--db", folder.appendingPathComponent("store.sqlite").path,
            "--base-url", server.baseURL, "--timeout", "2", "--time-limit", "4",
        ], outputIn: folder)
        #expect(run.status == 1, "\(hostile): \(run.output)")
        #expect(run.output.contains(expected), "\(hostile): \(run.output)")
        #expect(run.output.contains("Nothing was stored."), "\(hostile): \(run.output)")
        #expect(run.seconds < 5, "\(hostile): \(run.seconds) s")
        #expect(run.peakMemory < 100 << 20, "\(hostile): \(run.peakMemory) bytes")
    }

    private static func reply(_ hostile: String, path: String) throws -> ReplayServer.Reply {
        switch hostile {
        case "gzip bomb":
            ReplayServer.Reply(headers: ["Content-Encoding": "gzip", "Content-Type": "application/json"], body: try bomb.get())
        case "endless body":
            ReplayServer.Reply(stream: .endless)
        case "huge headers":
            .json("[]", headers: ["X-Padding": String(repeating: "x", count: 100_000)])
        case "slow drip":
            ReplayServer.Reply(stream: .drip(milliseconds: 50))
        case "503 forever":
            .json("{\"code\":-1,\"msg\":\"down for maintenance\"}", status: 503)
        case "redirect loop":
            ReplayServer.Reply(status: 302, headers: ["Location": path])
        case "redirect to a file":
            ReplayServer.Reply(status: 302, headers: ["Location": "file:///etc/passwd"])
        default:
            // Every page the same 1,000 klines of the first day: paging makes no progress.
            .json("[" + Array(repeating: "[1755648000000,\"1\",\"2\",\"0.5\",\"1.5\",\"10\",1755734399999,\"1\",1,\"1\",\"1\",\"0\"]",
                              count: 1000).joined(separator: ",") + "]")
        }
    }
}
