import BriefCore
import CZlib
import Crypto
import Foundation

/// Binance's public data archive in miniature: for any path of its layout, the zip of a small CSV
/// (one kline a day, three funding settlements a day, three 5-minute metrics rows a day) and its
/// `.CHECKSUM`. Kline times are ms before 2025 and µs from 2025 on, as the spot archive's are;
/// odd months' kline files have a header line, the others none.
struct ArchiveReplay: Sendable {
    /// Paths answered with a zip whose bytes do not match its checksum.
    var corrupt: Set<String> = []
    /// Paths answered with 404.
    var missing: Set<String> = []
    /// Paths whose body is cut short.
    var truncated: Set<String> = []

    private static let origin = Day("2020-01-01")!

    static func close(_ symbol: String, _ day: Day) -> Double {
        let index = Double(origin.days(to: day))
        switch symbol {
        case "BTCUSDT": return 30_000 + index * 10
        case "ETHUSDT": return 2_000 + index
        default: return 0.05 + index * 0.00001
        }
    }

    /// Open interest in coins at the day's close: waves of 400 days, so a day ranks within its range.
    static func openInterest(_ symbol: String, _ day: Day) -> Double {
        let wave = Double(origin.days(to: day) % 400)
        return symbol == "BTCUSDT" ? 80_000 + wave * 100 : 1_000_000 + wave * 1_000
    }

    static func fundingRate(_ day: Day) -> Double { 0.00005 + Double(origin.days(to: day) % 7) * 0.00001 }

    func reply(_ path: String) -> ReplayServer.Reply {
        if missing.contains(path) || missing.contains(path.replacingOccurrences(of: ".CHECKSUM", with: "")) {
            return ReplayServer.Reply(status: 404, body: Data("<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code></Error>".utf8))
        }
        let isChecksum = path.hasSuffix(".CHECKSUM")
        let zipPath = isChecksum ? String(path.dropLast(".CHECKSUM".count)) : path
        guard let zip = Self.zip(for: zipPath) else { return ReplayServer.Reply(status: 404) }
        let name = String(zipPath.split(separator: "/").last!)
        if isChecksum {
            let digest = SHA256.hash(data: zip).map { String(format: "%02x", $0) }.joined()
            return ReplayServer.Reply(body: Data("\(digest)  \(name)\n".utf8))
        }
        if truncated.contains(path) { return ReplayServer.Reply(body: zip.prefix(zip.count / 2), truncated: true) }
        if corrupt.contains(path) {
            var bad = zip
            bad[bad.count / 2] ^= 0xFF
            return ReplayServer.Reply(body: bad)
        }
        return ReplayServer.Reply(body: zip)
    }

    /// Zips made so far: a file and its checksum are asked for one after the other.
    private final class Made: @unchecked Sendable {
        private let lock = NSLock()
        private var zips: [String: Data] = [:]
        func zip(_ path: String, _ make: (String) -> Data?) -> Data? {
            lock.lock()
            defer { lock.unlock() }
            if let made = zips[path] { return made }
            let made = make(path)
            zips[path] = made
            return made
        }
    }
    private static let made = Made()

    /// The zip a path of the archive's layout names, `nil` for any other path.
    static func zip(for path: String) -> Data? { made.zip(path, make) }

