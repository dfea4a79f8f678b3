import BriefCore
import Crypto
import Foundation

/// Daily metrics for any date range from Binance's public data archive (data.binance.vision, no
/// key): spot closes from the 1d klines (a monthly file for a month the range covers whole and
/// that ended over a week ago, else a daily file a day), USDⓈ-M funding from the monthly
/// `fundingRate` files (the mean of a day's settlements, with their interval), and open interest
/// from the daily `metrics` files (the day's last 5-minute row: its close).
///
/// Every zip is checked against its `.CHECKSUM` (SHA-256) before it is opened, must hold one CSV
/// of at most `maxEntryBytes`, and is read in memory (`ArchiveZip`, every offset checked). Verified files are kept under `cache`
/// (the archive's own paths), so a run that stopped resumes without fetching them again.
public struct BinanceArchiveCollector: Sendable {
    /// The largest CSV an archive zip may unpack to.
    public static let maxEntryBytes = 64 << 20
    /// The largest zip fetched (a 5-minute metrics day is ~20 KB, a month of 1d klines ~3 KB).
    public static let maxBodyBytes = 64 << 20
    /// Days after a month's end within which its monthly files may not be published yet: its
    /// klines are read from the daily files, and a funding file not there yet is noted, not an error.
    public static let monthlyPublishingDays = 7
    /// Days before today whose daily files may not be published yet (a day's files appear during
    /// the next): a 404 for one of them ends the range before it, with a note, instead of the run.
    public static let dailyPublishingDays = 2

    private let fetcher: PoliteFetcher
    private let host: URL
    private let cache: URL?
    private let now: Int64

    /// `baseURL` replaces https://data.binance.vision (a mirror or a replay server); `cache` is
    /// the folder verified files are kept in (`OUT/archive`), none to keep nothing. `now` (ms)
    /// decides which days and months are complete.
    public init(fetcher: PoliteFetcher, baseURL: URL? = nil, cache: URL?, now: Int64? = nil) {
        self.fetcher = fetcher
        host = baseURL ?? URL(string: "https://data.binance.vision")!
        self.cache = cache
        self.now = now ?? EpochTime.now()
    }

    public func collect(assets: [Asset], from first: Day, through requestedLast: Day) throws(FetchError) -> Collected {
        var notes: [String] = []
        let today = EpochTime.day(ofMilliseconds: now)
        var last = min(requestedLast, today.adding(days: -1))
        if last < requestedLast {
            notes.append("Binance's archive holds complete days only: nothing after \(last) was collected.")
        }
        while true {
            do {
                var collected = Collected()
                collected.notes = notes
                guard first <= last else { return collected }
                try collect(assets: assets, from: first, through: last, today: today, into: &collected)
                return collected
            } catch {
                guard let day = error.unpublishedDay, day <= last else { throw error }
                notes.append("Binance's archive has not published \(day) yet (\(error.request)): "
                    + (day > first ? "collected through \(day.adding(days: -1))." : "nothing was collected."))
                last = day.adding(days: -1)
            }
        }
    }

    private func collect(assets: [Asset], from first: Day, through last: Day, today: Day,
                         into collected: inout Collected) throws(FetchError) {
        let months = Self.months(from: first, through: last)
        if let current = months.last, current.end >= today {
            collected.notes.append("Binance's archive publishes a month's funding once the month is over: "
                + "funding from \(max(first, current.start)) to \(last) was not collected (collect it with binance).")
        }
        for asset in assets {
            let symbol = asset.code + "USDT"
            for (day, close) in try closes(symbol: symbol, as: .closeUSD, months: months, from: first, through: last, today: today) {
                collected.add(asset, day, .closeUSD, close, source: "binance-archive:spot:\(symbol)")
            }
            for month in months where month.end < today {
                guard let settlements = try funding(symbol: symbol, month: month, today: today) else {
                    collected.notes.append("Binance's archive has not published \(symbol)'s funding for \(month.name) yet: "
                        + "funding from \(max(first, month.start)) to \(min(last, month.end)) was not collected (collect it with binance).")
                    continue
                }
                for (day, rate, interval) in settlements where day >= first && day <= last {
                    collected.add(asset, day, Metric.fundingRate.at(.binance), rate, source: "binance-archive:fundingRate:\(symbol)")
                    collected.add(asset, day, Metric.fundingIntervalHours.at(.binance), interval, source: "binance-archive:fundingRate:\(symbol)")
                }
            }
            var day = first
            while day <= last {
                let (coins, usd) = try openInterest(symbol: symbol, day: day)
                collected.add(asset, day, Metric.openInterestCoins.at(.binance), coins, source: "binance-archive:metrics:\(symbol)")
                collected.add(asset, day, Metric.openInterestUSD.at(.binance), usd, source: "binance-archive:metrics:\(symbol)")
                day = day.adding(days: 1)
            }
            if asset == .eth {
                for (day, close) in try closes(symbol: "ETHBTC", as: .closeBTC, months: months, from: first, through: last, today: today) {
                    collected.add(.eth, day, .closeBTC, close, source: "binance-archive:spot:ETHBTC")
                }
            }
        }
    }

