import BriefCollect
import BriefCore
import Crypto
import Foundation
import Testing
@testable import BriefPipeline

/// `collect binance-archive`: Binance's public data archive from a loopback server.
@Suite struct ArchiveTests {
    /// Records the waits a fetcher asks for instead of sleeping.
    private final class Waits: @unchecked Sendable {
        private let lock = NSLock()
        private var seconds: [Double] = []
        func record(_ value: Double) { lock.lock(); seconds.append(value); lock.unlock() }
        var all: [Double] { lock.lock(); defer { lock.unlock() }; return seconds }
    }

    private func collector(_ server: ReplayServer, cache: URL?, waits: Waits = Waits()) -> BinanceArchiveCollector {
        BinanceArchiveCollector(fetcher: PoliteFetcher(http: CurlHTTP(), requestTimeout: 5, sleep: { waits.record($0) }),
                                baseURL: URL(string: server.baseURL), cache: cache,
                                now: Int64(Day("2025-08-27")!.ordinal) * 86_400_000 + 3_600_000)
    }

    /// The miniature archive, with `zip` and its matching `.CHECKSUM` at `path`.
    private func archive(serving zip: Data, at path: String) throws -> ReplayServer {
        let digest = SHA256.hash(data: zip).map { String(format: "%02x", $0) }.joined()
        let name = String(path.split(separator: "/").last!)
        return try ReplayServer { requested, _ in
            switch requested {
            case path: ReplayServer.Reply(body: zip)
            case path + ".CHECKSUM": ReplayServer.Reply(body: Data("\(digest)  \(name)\n".utf8))
            default: ArchiveReplay().reply(requested)
            }
        }
    }

    private func value(_ collected: Collected, _ asset: Asset, _ day: String, _ metric: Metric) -> MetricSample? {
        collected.batch.samples.first { $0.asset == asset && $0.day == Day(day)! && $0.metric == metric }
    }

