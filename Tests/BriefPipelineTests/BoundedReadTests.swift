import BriefCollect
import Foundation
import Testing

/// Every network read is bounded: a body larger than the limit once decompressed, a gzip bomb
/// included, ends the request with a clear error instead of filling memory.
@Suite struct BoundedReadTests {
    @Test func aBodyOverTheLimitIsRefused() throws {
        let server = try ReplayServer { _, _ in .init(body: Data(repeating: UInt8(ascii: "x"), count: 4 << 20)) }
        defer { server.stop() }
        let http = CurlHTTP(maxBytes: 1 << 20)
        #expect { try http.get(URL(string: server.baseURL + "/big")!, timeout: 5) } throws: {
            "\($0)".contains("larger than 1048576 bytes (decompressed); refused")
        }
        #expect(try CurlHTTP(maxBytes: 8 << 20).get(URL(string: server.baseURL + "/big")!, timeout: 5).body.count == 4 << 20)
    }

    @Test func aGzipBombIsCutOffAtTheLimit() throws {
        // 256 MB of zeros, about 250 KB on the wire.
        let bomb = try gzipped(Data(count: 256 << 20))
        #expect(bomb.count < 1 << 20)
        let server = try ReplayServer { _, _ in .init(headers: ["Content-Encoding": "gzip", "Content-Type": "application/json"], body: bomb) }
        defer { server.stop() }
        let started = Date()
        #expect { try CurlHTTP(maxBytes: 16 << 20).get(URL(string: server.baseURL + "/bomb")!, timeout: 5) } throws: {
            "\($0)".contains("larger than 16777216 bytes (decompressed)")
        }
        #expect(Date().timeIntervalSince(started) < 5)
    }
}