    /// A calendar month: its first and last day, and its name in file names (`2025-08`).
    struct Month {
        var start: Day
        var end: Day
        var name: String
    }

    static func months(from first: Day, through last: Day) -> [Month] {
        var months: [Month] = []
        var (year, month, _) = first.components
        while let start = Day(year: year, month: month, day: 1), start <= last {
            let (nextYear, nextMonth) = month == 12 ? (year + 1, 1) : (year, month + 1)
            let end = Day(year: nextYear, month: nextMonth, day: 1)!.adding(days: -1)
            months.append(Month(start: start, end: end, name: String(String(start.description).prefix(7))))
            (year, month) = (nextYear, nextMonth)
        }
        return months
    }

    // MARK: - Files

    private func closes(symbol: String, as metric: Metric, months: [Month], from first: Day, through last: Day,
                        today: Day) throws(FetchError) -> [(Day, Double)] {
        var closes: [(Day, Double)] = []
        for month in months {
            if month.start >= first && month.end <= last && month.end.adding(days: Self.monthlyPublishingDays) < today {
                let path = "data/spot/monthly/klines/\(symbol)/1d/\(symbol)-1d-\(month.name).zip"
                closes += try klines(path, as: metric, within: month.start...month.end)
            } else {
                var day = max(first, month.start)
                while day <= min(last, month.end) {
                    let path = "data/spot/daily/klines/\(symbol)/1d/\(symbol)-1d-\(day).zip"
                    closes += try klines(path, as: metric, within: day...day, daily: true)
                    day = day.adding(days: 1)
                }
            }
        }
        return closes.filter { $0.0 >= first && $0.0 <= last }
    }

    /// Kline rows: open time, open, high, low, close, volume, close time, … (12 columns; times in
    /// ms, or µs in the spot files from 2025 on; a header line or none).
    private func klines(_ path: String, as metric: Metric, within days: ClosedRange<Day>, daily: Bool = false) throws(FetchError) -> [(Day, Double)] {
        let file = try csv(path, day: daily ? days.lowerBound : nil)
        let (request, table) = (file.request, file.table)
        guard !table.rows.isEmpty else { throw FetchError(request: request, reason: "malformed file: no kline in it; nothing stored") }
        var closes: [(Day, Double)] = []
        var seen = Set<Day>()
        for (index, row) in table.rows.enumerated() {
            guard row.count == 12 else {
                throw table.at(index, FetchError(request: request, reason: "malformed file: a kline has \(row.count) fields, expected 12; nothing stored"))
            }
            let openTime = try ArchiveTime.ms(row[0], "open time", request: request)
            try VenueRequest.checkDayStart(openTime, in: "a kline", request: request)
            let day = EpochTime.day(ofMilliseconds: openTime)
            guard days.contains(day) else { throw outside("a kline", day, days, request) }
            guard seen.insert(day).inserted else {
                throw table.at(index, FetchError(request: request, reason: "a second kline of \(day): a day has one; nothing stored"))
            }
            guard try ArchiveTime.ms(row[6], "close time", request: request) == openTime + EpochTime.dayMilliseconds - 1 else {
                throw FetchError(request: request, reason: "a kline of \(day) does not close a day after it opened: "
                    + "not the 1d interval; nothing stored")
            }
            closes.append((day, try VenueValue.parse(FlexibleString(row[4]), "close", as: metric, request: request)))
        }
        try keep(file)
        return closes
    }

