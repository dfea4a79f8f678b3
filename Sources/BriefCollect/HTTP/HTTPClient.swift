import CCurlLoader
import Foundation

/// What a GET returned.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Anything that can perform a GET: the real network, or a stand-in in tests.
public protocol HTTPGetting: Sendable {
    /// Throws `HTTPFailure` only when no response arrived within `timeout` seconds (connection
    /// refused, timeout, truncated body, a limit passed).
    func get(_ url: URL, timeout: TimeInterval) throws -> HTTPResponse
}

/// No response arrived, and why (libcurl's words).
public struct HTTPFailure: Error, CustomStringConvertible, LocalizedError {
    public var reason: String
    /// Whether trying again may help: the connection failed, was cut or timed out (not a
    /// response over a limit, a malformed URL or a missing libcurl).
    public var isTransient = false
    public var description: String { reason }
    public var errorDescription: String? { reason }
}

/// GET through libcurl, which is loaded on the first request (`CCurlLoader`): the commands that
/// never fetch never load it and its dozens of libraries, so they start faster.
///
/// Every read is bounded: the caller's timeout for the whole request, `maxBytes` for the body
/// once decompressed (a gzip bomb or an endless body is cut off there, with a clear error).
public struct CurlHTTP: HTTPGetting {
    private let maxBytes: Int

    /// A venue page is a few hundred KB; 16 MB leaves room and stops anything runaway.
    public init(maxBytes: Int = 16 << 20) {
        self.maxBytes = maxBytes
    }

    /// libcurl's codes for a connection that could not be made, was cut or timed out.
    private static let transientCodes: Set<Int32> = [6, 7, 18, 28, 52, 55, 56]

    public func get(_ url: URL, timeout: TimeInterval) throws -> HTTPResponse {
        var response = mb_http_response()
        defer { mb_http_free(&response) }
        let code = mb_http_get(url.absoluteString, "marketbrief", max(1, Int(timeout * 1000)), maxBytes, &response)
        guard code == 0 else {
            throw HTTPFailure(reason: withUnsafeBytes(of: response.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) },
                              isTransient: Self.transientCodes.contains(code))
        }
        let headerText = String(decoding: UnsafeRawBufferPointer(start: response.headers, count: response.headers_length), as: UTF8.self)
        let body = response.body.map { Data(bytes: $0, count: response.body_length) } ?? Data()
        return HTTPResponse(status: response.status, headers: Self.lastHeaderBlock(headerText), body: body)
    }

    /// The header fields of the final response (after redirects or a `100 Continue`), names lower-cased.
    static func lastHeaderBlock(_ text: String) -> [String: String] {
        var headers: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("HTTP/") {
                headers = [:]
            } else if let colon = line.firstIndex(of: ":") {
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return headers
    }
}
