import BriefCore
import Foundation
import Testing
@testable import BriefCollect

/// A byte that is not UTF-8 is an error naming file, line, byte and offset in every reader of
/// text, never a U+FFFD stored in its place.
@Suite struct InvalidUTF8Tests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var format: InputFormat
        /// The error expected, after the file's path.
        var expected: String
        var testDescription: String { name }
    }

    private static func bytes(_ before: String, _ bad: [UInt8], _ after: String) -> [UInt8] {
        Array(before.utf8) + bad + Array(after.utf8)
    }

    static let cases: [Case] = [
        Case(name: "metrics CSV: Latin-1 in a number", bytes: bytes("date,asset,close_usd\n2025-08-01,BTC,10", [0xFF], "0\n"),
             format: .csv, expected: ":2: byte 18: not valid UTF-8 (0xFF at offset 38 of the file; Latin-1 or another encoding?); save the file as UTF-8"),
        Case(name: "metrics CSV after a byte-order mark", bytes: [0xEF, 0xBB, 0xBF] + bytes("date,asset,close_usd\n2025-08-01,BTC,10", [0xFF], "0\n"),
             format: .csv, expected: ":2: byte 18: not valid UTF-8 (0xFF at offset 41 of the file; Latin-1 or another encoding?); save the file as UTF-8"),
        Case(name: "transfers CSV: a surrogate in a label",
             bytes: bytes("id,time,asset,amount,usd_value,dormant_years,action,rotated_into,label\nab,2025-08-01T00:00:00Z,BTC,1,1,0,sold,,x", [0xED, 0xA0, 0x80], "\n"),
             format: .csv, expected: ":2: byte 42: not valid UTF-8 (0xED at offset 112 of the file; Latin-1 or another encoding?); save the file as UTF-8"),
        Case(name: "Farside: an overlong slash in a fund", bytes: bytes("Date,IBIT\n01 Aug 2025,1", [0xC0, 0xAF], "\n"), format: .farside,
             expected: ":2: byte 14: not valid UTF-8 (0xC0 at offset 23 of the file; Latin-1 or another encoding?); save the file as UTF-8"),
        Case(name: "net flows: a cut character at the end", bytes: bytes("date,value\n2025-08-01,1", [0xE2, 0x82], ""), format: .netflow,
             expected: ":2: file: not valid UTF-8 (the file ends inside a character); save the file as UTF-8"),
        Case(name: "CoinGlass: Latin-1 in a value",
             bytes: bytes("{\"code\":\"0\",\n\"data\":[{\"time\":1754006400000,\"aggregated_long_liquidation_usd\":\"1", [0xFF],
                          "\",\"aggregated_short_liquidation_usd\":1}]}"),
             format: .coinglass, expected: ":2: byte 67: not valid UTF-8 (0xFF at offset 79; Latin-1 or another encoding?); save the file as UTF-8"),
        Case(name: "Whale Alert: a code point past U+10FFFF in an owner",
             bytes: bytes("{\"transactions\":[{\"hash\":\"abc\",\"symbol\":\"btc\",\"timestamp\":1754006400,\"amount\":1,\"amount_usd\":1,\"from\":{\"owner\":\"x",
                          [0xF4, 0x90, 0x80, 0x80], "\"}}]}"),
             format: .whaleAlert, expected: ":1: byte 114: not valid UTF-8 (0xF4 at offset 113; Latin-1 or another encoding?); save the file as UTF-8"),
        Case(name: "Whale Alert: UTF-16 without a byte-order mark", bytes: Array("{\"transactions\":[]}".utf8).flatMap { [$0, 0] },
             format: .whaleAlert, expected: ":1: byte 2: contains a NUL byte (at offset 1): UTF-16 or a binary file, not UTF-8 text"),
        Case(name: "CoinGlass: UTF-16 with a byte-order mark", bytes: [0xFF, 0xFE] + Array("{}".utf8).flatMap { [$0, 0] },
             format: .coinglass, expected: ":1: file: UTF-16 is not supported; save the file as UTF-8"),
    ]

    @Test(arguments: cases)
    func aByteThatIsNotUTF8IsAnErrorNamingItsPlace(_ invalid: Case) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("utf8-\(UUID().uuidString)")
        try Data(invalid.bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            let batch = try InputFiles.read([url.path], format: invalid.format, asset: .btc, latestDay: Day("2025-12-31")!)
            Issue.record("accepted: \(batch.samples.map(\.value)) \(batch.transfers.map(\.label))")
        } catch {
            #expect(error.description == url.path + invalid.expected)
        }
    }

    /// A bad byte in the second megabyte of a streamed file: its line, byte and offset count
    /// what came in the chunks before it.
    @Test func aBadByteInALaterChunkIsPlacedInTheWholeFile() throws {
        let row = "2025-08-01,BTC,100\n"
        let rows = (1 << 20) / row.utf8.count + 1
        var text = Array(("date,asset,close_usd\n" + String(repeating: row, count: rows)).utf8)
        let lineStart = text.count
        text += Array("2025-08-02,BTC,1".utf8) + [0xFF] + Array("\n".utf8)
        do {
            _ = try CSVReader.records(text, file: "big.csv")
            Issue.record("accepted")
        } catch {
            #expect(error.description == "big.csv:\(rows + 2): byte 17: not valid UTF-8 (0xFF at offset \(lineStart + 16) of the file; "
                + "Latin-1 or another encoding?); save the file as UTF-8")
        }
    }

    /// The same across a chunk boundary that falls inside the bad line, fed a few bytes at a time.
    @Test func aLineSplitAcrossChunksCountsItsBytesFromTheLineStart() throws {
        let text = Array("date,asset,close_usd\n2025-08-01,BTC,1000".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        var reader = CSVReader(file: "f.csv")
        do {
            for start in stride(from: 0, to: text.count, by: 7) {
                let piece = Array(text[start..<min(start + 7, text.count)])
                try piece.withUnsafeBufferPointer { try reader.feed($0) { _ in } }
            }
            try reader.finish { _ in }
            Issue.record("accepted")
        } catch let error as InputError {
            #expect(error.description == "f.csv:2: byte 20: not valid UTF-8 (0xC3 at offset 40 of the file; "
                + "Latin-1 or another encoding?); save the file as UTF-8")
        }
    }

    @Test func theLocatorKnowsWellFormedFromIllFormedSequences() {
        for good: [UInt8] in [[0x41], [0xC2, 0x80], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF]] {
            #expect(UTF8Text.firstInvalid(good) == nil, "\(good)")
        }
        for bad: [UInt8] in [[0x80], [0xC1, 0xBF], [0xE0, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xF0, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82]] {
            #expect(UTF8Text.firstInvalid([0x41, 0x0A] + bad) == UTF8Text.Position(line: 2, byteOfLine: 1, offset: 2, byte: bad[0]), "\(bad)")
        }
    }
}