    /// `calc_time,funding_interval_hours,last_funding_rate`: a row a settlement. `nil` when the
    /// month ended within `monthlyPublishingDays` and its file is not published yet (HTTP 404).
    private func funding(symbol: String, month: Month, today: Day) throws(FetchError) -> [(Day, Double, Double)]? {
        let path = "data/futures/um/monthly/fundingRate/\(symbol)/\(symbol)-fundingRate-\(month.name).zip"
        let file: ArchiveFile
        do {
            file = try csv(path)
        } catch where error.reason.hasPrefix("HTTP 404") && month.end.adding(days: Self.monthlyPublishingDays) >= today {
            return nil
        }
        let (request, table) = (file.request, file.table)
        let columns = try table.columns(["calc_time", "funding_interval_hours", "last_funding_rate"], request: request)
        var byDay: [Day: [(rate: Double, interval: Double)]] = [:]
        var seen = Set<Int64>()
        for (index, row) in table.rows.enumerated() {
            guard row.count > columns.max()! else {
                throw FetchError(request: request, reason: "malformed file: a settlement has \(row.count) fields, expected 3")
            }
            let time = try ArchiveTime.ms(row[columns[0]], "calc_time", request: request)
            do { try FundingDays.checkNew(time, &seen, request: request) } catch { throw table.at(index, error) }
            let day = EpochTime.day(ofMilliseconds: time)
            guard (month.start...month.end).contains(day) else { throw outside("a funding settlement", day, month.start...month.end, request) }
            let interval = try VenueValue.parse(FlexibleString(row[columns[1]]), "funding_interval_hours", as: .fundingIntervalHours,
                                                request: request)
            let rate = try VenueValue.parse(FlexibleString(row[columns[2]]), "last_funding_rate", as: .fundingRate, request: request)
            byDay[day, default: []].append((rate, interval))
        }
        try keep(file)
        return byDay.keys.sorted().map { day in
            let settlements = byDay[day]!
            let intervals = Dictionary(grouping: settlements.map(\.interval), by: { $0 })
            let interval = intervals.max { ($0.value.count, -$0.key) < ($1.value.count, -$1.key) }!.key
            return (day, settlements.map(\.rate).reduce(0, +) / Double(settlements.count), interval)
        }
    }

    /// `create_time,symbol,sum_open_interest,sum_open_interest_value,…`: a row every 5 minutes;
    /// the day's open interest is its last row up to midnight.
    private func openInterest(symbol: String, day: Day) throws(FetchError) -> (coins: Double, usd: Double) {
        let file = try csv("data/futures/um/daily/metrics/\(symbol)/\(symbol)-metrics-\(day).zip", day: day)
        let (request, table) = (file.request, file.table)
        let columns = try table.columns(["create_time", "symbol", "sum_open_interest", "sum_open_interest_value"], request: request)
        var latest: (time: Int64, row: [Substring])?
        let (start, end) = (EpochTime.start(of: day), EpochTime.start(of: day.adding(days: 1)))
        for row in table.rows {
            guard row.count > columns.max()! else {
                throw FetchError(request: request, reason: "malformed file: a metrics row has \(row.count) fields, expected 8")
            }
            let time = try ArchiveTime.ms(row[columns[0]], "create_time", request: request)
            guard (start...end).contains(time) else {
                throw FetchError(request: request, reason: "a metrics row of \(EpochTime.day(ofMilliseconds: time)) is not of the file's day \(day); nothing stored")
            }
            try VenueRequest.checkSymbol(FlexibleString(row[columns[1]]), "symbol", is: symbol, in: "a metrics row of \(day)", request: request)
            if time >= latest?.time ?? .min { latest = (time, row) }
        }
        guard let row = latest?.row else {
            throw FetchError(request: request, reason: "malformed file: no metrics row for \(day); nothing stored")
        }
        let value = (try VenueValue.parse(FlexibleString(row[columns[2]]), "sum_open_interest", as: .openInterestCoins, request: request),
                try VenueValue.parse(FlexibleString(row[columns[3]]), "sum_open_interest_value", as: .openInterestUSD, request: request))
        try keep(file)
        return value
    }

