import BriefCore
import Foundation

/// Why a request to a venue failed, naming the request.
public struct FetchError: Error, Sendable, CustomStringConvertible {
    /// The request, as path and query (`/fapi/v1/fundingRate?symbol=BTCUSDT&…`).
    public var request: String
    public var reason: String
    /// The day of a recent archive file not published yet (HTTP 404): the range can end before it.
    var unpublishedDay: Day? = nil

    /// `request` and `reason` may echo a venue's text (a cursor, a value, an error message): each
    /// is cut as `EchoedText` cuts and shown as `PrintableText` shows it, so a 6 MB `msg` gives
    /// a short error line with no control or bidi characters.
    public init(request: String, reason: String) {
        self.request = PrintableText.of(EchoedText.cut(request))
        self.reason = PrintableText.of(EchoedText.cut(reason))
    }
    public var description: String { "\(request): \(reason)" }
}

/// GETs JSON from a venue the way its rules ask: waits out HTTP 429 for `Retry-After`
/// seconds (a few times), stops at 418 (the IP is banned), retries a dropped connection, a
/// timeout and HTTP 500/502/503/504 with growing waits (1, 2, 4 s), stops at any other error
/// status, reports the venue's error body plainly, and slows down when the used request weight
/// (`X-MBX-USED-WEIGHT-1M`) nears the limit. No request and no wait goes past the run's
/// time limit.
public struct PoliteFetcher: Sendable {
    private let http: any HTTPGetting
    private let sleep: @Sendable (Double) -> Void
    private let requestTimeout: TimeInterval
    private let timeLimit: TimeInterval
    private let deadline: Date
    /// Retries after 429, a transient failure or a 5xx before giving up.
    public var maxRetries = 3
    /// Used weight per minute above which each request waits a second first.
    public var weightSlowdown = 1_800
    /// The longest `Retry-After` waited out; a longer one ends the run with the wait it asks for.
    public var maxRetryAfter = 60.0

    /// Each request may take `requestTimeout` seconds, and the whole run `timeLimit` seconds from
    /// now. `sleep` waits the given seconds (tests pass one that only records).
    public init(http: any HTTPGetting, requestTimeout: TimeInterval = 30, timeLimit: TimeInterval = 600,
                sleep: @escaping @Sendable (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        self.http = http
        self.sleep = sleep
        self.requestTimeout = requestTimeout
        self.timeLimit = timeLimit
        deadline = Date(timeIntervalSinceNow: timeLimit)
    }

    /// The body of a successful GET of `url`.
    public func get(_ url: URL) throws(FetchError) -> Data {
        let request = url.request
        var attempt = 0
        /// Waits `seconds` before the next attempt, unless that would pass the run's time limit.
        func wait(_ seconds: Double, after reason: String) throws(FetchError) {
            guard Date(timeIntervalSinceNow: seconds) < deadline else {
                throw FetchError(request: request, reason: reason + "; waiting \(Self.shown(seconds)) more "
                    + "would pass the run's time limit of \(Self.shown(timeLimit))")
            }
            sleep(seconds)
        }
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else {
                throw FetchError(request: request, reason: "the run's time limit of \(Self.shown(timeLimit)) is reached")
            }
            let response: HTTPResponse
            do {
                response = try http.get(url, timeout: min(requestTimeout, remaining))
            } catch {
                let reason = "no complete response: \(error.localizedDescription)"
                guard (error as? HTTPFailure)?.isTransient == true, attempt < maxRetries else {
                    throw FetchError(request: request, reason: reason + (attempt > 0 ? " (\(attempt + 1) tries)" : ""))
                }
                attempt += 1
                try wait(Self.backoff(attempt), after: reason)
                continue
            }
            if let used = response.headers["x-mbx-used-weight-1m"].flatMap(Int.init), used >= weightSlowdown {
                try wait(1, after: "the venue's request weight is near its limit")
            }
            let retryAfter = Self.retryAfter(response.headers["retry-after"])
            switch response.status {
            case 200..<300:
                return response.body
            case 429 where (retryAfter ?? 0) > maxRetryAfter:
                throw FetchError(request: request, reason: "HTTP 429 (rate limited): the venue asks to wait "
                    + "\(Self.shown(retryAfter!)), longer than \(Self.shown(maxRetryAfter)); collect again after that")
            case 429 where attempt < maxRetries:
                attempt += 1
                try wait(retryAfter ?? Double(attempt * 5), after: "HTTP 429 (rate limited)")
            case 429:
                throw FetchError(request: request, reason: "HTTP 429 (rate limited) \(attempt + 1) times; try again later")
            case 418:
                throw FetchError(request: request, reason: "HTTP 418: this IP is banned by the venue"
                    + (retryAfter.map { " for \(Self.shown($0))" } ?? "") + "; stop and wait before collecting again")
            case let status where [500, 502, 503, 504].contains(status) && attempt < maxRetries:
                attempt += 1
                try wait(Self.backoff(attempt), after: "HTTP \(response.status)" + Self.errorMessage(response.body))
            default:
                throw FetchError(request: request, reason: "HTTP \(response.status)" + Self.errorMessage(response.body)
                    + (attempt > 0 ? " (\(attempt + 1) tries)" : ""))
            }
        }
    }

    /// The wait before retry `attempt` (1, 2, …) after a transient failure: 1, 2, 4 s.
    static func backoff(_ attempt: Int) -> Double { Double(1 << min(attempt - 1, 6)) }

    /// The seconds a `Retry-After` value asks to wait (RFC 9110): whole seconds, or an HTTP date
    /// (`Wed, 21 Oct 2026 07:28:00 GMT`; a past one is no wait). Any number of digits is read, a
    /// huge one as infinity; anything else (`-1`, `1.5`, `NaN`, another date format) is `nil`,
    /// as if the header were absent.
    static func retryAfter(_ value: String?, now: Date = Date()) -> Double? {
        guard let text = value?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            let digits = text.drop { $0 == "0" }
            return digits.count <= 15 ? Double(Int64(digits) ?? 0) : .infinity
        }
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "GMT")
        format.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return format.date(from: text).map { max(0, $0.timeIntervalSince(now)) }
    }

    /// A wait as errors show it, `360 s`, without converting a huge or infinite one to an integer.
    static func shown(_ seconds: Double) -> String {
        seconds < 1e9 ? "\(Int(seconds.rounded(.up))) s" : "more than 1000000000 s (31 years)"
    }

    /// `: -1121 Invalid symbol.` from a venue's error body (`{"code":…,"msg":…}`), else a
    /// short excerpt of the body.
    static func errorMessage(_ body: Data) -> String {
        struct VenueError: Decodable {
            var code: FlexibleString?
            var msg: String?
        }
        if let error = try? JSONDecoder().decode(VenueError.self, from: body), let message = error.msg {
            return ": " + (error.code.map { $0.value + " " } ?? "") + message
        }
        let text = String(decoding: body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "" : ": " + text
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
        } else if let number = try? container.decode(Double.self) {
            value = String(number)
        } else {
            throw DecodingError.typeMismatch(FlexibleString.self, .init(codingPath: decoder.codingPath,
                                                                        debugDescription: "a number or text expected"))
        }
    }

    /// The value as a finite decimal number (`FieldParsing.number`: no hex, `inf` or `nan`),
    /// `nil` if it is not one.
    public var number: Double? {
        try? FieldParsing.number(value)
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
