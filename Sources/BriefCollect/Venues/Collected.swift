import BriefCore
import Foundation

/// What a collector fetched: the values to store, and what the user should know about them.
public struct Collected: Sendable {
    public var batch = ImportBatch()
    /// Limits met on the way (`open interest history only covers …`).
    public var notes: [String] = []

    public init() {}

    mutating func add(_ asset: Asset, _ day: Day, _ metric: Metric, _ value: Double, source: String) {
        batch.samples.append(MetricSample(asset: asset, day: day, metric: metric, value: value, source: source))
    }
}

extension Metric {
    /// This metric (one of `Metric.perVenue`) as `venue` reports it.
    func at(_ venue: Venue) -> Metric { Metric.atVenue(self, venue.storedName)! }
}

extension Venue {
    /// The venue in stored metric names (`oi_coins.binance`): Binance's archive and its API
    /// are one venue's figures.
    public var storedName: String { self == .binanceArchive ? "binance" : rawValue }
}

/// Epoch milliseconds and UTC days.
enum EpochTime {
    static let dayMilliseconds: Int64 = 86_400_000

    static func start(of day: Day) -> Int64 { Int64(day.ordinal) * dayMilliseconds }

    /// The UTC day of a time in milliseconds (floor, so jittered settlement times stay on their day).
    static func day(ofMilliseconds ms: Int64) -> Day {
        Day(ordinal: Int((Double(ms) / Double(dayMilliseconds)).rounded(.down)))
    }

    /// Now, in milliseconds.
    static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}

/// Checks a number a venue sent before it is stored.
enum VenueValue {
    /// The number in `field`, which must be plausible for `metric` (a per-day value computed from
    /// it, such as a mean rate, stays in the same range).
    static func parse(_ text: FlexibleString?, _ field: String, as metric: Metric, request: String) throws(FetchError) -> Double {
        guard let text else { throw FetchError(request: request, reason: "malformed payload: \(field) is missing") }
        guard let value = text.number else {
            throw FetchError(request: request, reason: "malformed payload: \(field) \"\(text.value)\" is not a plausible number")
        }
        do { try metric.checkPlausible(value) } catch {
            guard case .reason(let reason) = error else { throw FetchError(request: request, reason: "malformed payload: \(field)") }
            throw FetchError(request: request, reason: "malformed payload: \(field) \"\(text.value)\" is not a plausible number: \(reason)")
        }
        return value
    }

    static func time(_ text: FlexibleString?, _ field: String, request: String) throws(FetchError) -> Int64 {
        guard let text, let ms = FieldParsing.whole(text.value, digits: 1...19), ms > 0 else {
            throw FetchError(request: request, reason: "malformed payload: \(field) \"\(text?.value ?? "")\" is not a time in ms")
        }
        // From 2009 (Bitcoin's first block) to the end of year 9999.
        guard (1_230_940_800_000...253_402_300_799_000).contains(ms) else {
            throw FetchError(request: request, reason: "malformed payload: \(field) \(ms) is not a time in ms after 2009")
        }
        return ms
    }
}

/// Checks that a venue's row answers the request it came with: a row of another symbol or
/// interval is refused, never stored under the asset asked for.
enum VenueRequest {
    static let dayMilliseconds: Int64 = 86_400_000

    /// The row's symbol (`symbol`, `instId`) must be the one requested; a row naming none is refused too.
    static func checkSymbol(_ sent: FlexibleString?, _ field: String, is requested: String, in what: String,
                            request: String) throws(FetchError) {
        guard let sent, sent.value == requested else {
            throw FetchError(request: request, reason: "\(what) is for \(field) \"\((sent?.value ?? "").prefix(40))\", "
                + "not the requested \(requested); nothing stored")
        }
    }

    /// A daily row (a 1d candle, a 1d open-interest figure) starts at 00:00 UTC of its day.
    static func checkDayStart(_ time: Int64, in what: String, request: String) throws(FetchError) {
        guard time % dayMilliseconds == 0 else {
            throw FetchError(request: request, reason: "\(what) at \(time) ms does not start a UTC day: "
                + "not the daily interval requested; nothing stored")
        }
    }
}

/// Decodes a venue's JSON, naming the request when it is not what was expected.
func decodePayload<T: Decodable>(_ type: T.Type, _ data: Data, request: String) throws(FetchError) -> T {
    if let (line, field, reason) = UTF8Text.refusal(of: data) {
        throw FetchError(request: request, reason: "malformed payload: line \(line): \(field): \(reason)")
    }
    let decoded: T
    do {
        decoded = try JSONSyntax.decodeStrictly(type, from: data)
    } catch {
        throw FetchError(request: request, reason: "malformed payload: \(error)")
    }
    if let key = DuplicateKeys.first(in: data) {
        throw FetchError(request: request, reason: "malformed payload: \(key) given twice in one object")
    }
    return decoded
}

/// The funding interval of each settlement: the hours since the previous one, rounded;
/// the first settlement of a run takes 24 ÷ (settlements on its day).
enum FundingDays {
    /// Refuses a settlement time given twice (counted twice, it would weigh double in its day's
    /// mean and shorten the interval measured); `seen` holds the times read so far.
    static func checkNew(_ time: Int64, _ seen: inout Set<Int64>, request: String) throws(FetchError) {
        guard seen.insert(time).inserted else {
            throw FetchError(request: request, reason: "a funding settlement at \(time) ms (\(EpochTime.day(ofMilliseconds: time))) "
                + "is given twice; nothing stored")
        }
    }

    /// (day, mean rate, interval hours) for every day whose settlements are all in the past.
    static func daily(_ settlements: [(time: Int64, rate: Double)], now: Int64) -> [(Day, Double, Double)] {
        let sorted = settlements.sorted { $0.time < $1.time }
        let byDay = Dictionary(grouping: sorted.indices) { EpochTime.day(ofMilliseconds: sorted[$0].time) }
        return byDay.keys.sorted().compactMap { day in
            guard EpochTime.start(of: day.adding(days: 1)) <= now else { return nil }
            let indices = byDay[day]!
            let gaps = indices.compactMap { index -> Double? in
                index > 0 ? (Double(sorted[index].time - sorted[index - 1].time) / 3_600_000).rounded() : nil
            }.filter { $0 > 0 && $0 <= 24 }
            let interval = mostCommon(gaps) ?? (24 / Double(indices.count)).rounded()
            let mean = indices.map { sorted[$0].rate }.reduce(0, +) / Double(indices.count)
            return (day, mean, interval)
        }
    }

    private static func mostCommon(_ values: [Double]) -> Double? {
        Dictionary(grouping: values, by: { $0 }).max { ($0.value.count, -$0.key) < ($1.value.count, -$1.key) }?.key
    }
}