    private func outside(_ what: String, _ day: Day, _ days: ClosedRange<Day>, _ request: String) -> FetchError {
        let expected = days.lowerBound == days.upperBound ? "\(days.lowerBound)" : "\(days.lowerBound) to \(days.upperBound)"
        return FetchError(request: request, reason: "\(what) of \(day) is outside the file's \(expected); nothing stored")
    }

    // MARK: - Verified, cached archive files

    /// An archive file read for its CSV. One fetched (not read from the cache) is kept in the
    /// cache only once its rows were used (`keep`), so a file whose rows are refused is fetched
    /// again next time rather than refused from the cache for ever.
    private struct ArchiveFile {
        let request: String
        let table: ArchiveCSV
        /// Where it goes in the cache, with its bytes: `nil` when it came from the cache.
        let unkept: (url: URL, zip: Data, checksum: Data)?
    }

    /// The CSV inside the verified zip at `path`, and the request that names it in errors.
    /// `day`: the day of a daily file, which may not be published yet if it is a recent one.
    private func csv(_ path: String, day: Day? = nil) throws(FetchError) -> ArchiveFile {
        let request = host.appendingPathComponent(path).request
        do {
            return try verifiedFile(path, request: request)
        } catch where error.reason.hasPrefix("HTTP 404") {
            var error = error
            if let day, day.adding(days: Self.dailyPublishingDays) >= EpochTime.day(ofMilliseconds: now) { error.unpublishedDay = day }
            throw error
        }
    }

    /// The CSV of the zip at `path`: from the cache when the zip is there, still matches its
    /// checksum and its CSV reads, else fetched with its `.CHECKSUM`, checked and read.
    private func verifiedFile(_ path: String, request: String) throws(FetchError) -> ArchiveFile {
        let name = String(path.split(separator: "/").last!)
        let cached = cache.map { $0.appendingPathComponent(path) }
        if let cached, try cacheFolders(to: cached, create: false, request: request),
           let zip = Self.cachedBytes(cached), let checksum = Self.cachedBytes(cached.appendingPathExtension("CHECKSUM")),
           (try? Self.check(zip, against: checksum, name: name, request: request)) != nil,
           let file = try? Self.unzip(zip, request: request),
           let table = try? ArchiveCSV(file.data, name: file.name, request: request) {
            return ArchiveFile(request: request, table: table, unkept: nil)
        }
        let checksum = try fetch(path + ".CHECKSUM")
        let zip = try fetch(path)
        try Self.check(zip, against: checksum, name: name, request: request)
        let file = try Self.unzip(zip, request: request)
        return ArchiveFile(request: request, table: try ArchiveCSV(file.data, name: file.name, request: request),
                           unkept: cached.map { ($0, zip, checksum) })
    }

    /// Keeps a fetched file whose rows were used in the cache (in place of a cached copy that
    /// no longer checked out), so a rerun does not fetch it again.
    private func keep(_ file: ArchiveFile) throws(FetchError) {
        guard let (cached, zip, checksum) = file.unkept else { return }
        do {
            guard try cacheFolders(to: cached, create: true, request: file.request) else {
                throw FetchError(request: file.request, reason: "cannot create the folders of \(cached.path)")
            }
            for place in [cached, cached.appendingPathExtension("CHECKSUM")] {
                var info = stat()
                // A regular file or a link is replaced (the link itself, not what it points to).
                if lstat(place.path, &info) == 0, ![S_IFREG, S_IFLNK].contains(info.st_mode & S_IFMT) {
                    throw FetchError(request: file.request, reason: "\(place.path) is \(info.st_mode & S_IFMT == S_IFDIR ? "a folder" : "not a file") "
                        + "where marketbrief keeps an archive file; move it away and run again")
                }
            }
            try zip.write(to: cached, options: .atomic)
            try checksum.write(to: cached.appendingPathExtension("CHECKSUM"), options: .atomic)
        } catch let error as FetchError {
            throw error
        } catch {
            throw FetchError(request: file.request, reason: "cannot keep the verified file in \(cached.deletingLastPathComponent().path): "
                + error.localizedDescription)
        }
    }