    private static func make(_ path: String) -> Data? {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 6, let file = parts.last, file.hasSuffix(".zip") else { return nil }
        let stem = String(file.dropLast(4))
        let symbol = String(stem.prefix { $0 != "-" })
        let days: [Day]
        if let day = Day(stem.suffix(10)) {
            days = [day]
        } else if let start = Day(stem.suffix(7) + "-01") {
            var (year, month, _) = start.components
            (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
            days = (0..<start.days(to: Day(year: year, month: month, day: 1)!)).map { start.adding(days: $0) }
        } else {
            return nil
        }
        let csv: String
        switch (parts[1], parts[3]) {
        case ("spot", "klines"):
            let header = parts[2] == "monthly" && days[0].components.month % 2 == 1
                ? "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore\n" : ""
            csv = header + days.map { day in
                let micro = day >= Day("2025-01-01")!
                let open = Int64(day.ordinal) * 86_400_000 * (micro ? 1000 : 1)
                let closeTime = open + (micro ? 86_399_999_999 : 86_399_999)
                let close = Self.close(symbol, day)
                return "\(open),\(close - 5),\(close + 20),\(close - 30),\(close),1234.5,\(closeTime),1.5e8,4321,600.1,6.6e7,0\n"
            }.joined()
        case ("futures", "monthly") where parts[4] == "fundingRate":
            csv = "calc_time,funding_interval_hours,last_funding_rate\n" + days.flatMap { day in
                (0..<3).map { k in "\(Int64(day.ordinal) * 86_400_000 + Int64(k) * 28_800_000 + 3),8,\(fundingRate(day))\n" }
            }.joined()
        case ("futures", "daily") where parts[4] == "metrics":
            let day = days[0]
            let coins = openInterest(symbol, day)
            let price = close(symbol == "ETHUSDT" ? "ETHUSDT" : "BTCUSDT", day)
            csv = "create_time,symbol,sum_open_interest,sum_open_interest_value,count_toptrader_long_short_ratio,"
                + "sum_toptrader_long_short_ratio,count_long_short_ratio,sum_taker_long_short_vol_ratio\n"
                + [("00:05:00", coins - 700), ("12:00:00", coins + 900), ("23:55:00", coins)].map { time, value in
                    "\(day) \(time),\(symbol),\(value),\(value * price),1.1,1.2,1.3,1.0\n"
                }.joined()
        default:
            return nil
        }
        return zipped((String(stem) + ".csv", Data(csv.utf8)))
    }

    /// A zip of deflated entries, as Python's `zipfile` writes them (no date: the same bytes
    /// every time).
    static func zipped(_ entries: (name: String, data: Data)...) -> Data {
        var files = Data(), directory = Data()
        for (name, data) in entries {
            let packed = deflated(data)
            let checksum = data.withUnsafeBytes { Int(crc32(0, $0.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32($0.count))) }
            let sizes = [(checksum, 4), (packed.count, 4), (data.count, 4)]
            // signature, version, flags, method 8 (deflate), time, date; sizes; name, extra
            directory += littleEndian([(0x0201_4b50, 4), (20, 2)] + [(20, 2), (0, 2), (8, 2), (0, 2), (0, 2)] + sizes
                + [(name.utf8.count, 2), (0, 2), (0, 2), (0, 2), (0, 2), (0, 4), (files.count, 4)]) + Data(name.utf8)
            files += littleEndian([(0x0403_4b50, 4), (20, 2), (0, 2), (8, 2), (0, 2), (0, 2)] + sizes + [(name.utf8.count, 2), (0, 2)])
                + Data(name.utf8) + packed
        }
        return files + directory + littleEndian([(0x0605_4b50, 4), (0, 2), (0, 2), (entries.count, 2), (entries.count, 2),
                                                 (directory.count, 4), (files.count, 4), (0, 2)])
    }

    /// `data` as raw deflate: zlib's stream without its 2-byte header and 4-byte Adler-32.
    private static func deflated(_ data: Data) -> Data {
        var size = compressBound(uLong(data.count))
        var stream = [UInt8](repeating: 0, count: Int(size))
        let input = [UInt8](data)
        precondition(compress2(&stream, &size, input, uLong(input.count), 9) == Z_OK)
        return Data(stream[2..<Int(size) - 4])
    }

    /// Each value in as many bytes, little-endian.
    private static func littleEndian(_ fields: [(value: Int, bytes: Int)]) -> Data {
        Data(fields.flatMap { field in (0..<field.bytes).map { UInt8(truncatingIfNeeded: field.value >> (8 * $0)) } })
    }
}