    @Test func closesFundingAndOpenInterestFromMonthlyAndDailyFiles() throws {
        let server = try ReplayServer { path, _ in ArchiveReplay().reply(path) }
        defer { server.stop() }
        let collected = try collector(server, cache: nil).collect(assets: [.btc, .eth], from: Day("2024-12-30")!, through: Day("2025-08-27")!)
        // 2024-12 in part (daily files, ms), 2025-01 whole (a monthly file with a header, µs), 2025-08 in part (daily files).
        for day in ["2024-12-30", "2025-01-15", "2025-02-10", "2025-08-26"] {
            #expect(value(collected, .btc, day, .closeUSD)?.value == ArchiveReplay.close("BTCUSDT", Day(day)!), "\(day)")
            #expect(value(collected, .btc, day, Metric.atVenue(.openInterestCoins, "binance")!)?.value == ArchiveReplay.openInterest("BTCUSDT", Day(day)!),
                    "the last 5-minute row of \(day)")
        }
        #expect(value(collected, .btc, "2025-08-27", .closeUSD) == nil, "today is not complete")
        #expect(value(collected, .eth, "2025-03-01", .closeBTC)?.value == ArchiveReplay.close("ETHBTC", Day("2025-03-01")!))
        let rate = try #require(value(collected, .btc, "2025-05-05", Metric.atVenue(.fundingRate, "binance")!))
        #expect(abs(rate.value - ArchiveReplay.fundingRate(Day("2025-05-05")!)) < 1e-12)
        #expect(rate.source == "binance-archive:fundingRate:BTCUSDT")
        #expect(value(collected, .btc, "2025-05-05", Metric.atVenue(.fundingIntervalHours, "binance")!)?.value == 8)
        #expect(value(collected, .btc, "2025-08-20", Metric.atVenue(.fundingRate, "binance")!) == nil, "August's funding file is not out yet")
        #expect(value(collected, .eth, "2025-08-20", Metric.atVenue(.openInterestUSD, "binance")!)?.source == "binance-archive:metrics:ETHUSDT")
        #expect(collected.notes.count == 2, "\(collected.notes)")
        let requests = server.requests
        #expect(requests.contains("/data/spot/monthly/klines/BTCUSDT/1d/BTCUSDT-1d-2025-01.zip.CHECKSUM"))
        #expect(requests.contains("/data/spot/daily/klines/BTCUSDT/1d/BTCUSDT-1d-2024-12-30.zip"))
        #expect(!requests.contains { $0.contains("fundingRate-2025-08") })
    }

    /// In the first days after a month ends its monthly files may not be out: its klines come from
    /// the daily files, and its funding file, if not there yet, is noted rather than an error.
    @Test func aMonthJustOverIsReadFromDailyFilesAndItsFundingMayWait() throws {
        let replay = ArchiveReplay(missing: ["/data/futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2025-08.zip"])
        let server = try ReplayServer { path, _ in replay.reply(path) }
        defer { server.stop() }
        let collector = BinanceArchiveCollector(fetcher: PoliteFetcher(http: CurlHTTP(), requestTimeout: 5), baseURL: URL(string: server.baseURL),
                                                cache: nil, now: Int64(Day("2025-09-03")!.ordinal) * 86_400_000)
        let collected = try collector.collect(assets: [.btc], from: Day("2025-08-01")!, through: Day("2025-09-02")!)
        #expect(value(collected, .btc, "2025-08-31", .closeUSD)?.value == ArchiveReplay.close("BTCUSDT", Day("2025-08-31")!))
        #expect(value(collected, .btc, "2025-09-02", Metric.atVenue(.openInterestCoins, "binance")!) != nil)
        #expect(value(collected, .btc, "2025-08-15", Metric.atVenue(.fundingRate, "binance")!) == nil)
        #expect(collected.notes.contains("Binance's archive has not published BTCUSDT's funding for 2025-08 yet: "
            + "funding from 2025-08-01 to 2025-08-31 was not collected (collect it with binance)."), "\(collected.notes)")
        #expect(!server.requests.contains { $0.contains("/monthly/klines/") })

        // A month long over whose file is missing stops the run.
        let later = BinanceArchiveCollector(fetcher: PoliteFetcher(http: CurlHTTP(), requestTimeout: 5), baseURL: URL(string: server.baseURL),
                                            cache: nil, now: Int64(Day("2025-09-09")!.ordinal) * 86_400_000)
        #expect { try later.collect(assets: [.btc], from: Day("2025-08-30")!, through: Day("2025-08-31")!) } throws: {
            "\($0)".contains("BTCUSDT-fundingRate-2025-08.zip.CHECKSUM: HTTP 404")
        }
    }

    /// A morning run may come before the archive has yesterday's files: the range ends before the
    /// first recent day not published, for every asset, with a note; an older missing day still stops.
    @Test func aRecentDayNotPublishedYetEndsTheRangeBeforeIt() throws {
        let replay = ArchiveReplay(missing: ["/data/futures/um/daily/metrics/ETHUSDT/ETHUSDT-metrics-2025-08-26.zip",
                                             "/data/spot/daily/klines/BTCUSDT/1d/BTCUSDT-1d-2025-08-20.zip"])
        let server = try ReplayServer { path, _ in replay.reply(path) }
        defer { server.stop() }
        let collected = try collector(server, cache: nil).collect(assets: [.btc, .eth], from: Day("2025-08-22")!, through: Day("2025-08-26")!)
        #expect(collected.notes.contains("Binance's archive has not published 2025-08-26 yet "
            + "(/data/futures/um/daily/metrics/ETHUSDT/ETHUSDT-metrics-2025-08-26.zip.CHECKSUM): collected through 2025-08-25."), "\(collected.notes)")
        #expect(collected.batch.samples.allSatisfy { $0.day <= Day("2025-08-25")! })
        #expect(value(collected, .btc, "2025-08-25", Metric.atVenue(.openInterestCoins, "binance")!) != nil && value(collected, .eth, "2025-08-25", .closeUSD) != nil)
        #expect { try collector(server, cache: nil).collect(assets: [.btc], from: Day("2025-08-19")!, through: Day("2025-08-21")!) } throws: {
            "\($0)".contains("BTCUSDT-1d-2025-08-20.zip.CHECKSUM: HTTP 404: the archive has no such file")
        }
    }

    @Test func theProjectFileTakesTheArchiveAsAVenue() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("marketbrief.json")
        try #"{"collect": [{"venue": "binance-archive", "assets": ["BTC"], "base_url": "http://127.0.0.1:9/"}]}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let project = try Project.load(file.path)
        #expect(project.collect.map(\.venue) == ["binance-archive"])
        #expect(Venue(rawValue: project.collect[0].venue) == .binanceArchive)
    }

    @Test(arguments: [
        (ArchiveReplay(corrupt: ["/data/futures/um/daily/metrics/ETHUSDT/ETHUSDT-metrics-2025-08-02.zip"]),
         "/data/futures/um/daily/metrics/ETHUSDT/ETHUSDT-metrics-2025-08-02.zip: checksum mismatch"),
        (ArchiveReplay(missing: ["/data/futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2025-07.zip"]),
         "/data/futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2025-07.zip.CHECKSUM: HTTP 404: the archive has no such file"),
        (ArchiveReplay(truncated: ["/data/spot/daily/klines/BTCUSDT/1d/BTCUSDT-1d-2025-08-01.zip"]),
         "/data/spot/daily/klines/BTCUSDT/1d/BTCUSDT-1d-2025-08-01.zip: no complete response"),
    ])
    func aBadFileStopsTheRunNamingIt(replay: ArchiveReplay, expected: String) throws {
        let server = try ReplayServer { path, _ in replay.reply(path) }
        defer { server.stop() }
        #expect { try collector(server, cache: nil).collect(assets: [.btc, .eth], from: Day("2025-07-30")!, through: Day("2025-08-03")!) } throws: {
            "\($0)".contains(expected)
        }
    }

    /// A settlement time given twice in a month's funding file would weigh double in its day's
    /// mean (4 settlements where there are 3): refused as the API venues refuse it, naming the
    /// CSV in the zip, its line and the time.
    @Test func aFundingSettlementGivenTwiceIsRefused() throws {
        let path = "/data/futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2025-07.zip"
        let settlements = ["1751328000003,8,0.0001", "1751356800003,8,0.0001", "1751385600003,8,0.0001", "1751328000003,8,0.0004"]
        let zip = ArchiveReplay.zipped(("BTCUSDT-fundingRate-2025-07.csv",
                                        Data(("calc_time,funding_interval_hours,last_funding_rate\n" + settlements.joined(separator: "\n")).utf8)))
        let server = try archive(serving: zip, at: path)
        defer { server.stop() }
        #expect { try collector(server, cache: nil).collect(assets: [.btc], from: Day("2025-07-01")!, through: Day("2025-07-02")!) } throws: {
            "\($0)" == path + ": BTCUSDT-fundingRate-2025-07.csv: line 5: "
                + "a funding settlement at 1751328000003 ms (2025-07-01) is given twice; nothing stored"
        }
    }

    @Test func aZipMustHoldOneBoundedCSV() throws {
        let two = ArchiveReplay.zipped(("a.csv", Data("1,2\n".utf8)), ("b.csv", Data("3,4\n".utf8)))
        #expect { try BinanceArchiveCollector.unzip(two, request: "/x.zip") } throws: { "\($0)".contains("more than one entry") }
        #expect { try BinanceArchiveCollector.unzip(Data("PK not a zip".utf8), request: "/x.zip") } throws: {
            "\($0)".contains("not a readable zip archive")
        }
        let big = ArchiveReplay.zipped(("big.csv", Data(count: BinanceArchiveCollector.maxEntryBytes + 1)))
        #expect { try BinanceArchiveCollector.unzip(big, request: "/x.zip") } throws: { "\($0)".contains("over the limit of 67108864") }
    }

    /// A zip whose headers lie about where its parts are or how large they are (an attack
    /// review's offsets past the end crashed the zip library) is refused with what it got wrong:
    /// every offset and size is checked against the bytes before it is read.
    @Test(.timeLimit(.minutes(1)), arguments: [
        // (what is patched, offset from the end record, the entry or the local header, bytes, expected reason)
        ("central directory offset past the end", "end", 16, [0xF0, 0xFF, 0xFF, 0x7F], "runs past its end record"),
        ("central directory offset near the start", "end", 16, [3, 0, 0, 0], "no central directory entry at offset 3"),
        ("central directory size past the end", "end", 12, [0xF0, 0xFF, 0xFF, 0x7F], "runs past its end record"),
        ("local header offset past the end", "entry", 42, [0xF0, 0xFF, 0xFF, 0x7F], "no local header at offset 2147483632"),
        ("local header offset inside the data", "entry", 42, [30, 0, 0, 0], "no local header at offset 30"),
        ("name length past the directory", "entry", 28, [0xFF, 0xFF], "runs past the directory's end"),
        ("extra length past the directory", "entry", 30, [0xFF, 0xFF], "runs past the directory's end"),
        ("packed size past the directory", "entry", 20, [0xF0, 0xFF, 0xFF, 0x7F], "run past the central directory"),
        ("packed size of ZIP64", "entry", 20, [0xFF, 0xFF, 0xFF, 0xFF], "a ZIP64 archive"),
        ("packed size cut short", "entry", 20, [4, 0, 0, 0], "the deflated bytes end after"),
        ("size larger than the data", "entry", 24, [0xFF, 0x00, 0x00, 0x00], "the deflated bytes end after"),
        ("size smaller than the data", "entry", 24, [2, 0, 0, 0], "unpacks to more than the 2 bytes its header says"),
        ("a wrong CRC-32", "entry", 16, [1, 2, 3, 4], "CRC-32"),
        ("an unknown method", "both", 10, [99, 0], "compression method 99"),
        ("stored, its size a lie", "both", 10, [0, 0], "stored with"),
        ("a method the local header does not give", "entry", 10, [0, 0], "its local header gives another name or method"),
        ("a name the local header does not give", "local", 30, [0x79], "its local header gives another name or method"),
        ("encrypted", "entry", 8, [1, 0], "is encrypted"),
        ("a comment past the end", "end", 20, [0xFF, 0xFF], "no end-of-central-directory record ends the file"),
        ("65,535 entries", "end", 8, [0xFF, 0xFF], "split over several disks"),
        ("65,535 entries on each disk", "end", 8, [0xFF, 0xFF, 0xFF, 0xFF], "more than one entry"),
        ("a name with an escape", "entry", 46, [0x1B], "not printable UTF-8"),
    ])
    func aZipThatLiesAboutItsLayoutIsRefused(what: String, record: String, offset: Int, bytes: [UInt8], expected: String) throws {
        var zip = ArchiveReplay.zipped(("x.csv", Data("1,2\n3,4\n".utf8)))
        let end = zip.count - 22
        let entry = Int(zip[end + 16]) | Int(zip[end + 17]) << 8
        // "both": the central directory's entry and, 2 bytes earlier, the local header (the method).
        let starts = ["end": [end], "entry": [entry], "local": [0], "both": [entry, -2]][record]!
        for start in starts {
            zip.replaceSubrange(start + offset..<start + offset + bytes.count, with: bytes)
        }
        #expect(throws: FetchError.self, "\(what)") { try BinanceArchiveCollector.unzip(zip, request: "/x.zip") }
        #expect { try BinanceArchiveCollector.unzip(zip, request: "/x.zip") } throws: { "\($0)".contains(expected) && "\($0)".hasSuffix("; nothing stored") }
    }

    @Test func aZipThatIsNoZipIsRefused() throws {
        let valid = ArchiveReplay.zipped(("x.csv", Data("1,2\n".utf8)))
        #expect(try BinanceArchiveCollector.unzip(valid, request: "/x.zip").data == Data("1,2\n".utf8))
        for bytes in [Data(), Data(count: 21), Data(count: 100_000), valid.prefix(valid.count - 1), valid + Data([0])] {
            #expect { try BinanceArchiveCollector.unzip(bytes, request: "/x.zip") } throws: { "\($0)".contains("not a readable zip archive") }
        }
    }

    /// The attack review's case end to end: a zip that matches its checksum but points past its
    /// end stops `collect` with the reason, and is not kept, so a rerun fetches it again and, the
    /// archive answering right, goes on.
    @Test func aZipThatPointsPastItsEndIsNotKept() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = "/data/spot/daily/klines/BTCUSDT/1d/BTCUSDT-1d-2025-08-01.zip"
        var zip = ArchiveReplay().reply(path).body
        zip.replaceSubrange(zip.count - 6..<zip.count - 2, with: [0xF0, 0xFF, 0xFF, 0x7F])
        let lying = zip
        let server = try archive(serving: lying, at: path)
        defer { server.stop() }
        let cache = folder.appendingPathComponent("archive")
        #expect { try collector(server, cache: cache).collect(assets: [.btc], from: Day("2025-08-01")!, through: Day("2025-08-01")!) } throws: {
            "\($0)".hasSuffix(path + ": the central directory (71 bytes at offset 2147483632) runs past its end record at \(lying.count - 22); nothing stored")
        }
        #expect(!FileManager.default.fileExists(atPath: cache.appendingPathComponent(path).path))
        server.replace { requested, _ in ArchiveReplay().reply(requested) }
        let collected = try collector(server, cache: cache).collect(assets: [.btc], from: Day("2025-08-01")!, through: Day("2025-08-01")!)
        #expect(collected.batch.samples.contains { $0.day == Day("2025-08-01")! && $0.metric == .closeUSD })
        #expect(FileManager.default.fileExists(atPath: cache.appendingPathComponent(path).path))
    }

    /// The second review's archive cases: a cache folder that is a link was written through
    /// (files outside the output folder replaced); a file whose rows were refused stayed in the
    /// cache and was refused from it for ever; 63 MB of blank lines took 8 GB; an empty kline
    /// file passed; a `.CHECKSUM` followed by 60 MB was read.
    @Test func aCacheFolderThatIsALinkIsRefusedAndNothingIsWrittenThroughIt() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outside = folder.appendingPathComponent("outside"), cache = folder.appendingPathComponent("out/archive")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: cache.appendingPathComponent("data"), withDestinationURL: outside)
        let server = try ReplayServer { path, _ in ArchiveReplay().reply(path) }
        defer { server.stop() }
        #expect { try collector(server, cache: cache).collect(assets: [.btc], from: Day("2025-08-01")!, through: Day("2025-08-01")!) } throws: {
            "\($0)".contains("archive/data is a symbolic link where marketbrief keeps the archive's files; refusing to read or write through it")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
    }

    @Test func aFileWhoseRowsAreRefusedIsNotKeptAndARerunFetchesItAgain() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = "/data/spot/daily/klines/BTCUSDT/1d/BTCUSDT-1d-2025-08-01.zip"
        let cache = folder.appendingPathComponent("archive")
        let open = Int64(Day("2025-08-01")!.ordinal) * 86_400_000_000
        let kline = "\(open),1,2,0.5,1.5,10,\(open + 86_399_999_999),1,1,1,1,0\n"
        for (csv, expected) in [("1\n", "a kline has 1 fields"), ("\n\n", "no kline in it"),
                                (kline + kline, "BTCUSDT-1d-2025-08-01.csv: line 2: a second kline of 2025-08-01: a day has one"),
                                (String(kline.dropLast(3)) + "\n", "line 1: malformed file: a kline has 11 fields, expected 12"),
                                (String(repeating: "\n", count: 30_000), "30000 line breaks and 0 commas, more than an archive CSV holds"),
                                // Every separator the rows are split on counts (64 MiB of \f took 7.5 GB).
                                (String(repeating: "\u{0C}", count: 30_000), "30000 line breaks"),
                                (String(repeating: "\u{2028}", count: 30_000), "30000 line breaks")] {
            let server = try archive(serving: ArchiveReplay.zipped(("BTCUSDT-1d-2025-08-01.csv", Data(csv.utf8))), at: path)
            defer { server.stop() }
            #expect { try collector(server, cache: cache).collect(assets: [.btc], from: Day("2025-08-01")!, through: Day("2025-08-01")!) } throws: {
                "\($0)".contains(expected)
            }
            #expect(!FileManager.default.fileExists(atPath: cache.appendingPathComponent(path).path), "\(expected): not kept")
        }
        let server = try ReplayServer { requested, _ in ArchiveReplay().reply(requested) }
        defer { server.stop() }
        _ = try collector(server, cache: cache).collect(assets: [.btc], from: Day("2025-08-01")!, through: Day("2025-08-01")!)
        #expect(server.requests.contains(path) && FileManager.default.fileExists(atPath: cache.appendingPathComponent(path).path))
    }

    /// A folder (or a FIFO) where a verified file is to be kept stops the run naming it, rather
    /// than with the file system's error number.
    @Test func aFolderWhereACachedFileGoesIsNamed() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = "/data/spot/daily/klines/BTCUSDT/1d/BTCUSDT-1d-2025-08-01.zip"
        let cache = folder.appendingPathComponent("archive")
        try FileManager.default.createDirectory(at: cache.appendingPathComponent(path + "/inside"), withIntermediateDirectories: true)
        let server = try ReplayServer { requested, _ in ArchiveReplay().reply(requested) }
        defer { server.stop() }
        #expect { try collector(server, cache: cache).collect(assets: [.btc], from: Day("2025-08-01")!, through: Day("2025-08-01")!) } throws: {
            "\($0)".hasSuffix("BTCUSDT-1d-2025-08-01.zip is a folder where marketbrief keeps an archive file; move it away and run again")
        }
        #expect(FileManager.default.fileExists(atPath: cache.appendingPathComponent(path + "/inside").path))
    }

    @Test func aChecksumLongerThanOneIsRefused() throws {
        let zip = ArchiveReplay.zipped(("x.csv", Data("1,2\n".utf8)))
        let digest = SHA256.hash(data: zip).map { String(format: "%02x", $0) }.joined()
        #expect { try BinanceArchiveCollector.check(zip, against: Data((digest + "  x.zip\n" + String(repeating: " ", count: 2000)).utf8),
                                                     name: "x.zip", request: "/x.zip") } throws: {
            "\($0)" == "/x.zip.CHECKSUM: 2072 bytes, more than a checksum of x.zip takes (1024 at most); nothing stored"
        }
    }

    /// A corrupt file stops `collect` with the file named and nothing stored; once the file is
    /// right, a rerun fetches only what it did not verify before.
    @Test func aCorruptFileStopsAndARerunResumes() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = "/data/futures/um/daily/metrics/BTCUSDT/BTCUSDT-metrics-2025-08-02.zip"
        let server = try ReplayServer { path, _ in ArchiveReplay(corrupt: [bad]).reply(path) }
        defer { server.stop() }
        let arguments = ["collect", "binance-archive", "--from", "2025-07-30", "--to", "2025-08-04", "--asset", "BTC", "--asset", "ETH",
                         "--base-url", server.baseURL, "--out", "output"]
        let failed = try runToEnd(builtBinary, arguments, in: folder)
        #expect(failed.status == 1, "\(failed.output)")
        #expect(failed.output.contains(bad + ": checksum mismatch"), "\(failed.output)")
        #expect(failed.output.contains("Nothing was stored."), "\(failed.output)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/marketbrief.sqlite").path))
        let verified = server.requests.filter { !$0.hasSuffix(".CHECKSUM") && $0 != bad }
        #expect(!verified.isEmpty)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("output/archive" + verified[0]).path))

        server.replace { path, _ in ArchiveReplay().reply(path) }
        let before = server.requests.count
        let resumed = try runToEnd(builtBinary, arguments, in: folder)
        #expect(resumed.status == 0, "\(resumed.output)")
        let again = Array(server.requests[before...])
        #expect(again.first == bad + ".CHECKSUM", "the rerun starts where the first stopped: \(again.prefix(3))")
        #expect(Set(again).isDisjoint(with: verified), "files verified before are not fetched again")
        #expect(resumed.output.contains("new or changed"), "\(resumed.output)")
        let third = try runToEnd(builtBinary, arguments, in: folder)
        #expect(third.status == 0 && server.requests.count == before + again.count, "all from the cache: \(third.output)")
    }

    /// A new desk's first mornings with the project `init` writes, and Bybit added: the first
    /// `daily` brings two years of BTC and ETH from the archive (keeping its files in OUT/archive),
    /// the days the archive lacks from Binance's API and two years from Bybit, so the day's briefs
    /// rank open interest and funding across both venues from the first morning; the next morning
    /// asks the archive for nothing and the APIs for the new day.
    @Test func dailyBringsTwoYearsOfHistoryOnItsFirstMorningThenGoesOnDaily() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try ReplayServer { path, _ in ArchiveReplay().reply(path) }
        defer { archive.stop() }
        let api = try ReplayServer { BinanceReplay().reply($0, $1) }
        defer { api.stop() }
        let bybit = try ReplayServer { BybitReplay(first: Day("2023-06-01")!).reply($0, $1) }
        defer { bybit.stop() }
        #expect(try runToEnd(builtBinary, ["init"], in: folder).status == 0)
        let projectFile = folder.appendingPathComponent("marketbrief.json")
        var project = try String(contentsOf: projectFile, encoding: .utf8)
        #expect(project.contains(#""history_years": 2,"#))
        for (venue, server) in [("binance-archive", archive), ("binance", api)] {
            let entry = #"{"venue": "\#(venue)", "assets": ["BTC", "ETH"]}"#
            #expect(project.contains(entry))
            project = project.replacingOccurrences(of: entry, with: #"{"venue": "\#(venue)", "assets": ["BTC", "ETH"], "base_url": "\#(server.baseURL)"}"#)
        }
        let binance = #"{"venue": "binance", "assets": ["BTC", "ETH"], "base_url": "\#(api.baseURL)"}"#
        project = project.replacingOccurrences(of: binance, with: binance
            + #", {"venue": "bybit", "assets": ["BTC", "ETH"], "base_url": "\#(bybit.baseURL)"}"#)
        try project.write(to: projectFile, atomically: true, encoding: .utf8)

        let first = try runToEnd(builtBinary, ["daily", "--date", "2025-08-25"], in: folder)
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("collect binance-archive: BTC, ETH 2023-08-26 to 2025-08-25: "), "\(first.output)")
        #expect(first.output.contains("collect binance: BTC, ETH 2023-08-26 to 2025-08-25: "), "\(first.output)")
        #expect(first.output.contains("collect bybit: BTC, ETH 2023-08-26 to 2025-08-25: "), "\(first.output)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(
            "output/archive/data/futures/um/daily/metrics/ETHUSDT/ETHUSDT-metrics-2025-08-19.zip").path))
        let second = try runToEnd(builtBinary, ["daily", "--date", "2025-08-26"], in: folder)
        #expect(second.status == 0, "\(second.output)")
        #expect(second.output.contains("collect binance-archive: skipped: history in place (BTC, ETH); new days come from binance"),
                "\(second.output)")
        #expect(second.output.contains("collect binance: BTC, ETH 2025-08-23 to 2025-08-26: "), "\(second.output)")
        // Binance's API serves open interest for its last 30 days of real time only, so in this
        // replay of 2025 the new day has Bybit's alone: Binance is named as missing, and funding,
        // with one venue's open interest to weight it, is averaged.
        for asset in ["BTC", "ETH"] {
            for (day, told) in [("2025-08-25", ["Open interest in \(asset) perpetuals across Binance and Bybit is",
                                                "Funding, weighted by open interest across Binance and Bybit, is"]),
                                ("2025-08-26", ["Open interest in \(asset) perpetuals on Bybit is",
                                                "Binance reported no open interest for this day",
                                                "Funding, averaged across Binance and Bybit (too few report open interest to weight it), is"])] {
                let brief = try String(contentsOf: folder.appendingPathComponent("output/briefs/\(asset)/\(day)/brief.txt"), encoding: .utf8)
                let words = brief.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                for sentence in told { #expect(words.contains(sentence), "\(asset) \(day): \(brief)") }
                #expect(words.contains("percentile of its two-year range") || words.contains("its two-year high"), "\(asset) \(day): \(brief)")
                #expect(!words.contains("too little history"), "\(asset) \(day): \(brief)")
                #expect(words.contains("binance-archive:metrics:\(asset)USDT") && words.contains("binance:fundingRate:\(asset)USDT"),
                        "\(asset) \(day): the archive's history and the API's days both read: \(brief)")
            }
        }
        let verify = try runToEnd(builtBinary, ["verify"], in: folder)
        #expect(verify.status == 0 && verify.output.contains("0 mismatch(es)"), "\(verify.output)")
    }
}