    /// Whether every folder from the cache's own down to `file`'s is there (made when missing,
    /// with `create`), each a folder of its own: a symbolic link or a file in the place of one is
    /// refused, so nothing is read or written through a link out of the output folder.
    private func cacheFolders(to file: URL, create: Bool, request: String) throws(FetchError) -> Bool {
        guard let cache else { return false }
        var folder = cache.path
        let below = file.deletingLastPathComponent().path.dropFirst(cache.path.count).split(separator: "/")
        for part in [nil] + below.map(Optional.some) {
            if let part { folder += "/" + part }
            var info = stat()
            guard lstat(folder, &info) == 0 else {
                // The cache's own folder may be the first thing written in the output folder.
                guard create, (part == nil ? (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil
                                           : mkdir(folder, 0o755) == 0) else { return false }
                continue
            }
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw FetchError(request: request, reason: "\(folder) is \(info.st_mode & S_IFMT == S_IFLNK ? "a symbolic link" : "not a folder") "
                    + "where marketbrief keeps the archive's files; refusing to read or write through it (move it away and run again)")
            }
        }
        return true
    }

    /// A cached file's bytes: a regular file (not a link) of at most `maxBodyBytes`, else `nil`.
    private static func cachedBytes(_ url: URL) -> Data? {
        var info = stat()
        guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size <= maxBodyBytes else { return nil }
        return try? Data(contentsOf: url)
    }

    private func fetch(_ path: String) throws(FetchError) -> Data {
        do {
            return try fetcher.get(host.appendingPathComponent(path))
        } catch where error.reason.hasPrefix("HTTP 404") {
            throw FetchError(request: error.request, reason: "HTTP 404: the archive has no such file "
                + "(not published yet, or the symbol was not listed then); nothing stored")
        }
    }

    /// `<sha256 hex>  <file name>`: the digest of `zip` must match, and the name be the file's.
    public static func check(_ zip: Data, against checksum: Data, name: String, request: String) throws(FetchError) {
        guard checksum.count <= 1024 else {
            throw FetchError(request: request + ".CHECKSUM", reason: "\(checksum.count) bytes, more than a checksum of \(name) takes (1024 at most); nothing stored")
        }
        let fields = String(decoding: checksum.prefix(1024), as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard let expected = fields.first, expected.count == 64, expected.allSatisfy(\.isHexDigit),
              fields.count == 1 || (fields.count == 2 && fields[1] == name) else {
            throw FetchError(request: request + ".CHECKSUM", reason: "not a checksum of \(name) (\"<sha256>  \(name)\"); nothing stored")
        }
        let digest = SHA256.hash(data: zip).map { String(format: "%02x", $0) }.joined()
        guard digest == expected.lowercased() else {
            throw FetchError(request: request, reason: "checksum mismatch: SHA-256 \(digest), the archive's .CHECKSUM says \(expected) "
                + "(a corrupt or changed file); nothing stored")
        }
    }

    /// The name and bytes of the one CSV in `zip`, unpacked in memory and bounded by
    /// `maxEntryBytes`; `request` names the file in errors.
    public static func unzip(_ zip: Data, request: String) throws(FetchError) -> (name: String, data: Data) {
        do {
            let file = try ArchiveZip(zip, limit: maxEntryBytes)
            return (file.name, file.contents)
        } catch {
            throw FetchError(request: request, reason: error.reason + "; nothing stored")
        }
    }
}

/// An archive CSV: its name in the zip, its rows' fields and lines, and its header when it has
/// one (some files do, some not).
struct ArchiveCSV {
    /// The most line breaks and commas a CSV may hold: the archive's largest files (a month of
    /// hourly funding settlements, a day of 5-minute metrics) have under a thousand lines of at
    /// most 12 fields. Counted on the bytes before anything is split, so memory stays near the
    /// CSV's own size (63 MB of blank lines once took 8 GB).
    static let maxLineBreaks = 20_000, maxCommas = 200_000
    var name: String
    var header: [Substring]?
    var rows: [[Substring]]
    /// The line (1-based) of each row.
    var lines: [Int]

