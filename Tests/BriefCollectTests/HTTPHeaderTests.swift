import Testing
@testable import BriefCollect

@Suite struct HTTPHeaderTests {
    @Test func theFinalResponsesHeadersAreKeptWithLowerCasedNames() {
        let raw = "HTTP/1.1 301 Moved Permanently\r\nLocation: https://example.org/b\r\nRetry-After: 1\r\n\r\n"
            + "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/2 429\r\nRetry-After:  7 \r\nX-MBX-USED-WEIGHT-1M: 1200\r\nContent-Type: application/json\r\n\r\n"
        #expect(CurlHTTP.lastHeaderBlock(raw) == ["retry-after": "7", "x-mbx-used-weight-1m": "1200", "content-type": "application/json"])
    }
}
