import BriefCore
import Foundation

/// Why a request to a venue failed, naming the request.
public struct FetchError: Error, Sendable, CustomStringConvertible {
    /// The request, as path and query (`/fapi/v1/fundingRate?symbol=BTCUSDT&…`).
    public var request: String
    public var reason: String
    public var description: String { "\(request): \(reason)" }
}

/// GETs JSON from a venue the way its rules ask: waits out HTTP 429 for `Retry-After`
/// seconds (a few times), stops at 418 (the IP is banned) and at any other error status,
/// reports the venue's error body plainly, and slows down when the used request weight
/// (`X-MBX-USED-WEIGHT-1M`) nears the limit.
public struct PoliteFetcher: Sendable {
    private let http: any HTTPGetting
    private let sleep: @Sendable (Double) -> Void
    /// Retries after 429 before giving up.
    public var maxRetries = 3
    /// Used weight per minute above which each request waits a second first.
    public var weightSlowdown = 1_800
    /// The longest `Retry-After` waited out; a longer one ends the run with the wait it asks for.
    public var maxRetryAfter = 60.0

    /// `sleep` waits the given seconds (tests pass one that only records).
    public init(http: any HTTPGetting, sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        self.http = http
        self.sleep = sleep
    }

    /// The body of a successful GET of `url`.
    public func get(_ url: URL) throws(FetchError) -> Data {
        let request = url.request
        var attempt = 0
        while true {
            let response: HTTPResponse
            do {
                response = try http.get(url)
            } catch {
                throw FetchError(request: request, reason: "no complete response: \(error.localizedDescription)")
            }
            if let used = response.headers["x-mbx-used-weight-1m"].flatMap(Int.init), used >= weightSlowdown {
                sleep(1)
            }
            switch response.status {
            case 200..<300:
                return response.body
            case 429 where (retryAfter(response) ?? 0) > maxRetryAfter:
                throw FetchError(request: request, reason: "HTTP 429 (rate limited): the venue asks to wait "
                    + "\(Int(retryAfter(response)!)) s, longer than \(Int(maxRetryAfter)) s; collect again after that")
            case 429 where attempt < maxRetries:
                attempt += 1
                sleep(retryAfter(response) ?? Double(attempt * 5))
            case 429:
                throw FetchError(request: request, reason: "HTTP 429 (rate limited) \(attempt + 1) times; try again later")
            case 418:
                throw FetchError(request: request, reason: "HTTP 418: this IP is banned by the venue"
                    + (retryAfter(response).map { " for \(Int($0)) s" } ?? "") + "; stop and wait before collecting again")
            default:
                throw FetchError(request: request, reason: "HTTP \(response.status)" + Self.errorMessage(response.body))
            }
        }
    }

    private func retryAfter(_ response: HTTPResponse) -> Double? {
        response.headers["retry-after"].flatMap(Double.init)
    }

    /// `: -1121 Invalid symbol.` from a venue's error body (`{"code":…,"msg":…}`), else a
    /// short excerpt of the body.
    static func errorMessage(_ body: Data) -> String {
        struct VenueError: Decodable {
            var code: FlexibleString?
            var msg: String?
        }
        if let error = try? JSONDecoder().decode(VenueError.self, from: body), let message = error.msg {
            return ": " + PrintableText.of((error.code.map { $0.value + " " } ?? "") + message)
        }
        let text = String(decoding: body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "" : ": " + PrintableText.of(text)
    }
}

/// A JSON value that venues send as a string or as a number (`"1693526400000"` or
/// `1693526400000`, `"0.0001"` or `0.0001`), kept as its text.
public struct FlexibleString: Decodable, Sendable {
    public var value: String

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            value = text
        } else if let whole = try? container.decode(Int64.self) {
            value = String(whole)
        } else {
            value = String(try container.decode(Double.self))
        }
    }

    /// The value as a finite number, `nil` if it is not one.
    public var number: Double? {
        Double(value).flatMap { $0.isFinite ? $0 : nil }
    }
}

extension URL {
    /// A request as errors name it: path and query (`/fapi/v1/fundingRate?symbol=BTCUSDT&…`).
    var request: String { path + (query.map { "?" + $0 } ?? "") }

    /// `host` with `path` and the query `items`, in name order (so requests are reproducible).
    static func venue(_ host: URL, _ path: String, _ items: [String: String]) -> URL {
        var components = URLComponents(url: host.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
        components.queryItems = items.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        return components.url!
    }
}