    init(_ data: Data, name: String, request: String) throws(FetchError) {
        self.name = name
        if let (line, field, reason) = UTF8Text.refusal(of: data) {
            throw FetchError(request: request, reason: "the archive's CSV: line \(line): \(field): \(reason)")
        }
        var (lineBreaks, commas) = (0, 0)
        // Every byte that can end a line where the rows are split (`isNewline`): \n, \v, \f, \r, and
        // the last bytes of U+0085, U+2028 and U+2029 (counting those wherever they occur only
        // ever counts too many, in a CSV of digits).
        for byte in data {
            if (0x0A...0x0D).contains(byte) || byte == 0x85 || byte == 0xA8 || byte == 0xA9 { lineBreaks += 1 } else if byte == 0x2C { commas += 1 }
        }
        guard lineBreaks <= Self.maxLineBreaks, commas <= Self.maxCommas else {
            throw FetchError(request: request, reason: "\(name): \(lineBreaks) line breaks and \(commas) commas, more than an archive CSV "
                + "holds (\(Self.maxLineBreaks) and \(Self.maxCommas) at most); nothing stored")
        }
        let text = String(decoding: data, as: UTF8.self)
        var numbered = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated()
            .map { (line: $0.offset + 1, fields: $0.element.split(separator: ",", omittingEmptySubsequences: false)) }
            .filter { !($0.fields.count == 1 && $0.fields[0].allSatisfy(\.isWhitespace)) }
        // A header names its columns (`open_time`, `create_time`); no value has a letter in it.
        if let first = numbered.first?.fields.first, first.contains(where: \.isLetter) {
            header = numbered.removeFirst().fields
        }
        rows = numbered.map(\.fields)
        lines = numbered.map(\.line)
    }

    /// `error`, about row `index`, naming this CSV and the row's line (`….csv: line 5: …`).
    func at(_ index: Int, _ error: FetchError) -> FetchError {
        FetchError(request: error.request, reason: "\(name): line \(lines[index]): \(error.reason)")
    }

    /// Where `names` are: by the header when there is one (which must name them all), else in that order.
    func columns(_ names: [String], request: String) throws(FetchError) -> [Int] {
        guard let header else { return Array(names.indices) }
        return try names.map { name throws(FetchError) in
            guard let index = header.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == name }) else {
                throw FetchError(request: request, reason: "malformed file: the header has no \(name) column; nothing stored")
            }
            return index
        }
    }
}

/// The archive's times: ms, µs (the spot files from 2025-01-01 on), told apart by magnitude, or
/// `YYYY-MM-DD HH:MM:SS` (UTC).
enum ArchiveTime {
    static func ms(_ field: Substring, _ name: String, request: String) throws(FetchError) -> Int64 {
        let text = field.trimmingCharacters(in: .whitespaces)
        if let number = FieldParsing.whole(text, digits: 1...19) {
            // µs since 1970 pass 10^14 in 1973; ms do not until the year 5138.
            return try VenueValue.time(FlexibleString(String(number >= 100_000_000_000_000 ? number / 1000 : number)), name, request: request)
        }
        let parts = text.split(separator: " ")
        // HH:MM:SS, each two digits: a part that is not one makes the clock short.
        let clockParts = parts.count == 2 ? parts[1].split(separator: ":", omittingEmptySubsequences: false) : []
        let clock = clockParts.count == 3 ? clockParts.compactMap { FieldParsing.whole($0, digits: 2...2) } : []
        guard let day = parts.first.flatMap(Day.init), clock.count == 3, (0..<24).contains(clock[0]),
              (0..<60).contains(clock[1]), (0..<60).contains(clock[2]) else {
            throw FetchError(request: request, reason: "malformed file: \(name) \"\(text.prefix(40))\" is not a time")
        }
        return try VenueValue.time(FlexibleString(String(EpochTime.start(of: day) + (clock[0] * 3600 + clock[1] * 60 + clock[2]) * 1000)),
                                   name, request: request)
    }
}

extension FlexibleString {
    /// A field of a file, as a venue's JSON value would carry it.
    init(_ text: some StringProtocol) {
        value = text.trimmingCharacters(in: .whitespaces)
    }
}
