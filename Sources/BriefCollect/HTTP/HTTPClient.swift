import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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
    /// Throws only when no response arrived (connection refused, timeout, truncated body).
    func get(_ url: URL) throws -> HTTPResponse
}

/// GET over URLSession, waiting for the answer (the collectors run one request at a time).
public struct URLSessionHTTP: HTTPGetting {
    private let session: URLSession

    public init(timeout: TimeInterval = 30) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.httpAdditionalHeaders = ["User-Agent": "marketbrief"]
        session = URLSession(configuration: configuration)
    }

    public func get(_ url: URL) throws -> HTTPResponse {
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: url) { data, response, error in
            outcome.set(data: data, response: response as? HTTPURLResponse, error: error)
            done.signal()
        }.resume()
        done.wait()
        return try outcome.result()
    }

    /// The completion handler's results, handed from URLSession's queue to the caller.
    private final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var data: Data?
        private var response: HTTPURLResponse?
        private var error: (any Error)?

        func set(data: Data?, response: HTTPURLResponse?, error: (any Error)?) {
            lock.lock()
            defer { lock.unlock() }
            (self.data, self.response, self.error) = (data, response, error)
        }

        func result() throws -> HTTPResponse {
            lock.lock()
            defer { lock.unlock() }
            if let error { throw error }
            guard let response else { throw URLError(.badServerResponse) }
            var headers: [String: String] = [:]
            for (name, value) in response.allHeaderFields {
                if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
            }
            return HTTPResponse(status: response.statusCode, headers: headers, body: data ?? Data())
        }
    }
}
