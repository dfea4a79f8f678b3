import BriefCore
import Foundation
import Testing
@testable import BriefCollect

/// Random bytes and random damage to valid files: every parser returns or reports problems;
/// none crashes, and a refusal always says what is wrong.
@Suite struct ParserFuzzTests {
    private struct Bytes {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(1, bound)))
        }
    }

    private static let valid: [(InputFormat, String)] = [
        (.csv, "date,asset,close_usd,funding_rate,funding_interval_h,oi_coins\n2025-08-26,BTC,108000,0.00008,8,310600\n2025-08-27,BTC,\"111300\",,,\n"),
        (.csv, "id,time,asset,amount,usd_value,dormant_years,action,rotated_into,label\nt1,2025-08-24T09:15:27Z,BTC,22400,2.6e9,7.1,sold,ETH,\"a, b\"\n"),
        (.farside, "Date,IBIT,Total\n26 Aug 2025,(66.7),(296.0)\nTotal,1,1\n"),
        (.whaleAlert, "{\"transactions\":[{\"hash\":\"a\",\"symbol\":\"btc\",\"timestamp\":1756026927,\"amount\":1,\"amount_usd\":1,\"to\":{\"owner_type\":\"exchange\"}}]}"),
        (.coinglass, "{\"code\":\"0\",\"data\":[{\"time\":1756166400000,\"aggregated_long_liquidation_usd\":1,\"aggregated_short_liquidation_usd\":2}]}"),
        (.netflow, "date,value\n2025-08-26,-410.25\n"),
    ]

    /// Bytes that matter to the formats' syntax.
    private static let noise = Array(",\"\n\r{}[]-().e0\u{0}".utf8)

    private func parse(_ bytes: [UInt8], _ format: InputFormat) -> Bool {
        let latest = Day("2025-12-31")!
        do {
            switch format {
            case .csv:
                let records = try CSVReader.records(bytes, file: "f")
                if records.first?.fields.first?.trimmed == TransfersFile.columns[0] {
                    _ = try TransfersFile.parse(records: records, file: "f", source: "s", latestDay: latest)
                } else {
                    _ = try MetricsFile.parse(records: records, file: "f", source: "s", latestDay: latest)
                }
            case .farside: _ = try FarsideFile.parse(bytes, file: "f", asset: .btc, source: "s", latestDay: latest)
            case .whaleAlert: _ = try WhaleAlertFile.parse(Data(bytes), file: "f", source: "s", latestDay: latest)
            case .coinglass: _ = try CoinGlassFile.parse(Data(bytes), file: "f", asset: .btc, source: "s", latestDay: latest)
            case .netflow: _ = try NetflowFile.parse(bytes, file: "f", asset: .btc, source: "s", latestDay: latest)
            }
            return true
        } catch {
            #expect(!error.problems.isEmpty && error.problems.allSatisfy { !$0.reason.isEmpty })
            return false
        }
    }

    @Test func randomBytesNeverCrashAParser() {
        var random = Bytes(state: 7)
        for _ in 0..<400 {
            let bytes = (0..<random.next(600)).map { _ in UInt8(random.next(256)) }
            for format in InputFormat.allCases { _ = parse(bytes, format) }
        }
    }

    @Test func damagedValidFilesNeverCrashAParser() {
        var random = Bytes(state: 11)
        var refused = 0, accepted = 0
        for (format, text) in Self.valid {
            #expect(parse(Array(text.utf8), format), "the undamaged \(format) file is accepted")
            for _ in 0..<300 {
                var bytes = Array(text.utf8)
                for _ in 0..<(1 + random.next(4)) {
                    let at = random.next(bytes.count)
                    switch random.next(4) {
                    case 0: bytes[at] ^= UInt8(1 << random.next(8))
                    case 1: bytes.insert(Self.noise[random.next(Self.noise.count)], at: at)
                    case 2: bytes.remove(at: at)
                    default: bytes = Array(bytes.prefix(at))
                    }
                    if bytes.isEmpty { break }
                }
                if parse(bytes, format) { accepted += 1 } else { refused += 1 }
            }
        }
        #expect(refused > 0 && accepted > 0, "the damage both breaks and spares files (\(refused) refused, \(accepted) accepted)")
    }
}
